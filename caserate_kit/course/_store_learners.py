"""The store's learners and their lesson visits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .._exceptions import InvalidInputError
from ._records import Learner, LessonVisit
from ._store_checks import _EMAIL, _moment, _new_id, _now, _optional, _required
from ._store_engine import StoreCore, _insert_new, _require
from ._tables import LearnerDetailsRow, LearnerRow, LessonVisitRow

__all__ = ["LearnersMixin", "newest_details"]


def _time_spent(visits: list[tuple[datetime, str]]) -> timedelta:
    total, opened = timedelta(), None
    for at, kind in sorted(visits, key=lambda visit: (visit[0], visit[1] == "open")):
        if opened is not None:
            total += at - opened
        opened = at if kind == "open" else None
    return total


def _current(session: Session, row: LearnerRow | None) -> Learner | None:
    """The learner of ``row`` with their newest details, if they corrected any."""
    if row is None:
        return None
    newest = session.scalars(
        select(LearnerDetailsRow)
        .where(LearnerDetailsRow.learner_id == row.id)
        .order_by(LearnerDetailsRow.at.desc(), LearnerDetailsRow.id.desc())
        .limit(1)
    ).first()
    return row.value() if newest is None else newest.applied_to(row.value())


def newest_details(session: Session) -> dict[str, LearnerDetailsRow]:
    """Each learner's newest details row, by learner id (for reports over every learner)."""
    rows = session.scalars(
        select(LearnerDetailsRow).order_by(LearnerDetailsRow.at, LearnerDetailsRow.id)
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
            "name": _required("name", name, 200),
            "email": _optional("email", email, 320),
            "license_number": _optional("license_number", license_number, 100),
            "at": _now(),
        }
        if values["email"] is not None and not _EMAIL.fullmatch(str(values["email"])):
            raise InvalidInputError("email", email, "must look like name@example.org")

        def work(session: Session) -> Learner:
            _require(session, LearnerRow, learner_id, "learner_id")
            _insert_new(session, LearnerDetailsRow, **values)
            learner = _current(session, session.get(LearnerRow, learner_id))
            assert learner is not None  # required above
            return learner

        return self._write(work)

    def get_learner(self, learner_id: str) -> Learner | None:
        """The learner with this id (with their newest details), or ``None``."""
        return self._read(lambda session: _current(session, session.get(LearnerRow, learner_id)))

    def find_learner_by_external_id(self, external_id: str) -> Learner | None:
        """The learner known by this external id (a JupyterHub user name), or ``None``."""
        query = select(LearnerRow).where(LearnerRow.external_id == external_id).limit(1)
        return self._read(lambda session: _current(session, session.scalars(query).first()))

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
