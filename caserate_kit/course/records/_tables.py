"""The course records tables (SQLAlchemy Core).

Every table is append-only: rows are inserted and never changed or deleted
(the first migration adds database triggers that refuse ``UPDATE`` and
``DELETE``). Record ids are made before the first try (UUIDs, or the short
ids of certificates), so a retried insert with the same id can be ignored
instead of doubled. Times are stored in UTC.

The tables are plain :class:`~sqlalchemy.Table` objects, without the ORM (which
would cost every page kernel about 6 MB); the store reads rows and turns each
into the frozen dataclass of :mod:`._values` it hands out (``learner_of(row)``...).
The migration ``migrations/versions/0001_initial.py`` creates the same tables;
``tests/course/records/test_migrations.py`` keeps the two equal.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Row,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

from ._values import (
    Attempt,
    CertificateRecord,
    Completion,
    Evaluation,
    Learner,
    LessonVisit,
    PracticeResult,
    Response,
    Submission,
)

__all__ = [
    "METADATA",
    "TABLES",
    "AttemptRow",
    "CertificateRow",
    "CompletionRow",
    "DeliveryRow",
    "EvaluationRow",
    "LearnerDetailsRow",
    "LearnerMergeRow",
    "LearnerRow",
    "LessonVisitRow",
    "LtiLaunchRow",
    "PasscodeFailureRow",
    "PersonalCodeRow",
    "PracticeRow",
    "ResponseRow",
    "SessionEndRow",
    "SessionRow",
    "SignInRefusalRow",
    "SigningKeyRow",
    "SubmissionRow",
    "UTCDateTime",
    "attempt_of",
    "certificate_of",
    "completion_of",
    "evaluation_of",
    "learner_of",
    "practice_of",
    "response_of",
    "submission_of",
    "visit_of",
    "with_details",
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


METADATA = MetaData(naming_convention=NAMING_CONVENTION)
"""Every records table (alembic compares the migrations with it)."""


def _id() -> Column[str]:
    return Column("id", String(ID_LENGTH), primary_key=True)


def _learner_id() -> Column[str]:
    return Column("learner_id", String(ID_LENGTH), ForeignKey("learners.id"), nullable=False)


def _text(name: str, length: int | None = None, *, null: bool = False) -> Column[str]:
    return Column(name, String(length) if length else Text(), nullable=null)


def _moment(name: str) -> Column[datetime]:
    return Column(name, UTCDateTime(), nullable=False)


LearnerRow = Table(
    "learners",
    METADATA,
    _id(),
    _text("name", 200),
    _text("email", 320, null=True),
    _text("license_number", 100, null=True),
    Column("external_id", String(200), unique=True, nullable=True),
    _moment("created_at"),
)
"""A person taking the course."""

LearnerDetailsRow = Table(
    "learner_details",
    METADATA,
    _id(),
    _learner_id(),
    _text("name", 200),
    _text("email", 320, null=True),
    _text("license_number", 100, null=True),
    _moment("at"),
    Index(None, "learner_id"),
)
"""A learner's name, email and license number as they corrected them; the newest counts."""

LessonVisitRow = Table(
    "lesson_visits",
    METADATA,
    _id(),
    _learner_id(),
    _text("lesson_id", 100),
    _text("event", 5),
    _moment("at"),
    CheckConstraint("event IN ('open', 'close')", name="event"),
    Index(None, "learner_id", "lesson_id"),
)
"""A lesson page opened or closed by a learner."""

AttemptRow = Table(
    "attempts",
    METADATA,
    _id(),
    _learner_id(),
    _text("quiz_id", 100),
    _text("bank_version", 100),
    Column("seed", BigInteger, nullable=False),
    _moment("started_at"),
    Index(None, "learner_id", "quiz_id"),
    Index(None, "quiz_id"),
)
"""One try at a post-test, with the question bank version and shuffle seed."""

ResponseRow = Table(
    "responses",
    METADATA,
    _id(),
    Column("attempt_id", String(ID_LENGTH), ForeignKey("attempts.id"), nullable=False),
    _text("question_key", 200),
    _text("answer_json"),
    _moment("at"),
    Index(None, "attempt_id", "question_key"),
)
"""An answer given during an attempt; the latest row per question wins."""

SubmissionRow = Table(
    "submissions",
    METADATA,
    Column("attempt_id", String(ID_LENGTH), ForeignKey("attempts.id"), primary_key=True),
    Column("score", Float, nullable=False),
    Column("passed", Boolean, nullable=False),
    _text("result_json"),
    _moment("submitted_at"),
    CheckConstraint("score >= 0 AND score <= 1", name="score"),
)
"""The scored end of an attempt (at most one per attempt)."""

EvaluationRow = Table(
    "evaluations",
    METADATA,
    _id(),
    _learner_id(),
    _text("course_id", 100),
    Column("objectives_met", Boolean, nullable=False),
    Column("relevance", Integer, nullable=False),
    _text("ratings_json"),
    _text("comments"),
    _moment("at"),
    CheckConstraint("relevance >= 1 AND relevance <= 5", name="relevance"),
    Index(None, "learner_id", "course_id"),
)
"""A learner's evaluation of a course."""

CompletionRow = Table(
    "completions",
    METADATA,
    _id(),
    _learner_id(),
    _text("course_id", 100),
    _moment("completed_at"),
    UniqueConstraint("learner_id", "course_id"),
)
"""The moment a learner completed a course (at most once per course)."""

CertificateRow = Table(
    "certificates",
    METADATA,
    _id(),
    Column("code", String(100), unique=True, nullable=False),
    _learner_id(),
    _text("course_id", 100),
    _moment("issued_at"),
    Column("completion_date", Date, nullable=False),
    Column("ce_hours", Float, nullable=False),
    _text("format", 10),
    _text("holder_name", 200, null=True),
    _text("holder_license", 100, null=True),
    _text("replaces", 100, null=True),
    CheckConstraint("format IN ('home study', 'live')", name="format"),
    CheckConstraint("ce_hours > 0", name="ce_hours"),
    Index(None, "learner_id"),
)
"""A CE certificate issued to a learner: the name and license number it was issued to are
frozen on it (``NULL`` on certificates issued before revision 0005); a correction is a new
certificate that ``replaces`` the code of the one it corrects."""

PersonalCodeRow = Table(
    "personal_codes",
    METADATA,
    _id(),
    _learner_id(),
    _text("code_hash", 200),
    _text("set_by", 20),
    _moment("at"),
    CheckConstraint("set_by IN ('sign-in', 'trainer')", name="set_by"),
    Index(None, "learner_id"),
)
"""A learner's personal code (its salted hash), shown at first sign-in or after a reset;
the newest counts."""

SessionRow = Table(
    "sessions",
    METADATA,
    _id(),
    _learner_id(),
    _moment("started_at"),
    _moment("expires_at"),
    Index(None, "learner_id"),
)
"""A sign-in: the page address carries its id (signed), until it expires or is ended."""

SessionEndRow = Table(
    "session_ends",
    METADATA,
    _id(),
    _learner_id(),
    Column("session_id", String(ID_LENGTH), ForeignKey("sessions.id"), nullable=True),
    _moment("at"),
    Index(None, "learner_id"),
    Index(None, "session_id"),
)
"""A sign-out: of one session, or (no session) of every session the learner started before."""

SignInRefusalRow = Table(
    "sign_in_refusals",
    METADATA,
    _id(),
    _text("email", 320),
    _moment("at"),
    Index(None, "email", "at"),
)
"""A returning sign-in refused for a wrong personal code (email in lower case)."""

LearnerMergeRow = Table(
    "learner_merges",
    METADATA,
    _id(),
    Column("learner_id", String(ID_LENGTH), ForeignKey("learners.id"), nullable=False, unique=True),
    Column("into_id", String(ID_LENGTH), ForeignKey("learners.id"), nullable=False),
    _text("by", 200),
    _moment("at"),
    CheckConstraint("learner_id <> into_id", name="not_itself"),
)
"""Two learner records found to be one person: ``learner_id``'s records count as ``into_id``'s."""

PracticeRow = Table(
    "practice_results",
    METADATA,
    _id(),
    _learner_id(),
    Column("score", Float, nullable=False),
    _text("result_json"),
    _moment("at"),
    CheckConstraint("score >= 0 AND score <= 1", name="score"),
    Index(None, "learner_id"),
)
"""A refresher taken after a pass: practice, never credit."""

PasscodeFailureRow = Table(
    "passcode_failures",
    METADATA,
    _id(),
    _text("client", 100),
    _moment("at"),
    Index(None, "client", "at"),
    Index(None, "at"),
)
"""A wrong trainer passcode, with the address (client) it came from."""

SigningKeyRow = Table(
    "signing_keys",
    METADATA,
    _id(),
    _text("fingerprint", 100),
    _moment("at"),
)
"""The fingerprint of the secret that signs links and certificates (the first counts)."""

LtiLaunchRow = Table(
    "lti_launches",
    METADATA,
    _id(),
    _text("external_id", 200),
    _text("issuer", 300),
    _text("client_id", 200),
    _text("deployment_id", 200),
    _text("lms_user_id", 300),
    _text("name", 200, null=True),
    _text("email", 320, null=True),
    _text("context_id", 300, null=True),
    _text("resource_link_id", 300, null=True),
    _text("lineitems_url", null=True),
    _text("scopes", null=True),
    _moment("at"),
    Index(None, "external_id", "at"),
)
"""A launch from the agency's LMS (LTI 1.3): who the learner is there, and where grades go."""

DeliveryRow = Table(
    "deliveries",
    METADATA,
    _id(),
    _text("destination", 20),
    _text("item", 200),
    Column("sent", Boolean, nullable=False),
    _text("detail", null=True),
    Column("next_try_at", UTCDateTime(), nullable=True),
    _moment("at"),
    Index(None, "destination", "item"),
    Index(None, "destination", "at"),
)
"""A try to send one record to the LMS or the LRS: sent, or what went wrong and when to retry."""

TABLES: tuple[str, ...] = tuple(METADATA.tables)
"""The names of every records table, in creation order."""


# Rows as the store hands them out ---------------------------------------------


def learner_of(row: Row[Any]) -> Learner:
    """The learner of a ``learners`` row."""
    return Learner(row.id, row.name, row.email, row.license_number, row.external_id, row.created_at)


def with_details(row: Row[Any], learner: Learner) -> Learner:
    """``learner`` with the name, email and license number of a ``learner_details`` row."""
    return replace(learner, name=row.name, email=row.email, license_number=row.license_number)


def visit_of(row: Row[Any]) -> LessonVisit:
    """The visit of a ``lesson_visits`` row."""
    return LessonVisit(row.id, row.learner_id, row.lesson_id, row.event, row.at)


def attempt_of(row: Row[Any]) -> Attempt:
    """The attempt of an ``attempts`` row."""
    return Attempt(row.id, row.learner_id, row.quiz_id, row.bank_version, row.seed, row.started_at)


def response_of(row: Row[Any]) -> Response:
    """The answer of a ``responses`` row."""
    return Response(row.id, row.attempt_id, row.question_key, json.loads(row.answer_json), row.at)


def submission_of(row: Row[Any]) -> Submission:
    """The submission of a ``submissions`` row."""
    return Submission(
        row.attempt_id, row.score, row.passed, json.loads(row.result_json), row.submitted_at
    )


def practice_of(row: Row[Any]) -> PracticeResult:
    """The practice result of a ``practice_results`` row."""
    return PracticeResult(row.id, row.learner_id, row.score, json.loads(row.result_json), row.at)


def evaluation_of(row: Row[Any]) -> Evaluation:
    """The evaluation of an ``evaluations`` row."""
    return Evaluation(
        row.id,
        row.learner_id,
        row.course_id,
        row.objectives_met,
        row.relevance,
        json.loads(row.ratings_json),
        row.comments,
        row.at,
    )


def completion_of(row: Row[Any]) -> Completion:
    """The completion of a ``completions`` row."""
    return Completion(row.id, row.learner_id, row.course_id, row.completed_at)


def certificate_of(row: Row[Any]) -> CertificateRecord:
    """The certificate of a ``certificates`` row."""
    return CertificateRecord(
        row.id,
        row.code,
        row.learner_id,
        row.course_id,
        row.issued_at,
        row.completion_date,
        row.ce_hours,
        row.format,
        row.holder_name,
        row.holder_license,
        row.replaces,
    )
