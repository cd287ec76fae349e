"""What the trainer dashboard shows about sending: what went out, what waits, and why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from caserate_kit.course.connections._status import outbox_status
from caserate_kit.course.connections._xapi import xapi_statements
from caserate_kit.course.records._store import Store
from caserate_kit.course.reports._class_records import read_class_records
from caserate_kit.course.reports._class_report import report_html

from .classroom import seat_learners, take_lesson

NOON = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)


def _half_sent(store: Store) -> list[str]:
    """One learner's lesson, half its statements sent, the rest failed with the LRS down
    (the pass among them)."""
    [learner] = seat_learners(store, 1)
    take_lesson(store, learner, "lesson-01", 1)
    statements = xapi_statements(store)
    ids = sorted((s["id"] for s in statements), key=lambda i: i == _passed(statements))
    half = len(ids) // 2
    for item in ids[:half]:
        store.record_delivery("lrs", item, sent=True, detail="200", at=NOON)
    for item in ids[half:]:
        store.record_delivery(
            "lrs",
            item,
            sent=False,
            detail="the LRS could not be reached",
            next_try_at=NOON + timedelta(minutes=1),
            at=NOON,
        )
    return ids


def _passed(statements: list[dict]) -> str:
    return next(s["id"] for s in statements if s["verb"]["display"]["en-US"] == "passed")


def test_nothing_is_shown_before_anything_is_tried(store: Store):
    """Without a single try, is there no sending section at all?"""
    [learner] = seat_learners(store, 1)
    take_lesson(store, learner, "lesson-01", 1)
    assert outbox_status(store) == []
    assert "Sent to your LMS and LRS" not in report_html(read_class_records(store), {}, None)


def test_the_status_counts_what_went_and_lists_what_waits(store: Store):
    """Does the LRS status count the sent statements and list the others with the reason?"""
    ids = _half_sent(store)
    [status] = outbox_status(store)
    assert (status.destination, status.sent, status.last_sent_at) == ("lrs", len(ids) // 2, NOON)
    assert len(status.waiting) == len(ids) - len(ids) // 2
    assert {w.detail for w in status.waiting} == {"the LRS could not be reached"}
    assert all(w.label.startswith("Learner 00 ") for w in status.waiting)


def test_the_dashboard_shows_the_waiting_records_and_why(store: Store):
    """Does the report's section show the count, each waiting record, its problem and next try?"""
    _half_sent(store)
    page = report_html(read_class_records(store), {}, None)
    section = page[page.index("Sent to your LMS and LRS") :]
    assert "Statements to your learning record store (xAPI)" in section
    assert "waiting</strong>" in section
    assert "the LRS could not be reached" in section
    assert "2027-01-04 12:01 UTC" in section
    assert "Learner 00 passed lesson-01" in section
