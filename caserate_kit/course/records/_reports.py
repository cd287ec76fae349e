"""The store's reports: every record of every learner, for the trainer dashboard and exports."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, select

from ._attempts import _summary
from ._engine import StoreCore
from ._learners import newest_details
from ._people import merged_into
from ._tables import (
    AttemptRow,
    CertificateRow,
    CompletionRow,
    LearnerRow,
    ResponseRow,
    SubmissionRow,
    certificate_of,
    completion_of,
    learner_of,
    with_details,
)
from ._values import AttemptRecord, CertificateRecord, Completion, Learner, QuizResponse

__all__ = ["ReportsMixin"]


class ReportsMixin(StoreCore):
    """Reading every learner, attempt, answer, completion and certificate at once.

    Reports follow merges: a learner record merged into another is not listed,
    and its attempts, answers, completions and certificates count as the other's.
    """

    def all_learners(self) -> list[Learner]:
        """Every learner, oldest first (records merged into another are left out)."""
        query = select(LearnerRow).order_by(LearnerRow.c.created_at, LearnerRow.c.id)

        def work(connection: Connection) -> list[Learner]:
            details, merged = newest_details(connection), merged_into(connection)
            return [
                with_details(details[row.id], learner_of(row))
                if row.id in details
                else learner_of(row)
                for row in connection.execute(query)
                if row.id not in merged
            ]

        return self._read(work)

    def all_attempts(self) -> list[AttemptRecord]:
        """Every attempt of every learner, oldest first (``pandas.DataFrame(rows)`` works)."""
        query = (
            select(AttemptRow, SubmissionRow)
            .outerjoin(SubmissionRow)
            .order_by(AttemptRow.c.started_at, AttemptRow.c.id)
        )

        def work(connection: Connection) -> list[AttemptRecord]:
            details, merged = newest_details(connection), merged_into(connection)
            names = {
                row.id: row.name
                for row in connection.execute(select(LearnerRow.c.id, LearnerRow.c.name))
            }
            records = []
            for row in connection.execute(query):
                person = merged.get(row.learner_id, row.learner_id)
                name = details[person].name if person in details else names[person]
                records.append(
                    AttemptRecord(learner_id=person, learner_name=name, **vars(_summary(row)))
                )
            return records

        return self._read(work)

    def all_responses_for_quiz(self, quiz_id: str) -> list[QuizResponse]:
        """The answer that counts to each question of each attempt at a post-test."""
        query = (
            select(
                ResponseRow, AttemptRow.c.learner_id, SubmissionRow.c.attempt_id.label("submitted")
            )
            .select_from(ResponseRow)
            .join(AttemptRow, AttemptRow.c.id == ResponseRow.c.attempt_id)
            .outerjoin(SubmissionRow, SubmissionRow.c.attempt_id == AttemptRow.c.id)
            .where(AttemptRow.c.quiz_id == quiz_id)
            .order_by(ResponseRow.c.at)
        )

        def work(connection: Connection) -> list[QuizResponse]:
            latest, merged = {}, merged_into(connection)
            for row in connection.execute(query):
                answer = json.loads(row.answer_json)
                latest[row.attempt_id, row.question_key] = QuizResponse(
                    row.attempt_id,
                    merged.get(row.learner_id, row.learner_id),
                    row.question_key,
                    answer,
                    row.at,
                    row.submitted is not None,
                )
            return [latest[key] for key in sorted(latest)]

        return self._read(work)

    def all_completions(self) -> list[Completion]:
        """Every completion, oldest first."""
        query = select(CompletionRow).order_by(CompletionRow.c.completed_at, CompletionRow.c.id)

        def work(connection: Connection) -> list[Completion]:
            merged, seen, completions = merged_into(connection), set(), []
            for row in connection.execute(query):
                person = merged.get(row.learner_id, row.learner_id)
                if (person, row.course_id) not in seen:
                    seen.add((person, row.course_id))
                    completions.append(replace(completion_of(row), learner_id=person))
            return completions

        return self._read(work)

    def all_certificates(self) -> list[CertificateRecord]:
        """Every certificate, oldest first, under the learner it now counts for."""
        query = select(CertificateRow).order_by(CertificateRow.c.issued_at, CertificateRow.c.id)

        def work(connection: Connection) -> list[CertificateRecord]:
            merged = merged_into(connection)
            return [
                replace(certificate_of(row), learner_id=merged.get(row.learner_id, row.learner_id))
                for row in connection.execute(query)
            ]

        return self._read(work)

    def submitted_results(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(attempt id, quiz id, stored result) of every submitted attempt."""
        query = select(AttemptRow.c.id, AttemptRow.c.quiz_id, SubmissionRow.c.result_json).join(
            SubmissionRow, SubmissionRow.c.attempt_id == AttemptRow.c.id
        )
        return self._read(
            lambda connection: [
                (attempt, quiz, json.loads(text))
                for attempt, quiz, text in connection.execute(query)
            ]
        )
