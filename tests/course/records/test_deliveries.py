"""Tries to send records to the LMS and the LRS: what is sent, what waits, and why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import caserate_kit as ck
from caserate_kit.course.records._store import Store

NOON = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)


def test_failed_tries_are_counted_until_one_succeeds(store: Store) -> None:
    """Do two failures and then a success read as sent, with the failures counted?"""
    for minutes in (0, 5):
        store.record_delivery(
            "lrs", "s-1", sent=False, detail="LRS down (503)", at=NOON + timedelta(minutes=minutes)
        )
    waiting = store.delivery_states("lrs")["s-1"]
    assert (waiting.sent, waiting.failures, waiting.last.detail) == (False, 2, "LRS down (503)")
    store.record_delivery("lrs", "s-1", sent=True, detail="200", at=NOON + timedelta(minutes=9))
    done = store.delivery_states("lrs")["s-1"]
    assert (done.sent, done.failures, done.last.sent) == (True, 2, True)
    assert store.sent_items("lrs") == {"s-1"}
    assert store.sent_items("lrs", ["s-1", "s-2"]) == {"s-1"}


def test_a_late_failure_after_a_success_does_not_unsend(store: Store) -> None:
    """If a second sender's failure lands after a success, is the item still sent?"""
    store.record_delivery("lms", "score-1", sent=True, at=NOON)
    store.record_delivery("lms", "score-1", sent=False, detail="timeout", at=NOON + timedelta(1))
    state = store.delivery_states("lms")["score-1"]
    assert state.sent
    assert state.last.sent


def test_destinations_are_kept_apart(store: Store) -> None:
    """Is an item sent to the LRS still waiting for the LMS?"""
    store.record_delivery("lrs", "x", sent=True)
    assert store.sent_items("lms") == set()
    assert store.delivery_states("lms") == {}


def test_the_next_try_is_kept(store: Store) -> None:
    """Is the time of the next try kept with a failed try?"""
    store.record_delivery("lms", "y", sent=False, detail="401", next_try_at=NOON)
    assert store.delivery_states("lms")["y"].last.next_try_at == NOON


def test_an_unknown_destination_is_refused(store: Store) -> None:
    """Is a destination other than the LMS or the LRS refused by name?"""
    with pytest.raises(ck.InvalidInputError, match="destination"):
        store.record_delivery("email", "z", sent=True)
