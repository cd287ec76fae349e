"""The store's post-test attempts: their starts, answers and scored ends."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Row, func, select

from ..._exceptions import OutOfRangeError
from ._checks import _answer, _boolean, _json, _new_id, _now, _number, _required
from ._engine import StoreCore, _get, _get_one, _insert_new, _require
from ._errors import AttemptSubmittedError, UnknownRecordError
from ._tables import (
    AttemptRow,
    LearnerRow,
    ResponseRow,
    SubmissionRow,
    attempt_of,
    response_of,
    submission_of,
)
from ._values import Answer, Attempt, AttemptSummary, BestResult, Response, Submission

__all__ = ["AttemptsMixin"]


def _summary(row: Row[Any]) -> AttemptSummary:
    """An attempt and its submission, if any, from a row of attempts outer-joined to them."""
    if row.submitted_at is None:
        return AttemptSummary(
            row.id, row.quiz_id, row.bank_version, row.started_at, None, None, None
        )
    return AttemptSummary(
        row.id,
        row.quiz_id,
        row.bank_version,
        row.started_at,
        row.submitted_at,
        row.score,
        row.passed,
    )


class AttemptsMixin(StoreCore):
    """Recording and reading post-test attempts, answers and results."""

    def start_attempt(
        self,
        learner_id: str,
        quiz_id: str,
        bank_version: str,
        seed: int,
        attempt_id: str | None = None,
    ) -> Attempt:
        """Record the start of an attempt; a retried start with the same id returns the first."""
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise OutOfRangeError("seed", seed, "must be a whole number from 0 to 2**63 - 1")
        values = {
            "id": attempt_id or _new_id(),
            "learner_id": learner_id,
            "quiz_id": _required("quiz_id", quiz_id),
            "bank_version": _required("bank_version", bank_version),
            "seed": seed,
            "started_at": _now(),
        }

        def work(connection: Connection) -> Attempt:
            _require(connection, LearnerRow, learner_id, "learner_id")
            _insert_new(connection, AttemptRow, **values)
            return attempt_of(_get_one(connection, AttemptRow, str(values["id"])))

        return self._write(work)

    def open_attempt(self, learner_id: str, quiz_id: str) -> Attempt | None:
        """The latest attempt not yet submitted (to resume after a reload), or ``None``."""
        query = (
            select(AttemptRow)
            .outerjoin(SubmissionRow)
            .where(AttemptRow.c.quiz_id == quiz_id, SubmissionRow.c.attempt_id.is_(None))
            .order_by(AttemptRow.c.started_at.desc(), AttemptRow.c.id.desc())
        )
        return self._person_first(query, AttemptRow.c.learner_id, learner_id, attempt_of)

    @staticmethod
    def _lock_attempt(connection: Connection, attempt_id: str) -> Row[Any] | None:
        """Lock the attempt's row (on PostgreSQL) and return its submission, if any."""
        locked = select(AttemptRow.c.id).where(AttemptRow.c.id == attempt_id).with_for_update()
        if connection.scalars(locked).first() is None:
            raise UnknownRecordError("attempt_id", attempt_id, "does not match any started attempt")
        return _get(connection, SubmissionRow, attempt_id)

    def record_response(
        self,
        attempt_id: str,
        question_key: str,
        answer: Answer,
        *,
        response_id: str | None = None,
    ) -> Response:
        """Record an answer (text, a list of texts, or None); the latest per question wins.

        Raises
        ------
        AttemptSubmittedError
            If the attempt was already submitted.
        """
        new_id, now = response_id or _new_id(), _now()
        values = {
            "attempt_id": attempt_id,
            "question_key": _required("question_key", question_key, 200),
            "answer_json": _json("answer", _answer(answer)),
        }
        latest = select(func.max(ResponseRow.c.at)).where(ResponseRow.c.attempt_id == attempt_id)

        def work(connection: Connection) -> Response:
            submitted = self._lock_attempt(connection, attempt_id)
            stored = _get(connection, ResponseRow, new_id)
            if stored is not None:  # this very answer, saved by an earlier try
                return response_of(stored)
            if submitted is not None:
                reason = "was already submitted, so its answers can no longer change"
                raise AttemptSubmittedError("attempt_id", attempt_id, reason)
            last = connection.scalar(latest)  # keep times increasing within an attempt
            at = now if last is None else max(now, last + timedelta(microseconds=1))
            _insert_new(connection, ResponseRow, id=new_id, at=at, **values)
            return response_of(_get_one(connection, ResponseRow, new_id))

        return self._write(work)

    def latest_responses(self, attempt_id: str) -> dict[str, Answer]:
        """The answer that counts (the latest) for each question of an attempt."""
        query = (
            select(ResponseRow.c.question_key, ResponseRow.c.answer_json)
            .where(ResponseRow.c.attempt_id == attempt_id)
            .order_by(ResponseRow.c.at)
        )
        return self._read(lambda s: {key: json.loads(text) for key, text in s.execute(query)})

    def submit_attempt(
        self, attempt_id: str, score: float, passed: bool, result: Mapping[str, object]
    ) -> Submission:
        """Record the scored end of an attempt; submitting again returns the first submission.

        ``score`` is a fraction from 0 to 1; ``result`` is anything JSON can
        hold (the graded questions, say).
        """
        values = {
            "attempt_id": attempt_id,
            "score": _number("score", score, 0, 1, "must be a fraction from 0 to 1"),
            "passed": _boolean("passed", passed),
            "result_json": _json("result", dict(result)),
            "submitted_at": _now(),
        }

        def work(connection: Connection) -> Submission:
            submitted = self._lock_attempt(connection, attempt_id)
            if submitted is None:
                _insert_new(connection, SubmissionRow, **values)
                submitted = _get_one(connection, SubmissionRow, attempt_id)
            return submission_of(submitted)

        return self._write(work)

    def attempts(self, learner_id: str, quiz_id: str) -> list[AttemptSummary]:
        """A learner's attempts at a post-test, oldest first, with their results."""
        query = (
            select(AttemptRow, SubmissionRow)
            .outerjoin(SubmissionRow)
            .where(AttemptRow.c.quiz_id == quiz_id)
            .order_by(AttemptRow.c.started_at, AttemptRow.c.id)
        )
        return self._person_all(query, AttemptRow.c.learner_id, learner_id, _summary)

    def submissions(self, learner_id: str, quiz_id: str) -> list[Submission]:
        """A learner's submitted tries at a post-test, with their stored results, oldest first."""
        query = (
            select(SubmissionRow)
            .join(AttemptRow, AttemptRow.c.id == SubmissionRow.c.attempt_id)
            .where(AttemptRow.c.quiz_id == quiz_id)
            .order_by(SubmissionRow.c.submitted_at, SubmissionRow.c.attempt_id)
        )
        return self._person_all(query, AttemptRow.c.learner_id, learner_id, submission_of)

    def best_result(self, learner_id: str, quiz_id: str) -> BestResult:
        """The best score, the number of submitted attempts and when the learner first passed."""
        done = [a for a in self.attempts(learner_id, quiz_id) if a.submitted_at is not None]
        best = max((a.score for a in done if a.score is not None), default=None)
        passes = [a.submitted_at for a in done if a.passed and a.submitted_at is not None]
        return BestResult(best, len(done), min(passes, default=None))
