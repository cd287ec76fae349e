"""The sender: tries what the outbox holds, now and then, and keeps each try's result.

``caserate-course send-records`` runs it (a JupyterHub service does, under a
hub); ``caserate-course serve`` runs it in the background when an LRS or an
LMS is set up. One round: read what each destination is owed, try what is
due, keep the results. A destination that is down costs one request a round.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..records import Store
from ._ags import LmsClient
from ._grades import Grade, owed_grades
from ._http import DeliveryError
from ._lrs import send_statements
from ._outbox import FIRST_PAUSE, Waiting, due, record_tries, waiting
from ._settings import LmsSettings, LrsSettings
from ._xapi import xapi_statements

__all__ = ["EVERY", "Round", "Sender", "statement_label"]

EVERY = timedelta(seconds=10)
"""How often the sender looks for records to send."""

_log = logging.getLogger("caserate_kit.course.connections")


def statement_label(statement: dict[str, Any]) -> str:
    """A statement in words: "Alice Moreno passed lesson-01"."""
    who = statement.get("actor", {}).get("name", "?")
    verb = statement.get("verb", {}).get("display", {}).get("en-US", "?")
    what = statement.get("object", {}).get("definition", {}).get("name", {}).get("en-US", "?")
    return f"{who} {verb} {what}"


def grade_label(grade: Grade) -> str:
    """A grade in words: "Alice Moreno: lesson-01 90% (Completed)"."""
    return f"{grade.learner_name}: {grade.quiz_id} {grade.score:.0%} ({grade.progress})"


@dataclass(frozen=True)
class Round:
    """What one round did: records sent and failed, per destination, and what still waits."""

    sent: dict[str, int]
    failed: dict[str, int]
    waiting: list[Waiting]

    def summary(self) -> str:
        """One line for the log."""
        parts = [
            f"{where.upper()}: {self.sent.get(where, 0)} sent, {self.failed.get(where, 0)} failed"
            for where in sorted(set(self.sent) | set(self.failed))
        ]
        return "; ".join(parts) + f"; {len(self.waiting)} waiting"


class Sender:
    """Sends the records to the LRS and grades to the LMS, as set up (either may be ``None``)."""

    def __init__(
        self,
        store: Store,
        lrs: LrsSettings | None,
        lms: LmsSettings | None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        first_pause: timedelta = FIRST_PAUSE,
        lms_client: LmsClient | None = None,
    ) -> None:
        self.store, self.lrs, self.lms = store, lrs, lms
        self.clock, self.first_pause = clock, first_pause
        self.client = lms_client or (LmsClient(lms) if lms is not None else None)
        self._seen: dict[str, tuple[tuple[int, ...], datetime | None, list[Waiting]]] = {}

    def _quiet(self, where: str, mark: tuple[int, ...], now: datetime) -> list[Waiting] | None:
        """What still waits for ``where`` when nothing was recorded since its last round and
        no failed try is due again (the round can be skipped), else ``None``."""
        seen = self._seen.get(where)
        if seen is None or seen[0] != mark or (seen[1] is not None and seen[1] <= now):
            return None
        return seen[2]

    def _remember(self, where: str, mark: tuple[int, ...], left: list[Waiting]) -> None:
        """Keep what a round left waiting, and when the soonest of it is due again."""
        retries = [w.next_try_at for w in left if w.next_try_at is not None]
        if any(w.failures == 0 for w in left):
            due: datetime | None = datetime.min.replace(tzinfo=UTC)  # untried: next round
        else:
            due = min(retries, default=None)
        self._seen[where] = (mark, due, left)

    def _lrs_round(self, now: datetime) -> tuple[int, int, list[Waiting]]:
        assert self.lrs is not None
        statements = {s["id"]: s for s in xapi_statements(self.store, self.lrs.base_iri)}
        states = self.store.delivery_states("lrs")
        ready = [statements[item] for item in due(statements, states, now)]
        results = [(r.statement_id, r.sent, r.detail) for r in send_statements(self.lrs, ready)]
        record_tries(self.store, "lrs", results, states, now, self.first_pause)
        labels = {item: statement_label(s) for item, s in statements.items()}
        left = waiting("lrs", labels, self.store.delivery_states("lrs"))
        return sum(r[1] for r in results), sum(not r[1] for r in results), left

    def _lms_round(self, now: datetime) -> tuple[int, int, list[Waiting]]:
        assert self.client is not None
        grades = {grade.item: grade for grade in owed_grades(self.store)}
        states = self.store.delivery_states("lms")
        results: list[tuple[str, bool, str]] = []
        stopped: str | None = None
        for item in due(grades, states, now):
            if stopped is not None:
                results.append((item, False, stopped))
                continue
            try:
                self.client.send(grades[item])
            except DeliveryError as error:
                results.append((item, False, error.detail))
                if error.status is None or error.status in (401, 403) or error.status >= 500:
                    stopped = (
                        error.detail
                    )  # the LMS is down or refuses us: not worth more tries now
                continue
            results.append((item, True, "sent"))
        record_tries(self.store, "lms", results, states, now, self.first_pause)
        labels = {item: grade_label(grade) for item, grade in grades.items()}
        left = waiting("lms", labels, self.store.delivery_states("lms"))
        return sum(r[1] for r in results), sum(not r[1] for r in results), left

    def run_once(self) -> Round:
        """One round for each destination set up; a destination for which nothing was
        recorded since its last round, and no failed try is due, is not looked at again."""
        now = self.clock()
        mark = self.store.change_mark()
        sent: dict[str, int] = {}
        failed: dict[str, int] = {}
        left: list[Waiting] = []
        for where, work, wanted in (
            ("lrs", self._lrs_round, self.lrs is not None),
            ("lms", self._lms_round, self.client is not None),
        ):
            if not wanted:
                continue
            waits = self._quiet(where, mark, now)
            if waits is None:
                sent[where], failed[where], waits = work(now)
                self._remember(where, mark, waits)
            else:
                sent[where], failed[where] = 0, 0
            left += waits
        return Round(sent, failed, left)

    def run_forever(self, stop: threading.Event, every: timedelta = EVERY) -> None:
        """Rounds until ``stop`` is set; a round that fails is logged, and the next one comes."""
        while not stop.is_set():
            try:
                done = self.run_once()
                if any(done.sent.values()) or any(done.failed.values()):
                    _log.info("Sent records: %s", done.summary())
            except Exception:
                _log.exception("A round of sending records failed; trying again shortly")
            stop.wait(every.total_seconds())
