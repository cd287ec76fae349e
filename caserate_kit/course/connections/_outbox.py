"""The outbox: what is still to be sent to the LMS and the LRS, and when to try again.

Nothing is queued by hand. What the course owes each destination is read
from the records (the statements of :mod:`caserate_kit.course.connections._xapi`,
the grades of :mod:`._grades`); what was sent is read from the store's
deliveries. So whatever reached the records before a crash, a restart or an
outage is sent afterwards, and what was sent is not sent again. A failed try
waits before the next: 30 seconds, then twice as long each time, at most an hour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..records import Store
from ..records._deliveries import DeliveryState

__all__ = [
    "FIRST_PAUSE",
    "LONGEST_PAUSE",
    "Waiting",
    "due",
    "pause_after",
    "record_tries",
    "waiting",
]

FIRST_PAUSE = timedelta(seconds=30)
LONGEST_PAUSE = timedelta(hours=1)


def pause_after(
    failures: int, first: timedelta = FIRST_PAUSE, longest: timedelta = LONGEST_PAUSE
) -> timedelta:
    """The pause after ``failures`` failed tries in a row: doubling from ``first``, at most
    ``longest``."""
    if failures <= 0:
        return timedelta(0)
    doubled: timedelta = first * 2 ** min(failures - 1, 30)
    return min(doubled, longest)


def due(items: Iterable[str], states: dict[str, DeliveryState], now: datetime) -> list[str]:
    """The ``items`` to try now: never sent, and not pausing after a failed try."""
    found = []
    for item in items:
        state = states.get(item)
        if state is None or (
            not state.sent and (state.last.next_try_at is None or state.last.next_try_at <= now)
        ):
            found.append(item)
    return found


def record_tries(
    store: Store,
    destination: str,
    results: Iterable[tuple[str, bool, str]],
    states: dict[str, DeliveryState],
    now: datetime,
    first_pause: timedelta = FIRST_PAUSE,
) -> None:
    """Keep each try's result (item, sent, detail), with the next try's time for a failure."""
    for item, sent, detail in results:
        failures = (states[item].failures if item in states else 0) + (0 if sent else 1)
        next_try = None if sent else now + pause_after(failures, first_pause)
        store.record_delivery(
            destination, item, sent=sent, detail=detail, next_try_at=next_try, at=now
        )


@dataclass(frozen=True)
class Waiting:
    """One record not yet sent: to where, how many tries failed, why the last did, and when next."""

    destination: str
    item: str
    label: str
    failures: int
    detail: str | None
    next_try_at: datetime | None


def waiting(
    destination: str, owed: dict[str, str], states: dict[str, DeliveryState]
) -> list[Waiting]:
    """Every owed record (item to a label for people) not sent yet, most tries first."""
    found = []
    for item, label in owed.items():
        state = states.get(item)
        if state is not None and state.sent:
            continue
        failures = state.failures if state else 0
        detail = state.last.detail if state else None
        next_try = state.last.next_try_at if state else None
        found.append(Waiting(destination, item, label, failures, detail, next_try))
    return sorted(found, key=lambda w: (-w.failures, w.label))
