"""The post-test page under ``course.toml``'s ``[posttest]`` rules (the shipped ones).

Reading first (half the lesson's reading time on the lesson page), a pause
of 10 minutes after a try that did not pass, 4 tries in any 24 hours; a try
already started can always be finished, and after a pass nothing is paced.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from caserate_kit.course._config import load_config
from caserate_kit.course.certificates import lesson_facts
from caserate_kit.course.pages import posttest_page
from caserate_kit.course.pages._posttest_session import PostTestSession, pace_for
from caserate_kit.course.quiz import load_bank
from caserate_kit.course.widgets._posttest import PostTestWidget

from .helpers import NO_HUB, ROOT, address, shown, widget_of

COURSE = "lesson-01"
BANK = load_bank(ROOT / "quizzes" / "lesson-01.yaml")
READING = lesson_facts(1).time.reading_minutes


def read_lesson(records, learner_id, minutes, *, ended=None):
    """Record ``minutes`` on the lesson page, ending at ``ended`` (now by default)."""
    ended = ended or datetime.now(UTC)
    records.record_visit(learner_id, COURSE, "open", ended - timedelta(minutes=minutes))
    records.record_visit(learner_id, COURSE, "close", ended)


def fail_today(records, learner_id, tries):
    """Record ``tries`` submitted tries that did not pass, just now."""
    for seed in range(tries):
        attempt = records.start_attempt(learner_id, COURSE, BANK.version, seed)
        records.submit_attempt(attempt.id, 0.1, False, {})


def test_the_post_test_waits_for_half_the_lessons_reading_time(records, ada):
    """Before any reading, does the page say how long to read, start no try, and link back?"""
    learner, token, _code = ada
    html = shown(posttest_page(records, address(token, quiz=COURSE), NO_HUB))
    needed = math.ceil(READING / 2)
    assert "Not yet" in html
    assert f"about {needed} minutes with the lesson" in html
    assert "lessons/01_" in html
    assert records.open_attempt(learner.id, COURSE) is None


def test_a_lesson_still_open_in_another_tab_counts_toward_the_reading(records, ada):
    """Does an open lesson visit with no close yet count up to now?"""
    learner, token, _code = ada
    opened = datetime.now(UTC) - timedelta(minutes=READING)
    records.record_visit(learner.id, COURSE, "open", opened)
    page = posttest_page(records, address(token, quiz=COURSE), NO_HUB)
    assert len(widget_of(page, PostTestWidget).view["questions"]) == 10


def test_after_a_try_that_did_not_pass_the_page_says_when_the_next_opens(records, ada):
    """After a failed try, does the result say when, does Try a new version wait, and does a
    reload show the wait with the try listed, not a new try?"""
    learner, token, _code = ada
    read_lesson(records, learner.id, READING)
    widget = widget_of(posttest_page(records, address(token, quiz=COURSE), NO_HUB), PostTestWidget)
    widget._on_page_message(widget, {"event": "submit"}, [])
    assert widget.result["passed"] is False
    assert "You can try a new version in 10 minutes" in widget.result["message"]
    widget._on_page_message(widget, {"event": "retake"}, [])
    assert "You can try a new version in" in widget.status
    assert records.open_attempt(learner.id, COURSE) is None
    html = shown(posttest_page(records, address(token, quiz=COURSE), NO_HUB))
    assert "You can try a new version in" in html
    assert "Try 1" in html


def test_a_try_already_started_can_be_finished_whatever_the_rules(records, ada):
    """With four tries today and a fifth already started, does the page resume the fifth?"""
    learner, token, _code = ada
    read_lesson(records, learner.id, READING)
    fail_today(records, learner.id, 4)
    started = records.start_attempt(learner.id, COURSE, BANK.version, 99)
    page = posttest_page(records, address(token, quiz=COURSE), NO_HUB)
    assert len(widget_of(page, PostTestWidget).view["questions"]) == 10
    assert records.open_attempt(learner.id, COURSE).id == started.id


def test_the_daily_cap_closes_the_fifth_try(records, ada):
    """After four tries in a day, does the page say the day's tries are used?"""
    learner, token, _code = ada
    read_lesson(records, learner.id, READING)
    fail_today(records, learner.id, 4)
    html = shown(posttest_page(records, address(token, quiz=COURSE), NO_HUB))
    assert "used today&#x27;s tries" in html or "used today's tries" in html
    assert records.open_attempt(learner.id, COURSE) is None


def test_the_pause_ends_on_time_and_a_pass_ends_all_pacing(records, ada):
    """Ten minutes after a failed try, does a retake start; after a pass, another at once?"""
    learner, _token, _code = ada
    read_lesson(records, learner.id, READING)
    now = [datetime.now(UTC)]
    pace = pace_for(records, learner.id, COURSE, load_config().posttest, READING)
    session = PostTestSession(records, BANK, learner.id, pace=pace, clock=lambda: now[0])
    session.start()
    session.submit()
    first = session.attempt_id
    session.retake()
    assert session.attempt_id == first
    now[0] += timedelta(minutes=10, seconds=1)
    session.retake()
    assert session.attempt_id != first
    records.submit_attempt(session.attempt_id, 1.0, True, {})
    session.retake()
    assert records.open_attempt(learner.id, COURSE) is not None
