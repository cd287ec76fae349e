"""The store's side of who a learner is: personal codes, sessions, refusals and merges.

- A **personal code** proves a returning learner on any computer; only its
  hash is kept, and the newest of the person's codes counts (a trainer's reset
  is a new row).
- A **session** is one sign-in, with an expiry; a sign-out is a new row that
  ends one session, or (with no session) every session the learner started
  before it.
- A **refusal** is a returning sign-in with a wrong code, counted per email so
  that guessing can be slowed.
- A **merge** records that two learner records are one person; every read of
  a learner's records and every report follows it (see :mod:`._people`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, func, or_, select

from ..._exceptions import InvalidInputError
from .._personal_codes import code_matches, hash_code, new_code, normalize_code
from ._checks import _moment, _new_id, _now, _required
from ._engine import StoreCore, _get, _insert_new, _require
from ._learners import current_learner
from ._people import merged_into, person_of, same_person
from ._tables import (
    LearnerDetailsRow,
    LearnerMergeRow,
    LearnerRow,
    PersonalCodeRow,
    SessionEndRow,
    SessionRow,
    SignInRefusalRow,
)
from ._values import Learner, SessionState

__all__ = ["IdentityMixin"]

CODE_SETTERS = ("sign-in", "trainer")


def _email_key(email: str) -> str:
    return email.strip().lower()


class IdentityMixin(StoreCore):
    """Recognising a returning learner, their sessions, and merging two records."""

    # Who has this email -------------------------------------------------------

    def learners_with_email(self, email: str) -> list[Learner]:
        """Every person whose current email is ``email`` (any case), oldest first.

        Merges are followed: two records merged into one are one person here.
        """
        key = _email_key(email)

        def work(connection: Connection) -> list[Learner]:
            given = select(LearnerRow.c.id).where(func.lower(LearnerRow.c.email) == key)
            corrected = select(LearnerDetailsRow.c.learner_id).where(
                func.lower(LearnerDetailsRow.c.email) == key
            )
            rows = connection.execute(
                select(LearnerRow)
                .where(or_(LearnerRow.c.id.in_(given), LearnerRow.c.id.in_(corrected)))
                .order_by(LearnerRow.c.created_at, LearnerRow.c.id)
            )
            merged, people = merged_into(connection), {}
            for row in rows:
                learner = current_learner(connection, row)
                if learner is None or _email_key(learner.email or "") != key:
                    continue
                person = merged.get(learner.id, learner.id)
                if person not in people:
                    found = current_learner(connection, _get(connection, LearnerRow, person))
                    if found is not None:
                        people[person] = found
            return list(people.values())

        return self._read(work)

    def learners_named(self, given: str) -> list[Learner]:
        """The people an email (with ``@``) or a learner record id names, for a trainer's tools."""
        given = given.strip()
        if "@" in given:
            return self.learners_with_email(given)
        if not given:
            return []

        def work(connection: Connection) -> list[Learner]:
            row = _get(connection, LearnerRow, person_of(connection, given))
            learner = current_learner(connection, row)
            return [] if learner is None else [learner]

        return self._read(work)

    # Personal codes -----------------------------------------------------------

    def set_personal_code(self, learner_id: str, code: str, set_by: str = "sign-in") -> None:
        """Keep the hash of a learner's new personal code (the newest counts)."""
        if set_by not in CODE_SETTERS:
            raise InvalidInputError("set_by", set_by, "must be 'sign-in' or 'trainer'")
        if normalize_code(code) is None:
            raise InvalidInputError("code", "(hidden)", "is not a personal code")
        values = {
            "id": _new_id(),
            "code_hash": hash_code(code),
            "set_by": set_by,
            "at": _now(),
        }

        def work(connection: Connection) -> None:
            _require(connection, LearnerRow, learner_id, "learner_id")
            person = person_of(connection, learner_id)
            _insert_new(connection, PersonalCodeRow, learner_id=person, **values)

        self._write(work)

    def reset_personal_code(self, learner_id: str) -> str:
        """Give the learner a new personal code (a trainer's reset); returns it, to tell them.

        Their old code stops working; their sessions are left as they are.
        """
        code = new_code()
        self.set_personal_code(learner_id, code, set_by="trainer")
        return code

    def _newest_code(self, learner_id: str) -> str | None:
        codes = PersonalCodeRow.c
        query = select(codes.code_hash).order_by(codes.at.desc(), codes.id.desc())
        return self._person_first(query, codes.learner_id, learner_id, lambda row: row.code_hash)

    def has_personal_code(self, learner_id: str) -> bool:
        """Whether the learner has a personal code."""
        return self._newest_code(learner_id) is not None

    def personal_code_matches(self, learner_id: str, code: str) -> bool:
        """Whether ``code`` (as typed) is the learner's newest personal code."""
        stored = self._newest_code(learner_id)
        return stored is not None and code_matches(code, stored)

    # Refused sign-ins ---------------------------------------------------------

    def record_sign_in_refusal(self, email: str, at: datetime | None = None) -> None:
        """Note a returning sign-in refused for a wrong personal code."""
        values = {
            "id": _new_id(),
            "email": _required("email", _email_key(email), 320),
            "at": _moment("at", at),
        }
        self._write(lambda connection: _insert_new(connection, SignInRefusalRow, **values))

    def sign_in_refusals_since(self, email: str, since: datetime) -> int:
        """How many sign-ins with this email were refused since ``since``."""
        query = select(func.count()).where(
            SignInRefusalRow.c.email == _email_key(email),
            SignInRefusalRow.c.at >= _moment("since", since),
        )
        return self._read(lambda connection: int(connection.execute(query).scalar() or 0))

    # Sessions -----------------------------------------------------------------

    def start_session(
        self, learner_id: str, lifetime: timedelta, *, now: datetime | None = None
    ) -> str:
        """Start a session for the learner, ending after ``lifetime``; returns its id."""
        if lifetime <= timedelta(0):
            raise InvalidInputError("lifetime", lifetime, "must be longer than nothing")
        started = _moment("now", now)
        values = {"id": _new_id(), "started_at": started, "expires_at": started + lifetime}

        def work(connection: Connection) -> str:
            _require(connection, LearnerRow, learner_id, "learner_id")
            person = person_of(connection, learner_id)
            _insert_new(connection, SessionRow, learner_id=person, **values)
            return str(values["id"])

        return self._write(work)

    def session_state(self, session_id: str, *, now: datetime | None = None) -> SessionState:
        """Whose session this is, and whether it still holds: "valid", "expired",
        "ended" (a sign-out) or "unknown"."""
        moment = _moment("now", now)

        def work(connection: Connection) -> SessionState:
            row = _get(connection, SessionRow, session_id)
            if row is None:
                return SessionState(None, "unknown")
            learner = current_learner(
                connection, _get(connection, LearnerRow, person_of(connection, row.learner_id))
            )
            ends = SessionEndRow.c
            ended = connection.execute(
                select(ends.id)
                .where(
                    or_(
                        ends.session_id == session_id,
                        ends.session_id.is_(None)
                        & ends.learner_id.in_(same_person(connection, row.learner_id))
                        & (ends.at >= row.started_at),
                    )
                )
                .limit(1)
            ).first()
            if ended is not None:
                return SessionState(learner, "ended")
            if moment >= row.expires_at:
                return SessionState(learner, "expired")
            return SessionState(learner, "valid")

        return self._read(work)

    def end_session(self, session_id: str) -> None:
        """Sign out of one session (a sign-out row; nothing is deleted)."""

        def work(connection: Connection) -> None:
            row = _get(connection, SessionRow, session_id)
            if row is None:
                return
            _insert_new(
                connection,
                SessionEndRow,
                id=_new_id(),
                learner_id=row.learner_id,
                session_id=session_id,
                at=_now(),
            )

        self._write(work)

    def end_every_session(self, learner_id: str) -> None:
        """Sign the learner out everywhere: every session started until now ends."""

        def work(connection: Connection) -> None:
            _require(connection, LearnerRow, learner_id, "learner_id")
            for person in same_person(connection, learner_id):
                _insert_new(
                    connection,
                    SessionEndRow,
                    id=_new_id(),
                    learner_id=person,
                    session_id=None,
                    at=_now(),
                )

        self._write(work)

    # Merges -------------------------------------------------------------------

    def merge_learners(self, learner_id: str, into_id: str, by: str) -> Learner:
        """Record that ``learner_id`` is the same person as ``into_id``; returns that person.

        ``learner_id``'s attempts, visits, evaluations, completions and
        certificates then count as ``into_id``'s, everywhere. Nothing is
        changed or deleted: the merge is a new row.

        Raises
        ------
        InvalidInputError
            If either record is unknown, if the two are already one person, or
            if ``learner_id`` was already merged into someone.
        """
        who = _required("by", by, 200)

        def work(connection: Connection) -> Learner:
            for field, key in (("learner_id", learner_id), ("into_id", into_id)):
                _require(connection, LearnerRow, key, field)
            merged = merged_into(connection)
            if learner_id in merged:
                raise InvalidInputError(
                    "learner_id", learner_id, "was already merged into another learner record"
                )
            person = merged.get(into_id, into_id)
            if person == learner_id:
                raise InvalidInputError(
                    "into_id", into_id, "is already the same person as learner_id"
                )
            _insert_new(
                connection,
                LearnerMergeRow,
                id=_new_id(),
                learner_id=learner_id,
                into_id=person,
                by=who,
                at=_now(),
            )
            learner = current_learner(connection, _get(connection, LearnerRow, person))
            assert learner is not None  # required above
            return learner

        return self._write(work)
