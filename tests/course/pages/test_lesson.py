"""The lesson page: its header (outcomes, audience, time, CE hours) and, under Voila, its frame."""

from __future__ import annotations

import pytest

from caserate_kit.course import lesson_header as header
from caserate_kit.course._catalog import LESSONS
from caserate_kit.course.certificates._ce_hours import format_ce_hours, home_study_hours
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
