"""When a learner's next post-test try opens: reading first, a pause, a daily cap."""

from datetime import UTC, datetime, timedelta

import pytest

from caserate_kit.course._config import PostTestPacing
from caserate_kit.course._pacing import next_try

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
RULES = PostTestPacing(minimum_reading_share=0.5, retake_wait_minutes=10, tries_per_day=4)


def opening(submitted=(), *, passed=False, spent=30.0, reading=22.0, rules=RULES):
    return next_try(
        rules,
        NOW,
        [NOW - timedelta(minutes=m) for m in submitted],
        passed=passed,
        spent=timedelta(minutes=spent),
        reading_minutes=reading,
    )


def test_a_first_try_opens_after_half_the_reading_time():
    """Is the first try closed at 10 of the 11 minutes needed, and open at 11?"""
    closed = opening(spent=10, reading=22)
    assert (closed.is_open, closed.rule, closed.opens_at) == (False, "reading", None)
    assert "about 11 minutes with the lesson (so far: 10 minutes)" in closed.message(NOW)
    assert opening(spent=11, reading=22).is_open


def test_a_try_that_did_not_pass_is_followed_by_a_pause():
    """Four minutes after a try, is the next one closed until the tenth minute, and open after?"""
    closed = opening([4])
    assert (closed.rule, closed.opens_at) == ("wait", NOW + timedelta(minutes=6))
    assert closed.message(NOW).startswith("You can try a new version in 6 minutes.")
    assert opening([10]).is_open


def test_the_daily_cap_counts_tries_in_any_24_hours():
    """With four tries in the last day, does the fifth open 24 hours after the oldest of them?"""
    closed = opening([60 * 20, 60 * 10, 60 * 5, 30])
    assert (closed.rule, closed.opens_at) == ("daily", NOW + timedelta(hours=4))
    assert "used today's tries" in closed.message(NOW)
    assert "4 hours" in closed.message(NOW)
    assert opening([60 * 25, 60 * 10, 60 * 5, 30]).is_open


def test_the_later_of_two_rules_decides():
    """When the pause ends before the daily cap does, is the cap's time the one given?"""
    closed = opening([60 * 23 + 58, 60 * 10, 60 * 5, 2])
    assert (closed.rule, closed.opens_at) == ("wait", NOW + timedelta(minutes=8))


def test_after_a_pass_nothing_is_paced():
    """Once passed, is a try open at once, whatever the reading time and the tries?"""
    assert opening([1, 2, 3, 4, 5], passed=True, spent=0).is_open


@pytest.mark.parametrize(
    "rules",
    [
        PostTestPacing(0, 10, 4),
        PostTestPacing(0.5, 0, 0),
    ],
)
def test_a_rule_set_to_zero_is_off(rules):
    """Does 0 turn each rule off?"""
    if rules.minimum_reading_share == 0:
        assert opening(spent=0, rules=rules).is_open
    else:
        assert opening([1, 2, 3, 4, 5], rules=rules).is_open
