"""The course home: the lessons, the learner's progress, the next step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from caserate_kit.course._catalog import LESSONS, LEVELS
from caserate_kit.course._config import load_config
from caserate_kit.course.certificates import StudyTime, format_date
from caserate_kit.course.certificates._ce_hours import format_ce_hours
from caserate_kit.course.certificates._lesson_facts import lesson_facts
from caserate_kit.course.pages import (
    home_page,
)
from caserate_kit.course.pages._frame import Visitor
from caserate_kit.course.pages._home import (
    EXERCISES,
    _exercises_html,
    _welcome_html,
    ce_credit_html,
    lesson_progress,
)

from .helpers import (
    NO_HUB,
    _heavy_imports,
    address,
    complete,
    shown,
)


def status_of(page, lesson_number: int) -> str:
    rows = shown(page).split("<tr>")[2:]
    row = rows[lesson_number - 1]
    return row.split('<span class="ck-status')[1].split(">")[1].split("<")[0]


def test_a_new_learner_sees_six_lessons_not_started(records, ada):
    """Does a learner who has done nothing see all six lessons as not started?"""
    page = home_page(records, address(ada[1]), NO_HUB)
    assert [status_of(page, n) for n in range(1, 7)] == ["Not started"] * 6


def test_opening_a_lesson_puts_it_in_progress(records, ada):
    """Does a recorded lesson visit make that lesson "in progress"?"""
    records.record_visit(ada[0].id, "lesson-02", "open")
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 2) == "In progress"


def test_starting_a_post_test_puts_the_lesson_in_progress(records, ada):
    """Does an unfinished post-test attempt count as progress even without a lesson visit?"""
    records.start_attempt(ada[0].id, "lesson-03", "v1", seed=3)
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 3) == "In progress"


def test_passing_the_post_test_marks_the_lesson_passed(records, ada):
    """Is a lesson whose post-test was passed, but not yet evaluated, shown as passed?"""
    complete(records, ada[0].id, "lesson-04", evaluate=False)
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 4) == "Passed"


def test_a_completed_lesson_has_its_certificate_ready(records, ada):
    """With the lesson opened, the test passed and the evaluation in, is the certificate ready?"""
    complete(records, ada[0].id, "lesson-05")
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 5) == "Certificate ready"


def test_home_shows_time_spent_best_score_and_attempts(records, ada):
    """Does the lesson's row show the time between open and close, the best score and tries?"""
    learner = ada[0].id
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    records.record_visit(learner, "lesson-01", "open", at=start)
    records.record_visit(learner, "lesson-01", "close", at=start + timedelta(minutes=65))
    for score in (0.6, 0.9):
        attempt = records.start_attempt(learner, "lesson-01", "v1", seed=1)
        records.submit_attempt(attempt.id, score, score >= 0.8, {})
    row = shown(home_page(records, address(ada[1]), NO_HUB)).split("<tr>")[2]
    assert "1 h 5 min" in row
    assert "90%" in row
    assert '<td data-label="Attempts" class="ck-num">2</td>' in row


def test_an_open_lesson_says_its_time_is_counted_after_leaving(records, ada):
    """Is a lesson whose visit is still open shown as "counted after you leave", not "none yet"?"""
    records.record_visit(ada[0].id, "lesson-01", "open")
    row = shown(home_page(records, address(ada[1]), NO_HUB)).split("<tr>")[2]
    assert "Counted after you leave the lesson" in row


def test_progress_is_computed_per_lesson_in_course_order(records, ada):
    """Does ``lesson_progress`` give one row per lesson, in catalog order?"""
    rows = lesson_progress(records, ada[0].id)
    assert [row.lesson.number for row in rows] == [lesson.number for lesson in LESSONS]


def test_home_table_has_a_caption_and_header_cells(records, ada):
    """Is the lesson table a real table: a caption, column headers and a row header per lesson?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    progress = html.split("<caption>Your progress")[1].split("</table>")[0]
    counts = (progress.count('scope="col"'), progress.count('scope="row"'))
    assert counts == (6, 6)


def test_every_course_link_on_home_carries_the_token(records, ada):
    """Does every link to a learner page keep the learner signed in?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    links = [part.split('"')[0] for part in html.split('href="')[1:]]
    learner_links = [link for link in links if "signout" not in link and "trainer" not in link]
    assert learner_links
    assert all(f"token={ada[1]}" in link for link in learner_links)


def test_home_shows_each_lessons_ce_hours(records, ada):
    """Are the CE hours of each lesson, as ``lesson_facts`` computes them, on the home page?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    for lesson in LESSONS:
        hours = lesson_facts(lesson.number).ce_hours
        assert hours is None or format_ce_hours(hours) in html


def test_home_links_to_the_glossary_and_discreetly_to_the_trainer_page(records, ada):
    """Does the home link to the glossary and to trainer.ipynb (without the learner's token)?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert f'href="glossary.ipynb?token={ada[1]}"' in html
    assert 'href="trainer.ipynb"' in html


def test_the_home_page_imports_neither_pandas_nor_matplotlib(tmp_path):
    """Does building the signed-in home page stay clear of pandas and matplotlib?"""
    loaded = _heavy_imports(tmp_path, "home_page", "token={token}")
    assert loaded == {"pandas": False, "matplotlib": False}


# The exercises listed on the home ------------------------------------------------


ROOT = Path(__file__).resolve().parents[3]


def test_every_listed_exercise_exists():
    """Does each exercise on the home page have its notebook?"""
    for page, _title, _lesson in EXERCISES:
        assert (ROOT / "notebooks" / f"{page}.ipynb").exists(), page


def test_every_exercise_notebook_is_listed():
    """Is every exercise notebook offered on the home page?"""
    listed = {page for page, _title, _lesson in EXERCISES}
    found = {path.stem for path in (ROOT / "notebooks").glob("exercise_*.ipynb")}
    assert found == listed


def test_exercise_links_keep_the_learner_signed_in():
    """Do the exercise links carry the learner's session token?"""
    html = _exercises_html("abc.def")
    assert html.count("token=abc.def") == len(EXERCISES)


# What CE accreditors look for, on the home ---------------------------------------

ROOT_CONFIG = ROOT / "course.toml"


def credit_table(html: str) -> list[str]:
    """The rows of the "About the CE credit" table, one per lesson."""
    table = html.split("<caption>Each lesson for continuing education</caption>")[1]
    return table.split("</table>")[0].split("<tbody>")[1].split("</tr>")[:-1]


def _config_with(tmp_path, monkeypatch, old, new):
    """Point the course at a copy of course.toml with ``old`` changed to ``new``."""
    text = ROOT_CONFIG.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "course.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setenv("CASERATE_CONFIG", str(path))


def test_home_has_a_ce_credit_section_with_a_real_table(records, ada):
    """Is there an "About the CE credit" heading and a table with a caption, 7 column headers
    and a row header per lesson?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert '<h2 id="ce-credit">About the CE credit</h2>' in html
    table = html.split("Each lesson for continuing education</caption>")[1].split("</table>")[0]
    assert (table.count('scope="col"'), table.count('scope="row"')) == (7, 6)


def test_home_gives_each_lessons_level_hours_author_reviewer_and_dates(records, ada):
    """Does each row carry the catalog's level, the computed CE hours and course.toml's
    author, reviewer and dates?"""
    content = load_config().content
    rows = credit_table(shown(home_page(records, address(ada[1]), NO_HUB)))
    assert len(rows) == len(LESSONS)
    for lesson, row in zip(LESSONS, rows, strict=True):
        details = content.for_lesson(f"lesson-{lesson.number:02d}")
        hours = lesson_facts(lesson.number).ce_hours
        assert f"Lesson {lesson.number}: " in row
        assert f'<td data-label="Level">{lesson.level.capitalize()}</td>' in row
        assert hours is None or format_ce_hours(hours) in row
        assert details.author.replace("&", "&amp;") in row
        assert details.reviewer.replace("&", "&amp;") in row
        assert f'<td data-label="Released">{format_date(details.release_date)}</td>' in row
        assert f'<td data-label="Next review">{format_date(details.review_date)}</td>' in row


def test_home_explains_the_levels_in_use(records, ada):
    """Are the levels the lessons have explained, and a level no lesson has left out?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    used = {lesson.level for lesson in LESSONS}
    for level, meaning in LEVELS.items():
        assert (f"<strong>{level}</strong>: {meaning}" in html) is (level in used)


def test_home_states_the_formula_and_each_lessons_figures(records, ada):
    """Is the formula stated once, then each lesson's own computed figures?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert html.count(f"{StudyTime(0, 0).formula_text()}") == 1
    for lesson in LESSONS:
        figures = lesson_facts(lesson.number).time.figures_text()
        assert f"<li>Lesson {lesson.number}: {figures}.</li>" in html


def test_home_states_the_disclosures_once_when_every_lesson_shares_them(records, ada):
    """With course-wide disclosures only, are they said once, not per lesson?"""
    content = load_config().content.course
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert (
        html.count(f"<strong>Conflicts of interest:</strong> {content.conflicts_of_interest}") == 1
    )
    assert f"<strong>Commercial support:</strong> {content.commercial_support}" in html


def test_home_lists_disclosures_by_lesson_when_they_differ(records, ada, tmp_path, monkeypatch):
    """With lesson 4's own commercial support, are the disclosures given lesson by lesson?"""
    _config_with(
        tmp_path,
        monkeypatch,
        "[records]",
        '[content.lesson-04]\ncommercial_support = "An unrestricted grant from Example Co."\n\n'
        "[records]",
    )
    html = ce_credit_html()
    assert "<li>Lessons 1, 2, 3, 5, 6: <strong>Conflicts of interest:</strong>" in html
    assert (
        "<li>Lesson 4: <strong>Conflicts of interest:</strong> None. The author and the reviewer"
        in html
    )
    assert (
        "<strong>Commercial support:</strong> An unrestricted grant from Example Co.</li>" in html
    )


def test_home_says_the_details_are_invented_while_example_is_true(
    records, ada, tmp_path, monkeypatch
):
    """Does the home say the shipped details are examples, and not once example = false?"""
    note = "invented examples"
    assert note in shown(home_page(records, address(ada[1]), NO_HUB))
    _config_with(tmp_path, monkeypatch, "example = true\n# A lesson", "example = false\n# A lesson")
    assert note not in shown(home_page(records, address(ada[1]), NO_HUB))


def test_a_broken_course_toml_leaves_the_home_without_the_ce_section(
    records, ada, tmp_path, monkeypatch
):
    """With a course.toml that cannot be read, does the home still show, without the section
    (and with its CE hours "to be confirmed")?"""
    monkeypatch.setenv("CASERATE_CONFIG", str(tmp_path / "missing.toml"))
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert "Your progress in the six lessons" in html
    assert "About the CE credit" not in html
    assert "CE hours to be confirmed" in html


def test_a_lesson_whose_facts_cannot_be_computed_says_to_be_confirmed():
    """Does a lesson without facts show "to be confirmed" in its row and figures?"""
    html = ce_credit_html(dict.fromkeys(lesson.number for lesson in LESSONS))
    assert html.count("CE hours to be confirmed") == len(LESSONS)
    assert "<li>Lesson 1: to be confirmed.</li>" in html


def test_the_welcome_page_carries_the_ce_credit_folded_away():
    """Before sign-in, can a visitor (or an accreditor) open the CE details on the welcome?"""
    html = _welcome_html(Visitor(None, None), signed_out=False)
    assert '<details class="ck-ce-credit"><summary>About the CE credit' in html
    assert "Each lesson for continuing education" in html
