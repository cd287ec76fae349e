"""The outbox: doubling pauses, what is due, and what waits (with why)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from caserate_kit.course.connections._outbox import (
    LONGEST_PAUSE,
    due,
    pause_after,
    record_tries,
    waiting,
)
from caserate_kit.course.records._store import Store

NOON = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("failures", "seconds"), [(0, 0), (1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (99, 3600)]
)
def test_pauses_double_up_to_an_hour(failures, seconds):
    """Is the pause 30 s after a first failure, doubling, and never above an hour?"""
    assert pause_after(failures) == timedelta(seconds=seconds)
    assert pause_after(failures) <= LONGEST_PAUSE


def test_what_is_due_is_what_is_unsent_and_not_pausing(store: Store):
    """Are new items due, sent ones not, and failed ones only once their pause is over?"""
    record_tries(store, "lrs", [("sent", True, "200"), ("failed", False, "503")], {}, NOON)
    states = store.delivery_states("lrs")
    items = ["new", "sent", "failed"]
    assert due(items, states, NOON) == ["new"]
    assert due(items, states, NOON + timedelta(seconds=29)) == ["new"]
    assert due(items, states, NOON + timedelta(seconds=30)) == ["new", "failed"]


def test_each_failure_lengthens_the_pause(store: Store):
    """After a second failure of the same item, is the next try a minute away?"""
    record_tries(store, "lms", [("g", False, "503")], {}, NOON)
    later = NOON + timedelta(seconds=30)
    record_tries(store, "lms", [("g", False, "503")], store.delivery_states("lms"), later)
    state = store.delivery_states("lms")["g"]
    assert (state.failures, state.last.next_try_at) == (2, later + timedelta(minutes=1))


def test_waiting_lists_the_unsent_with_the_reason_most_tried_first(store: Store):
    """Does the list show every owed record not sent, its tries and last reason, worst first?"""
    record_tries(store, "lrs", [("a", False, "LRS down"), ("b", True, "200")], {}, NOON)
    record_tries(store, "lrs", [("a", False, "LRS down")], store.delivery_states("lrs"), NOON)
    owed = {"a": "Ana passed lesson-01", "b": "Ben passed lesson-01", "c": "Cy attempted lesson-02"}
    found = waiting("lrs", owed, store.delivery_states("lrs"))
    assert [(w.label, w.failures, w.detail) for w in found] == [
        ("Ana passed lesson-01", 2, "LRS down"),
        ("Cy attempted lesson-02", 0, None),
    ]
