"""What the trainer dashboard shows about sending: what went out, what waits, and why.

Read from the records alone (no settings needed): a destination appears once
the sender has tried it at least once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..records import Store
from ..records._deliveries import DESTINATIONS
from ._grades import owed_grades
from ._outbox import Waiting, waiting
from ._sender import grade_label, statement_label
from ._xapi import xapi_statements

__all__ = ["TITLES", "DestinationStatus", "outbox_status"]

TITLES = {
    "lms": "Grades to your learning management system (LTI)",
    "lrs": "Statements to your learning record store (xAPI)",
}


@dataclass(frozen=True)
class DestinationStatus:
    """One destination: how many records went out, when the last did, and what waits."""

    destination: str
    title: str
    sent: int
    last_sent_at: datetime | None
    waiting: tuple[Waiting, ...]


def _owed(store: Store, destination: str) -> dict[str, str]:
    if destination == "lrs":
        return {s["id"]: statement_label(s) for s in xapi_statements(store)}
    return {grade.item: grade_label(grade) for grade in owed_grades(store)}


def outbox_status(store: Store) -> list[DestinationStatus]:
    """Each destination the sender has tried, with what was sent and what still waits."""
    found = []
    for destination in DESTINATIONS:
        states = store.delivery_states(destination)
        if not states:
            continue
        sent = [state.last.at for state in states.values() if state.sent]
        left = waiting(destination, _owed(store, destination), states)
        found.append(
            DestinationStatus(
                destination, TITLES[destination], len(sent), max(sent, default=None), tuple(left)
            )
        )
    return found
