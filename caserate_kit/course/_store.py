"""The course records store: learners, lesson visits, post-test attempts, evaluations, certificates.

>>> store = Store("sqlite://")
>>> ada = store.add_learner("Ada Byron", email="ada@example.org")
>>> attempt = store.start_attempt(ada.id, "posttest-1", bank_version="v1", seed=7)
>>> _ = store.record_response(attempt.id, "q1", "b")
>>> store.submit_attempt(attempt.id, score=0.9, passed=True, result={}).passed
True
>>> store.best_result(ada.id, "posttest-1").best_score
0.9
>>> store.close()

Every write can be repeated safely: ids are made before the first try, and a
row whose id is already stored is ignored. So a read or write that meets a
busy or unreachable database is simply tried again, a few times, after a
growing pause; ``on_retry`` hears of each pause, and
:class:`StoreUnavailableError` ends the last. The records are append-only.
"""

from __future__ import annotations

import json
import math
import random
import re
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from sqlalchemy import Connection, Engine, Select, create_engine, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from .._exceptions import CaseRateKitError, InvalidInputError, OutOfRangeError
from . import _paths
from ._records import (
    Answer,
    Attempt,
    AttemptRecord,
    AttemptRow,
    AttemptSummary,
    Base,
    BestResult,
    CertificateRecord,
    CertificateRow,
    Completion,
    CompletionRow,
    CompletionStatus,
    Evaluation,
    EvaluationRow,
    Learner,
    LearnerRow,
    LessonVisit,
    LessonVisitRow,
    QuizResponse,
    Response,
    ResponseRow,
    Submission,
    SubmissionRow,
)
from .migrations import at_head, upgrade_to_head

__all__ = [
    "AttemptSubmittedError",
    "DuplicateRecordError",
    "RetryCallback",
    "Store",
    "StoreUnavailableError",
    "UnknownRecordError",
]

V = TypeVar("V")
RetryCallback = Callable[[int, float], None]
"""Called before each pause with the number of the failed try and the pause in seconds."""

SQLITE_BUSY_TIMEOUT_MS = 30_000
_WRITE = "caserate_write"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class StoreUnavailableError(CaseRateKitError):
    """The records database stayed busy or unreachable after every try."""

    def __init__(self, tries: int) -> None:
        self.tries = tries
        super().__init__(
            f"The course records cannot be reached right now (tried {tries} times). "
            "Please wait a minute and try again; if it keeps happening, tell your trainer."
        )


class UnknownRecordError(InvalidInputError, LookupError):
    """An id that matches no stored learner or attempt."""


class AttemptSubmittedError(InvalidInputError):
    """An answer sent for an attempt that was already submitted."""


class DuplicateRecordError(InvalidInputError):
    """An id or code already used by a different record (draw a new one)."""


# Checking what callers send --------------------------------------------------


def _new_id() -> str:
    return str(uuid.uuid4())


def _now() -> datetime:
    return datetime.now(UTC)


def _required(field: str, value: object, limit: int = 100) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(field, value, "must be text")
    text = value.strip()
    if not text:
        raise InvalidInputError(field, value, "must not be empty")
    if len(text) > limit:
        raise InvalidInputError(field, value, f"must be at most {limit} characters long")
    return text


def _optional(field: str, value: object, limit: int) -> str | None:
    """Blank or missing text is ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _required(field, value, limit)


def _moment(field: str, value: datetime | None) -> datetime:
    if value is None:
        return _now()
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidInputError(field, value, "must be a date and time with a time zone")
    return value.astimezone(UTC)


def _boolean(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(field, value, "must be True or False")
    return value


def _number(field: str, value: object, low: float, high: float, reason: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OutOfRangeError(field, value, reason)
    number = float(value)
    if not (math.isfinite(number) and low <= number <= high):
        raise OutOfRangeError(field, value, reason)
    return number


def _rating(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise OutOfRangeError(field, value, "must be a whole number from 1 to 5")
    return value


def _answer(value: object) -> Answer:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise InvalidInputError("answer", value, "must be text, a list of texts, or None")


def _json(field: str, value: object) -> str:
    try:
        return json.dumps(value, sort_keys=True, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        reason = "must hold only text, numbers, lists and dicts"
        raise InvalidInputError(field, value, reason) from error


def _time_spent(visits: list[tuple[datetime, str]]) -> timedelta:
    total, opened = timedelta(), None
    for at, kind in sorted(visits, key=lambda visit: (visit[0], visit[1] == "open")):
        if opened is not None:
            total += at - opened
        opened = at if kind == "open" else None
    return total


# Connecting ----------------------------------------------------------------


def _prepare_sqlite(dbapi_connection: Any, _record: object) -> None:
    """Set the pragmas on every new SQLite connection; SQLAlchemy opens the transactions."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    """Writers take the write lock up front, so that they queue instead of failing."""
    write = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    if backend != "sqlite":
        shown = parsed.render_as_string(hide_password=True)
        raise InvalidInputError("url", shown, "must be a SQLite or PostgreSQL database URL")
    file = parsed.database or ""
    if file not in ("", ":memory:") and not file.startswith("file:"):
        Path(file).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed)
    event.listen(engine, "connect", _prepare_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _is_transient(error: DBAPIError, dialect: str) -> bool:
    if error.connection_invalidated:
        return True
    if dialect == "sqlite":
        message = str(error.orig).lower()
        return "locked" in message or "busy" in message
    return isinstance(error, OperationalError)  # lost connections, deadlocks, server restarts


def _insert_new(session: Session, row: type[Base], **values: object) -> None:
    """Insert a row, or nothing if its id (or another unique key) is already stored."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(postgresql.insert(row).values(**values).on_conflict_do_nothing())
    else:
        session.execute(sqlite.insert(row).values(**values).on_conflict_do_nothing())


def _require(session: Session, row: type[Base], key: str, field: str) -> None:
    if session.get(row, key) is None:
        raise UnknownRecordError(field, key, "does not match any stored record")


def _summary(attempt: AttemptRow, submission: SubmissionRow | None) -> AttemptSummary:
    if submission is None:
        return AttemptSummary(
            attempt.id, attempt.quiz_id, attempt.bank_version, attempt.started_at, None, None, None
        )
    return AttemptSummary(
        attempt.id, attempt.quiz_id, attempt.bank_version, attempt.started_at,
        submission.submitted_at, submission.score, submission.passed,
    )  # fmt: skip


class Store:
    """The course records, in a SQLite file or a PostgreSQL database.

    Opening a store brings its database to the newest schema (safe when many
    processes open it at once). Methods return frozen dataclasses.

    Parameters
    ----------
    url
        A SQLAlchemy URL; by default :func:`~caserate_kit.course._paths.database_url`.
    on_retry
        Called with (try number, pause in seconds) before each pause when the
        database is busy or unreachable, so a page can show "Saving… retrying".
        It may also be set later: ``store.on_retry = show``.
    tries
        How many tries before :class:`StoreUnavailableError` is raised.
    first_pause
        The first pause in seconds; each later pause doubles (with jitter).
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        on_retry: RetryCallback | None = None,
        tries: int = 5,
        first_pause: float = 0.1,
    ) -> None:
        self.url = url or _paths.database_url()
        self.on_retry = on_retry
        self._tries = max(1, tries)
        self._first_pause = first_pause
        self._engine = _create_engine(self.url)
        self._writer = self._engine.execution_options(**{_WRITE: True})
        try:
            if not self._read(lambda session: at_head(session.connection())):
                self._write(lambda session: upgrade_to_head(session.connection()))
        except BaseException:
            self._engine.dispose()
            raise

    def describe(self) -> str:
        """Where the records are kept, for printing at start (passwords hidden)."""
        parsed = make_url(self.url)
        if parsed.get_backend_name() != "sqlite":
            return f"PostgreSQL database {unquote(parsed.render_as_string(hide_password=True))}"
        if parsed.database in (None, "", ":memory:"):
            return "SQLite in memory (the records are lost when the course stops)"
        return f"SQLite file {Path(str(parsed.database)).expanduser().resolve()}"

    def close(self) -> None:
        """Close every connection to the database."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.describe()!r})"

    # Running work, with retries --------------------------------------------

    def _run(self, engine: Engine, work: Callable[[Session], V]) -> V:
        for attempt in range(1, self._tries + 1):
            try:
                with Session(engine, expire_on_commit=False) as session, session.begin():
                    return work(session)
            except DBAPIError as error:
                if not _is_transient(error, engine.dialect.name):
                    raise
                if attempt == self._tries:
                    raise StoreUnavailableError(attempt) from error
            pause = self._first_pause * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)
            if self.on_retry is not None:
                self.on_retry(attempt, pause)
            time.sleep(pause)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, work: Callable[[Session], V]) -> V:
        return self._run(self._engine, work)

    def _write(self, work: Callable[[Session], V]) -> V:
        return self._run(self._writer, work)

    def _first(self, query: Select[Any], value: Callable[[Any], V]) -> V | None:
        def work(session: Session) -> V | None:
            row = session.scalars(query.limit(1)).first()
            return None if row is None else value(row)

        return self._read(work)

    def _all(self, query: Select[Any], value: Callable[[Any], V]) -> list[V]:
        return self._read(lambda session: [value(row) for row in session.scalars(query)])

    def _exists(self, query: Select[Any]) -> bool:
        return self._first(query, lambda _row: True) is not None

    # Learners ---------------------------------------------------------------

    def add_learner(
        self,
        name: str,
        email: str | None = None,
        license_number: str | None = None,
        external_id: str | None = None,
        *,
        learner_id: str | None = None,
    ) -> Learner:
        """Record a learner; if ``external_id`` is already known, that learner is returned."""
        values = {
            "id": learner_id or _new_id(),
            "name": _required("name", name, 200),
            "email": _optional("email", email, 320),
            "license_number": _optional("license_number", license_number, 100),
            "external_id": _optional("external_id", external_id, 200),
            "created_at": _now(),
        }
        if values["email"] is not None and not _EMAIL.fullmatch(str(values["email"])):
            raise InvalidInputError("email", email, "must look like name@example.org")
        same_external = select(LearnerRow).where(LearnerRow.external_id == values["external_id"])

        def work(session: Session) -> Learner:
            _insert_new(session, LearnerRow, **values)
            row = session.get(LearnerRow, values["id"]) or session.scalars(same_external).one()
            return row.value()

        return self._write(work)

    def get_learner(self, learner_id: str) -> Learner | None:
        """The learner with this id, or ``None``."""
        return self._first(select(LearnerRow).where(LearnerRow.id == learner_id), LearnerRow.value)

    def find_learner_by_external_id(self, external_id: str) -> Learner | None:
        """The learner known by this external id (a JupyterHub user name), or ``None``."""
        query = select(LearnerRow).where(LearnerRow.external_id == external_id)
        return self._first(query, LearnerRow.value)

    def all_learners(self) -> list[Learner]:
        """Every learner, oldest first."""
        query = select(LearnerRow).order_by(LearnerRow.created_at, LearnerRow.id)
        return self._all(query, LearnerRow.value)

    # Lesson visits ----------------------------------------------------------

    def record_visit(
        self,
        learner_id: str,
        lesson_id: str,
        event: str,
        at: datetime | None = None,
        *,
        visit_id: str | None = None,
    ) -> LessonVisit:
        """Record that a lesson was opened (``"open"``) or closed (``"close"``)."""
        if event not in ("open", "close"):
            raise InvalidInputError("event", event, "must be 'open' or 'close'")
        lesson, moment = _required("lesson_id", lesson_id), _moment("at", at)
        visit = LessonVisit(visit_id or _new_id(), learner_id, lesson, event, moment)

        def work(session: Session) -> LessonVisit:
            _require(session, LearnerRow, learner_id, "learner_id")
            _insert_new(session, LessonVisitRow, **vars(visit))
            return session.get_one(LessonVisitRow, visit.id).value()

        return self._write(work)

    def time_spent(self, learner_id: str, lesson_id: str) -> timedelta:
        """Time spent on a lesson: each open counts until the next close or open.

        An open followed by another open (a tab closed without a recorded
        close) counts until that next open; a last open that was never closed
        counts nothing, nor does a close without an open.
        """
        query = select(LessonVisitRow.at, LessonVisitRow.event).where(
            LessonVisitRow.learner_id == learner_id, LessonVisitRow.lesson_id == lesson_id
        )
        return self._read(lambda s: _time_spent([(at, kind) for at, kind in s.execute(query)]))

    def visited(self, learner_id: str, lesson_id: str) -> bool:
        """Whether the learner ever opened the lesson."""
        return self._exists(
            select(LessonVisitRow.id).where(
                LessonVisitRow.learner_id == learner_id,
                LessonVisitRow.lesson_id == lesson_id,
                LessonVisitRow.event == "open",
            )
        )

    # Post-test attempts -----------------------------------------------------

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

    def all_attempts(self) -> list[AttemptRecord]:
        """Every attempt of every learner, oldest first (``pandas.DataFrame(rows)`` works)."""
        query = (
            select(AttemptRow, SubmissionRow, LearnerRow.name)
            .join(LearnerRow)
            .outerjoin(SubmissionRow)
            .order_by(AttemptRow.started_at, AttemptRow.id)
        )

        def work(session: Session) -> list[AttemptRecord]:
            rows = session.execute(query)
            return [
                AttemptRecord(learner_id=a.learner_id, learner_name=name, **vars(_summary(a, sub)))
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

        def work(session: Session) -> Evaluation:
            _require(session, LearnerRow, learner_id, "learner_id")
            _insert_new(session, EvaluationRow, **values)
            return session.get_one(EvaluationRow, values["id"]).value()

        return self._write(work)

    def has_evaluation(self, learner_id: str, course_id: str) -> bool:
        """Whether the learner has evaluated the course."""
        return self._exists(
            select(EvaluationRow.id).where(
                EvaluationRow.learner_id == learner_id, EvaluationRow.course_id == course_id
            )
        )

    def completion_status(
        self, learner_id: str, course_id: str, lesson_id: str, quiz_id: str
    ) -> CompletionStatus:
        """What the learner has done towards a course: visited, passed, evaluated."""
        passed = (
            select(SubmissionRow.attempt_id)
            .join(AttemptRow)
            .where(AttemptRow.learner_id == learner_id, AttemptRow.quiz_id == quiz_id)
            .where(SubmissionRow.passed.is_(True))
        )
        return CompletionStatus(
            visited=self.visited(learner_id, lesson_id),
            passed=self._exists(passed),
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
        """Record that a learner completed a course; only the first completion is kept."""
        values = {
            "id": completion_id or _new_id(),
            "learner_id": learner_id,
            "course_id": _required("course_id", course_id),
            "completed_at": _moment("completed_at", completed_at),
        }
        query = select(CompletionRow).where(
            CompletionRow.learner_id == learner_id, CompletionRow.course_id == values["course_id"]
        )

        def work(session: Session) -> Completion:
            _require(session, LearnerRow, learner_id, "learner_id")
            _insert_new(session, CompletionRow, **values)
            return session.scalars(query).one().value()

        return self._write(work)

    def completion(self, learner_id: str, course_id: str) -> Completion | None:
        """The learner's completion of the course, or ``None``."""
        query = select(CompletionRow).where(
            CompletionRow.learner_id == learner_id, CompletionRow.course_id == course_id
        )
        return self._first(query, CompletionRow.value)

    def all_completions(self) -> list[Completion]:
        """Every completion, oldest first."""
        query = select(CompletionRow).order_by(CompletionRow.completed_at, CompletionRow.id)
        return self._all(query, CompletionRow.value)

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
    ) -> CertificateRecord:
        """Record an issued CE certificate; recording the same one again returns the first.

        Raises
        ------
        DuplicateRecordError
            If the id or the code already belongs to a different certificate.
        """
        if format not in ("home study", "live"):
            raise InvalidInputError("format", format, "must be 'home study' or 'live'")
        if isinstance(completion_date, datetime) or not isinstance(completion_date, date):
            raise InvalidInputError("completion_date", completion_date, "must be a date")
        record = CertificateRecord(
            _required("certificate_id", certificate_id or _new_id(), 36),
            _required("code", code), learner_id, _required("course_id", course_id),
            _moment("issued_at", issued_at), completion_date,
            _number("ce_hours", ce_hours, 0.01, 100, "must be more than 0 and at most 100"),
            format,
        )  # fmt: skip
        by_code = select(CertificateRow).where(CertificateRow.code == record.code)

        def work(session: Session) -> CertificateRecord:
            _require(session, LearnerRow, learner_id, "learner_id")
            _insert_new(session, CertificateRow, **vars(record))
            stored = session.scalars(by_code).first()
            if stored is None:
                reason = "is already used by another certificate; draw a new one"
                raise DuplicateRecordError("certificate_id", record.id, reason)
            if (stored.learner_id, stored.course_id) != (learner_id, record.course_id):
                raise DuplicateRecordError("code", code, "already belongs to another certificate")
            return stored.value()

        return self._write(work)

    def find_certificate(self, code: str) -> CertificateRecord | None:
        """The certificate with this code (to verify one), or ``None``."""
        query = select(CertificateRow).where(CertificateRow.code == code.strip())
        return self._first(query, CertificateRow.value)

    def certificates_for(self, learner_id: str) -> list[CertificateRecord]:
        """A learner's certificates, oldest first."""
        query = (
            select(CertificateRow)
            .where(CertificateRow.learner_id == learner_id)
            .order_by(CertificateRow.issued_at, CertificateRow.id)
        )
        return self._all(query, CertificateRow.value)

    def all_certificates(self) -> list[CertificateRecord]:
        """Every certificate, oldest first."""
        query = select(CertificateRow).order_by(CertificateRow.issued_at, CertificateRow.id)
        return self._all(query, CertificateRow.value)
