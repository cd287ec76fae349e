"""The store's course evaluations, completions and CE certificates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from ..._exceptions import InvalidInputError
from .._names import STORED_NAME_LIMIT
from ._checks import (
    _boolean,
    _json,
    _moment,
    _new_id,
    _now,
    _number,
    _optional,
    _rating,
    _required,
)
from ._engine import StoreCore, _get, _get_one, _insert_new, _require
from ._errors import DuplicateRecordError
from ._learners import current_learner
from ._people import same_person
from ._tables import (
    AttemptRow,
    CertificateRow,
    CompletionRow,
    EvaluationRow,
    LearnerRow,
    SubmissionRow,
    certificate_of,
    completion_of,
    evaluation_of,
)
from ._values import CertificateRecord, Completion, CompletionStatus, Evaluation

__all__ = ["CompletionsMixin"]


class CompletionsMixin(StoreCore):
    """Recording and reading evaluations, completions and certificates."""

    if TYPE_CHECKING:  # given by LearnersMixin, next to it in Store

        def visited(self, learner_id: str, lesson_id: str) -> bool:
            """Whether the learner ever opened the lesson."""

    # Evaluations and completions -------------------------------------------

    def record_evaluation(
        self,
        learner_id: str,
        course_id: str,
        objectives_met: bool,
        relevance: int,
        ratings: Mapping[str, int],
        comments: str = "",
        *,
        evaluation_id: str | None = None,
    ) -> Evaluation:
        """Record a learner's evaluation of a course; ``relevance`` and ratings run from 1 to 5."""
        if not isinstance(comments, str) or len(comments) > 10_000:
            reason = "must be text of at most 10,000 characters"
            raise InvalidInputError("comments", comments, reason)
        checked = {
            _required("ratings", key, 200): _rating(f"ratings[{key!r}]", value)
            for key, value in dict(ratings).items()
        }
        values = {
            "id": evaluation_id or _new_id(),
            "learner_id": learner_id,
            "course_id": _required("course_id", course_id),
            "objectives_met": _boolean("objectives_met", objectives_met),
            "relevance": _rating("relevance", relevance),
            "ratings_json": _json("ratings", checked),
            "comments": comments.strip(),
            "at": _now(),
        }

        def work(connection: Connection) -> Evaluation:
            _require(connection, LearnerRow, learner_id, "learner_id")
            _insert_new(connection, EvaluationRow, **values)
            return evaluation_of(_get_one(connection, EvaluationRow, str(values["id"])))

        return self._write(work)

    def has_evaluation(self, learner_id: str, course_id: str) -> bool:
        """Whether the learner has evaluated the course."""
        rows = EvaluationRow.c
        query = select(rows.id).where(rows.course_id == course_id)
        return self._person_exists(query, rows.learner_id, learner_id)

    def completion_status(
        self, learner_id: str, course_id: str, lesson_id: str, quiz_id: str
    ) -> CompletionStatus:
        """What the learner has done towards a course: visited, passed, evaluated."""
        passed = (
            select(SubmissionRow.c.attempt_id)
            .join(AttemptRow)
            .where(AttemptRow.c.quiz_id == quiz_id, SubmissionRow.c.passed.is_(True))
        )
        return CompletionStatus(
            visited=self.visited(learner_id, lesson_id),
            passed=self._person_exists(passed, AttemptRow.c.learner_id, learner_id),
            evaluated=self.has_evaluation(learner_id, course_id),
        )

    def record_completion(
        self,
        learner_id: str,
        course_id: str,
        completed_at: datetime | None = None,
        *,
        completion_id: str | None = None,
    ) -> Completion:
        """Record that a learner completed a course; only the first completion is kept
        (the first of the person's, when learner records were merged)."""
        values = {
            "id": completion_id or _new_id(),
            "learner_id": learner_id,
            "course_id": _required("course_id", course_id),
            "completed_at": _moment("completed_at", completed_at),
        }
        done = CompletionRow.c
        theirs = (
            select(CompletionRow)
            .where(done.course_id == values["course_id"])
            .order_by(done.completed_at, done.id)
        )

        def work(connection: Connection) -> Completion:
            _require(connection, LearnerRow, learner_id, "learner_id")
            query = self._of_person(connection, theirs, done.learner_id, learner_id)
            first = connection.execute(query).first()
            if first is not None:
                return completion_of(first)
            _insert_new(connection, CompletionRow, **values)
            stored = connection.execute(query).first()
            assert stored is not None  # inserted just above, or by a racing writer
            return completion_of(stored)

        return self._write(work)

    def completion(self, learner_id: str, course_id: str) -> Completion | None:
        """The learner's completion of the course, or ``None``."""
        done = CompletionRow.c
        query = (
            select(CompletionRow)
            .where(done.course_id == course_id)
            .order_by(done.completed_at, done.id)
        )
        return self._person_first(query, done.learner_id, learner_id, completion_of)

    # Certificates -----------------------------------------------------------

    def record_certificate(
        self,
        learner_id: str,
        course_id: str,
        code: str,
        completion_date: date,
        ce_hours: float,
        format: str = "home study",
        *,
        certificate_id: str | None = None,
        issued_at: datetime | None = None,
        holder_name: str | None = None,
        holder_license: str | None = None,
        replaces: str | None = None,
    ) -> CertificateRecord:
        """Record an issued CE certificate, with the name and license number it is issued to.

        A learner holds one certificate per course, so asking again (even from two
        tabs at the same moment) returns the one they hold. A correction is a new
        certificate that ``replaces`` the code of the one they hold; if that one was
        already replaced, the one that replaced it is returned.

        ``holder_name`` and ``holder_license`` are frozen on the certificate; without
        ``holder_name`` both are the learner's details at this moment.

        Raises
        ------
        DuplicateRecordError
            If the id or the code already belongs to a different certificate.
        InvalidInputError
            If ``replaces`` is not the code of one of the learner's certificates of the course.
        """
        if format not in ("home study", "live"):
            raise InvalidInputError("format", format, "must be 'home study' or 'live'")
        if isinstance(completion_date, datetime) or not isinstance(completion_date, date):
            raise InvalidInputError("completion_date", completion_date, "must be a date")
        record = CertificateRecord(
            _required("certificate_id", certificate_id or _new_id(), 36),
            _required("code", code),
            learner_id,
            _required("course_id", course_id),
            _moment("issued_at", issued_at),
            completion_date,
            _number("ce_hours", ce_hours, 0.01, 100, "must be more than 0 and at most 100"),
            format,
            _optional("holder_name", holder_name, STORED_NAME_LIMIT),
            _optional("holder_license", holder_license, 100),
            _optional("replaces", replaces, 100),
        )
        by_code = select(CertificateRow).where(CertificateRow.c.code == record.code)
        # Locking the learner's row (PostgreSQL; SQLite writers queue anyway) makes two
        # tabs issuing the same certificate at once take turns: the second finds the first.
        learner = select(LearnerRow.c.id).where(LearnerRow.c.id == learner_id).with_for_update()
        mine = CertificateRow.c

        def work(connection: Connection) -> CertificateRecord:
            connection.execute(learner)
            _require(connection, LearnerRow, learner_id, "learner_id")
            person = same_person(connection, learner_id)
            issued = select(CertificateRow).where(
                mine.learner_id.in_(person), mine.course_id == record.course_id
            )
            held = [certificate_of(row) for row in connection.execute(issued.order_by(*_ISSUED))]
            if record.replaces is not None and record.replaces not in {c.code for c in held}:
                reason = "is not the code of one of this learner's certificates of the course"
                raise InvalidInputError("replaces", record.replaces, reason)
            current = _current(held)
            if current and current[-1].code != record.replaces:
                return current[-1]  # the one they hold (already corrected, if asked to correct)
            holder = _with_holder(connection, record, person[0])
            _insert_new(connection, CertificateRow, **vars(holder))
            stored = connection.execute(by_code).first()
            if stored is None:
                reason = "is already used by another certificate; draw a new one"
                raise DuplicateRecordError("certificate_id", record.id, reason)
            if stored.learner_id not in person or stored.course_id != record.course_id:
                raise DuplicateRecordError("code", code, "already belongs to another certificate")
            return certificate_of(stored)

        return self._write(work)

    def find_certificate(self, code: str) -> CertificateRecord | None:
        """The certificate with this code (to verify one), or ``None``."""
        query = select(CertificateRow).where(CertificateRow.c.code == code.strip())
        return self._first(query, certificate_of)

    def replacement_of(self, code: str) -> CertificateRecord | None:
        """The certificate that replaced the one with this code, or ``None``."""
        query = select(CertificateRow).where(CertificateRow.c.replaces == code.strip())
        return self._first(query.order_by(*_ISSUED), certificate_of)

    def certificates_for(self, learner_id: str) -> list[CertificateRecord]:
        """The certificates a learner holds, one per course (the newest: a correction
        replaces the one before), oldest first; those of records merged into theirs too.
        The records keep the replaced ones (:meth:`find_certificate` finds them)."""
        query = select(CertificateRow).order_by(*_ISSUED)
        every = self._person_all(query, CertificateRow.c.learner_id, learner_id, certificate_of)
        return _current(every)


_ISSUED = (CertificateRow.c.issued_at, CertificateRow.c.id)
"""Certificates in the order they were issued."""


def _current(records: list[CertificateRecord]) -> list[CertificateRecord]:
    """Of certificates in the order issued, the newest of each course not replaced by another."""
    replaced = {record.replaces for record in records}
    newest = {r.course_id: r for r in records if r.code not in replaced}
    return [record for record in records if newest.get(record.course_id) is record]


def _with_holder(
    connection: Connection, record: CertificateRecord, person_id: str
) -> CertificateRecord:
    """The certificate with its holder: the one given, else the person's details now."""
    if record.holder_name is not None:
        return record
    person = current_learner(connection, _get(connection, LearnerRow, person_id))
    assert person is not None  # the person's own record, or the one merged into
    return replace(record, holder_name=person.name, holder_license=person.license_number)
