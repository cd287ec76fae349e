"""The store's reports: every record of every learner, for the trainer dashboard and exports."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ._records import AttemptRecord, CertificateRecord, Completion, Learner, QuizResponse
from ._store_attempts import _summary
from ._store_engine import StoreCore
from ._store_learners import newest_details
from ._tables import (
    AttemptRow,
    CertificateRow,
    CompletionRow,
    LearnerRow,
    ResponseRow,
    SubmissionRow,
)

__all__ = ["ReportsMixin"]


class ReportsMixin(StoreCore):
    """Reading every learner, attempt, answer, completion and certificate at once."""

    def all_learners(self) -> list[Learner]:
        """Every learner, oldest first."""
        query = select(LearnerRow).order_by(LearnerRow.created_at, LearnerRow.id)

        def work(session: Session) -> list[Learner]:
            details = newest_details(session)
            return [
                details[row.id].applied_to(row.value()) if row.id in details else row.value()
                for row in session.scalars(query)
            ]

        return self._read(work)

    def all_attempts(self) -> list[AttemptRecord]:
        """Every attempt of every learner, oldest first (``pandas.DataFrame(rows)`` works)."""
        query = (
            select(AttemptRow, SubmissionRow, LearnerRow.name)
            .join(LearnerRow)
            .outerjoin(SubmissionRow)
            .order_by(AttemptRow.started_at, AttemptRow.id)
        )

        def work(session: Session) -> list[AttemptRecord]:
            details = newest_details(session)
            rows = session.execute(query)
            return [
                AttemptRecord(
                    learner_id=a.learner_id,
                    learner_name=details[a.learner_id].name if a.learner_id in details else name,
                    **vars(_summary(a, sub)),
                )
                for a, sub, name in rows
            ]

        return self._read(work)

    def all_responses_for_quiz(self, quiz_id: str) -> list[QuizResponse]:
        """The answer that counts to each question of each attempt at a post-test."""
        query = (
            select(ResponseRow, AttemptRow.learner_id, SubmissionRow.attempt_id)
            .select_from(ResponseRow)
            .join(AttemptRow, AttemptRow.id == ResponseRow.attempt_id)
            .outerjoin(SubmissionRow, SubmissionRow.attempt_id == AttemptRow.id)
            .where(AttemptRow.quiz_id == quiz_id)
            .order_by(ResponseRow.at)
        )

        def work(session: Session) -> list[QuizResponse]:
            latest = {}
            for row, learner_id, submitted in session.execute(query):
                answer = json.loads(row.answer_json)
                latest[row.attempt_id, row.question_key] = QuizResponse(
                    row.attempt_id, learner_id, row.question_key, answer, row.at, bool(submitted)
                )
            return [latest[key] for key in sorted(latest)]

        return self._read(work)

    def all_completions(self) -> list[Completion]:
        """Every completion, oldest first."""
        query = select(CompletionRow).order_by(CompletionRow.completed_at, CompletionRow.id)
        return self._all(query, CompletionRow.value)

    def all_certificates(self) -> list[CertificateRecord]:
        """Every certificate, oldest first."""
        query = select(CertificateRow).order_by(CertificateRow.issued_at, CertificateRow.id)
        return self._all(query, CertificateRow.value)
