"""The course records tables (SQLAlchemy 2 ORM).

Every table is append-only: rows are inserted and never changed or deleted
(the first migration adds database triggers that refuse ``UPDATE`` and
``DELETE``). Record ids are made before the first try (UUIDs, or the short
ids of certificates), so a retried insert with the same id can be ignored
instead of doubled. Times are stored in UTC.

The migration ``migrations/versions/0001_initial.py`` creates the same
tables; ``tests/course/test_migrations.py`` keeps the two equal. Each row's
``value()`` is the frozen dataclass of :mod:`._records` that the store hands out.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ._records import (
    Attempt,
    CertificateRecord,
    Completion,
    Evaluation,
    Learner,
    LessonVisit,
    Response,
    Submission,
)

__all__ = [
    "TABLES",
    "AttemptRow",
    "Base",
    "CertificateRow",
    "CompletionRow",
    "EvaluationRow",
    "LearnerDetailsRow",
    "LearnerRow",
    "LessonVisitRow",
    "ResponseRow",
    "SubmissionRow",
    "UTCDateTime",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 36  # a UUID written as text


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time, stored in UTC and always read back with ``tzinfo=UTC``.

    Times without a time zone are refused: they are ambiguous.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC (SQLite stores it without the zone)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"a time without a time zone cannot be stored: {value!r}")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        """Read back as an aware UTC time."""
        if value is None:
            return None
        moment: datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of the course records."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _id() -> Mapped[str]:
    return mapped_column(String(ID_LENGTH), primary_key=True)


def _learner_id() -> Mapped[str]:
    return mapped_column(String(ID_LENGTH), ForeignKey("learners.id"))


class LearnerRow(Base):
    """A person taking the course."""

    __tablename__ = "learners"

    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    license_number: Mapped[str | None] = mapped_column(String(100))
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def value(self) -> Learner:
        """The frozen value of this row."""
        return Learner(
            self.id, self.name, self.email, self.license_number, self.external_id, self.created_at
        )


class LearnerDetailsRow(Base):
    """A learner's name, email and license number as they corrected them; the newest counts."""

    __tablename__ = "learner_details"
    __table_args__ = (Index(None, "learner_id"),)

    id: Mapped[str] = _id()
    learner_id: Mapped[str] = _learner_id()
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    license_number: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    def applied_to(self, learner: Learner) -> Learner:
        """``learner`` with these details."""
        return replace(
            learner, name=self.name, email=self.email, license_number=self.license_number
        )


class LessonVisitRow(Base):
    """A lesson page opened or closed by a learner."""

    __tablename__ = "lesson_visits"
    __table_args__ = (
        CheckConstraint("event IN ('open', 'close')", name="event"),
        Index(None, "learner_id", "lesson_id"),
    )

    id: Mapped[str] = _id()
    learner_id: Mapped[str] = _learner_id()
    lesson_id: Mapped[str] = mapped_column(String(100))
    event: Mapped[str] = mapped_column(String(5))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    def value(self) -> LessonVisit:
        """The frozen value of this row."""
        return LessonVisit(self.id, self.learner_id, self.lesson_id, self.event, self.at)


class AttemptRow(Base):
    """One try at a post-test, with the question bank version and shuffle seed."""

    __tablename__ = "attempts"
    __table_args__ = (Index(None, "learner_id", "quiz_id"), Index(None, "quiz_id"))

    id: Mapped[str] = _id()
    learner_id: Mapped[str] = _learner_id()
    quiz_id: Mapped[str] = mapped_column(String(100))
    bank_version: Mapped[str] = mapped_column(String(100))
    seed: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def value(self) -> Attempt:
        """The frozen value of this row."""
        return Attempt(
            self.id, self.learner_id, self.quiz_id, self.bank_version, self.seed, self.started_at
        )


class ResponseRow(Base):
    """An answer given during an attempt; the latest row per question wins."""

    __tablename__ = "responses"
    __table_args__ = (Index(None, "attempt_id", "question_key"),)

    id: Mapped[str] = _id()
    attempt_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("attempts.id"))
    question_key: Mapped[str] = mapped_column(String(200))
    answer_json: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    def value(self) -> Response:
        """The frozen value of this row."""
        answer = json.loads(self.answer_json)
        return Response(self.id, self.attempt_id, self.question_key, answer, self.at)


class SubmissionRow(Base):
    """The scored end of an attempt (at most one per attempt)."""

    __tablename__ = "submissions"
    __table_args__ = (CheckConstraint("score >= 0 AND score <= 1", name="score"),)

    attempt_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("attempts.id"), primary_key=True
    )
    score: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    result_json: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def value(self) -> Submission:
        """The frozen value of this row."""
        result = json.loads(self.result_json)
        return Submission(self.attempt_id, self.score, self.passed, result, self.submitted_at)


class EvaluationRow(Base):
    """A learner's evaluation of a course."""

    __tablename__ = "evaluations"
    __table_args__ = (
        CheckConstraint("relevance >= 1 AND relevance <= 5", name="relevance"),
        Index(None, "learner_id", "course_id"),
    )

    id: Mapped[str] = _id()
    learner_id: Mapped[str] = _learner_id()
    course_id: Mapped[str] = mapped_column(String(100))
    objectives_met: Mapped[bool] = mapped_column(Boolean)
    relevance: Mapped[int] = mapped_column(Integer)
    ratings_json: Mapped[str] = mapped_column(Text)
    comments: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    def value(self) -> Evaluation:
        """The frozen value of this row."""
        return Evaluation(
            self.id, self.learner_id, self.course_id, self.objectives_met, self.relevance,
            json.loads(self.ratings_json), self.comments, self.at,
        )


class CompletionRow(Base):
    """The moment a learner completed a course (at most once per course)."""

    __tablename__ = "completions"
    __table_args__ = (UniqueConstraint("learner_id", "course_id"),)

    id: Mapped[str] = _id()
    learner_id: Mapped[str] = _learner_id()
    course_id: Mapped[str] = mapped_column(String(100))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def value(self) -> Completion:
        """The frozen value of this row."""
        return Completion(self.id, self.learner_id, self.course_id, self.completed_at)


class CertificateRow(Base):
    """A CE certificate issued to a learner."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint("format IN ('home study', 'live')", name="format"),
        CheckConstraint("ce_hours > 0", name="ce_hours"),
        Index(None, "learner_id"),
    )

    id: Mapped[str] = _id()
    code: Mapped[str] = mapped_column(String(100), unique=True)
    learner_id: Mapped[str] = _learner_id()
    course_id: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completion_date: Mapped[date] = mapped_column(Date)
    ce_hours: Mapped[float] = mapped_column(Float)
    format: Mapped[str] = mapped_column(String(10))

    def value(self) -> CertificateRecord:
        """The frozen value of this row."""
        return CertificateRecord(
            self.id, self.code, self.learner_id, self.course_id, self.issued_at,
            self.completion_date, self.ce_hours, self.format,
        )


TABLES: tuple[str, ...] = tuple(Base.metadata.tables)
"""The names of every records table, in creation order."""


