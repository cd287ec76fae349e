"""The store's deliveries: each try to send a record to the LMS or to a learning record store.

A record is waiting for a destination until a try to send it there has
succeeded. Tries are rows like every other record (append-only): a failed try
says what went wrong and when the next is due, so the trainer dashboard can
show what is waiting and why, and a restarted sender carries on where the
last one stopped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select

from ._checks import _moment, _new_id, _optional, _required
from ._engine import StoreCore, _insert_new
from ._tables import (
    AttemptRow,
    CertificateRow,
    CompletionRow,
    DeliveryRow,
    LearnerDetailsRow,
    LearnerMergeRow,
    LearnerRow,
    LessonVisitRow,
    LtiLaunchRow,
    SubmissionRow,
)
from ._values import Delivery

__all__ = ["DESTINATIONS", "MARKED_TABLES", "DeliveriesMixin", "DeliveryState"]

MARKED_TABLES = (
    LearnerRow,
    LearnerDetailsRow,
    LearnerMergeRow,
    LessonVisitRow,
    AttemptRow,
    SubmissionRow,
    CompletionRow,
    CertificateRow,
    LtiLaunchRow,
)
"""The tables what is sent is made from (append-only: their row counts change with them)."""

DESTINATIONS = ("lms", "lrs")
"""Where records are sent: the agency's LMS (grades) and its learning record store (xAPI)."""


@dataclass(frozen=True)
class DeliveryState:
    """Where one record stands with one destination: tries so far, and the newest of them."""

    item: str
    sent: bool
    failures: int
    last: Delivery


def _delivery_of(row: Row[Any]) -> Delivery:
    return Delivery(
        row.id, row.destination, row.item, row.sent, row.detail, row.next_try_at, row.at
    )


def _destination(value: str) -> str:
    if value not in DESTINATIONS:
        from ..._exceptions import InvalidInputError

        raise InvalidInputError("destination", value, f"must be one of {', '.join(DESTINATIONS)}")
    return value


class DeliveriesMixin(StoreCore):
    """Recording tries to send records, and reading where each record stands."""

    def record_delivery(
        self,
        destination: str,
        item: str,
        *,
        sent: bool,
        detail: str | None = None,
        next_try_at: datetime | None = None,
        at: datetime | None = None,
    ) -> Delivery:
        """Keep one try to send ``item`` to ``destination``."""
        values = {
            "id": _new_id(),
            "destination": _destination(destination),
            "item": _required("item", item, 200),
            "sent": bool(sent),
            "detail": _optional("detail", (detail or "")[:2000], 2000),
            "next_try_at": None if next_try_at is None else _moment("next_try_at", next_try_at),
            "at": _moment("at", at),
        }
        self._write(lambda connection: _insert_new(connection, DeliveryRow, **values))
        return Delivery(**values)  # type: ignore[arg-type]

    def delivery_states(self, destination: str) -> dict[str, DeliveryState]:
        """Every record tried for ``destination``, by item: sent or not, failures, newest try."""
        rows = DeliveryRow.c
        query = (
            select(DeliveryRow)
            .where(rows.destination == _destination(destination))
            .order_by(rows.at, rows.id)
        )
        found = self._read(lambda connection: list(connection.execute(query)))
        states: dict[str, DeliveryState] = {}
        for row in found:
            before = states.get(row.item)
            sent = row.sent or (before is not None and before.sent)
            failures = (before.failures if before else 0) + (0 if row.sent else 1)
            last = _delivery_of(row) if not (before and before.sent) else before.last
            states[row.item] = DeliveryState(row.item, sent, failures, last)
        return states

    def sent_items(self, destination: str, items: Iterable[str] | None = None) -> set[str]:
        """The items sent to ``destination`` (of ``items``, when given)."""
        sent = {s.item for s in self.delivery_states(destination).values() if s.sent}
        return sent if items is None else sent & set(items)

    def change_mark(self) -> tuple[int, ...]:
        """Row counts of the tables what is sent is made from: the same mark, nothing new.

        The records are append-only, so any new record changes the mark; a sender
        compares marks to skip rounds in which nothing happened.
        """

        def work(connection: Connection) -> tuple[int, ...]:
            return tuple(
                int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
                for table in MARKED_TABLES
            )

        return self._read(work)
