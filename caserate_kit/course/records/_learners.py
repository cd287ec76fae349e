"""The store's learners and their lesson visits."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, select

from ..._exceptions import InvalidInputError
from .._names import EMAIL_PATTERN as _EMAIL
from .._names import STORED_NAME_LIMIT
from ._checks import _moment, _new_id, _now, _optional, _required
from ._engine import StoreCore, _get, _get_one, _insert_new, _require
from ._people import person_of
from ._tables import (
    LearnerDetailsRow,
    LearnerRow,
    LessonVisitRow,
    learner_of,
    visit_of,
    with_details,
)
from ._values import Learner, LessonVisit

__all__ = ["LearnersMixin", "current_learner", "newest_details"]


OPEN_VISIT_LIMIT = timedelta(hours=2)
"""The most a last visit never closed counts for, when it is counted up to a moment."""


def _time_spent(visits: list[tuple[datetime, str]], until: datetime | None = None) -> timedelta:
    total, opened = timedelta(), None
    for at, kind in sorted(visits, key=lambda visit: (visit[0], visit[1] == "open")):
        if opened is not None:
            total += at - opened
        opened = at if kind == "open" else None
    if opened is not None and until is not None and until > opened:
        total += min(until - opened, OPEN_VISIT_LIMIT)
    return total


def current_learner(connection: Connection, row: Row[Any] | None) -> Learner | None:
    """The learner of ``row`` with their newest details, if they corrected any."""
    if row is None:
        return None
    newest = connection.execute(
        select(LearnerDetailsRow)
        .where(LearnerDetailsRow.c.learner_id == row.id)
        .order_by(LearnerDetailsRow.c.at.desc(), LearnerDetailsRow.c.id.desc())
        .limit(1)
    ).first()
    return learner_of(row) if newest is None else with_details(newest, learner_of(row))


def newest_details(connection: Connection) -> dict[str, Row[Any]]:
    """Each learner's newest details row, by learner id (for reports over every learner)."""
    rows = connection.execute(
        select(LearnerDetailsRow).order_by(LearnerDetailsRow.c.at, LearnerDetailsRow.c.id)
    )
    return {row.learner_id: row for row in rows}


class LearnersMixin(StoreCore):
    """Recording and reading learners and the lessons they open and close."""

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
            "name": _required("name", name, STORED_NAME_LIMIT),
            "email": _optional("email", email, 320),
            "license_number": _optional("license_number", license_number, 100),
            "external_id": _optional("external_id", external_id, 200),
            "created_at": _now(),
        }
        if values["email"] is not None and not _EMAIL.fullmatch(str(values["email"])):
            raise InvalidInputError("email", email, "must look like name@example.org")
        same_external = select(LearnerRow).where(LearnerRow.c.external_id == values["external_id"])

        def work(connection: Connection) -> Learner:
            _insert_new(connection, LearnerRow, **values)
            row = _get(connection, LearnerRow, str(values["id"]))
            return learner_of(row or connection.execute(same_external).one())

        return self._write(work)

    def update_details(
        self,
        learner_id: str,
        name: str,
        email: str | None = None,
        license_number: str | None = None,
    ) -> Learner:
        """Record a learner's corrected name, email and license number; returns the learner.

        Nothing is overwritten: the correction is a new row and the newest one counts.
        """
        values = {
            "id": _new_id(),
            "learner_id": learner_id,
            "name": _required("name", name, STORED_NAME_LIMIT),
            "email": _optional("email", email, 320),
            "license_number": _optional("license_number", license_number, 100),
            "at": _now(),
        }
        if values["email"] is not None and not _EMAIL.fullmatch(str(values["email"])):
            raise InvalidInputError("email", email, "must look like name@example.org")

        def work(connection: Connection) -> Learner:
            _require(connection, LearnerRow, learner_id, "learner_id")
            _insert_new(connection, LearnerDetailsRow, **values)
            learner = current_learner(connection, _get(connection, LearnerRow, learner_id))
            assert learner is not None  # required above
            return learner

        return self._write(work)

    def get_learner(self, learner_id: str) -> Learner | None:
        """The learner with this id (with their newest details), or ``None``.

        A learner record merged into another gives that other learner.
        """
        return self._read(
            lambda c: current_learner(c, _get(c, LearnerRow, person_of(c, learner_id)))
        )

    def find_learner_by_external_id(self, external_id: str) -> Learner | None:
        """The learner known by this external id (a JupyterHub user name), or ``None``."""
        query = select(LearnerRow.c.id).where(LearnerRow.c.external_id == external_id).limit(1)

        def work(connection: Connection) -> Learner | None:
            found = connection.execute(query).scalar()
            if found is None:
                return None
            return current_learner(
                connection, _get(connection, LearnerRow, person_of(connection, found))
            )

        return self._read(work)

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

        def work(connection: Connection) -> LessonVisit:
            _require(connection, LearnerRow, learner_id, "learner_id")
            _insert_new(connection, LessonVisitRow, **vars(visit))
            return visit_of(_get_one(connection, LessonVisitRow, visit.id))

        return self._write(work)

    def time_spent(
        self, learner_id: str, lesson_id: str, until: datetime | None = None
    ) -> timedelta:
        """Time spent on a lesson: each open counts until the next close or open.

        An open followed by another open (a tab closed without a recorded
        close) counts until that next open; a close without an open counts
        nothing, nor does a last open that was never closed, unless ``until``
        is given: then it counts up to ``until`` (at most two hours), for a
        lesson that may still be open in another tab.
        """
        visits = LessonVisitRow.c
        query = select(visits.at, visits.event).where(visits.lesson_id == lesson_id)
        found = self._person_all(query, visits.learner_id, learner_id, tuple)
        return _time_spent([(at, kind) for at, kind in found], until)

    def visited(self, learner_id: str, lesson_id: str) -> bool:
        """Whether the learner ever opened the lesson."""
        visits = LessonVisitRow.c
        query = select(visits.id).where(visits.lesson_id == lesson_id, visits.event == "open")
        return self._person_exists(query, visits.learner_id, learner_id)
