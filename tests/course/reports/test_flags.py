"""Tries a trainer should look at: too fast, too many within an hour, a pass with little reading."""

from datetime import UTC, datetime, timedelta

from caserate_kit.course.records import AttemptRecord
from caserate_kit.course.reports._class_records import ClassRecords
from caserate_kit.course.reports._class_report import report_html
from caserate_kit.course.reports._flags import flagged_tries

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
READING = {"lesson-01": 22.0}.get


def attempt(n, learner="a", *, start=0.0, seconds=600, score=0.5, passed=False, name="Ada"):
    begun = T0 + timedelta(minutes=start)
    return AttemptRecord(
        f"t{n}",
        learner,
        name,
        "lesson-01",
        "v1",
        begun,
        begun + timedelta(seconds=seconds),
        score,
        passed,
    )


def records(attempts, spent=None, results=()):
    return ClassRecords(
        learners=(),
        attempts=tuple(attempts),
        results=tuple(results),
        time_spent=spent if spent is not None else {("a", "lesson-01"): 30.0},
        completions=frozenset(),
        certificates={},
        read_at=T0,
    )


def reasons(found):
    return [flag.reason for flag in found]


def test_a_try_paced_like_a_learners_is_not_flagged():
    """Are three tries, ten minutes each, half an hour apart, after 30 minutes of reading, clean?"""
    tries = [attempt(1), attempt(2, start=40), attempt(3, start=80, score=0.9, passed=True)]
    assert flagged_tries(records(tries), READING) == []


def test_a_try_answered_in_under_six_seconds_a_question_is_flagged():
    """Is a 10-question try submitted after 41 seconds flagged, with the figures in words,
    and a 12-question one after 70 seconds too (its stored question count)?"""
    found = flagged_tries(records([attempt(1, seconds=41)]), READING)
    assert reasons(found) == ["10 questions answered in 41 seconds"]
    result = ("t1", "lesson-01", {"total": 12})
    found = flagged_tries(records([attempt(1, seconds=70)], results=[result]), READING)
    assert reasons(found) == ["12 questions answered in 70 seconds"]


def test_four_tries_within_an_hour_are_flagged_once():
    """Are four tries in 45 minutes flagged once, at the fourth, and five still once more?"""
    tries = [attempt(n, start=15 * n) for n in range(4)]
    assert reasons(flagged_tries(records(tries), READING)) == ["4 tries within an hour"]


def test_a_pass_with_little_reading_is_flagged():
    """Is a pass after 3 of 22 minutes of reading flagged, and one after 10 not?"""
    passed = [attempt(1, score=0.9, passed=True)]
    found = flagged_tries(records(passed, {("a", "lesson-01"): 3.0}), READING)
    assert reasons(found) == ["passed after 3 of the lesson's 22 minutes of reading"]
    assert flagged_tries(records(passed, {("a", "lesson-01"): 10.0}), READING) == []


def test_the_dashboard_lists_the_tries_to_look_at():
    """Does the report hold a section naming the learner, the lesson and why?"""
    html = report_html(records([attempt(1, seconds=20, name="Script Q")]), {}, None, READING)
    assert "Tries to look at" in html
    assert "Script Q" in html
    assert "10 questions answered in 20 seconds" in html
    clean = report_html(records([attempt(1)]), {}, None, READING)
    assert "No try needs a look." in clean
