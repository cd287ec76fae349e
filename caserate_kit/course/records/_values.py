"""The frozen values that the course records store hands back.

The store never hands out database rows: it returns these frozen dataclasses
(``Learner``, ``Attempt``, ...; made from each row by :mod:`._tables`), which
pandas turns into a table with ``pandas.DataFrame(rows)``.

The tables themselves are in :mod:`._tables`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

__all__ = [
    "Answer",
    "Attempt",
    "AttemptRecord",
    "AttemptSummary",
    "BestResult",
    "CertificateRecord",
    "Completion",
    "CompletionStatus",
    "Delivery",
    "Evaluation",
    "Learner",
    "LessonVisit",
    "LtiLaunch",
    "PracticeResult",
    "QuizResponse",
    "Response",
    "SessionState",
    "Submission",
]


Answer = str | list[str] | None
"""An answer as the quiz records it: a choice, several choices, or none."""


@dataclass(frozen=True)
class Learner:
    """A person taking the course."""

    id: str
    name: str
    email: str | None
    license_number: str | None
    external_id: str | None
    created_at: datetime


@dataclass(frozen=True)
class SessionState:
    """Whose sign-in a session is, and whether it holds.

    ``state`` is ``"valid"``, ``"expired"``, ``"ended"`` (signed out) or
    ``"unknown"`` (then ``learner`` is ``None``).
    """

    learner: Learner | None
    state: str


@dataclass(frozen=True)
class LessonVisit:
    """A lesson opened (``event="open"``) or closed (``"close"``)."""

    id: str
    learner_id: str
    lesson_id: str
    event: str
    at: datetime


@dataclass(frozen=True)
class Attempt:
    """One try at a post-test."""

    id: str
    learner_id: str
    quiz_id: str
    bank_version: str
    seed: int
    started_at: datetime


@dataclass(frozen=True)
class Response:
    """An answer given during an attempt."""

    id: str
    attempt_id: str
    question_key: str
    answer: Answer
    at: datetime


@dataclass(frozen=True)
class Submission:
    """The scored end of an attempt; ``score`` is a fraction from 0 to 1."""

    attempt_id: str
    score: float
    passed: bool
    result: Mapping[str, object]
    submitted_at: datetime


@dataclass(frozen=True)
class PracticeResult:
    """A refresher the learner took: practice, kept apart from every score that counts."""

    id: str
    learner_id: str
    score: float
    result: Mapping[str, object]
    at: datetime


@dataclass(frozen=True)
class AttemptSummary:
    """An attempt with its result; the result fields are ``None`` until it is submitted."""

    attempt_id: str
    quiz_id: str
    bank_version: str
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    passed: bool | None


@dataclass(frozen=True)
class BestResult:
    """A learner's standing on one post-test.

    ``attempts`` counts submitted attempts. ``first_passed_at`` is the first
    passing submission: a pass is kept even after a worse retake.
    """

    best_score: float | None
    attempts: int
    first_passed_at: datetime | None

    @property
    def passed(self) -> bool:
        """Whether any attempt passed."""
        return self.first_passed_at is not None


@dataclass(frozen=True)
class Evaluation:
    """A learner's evaluation of a course (ratings from 1 to 5)."""

    id: str
    learner_id: str
    course_id: str
    objectives_met: bool
    relevance: int
    ratings: Mapping[str, int]
    comments: str
    at: datetime


@dataclass(frozen=True)
class CompletionStatus:
    """What a learner has done towards a course; ``complete`` when all three are done."""

    visited: bool
    passed: bool
    evaluated: bool

    @property
    def complete(self) -> bool:
        """Whether the lesson was visited, the post-test passed and the evaluation given."""
        return self.visited and self.passed and self.evaluated


@dataclass(frozen=True)
class Completion:
    """The moment a learner completed a course."""

    id: str
    learner_id: str
    course_id: str
    completed_at: datetime


@dataclass(frozen=True)
class CertificateRecord:
    """A CE certificate as recorded (``format`` is ``"home study"`` or ``"live"``).

    ``holder_name`` and ``holder_license`` are the name and license number it was
    issued to (None on certificates issued before they were kept: those print the
    learner's details); ``replaces`` is the code of the certificate it corrects.
    """

    id: str
    code: str
    learner_id: str
    course_id: str
    issued_at: datetime
    completion_date: date
    ce_hours: float
    format: str
    holder_name: str | None = None
    holder_license: str | None = None
    replaces: str | None = None


@dataclass(frozen=True)
class AttemptRecord:
    """One attempt of any learner, for the trainer dashboard and the reports."""

    attempt_id: str
    learner_id: str
    learner_name: str
    quiz_id: str
    bank_version: str
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    passed: bool | None


@dataclass(frozen=True)
class QuizResponse:
    """The answer that counts (the latest) to one question of one attempt."""

    attempt_id: str
    learner_id: str
    question_key: str
    answer: Answer
    answered_at: datetime
    submitted: bool


@dataclass(frozen=True)
class LtiLaunch:
    """A launch from the agency's LMS (LTI 1.3), as the course keeps it.

    ``external_id`` is the learner's user name on the course server (the
    JupyterHub user); ``lms_user_id`` is the LMS's own id for them (the launch's
    ``sub``), which grades are sent back to. ``lineitems_url`` is the address of
    the course's grade columns (absent when the LMS offers no grade service).
    """

    id: str
    external_id: str
    issuer: str
    client_id: str
    deployment_id: str
    lms_user_id: str
    name: str | None
    email: str | None
    context_id: str | None
    resource_link_id: str | None
    lineitems_url: str | None
    scopes: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class Delivery:
    """One try to send a record (``item``) to a ``destination`` (``"lms"`` or ``"lrs"``).

    ``detail`` says what went wrong (or what the other side answered);
    ``next_try_at`` is when a failed try is to be repeated.
    """

    id: str
    destination: str
    item: str
    sent: bool
    detail: str | None
    next_try_at: datetime | None
    at: datetime
