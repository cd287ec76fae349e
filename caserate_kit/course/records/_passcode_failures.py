"""The store's wrong trainer passcodes: one row per wrong passcode, with the address it came from.

Every page kernel reads the same rows, so a lockout built on them
(:mod:`caserate_kit.course._lockout`) holds across pages, reloads and restarts.
The passcode typed is never stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select

from ._checks import _moment, _new_id, _required
from ._engine import StoreCore, _insert_new
from ._tables import PasscodeFailureRow

__all__ = ["CLIENT_LENGTH", "PasscodeFailuresMixin"]

CLIENT_LENGTH = 100
"""The longest client address kept (the column's length)."""


def _since(query: Select[Any], since: datetime, client: str | None) -> Select[Any]:
    failures = PasscodeFailureRow.c
    query = query.where(failures.at >= _moment("since", since))
    if client is not None:
        query = query.where(failures.client == _required("client", client, CLIENT_LENGTH))
    return query


class PasscodeFailuresMixin(StoreCore):
    """Recording and counting wrong trainer passcodes."""

    def record_passcode_failure(self, client: str, at: datetime | None = None) -> None:
        """Note a wrong trainer passcode from ``client`` (an address, or ``"unknown"``)."""
        values = {
            "id": _new_id(),
            "client": _required("client", client, CLIENT_LENGTH),
            "at": _moment("at", at),
        }
        self._write(lambda connection: _insert_new(connection, PasscodeFailureRow, **values))

    def passcode_failures_since(self, since: datetime, client: str | None = None) -> int:
        """How many wrong passcodes came since ``since``: from ``client``, or from anywhere."""
        query = _since(select(func.count()), since, client)
        return self._read(lambda connection: int(connection.execute(query).scalar() or 0))

    def passcode_failure_times(self, since: datetime, client: str | None = None) -> list[datetime]:
        """When each wrong passcode since ``since`` came (from ``client``, or anywhere), oldest
        first."""
        at = PasscodeFailureRow.c.at
        query = _since(select(at), since, client).order_by(at)
        return self._read(lambda connection: [row.at for row in connection.execute(query)])
