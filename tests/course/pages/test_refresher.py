"""The refresher after a pass: when the home offers it, what it draws, and that it is practice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from caserate_kit.course._config import RefresherSettings
from caserate_kit.course.pages import _refresher as refresher
from caserate_kit.course.pages import home_page, posttest_page
from caserate_kit.course.pages._posttest_session import attempt_variant
from caserate_kit.course.quiz import load_bank
from caserate_kit.course.widgets._posttest import PostTestWidget

from .helpers import NO_HUB, ROOT, address, shown, widget_of
from .test_posttest import right_response

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeStore:
    """Just what refresher_due reads: when each post-test was first passed, and practice."""

    def __init__(self, passed=None, practice=()):
        self.passed = passed or {}
        self.practice = [SimpleNamespace(at=at) for at in practice]

    def best_result(self, _learner, quiz):
        return SimpleNamespace(first_passed_at=self.passed.get(quiz))

    def practice_results(self, _learner):
        return self.practice


pytestmark = pytest.mark.usefixtures("unpaced")


def due(store, now, days=14):
    return refresher.refresher_due(store, "x", RefresherSettings(days, 6), now=now)


def test_no_refresher_before_any_pass_or_before_the_days_are_up():
    """Is nothing offered without a pass, or 13 days after one; is one offered at 14 days?"""
    assert not due(FakeStore(), T0 + timedelta(days=400))
    passed = FakeStore({"lesson-01": T0})
    assert not due(passed, T0 + timedelta(days=13, hours=23))
    assert due(passed, T0 + timedelta(days=14))


def test_a_recent_refresher_holds_back_the_next_one():
    """After a refresher on day 20, is the next offered only from day 34?"""
    store = FakeStore({"lesson-01": T0}, practice=[T0 + timedelta(days=20)])
    assert not due(store, T0 + timedelta(days=33))
    assert due(store, T0 + timedelta(days=34))


def test_zero_days_turns_the_refresher_off():
    """With days_after_pass = 0, is no refresher ever offered?"""
    assert not due(FakeStore({"lesson-01": T0}), T0 + timedelta(days=400), days=0)


def pass_lesson_1(records, ada, miss_first=True):
    """Fail lesson 1 once (blank answers: every item missed), then pass it."""
    bank = load_bank(ROOT / "quizzes" / "lesson-01.yaml")
    query = address(ada[1], quiz="lesson-01")
    widget = widget_of(posttest_page(records, query, NO_HUB), PostTestWidget)
    if miss_first:
        widget._on_page_message(widget, {"event": "submit"}, [])
        widget._on_page_message(widget, {"event": "retake"}, [])
    attempt = records.open_attempt(ada[0].id, "lesson-01")
    variant = attempt_variant(records, bank, attempt)
    widget.responses = {item.key: right_response(item) for item in variant.items}
    widget._on_page_message(widget, {"event": "submit"}, [])
    assert widget.result["passed"] is True


def test_the_home_offers_a_refresher_when_one_is_due(records, ada, monkeypatch):
    """Once a refresher is due, does the home link to it, saying it is practice?"""
    pass_lesson_1(records, ada, miss_first=False)
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert "Take the refresher" not in html
    monkeypatch.setattr(refresher, "refresher_due", lambda *_args, **_kw: True)
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert "Time for a refresher" in html
    assert "posttest.ipynb?refresher=1&amp;token=" in html
    assert "changes no score or credit" in html


def test_the_refresher_draws_the_items_missed_and_is_kept_as_practice(records, ada):
    """Are a failed try's items first in the refresher, and is its result practice only?"""
    pass_lesson_1(records, ada)
    missed = refresher.missed_items(records, ada[0].id, "lesson-01")
    assert len(missed) >= 6
    before = records.best_result(ada[0].id, "lesson-01")
    page = posttest_page(records, address(ada[1], refresher="1"), NO_HUB)
    assert "mostly ones you missed" in shown(page)
    widget = widget_of(page, PostTestWidget)
    assert widget.view["practice"] is True
    assert len(widget.view["questions"]) == 6
    widget._on_page_message(widget, {"event": "submit"}, [])
    assert widget.result["practice"] is True
    assert widget.result["correct_count"] == 0
    assert all("correct_answer" in item for item in widget.result["items"])
    [kept] = records.practice_results(ada[0].id)
    assert kept.score == 0
    assert {entry["item_id"] for entry in kept.result["items"]} <= missed
    assert records.best_result(ada[0].id, "lesson-01") == before, "practice changes no score"
    first = widget.view
    widget._on_page_message(widget, {"event": "retake"}, [])
    assert widget.view["practice"] is True
    assert widget.view != first


def test_without_a_pass_the_refresher_page_says_what_opens_it(records, ada):
    """Does a learner with no pass get a plain note instead of questions?"""
    html = shown(posttest_page(records, address(ada[1], refresher="1"), NO_HUB))
    assert "Pass a post-test first" in html
