"""The store's post-test attempts: their starts, answers and scored ends."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .._exceptions import OutOfRangeError
from ._records import Answer, Attempt, AttemptSummary, BestResult, Response, Submission
from ._store_checks import _answer, _boolean, _json, _new_id, _now, _number, _required
from ._store_engine import StoreCore, _insert_new, _require
from ._store_errors import AttemptSubmittedError, UnknownRecordError
from ._tables import AttemptRow, LearnerRow, ResponseRow, SubmissionRow

__all__ = ["AttemptsMixin"]


def _summary(attempt: AttemptRow, submission: SubmissionRow | None) -> AttemptSummary:
    if submission is None:
        return AttemptSummary(
            attempt.id, attempt.quiz_id, attempt.bank_version, attempt.started_at, None, None, None
        )
    return AttemptSummary(
        attempt.id, attempt.quiz_id, attempt.bank_version, attempt.started_at,
        submission.submitted_at, submission.score, submission.passed,
    )  # fmt: skip


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

        def work(session: Session) -> Attempt:
            _require(session, LearnerRow, learner_id, "learner_id")
            _insert_new(session, AttemptRow, **values)
            return session.get_one(AttemptRow, values["id"]).value()

        return self._write(work)

    def open_attempt(self, learner_id: str, quiz_id: str) -> Attempt | None:
        """The latest attempt not yet submitted (to resume after a reload), or ``None``."""
        query = (
            select(AttemptRow)
            .outerjoin(SubmissionRow)
            .where(AttemptRow.learner_id == learner_id, AttemptRow.quiz_id == quiz_id)
            .where(SubmissionRow.attempt_id.is_(None))
            .order_by(AttemptRow.started_at.desc(), AttemptRow.id.desc())
        )
        return self._first(query, AttemptRow.value)

    @staticmethod
    def _lock_attempt(session: Session, attempt_id: str) -> SubmissionRow | None:
        """Lock the attempt's row (on PostgreSQL) and return its submission, if any."""
        locked = select(AttemptRow.id).where(AttemptRow.id == attempt_id).with_for_update()
        if session.scalars(locked).first() is None:
            raise UnknownRecordError("attempt_id", attempt_id, "does not match any started attempt")
        return session.get(SubmissionRow, attempt_id)

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
        latest = select(func.max(ResponseRow.at)).where(ResponseRow.attempt_id == attempt_id)

        def work(session: Session) -> Response:
            submitted = self._lock_attempt(session, attempt_id)
            stored = session.get(ResponseRow, new_id)
            if stored is not None:  # this very answer, saved by an earlier try
                return stored.value()
            if submitted is not None:
                reason = "was already submitted, so its answers can no longer change"
                raise AttemptSubmittedError("attempt_id", attempt_id, reason)
            last = session.scalar(latest)  # keep times increasing within an attempt
            at = now if last is None else max(now, last + timedelta(microseconds=1))
            _insert_new(session, ResponseRow, id=new_id, at=at, **values)
            return session.get_one(ResponseRow, new_id).value()

        return self._write(work)

    def latest_responses(self, attempt_id: str) -> dict[str, Answer]:
        """The answer that counts (the latest) for each question of an attempt."""
        query = (
            select(ResponseRow.question_key, ResponseRow.answer_json)
            .where(ResponseRow.attempt_id == attempt_id)
            .order_by(ResponseRow.at)
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

        def work(session: Session) -> Submission:
            submitted = self._lock_attempt(session, attempt_id)
            if submitted is None:
                _insert_new(session, SubmissionRow, **values)
                submitted = session.get_one(SubmissionRow, attempt_id)
            return submitted.value()

        return self._write(work)

    def attempts(self, learner_id: str, quiz_id: str) -> list[AttemptSummary]:
        """A learner's attempts at a post-test, oldest first, with their results."""
        query = (
            select(AttemptRow, SubmissionRow)
            .outerjoin(SubmissionRow)
            .where(AttemptRow.learner_id == learner_id, AttemptRow.quiz_id == quiz_id)
            .order_by(AttemptRow.started_at, AttemptRow.id)
        )
        return self._read(lambda s: [_summary(*pair) for pair in s.execute(query)])

    def best_result(self, learner_id: str, quiz_id: str) -> BestResult:
        """The best score, the number of submitted attempts and when the learner first passed."""
        done = [a for a in self.attempts(learner_id, quiz_id) if a.submitted_at is not None]
        best = max((a.score for a in done if a.score is not None), default=None)
        passes = [a.submitted_at for a in done if a.passed and a.submitted_at is not None]
        return BestResult(best, len(done), min(passes, default=None))
