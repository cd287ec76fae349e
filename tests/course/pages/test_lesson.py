"""The lesson page: its header (outcomes, audience, time, CE hours) and, under Voila, the bar."""

from __future__ import annotations

import pytest

from caserate_kit.course import lesson_header as header
from caserate_kit.course._catalog import LESSONS
from caserate_kit.course.certificates._ce_hours import format_ce_hours, home_study_hours
from caserate_kit.course.pages._lesson import _CLOSES_REGISTERED, lesson_header

from .helpers import address


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


def test_lesson_header_outside_voila_records_nothing_and_is_unchanged(
    records, ada, monkeypatch, fresh_closes
):
    """Run by nbval or in JupyterLab, even with a token around, is the header as before?"""
    monkeypatch.setenv("QUERY_STRING", address(ada[1]))
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    html = lesson_header(1).html
    assert html.startswith('<section class="ck-lesson-header"')
    assert not records.visited(ada[0].id, "lesson-01")


def test_lesson_header_under_voila_records_the_visit_and_links_on(
    records, ada, monkeypatch, fresh_closes
):
    """Shown by Voila to a signed-in learner, does the header record the visit and link to the
    course home and the post-test with the token?"""
    monkeypatch.setenv("CASERATE_DB_URL", records.url)
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", address(ada[1]))
    closes = []
    monkeypatch.setattr("atexit.register", lambda *call: closes.append(call))
    html = lesson_header(1).html
    assert records.visited(ada[0].id, "lesson-01")
    assert f"../notebooks/posttest.ipynb?quiz=lesson-01&amp;token={ada[1]}" in html
    assert f"../notebooks/home.ipynb?token={ada[1]}" in html
    function, *arguments = closes[0]
    function(*arguments)
    assert [v.event for v in _visits(records, ada[0].id)] == ["open", "close"]


def test_lesson_header_under_voila_without_a_learner_shows_no_bar(
    records, monkeypatch, fresh_closes
):
    """Shown by Voila with no token, is the header the plain one?"""
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "")
    assert lesson_header(1).html.startswith('<section class="ck-lesson-header"')


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
