"""The store's practice: refreshers taken after a pass, kept apart from every score that counts."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, select

from ._checks import _json, _new_id, _now, _number
from ._engine import StoreCore, _get_one, _insert_new, _require
from ._tables import LearnerRow, PracticeRow, practice_of
from ._values import PracticeResult

__all__ = ["PracticeMixin"]


class PracticeMixin(StoreCore):
    """Recording and reading the refreshers a learner took."""

    def record_practice(
        self,
        learner_id: str,
        score: float,
        result: Mapping[str, object],
        *,
        practice_id: str | None = None,
    ) -> PracticeResult:
        """Record a refresher's result (``score`` from 0 to 1); a retried write is kept once."""
        values = {
            "id": practice_id or _new_id(),
            "learner_id": learner_id,
            "score": _number("score", score, 0, 1, "must be a fraction from 0 to 1"),
            "result_json": _json("result", dict(result)),
            "at": _now(),
        }

        def work(connection: Connection) -> PracticeResult:
            _require(connection, LearnerRow, learner_id, "learner_id")
            _insert_new(connection, PracticeRow, **values)
            return practice_of(_get_one(connection, PracticeRow, str(values["id"])))

        return self._write(work)

    def practice_results(self, learner_id: str) -> list[PracticeResult]:
        """The refreshers the learner took, oldest first."""
        query = select(PracticeRow).order_by(PracticeRow.c.at, PracticeRow.c.id)
        return self._person_all(query, PracticeRow.c.learner_id, learner_id, practice_of)
