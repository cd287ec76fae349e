"""The store's launches from the agency's LMS (LTI 1.3).

The course server's sign-in (:mod:`caserate_kit.course.connections._lti`)
records each launch; the newest launch of a learner names them (the LMS's
name and e-mail for them) and says where their grades go.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Row, select

from ._checks import _moment, _new_id, _optional, _required
from ._engine import StoreCore, _insert_new
from ._tables import LtiLaunchRow
from ._values import LtiLaunch

__all__ = ["LaunchesMixin"]


def _launch_of(row: Row[Any]) -> LtiLaunch:
    scopes = tuple(row.scopes.split()) if row.scopes else ()
    return LtiLaunch(
        row.id,
        row.external_id,
        row.issuer,
        row.client_id,
        row.deployment_id,
        row.lms_user_id,
        row.name,
        row.email,
        row.context_id,
        row.resource_link_id,
        row.lineitems_url,
        scopes,
        row.at,
    )


class LaunchesMixin(StoreCore):
    """Recording and reading launches from the LMS."""

    def record_launch(self, launch: LtiLaunch) -> LtiLaunch:
        """Keep ``launch`` (its ``id`` and ``at`` may be left blank: they are made here)."""
        kept = LtiLaunch(
            id=launch.id or _new_id(),
            external_id=_required("external_id", launch.external_id, 200),
            issuer=_required("issuer", launch.issuer, 300),
            client_id=_required("client_id", launch.client_id, 200),
            deployment_id=_required("deployment_id", launch.deployment_id, 200),
            lms_user_id=_required("lms_user_id", launch.lms_user_id, 300),
            name=_optional("name", launch.name, 200),
            email=_optional("email", launch.email, 320),
            context_id=_optional("context_id", launch.context_id, 300),
            resource_link_id=_optional("resource_link_id", launch.resource_link_id, 300),
            lineitems_url=_optional("lineitems_url", launch.lineitems_url, 2000),
            scopes=tuple(launch.scopes),
            at=_moment("at", launch.at),
        )
        values = {**asdict(kept), "scopes": " ".join(kept.scopes) or None}
        self._write(lambda connection: _insert_new(connection, LtiLaunchRow, **values))
        return kept

    def latest_launch(self, external_id: str) -> LtiLaunch | None:
        """The newest launch of the learner whose course user name is ``external_id``."""
        rows = LtiLaunchRow.c
        query = (
            select(LtiLaunchRow)
            .where(rows.external_id == external_id)
            .order_by(rows.at.desc(), rows.id.desc())
            .limit(1)
        )
        row = self._read(lambda connection: connection.execute(query).first())
        return None if row is None else _launch_of(row)

    def latest_launches(self) -> dict[str, LtiLaunch]:
        """The newest launch of every learner who came from the LMS, by course user name."""
        rows = LtiLaunchRow.c
        query = select(LtiLaunchRow).order_by(rows.at, rows.id)
        found = self._read(lambda connection: list(connection.execute(query)))
        return {row.external_id: _launch_of(row) for row in found}
