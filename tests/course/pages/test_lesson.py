"""The lesson page: its header (outcomes, audience, time, CE hours, what CE accreditors look for)
and, under Voila, its frame."""

from __future__ import annotations

import html
import json

import pytest

from caserate_kit.course import lesson_header as header
from caserate_kit.course._catalog import LESSONS, LEVELS
from caserate_kit.course._config import load_config
from caserate_kit.course.certificates import format_date
from caserate_kit.course.certificates._ce_hours import format_ce_hours, home_study_hours
from caserate_kit.course.certificates._lesson_facts import lesson_facts
from caserate_kit.course.pages._lesson import (
    _CLOSES_REGISTERED,
    lesson_footer,
    lesson_frame,
    lesson_header,
)

from .helpers import HOME_LABEL, address


@pytest.fixture
def fresh_closes():
    """Forget which lesson closes were registered, before and after the test."""
    _CLOSES_REGISTERED.clear()
    yield
    _CLOSES_REGISTERED.clear()


def _visits(store, learner_id):
    from sqlalchemy import select

    from caserate_kit.course.records._tables import LessonVisitRow, visit_of

    query = select(LessonVisitRow).where(LessonVisitRow.c.learner_id == learner_id)
    query = query.order_by(LessonVisitRow.c.at)
    return store._read(lambda connection: [visit_of(row) for row in connection.execute(query)])


def test_outside_voila_the_frame_and_footer_show_nothing_and_record_nothing(
    records, ada, monkeypatch, fresh_closes
):
    """Run by nbval or in JupyterLab, even with a token around, do frame and footer stay out?"""
    monkeypatch.setenv("QUERY_STRING", address(ada[1]))
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    assert lesson_frame(1) is None
    assert lesson_footer(1) is None
    assert lesson_header(1).html.startswith('<section class="ck-lesson-header"')
    assert not records.visited(ada[0].id, "lesson-01")


def test_under_voila_the_frame_records_the_visit_and_shows_the_course_frame(
    records, ada, monkeypatch, fresh_closes
):
    """Shown by Voila to a signed-in learner, does the frame record the visit, show the top bar
    every page has (home, glossary, the learner's name) and the tracker with the post-test as
    the next step, all with the token?"""
    monkeypatch.setenv("CASERATE_DB_URL", records.url)
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", address(ada[1]))
    closes = []
    monkeypatch.setattr("atexit.register", lambda *call: closes.append(call))
    frame = lesson_frame(1)
    assert frame is not None
    html = frame.html
    assert records.visited(ada[0].id, "lesson-01")
    assert f'href="../notebooks/home.ipynb?token={ada[1]}">{HOME_LABEL}' in html
    assert f'href="../notebooks/glossary.ipynb?token={ada[1]}">Glossary' in html
    assert "Signed in as </span><strong>Ada Byron</strong>" in html
    assert "Lesson 1 of 6" in html
    assert 'aria-current="step">Read<span aria-hidden="true"> ✓</span>' in html
    posttest = f"../notebooks/posttest.ipynb?quiz=lesson-01&amp;token={ada[1]}"
    assert f'<a class="ck-button" href="{posttest}">Next: take the post-test</a>' in html
    assert '<details class="ck-sections" id="lesson-sections">' in html
    assert '<a href="#The-four-core-concepts">The four core concepts</a>' in html
    function, *arguments = closes[0]
    function(*arguments)
    assert [v.event for v in _visits(records, ada[0].id)] == ["open", "close"]


def test_under_voila_without_a_learner_there_is_no_frame(records, monkeypatch, fresh_closes):
    """Shown by Voila with no token, is there no frame (and nothing recorded)?"""
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "")
    assert lesson_frame(1) is None


def test_the_footer_leads_to_the_post_test_the_next_lesson_and_home(records, ada, monkeypatch):
    """At the end of lesson 1, are the post-test, lesson 2 and the course home offered?"""
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", address(ada[1]))
    footer = lesson_footer(1)
    assert footer is not None
    html = footer.html
    assert "Take the lesson 1 post-test" in html
    assert (
        f'href="../lessons/02_documenting_level_of_care.ipynb?token={ada[1]}">Next lesson' in html
    )
    assert f'href="../notebooks/home.ipynb?token={ada[1]}">Back to course home' in html
    assert '<a href="#lesson-sections">Sections of this lesson</a>' in html
    last = lesson_footer(len(LESSONS))
    assert last is not None
    assert "Next lesson" not in last.html


# The header: outcomes, audience, time and CE hours -------------------------------


def test_header_shows_the_catalog_outcomes_and_audience(course):
    """Does the header list the lesson's outcomes and who it is for?"""
    page = header(1)._repr_html_()
    for outcome in LESSONS[0].outcomes:
        assert outcome in page
    assert "Who this lesson is for" in page


def test_header_shows_computed_ce_hours(course):
    """Are the CE hours in the header those of the formula, not typed in?"""
    expected = format_ce_hours(home_study_hours(3_000, 0))
    assert expected in header(1)._repr_html_()


# The header: what CE accreditors look for ------------------------------------------


def _edit_config(course, old, new):
    """Change the course folder's course.toml, ``old`` text for ``new``."""
    toml = course / "course.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new), encoding="utf-8")


def test_header_explains_how_the_ce_hours_are_computed(course):
    """Does the header give the formula with this lesson's own figures, from lesson_facts?"""
    page = header(1)._repr_html_()
    explained = lesson_facts(1).time.explanation()
    assert f"<strong>How the CE hours are computed:</strong> {explained}</p>" in page
    assert "3,000 words at 200 words a minute (15 minutes)" in page


def test_header_figures_follow_course_toml_not_typed_text(course):
    """With 150 words a minute in course.toml, does the header's sentence say 20 minutes?"""
    _edit_config(course, "words_per_minute = 200", "words_per_minute = 150")
    assert "3,000 words at 150 words a minute (20 minutes)" in header(1)._repr_html_()


def test_header_shows_the_instructional_level_with_its_meaning(course):
    """Is lesson 1's level, from the catalog, named and explained?"""
    page = header(1)._repr_html_()
    level = LESSONS[0].level
    assert f"<strong>Instructional level:</strong> {level} ({LEVELS[level]})." in page


def test_header_names_the_level_beside_time_and_credit(course):
    """Is the level in the header's always-visible line, beside time and credit?"""
    page = header(1)._repr_html_()
    assert f"(home study). <strong>Level:</strong> {LESSONS[0].level}.</p>" in page


def test_header_folds_the_ce_details_under_one_line(course):
    """Are the CE details in one <details> whose summary says what it holds (a slide fits)?"""
    page = header(1)._repr_html_()
    folded = page.split('<details class="ck-ce-details">')[1].split("</details>")[0]
    assert folded.startswith(
        "<summary>CE details: how the hours are computed, level, author, reviewer, dates, "
        "disclosures</summary>"
    )
    for label in ("How the CE hours are computed", "Author", "Next review", "Commercial support"):
        assert f"<strong>{label}:</strong>" in folded


def test_header_shows_author_reviewer_dates_and_disclosures_from_course_toml(course):
    """Are author, reviewer, release and review dates and both disclosures those configured?"""
    content = load_config().content.course
    page = header(1)._repr_html_()
    assert f"<strong>Author:</strong> {html.escape(content.author)}." in page
    assert f"<strong>Reviewer:</strong> {html.escape(content.reviewer)}." in page
    assert f"<strong>Released:</strong> {format_date(content.release_date)}." in page
    assert f"<strong>Next review:</strong> {format_date(content.review_date)}." in page
    assert f"<strong>Conflicts of interest:</strong> {content.conflicts_of_interest}" in page
    assert f"<strong>Commercial support:</strong> {content.commercial_support}" in page


def test_header_dates_are_written_out(course):
    """Is release_date = 2026-09-01 shown as "September 1, 2026"?"""
    _edit_config(course, "release_date = 2026-09-01", "release_date = 2026-03-07")
    assert "<strong>Released:</strong> March 7, 2026." in header(1)._repr_html_()


def test_header_shows_a_lessons_own_values_where_course_toml_gives_them(course):
    """With [content.lesson-01] naming another author, is that author in lesson 1's header?"""
    toml = course / "course.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "[records]", '[content.lesson-01]\nauthor = "Lee Other, LMFT"\n\n[records]'
        ),
        encoding="utf-8",
    )
    assert "<strong>Author:</strong> Lee Other, LMFT." in header(1)._repr_html_()


def test_header_escapes_what_course_toml_says(course):
    """Is a reviewer written with < and & shown as text, not markup?"""
    _edit_config(course, 'reviewer = "Tamsin Okafor, PhD, LPC"', 'reviewer = "<b>Tam</b> & Co"')
    page = header(1)._repr_html_()
    assert "<strong>Reviewer:</strong> &lt;b&gt;Tam&lt;/b&gt; &amp; Co." in page
    assert "<b>Tam</b>" not in page


def test_header_adds_a_full_stop_to_a_disclosure_without_one(course):
    """Is commercial_support = "None" shown as a sentence, "None."?"""
    _edit_config(
        course,
        'commercial_support = "None. No commercial entity supports this course."',
        'commercial_support = "None"',
    )
    assert "<strong>Commercial support:</strong> None.</p>" in header(1)._repr_html_()


def test_header_says_example_values_are_invented_while_example_is_true(course):
    """While [content] example = true, does the header say the details are invented, and not
    once it is false?"""
    note = "invented examples"
    assert note in header(1)._repr_html_()
    _edit_config(course, "example = true\n# A lesson whose", "example = false\n# A lesson whose")
    assert note not in header(1)._repr_html_()


def test_accreditation_details_stay_out_of_the_word_count(course):
    """Does the longer header leave the lesson's counted words, and so its CE hours, alone?"""
    from caserate_kit.course.certificates._ce_hours import count_words

    notebook = course / "lessons" / LESSONS[0].notebook
    cells = json.loads(notebook.read_text())
    output = {"output_type": "display_data", "metadata": {}, "data": {}}
    output["data"]["text/html"] = header(1)._repr_html_()
    cells["cells"].append({"cell_type": "code", "metadata": {}, "source": "", "outputs": [output]})
    notebook.write_text(json.dumps(cells))
    assert count_words(notebook) == 3_000
