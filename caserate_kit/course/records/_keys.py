"""The store's signing key: the fingerprint of the secret these records were made with.

Only a fingerprint is kept (``sha256:`` and 32 hex digits, made by
:func:`caserate_kit.course._secrets.fingerprint`), never the secret. The first
fingerprint recorded counts: a course that starts with another secret is
refused, because every link and certificate code made so far would stop
checking out.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, select, text

from ..._exceptions import InvalidInputError
from ._checks import _new_id, _now
from ._engine import StoreCore, _insert_new
from ._tables import LearnerRow, SigningKeyRow

__all__ = ["FINGERPRINT_PATTERN", "KeysMixin"]

FINGERPRINT_PATTERN = re.compile(r"sha256:[0-9a-f]{32}")
"""What a recorded fingerprint looks like."""
_LOCK_KEY = int.from_bytes(b"ck-keys!", "big")
"""The PostgreSQL advisory lock that lets one process record the first fingerprint."""


def _first_fingerprint(connection: Connection) -> str | None:
    query = select(SigningKeyRow.c.fingerprint).order_by(SigningKeyRow.c.at, SigningKeyRow.c.id)
    return connection.execute(query.limit(1)).scalar()


class KeysMixin(StoreCore):
    """Keeping and reading the fingerprint of the course secret."""

    def signing_key(self) -> str | None:
        """The fingerprint of the secret these records were made with, if one is recorded."""
        return self._read(_first_fingerprint)

    def record_signing_key(self, fingerprint: str) -> str:
        """Record ``fingerprint`` unless one is recorded already; return the one that counts.

        Two processes starting at once record one fingerprint between them (on
        SQLite the write lock, on PostgreSQL an advisory lock, keeps them apart).
        """
        if not isinstance(fingerprint, str) or not FINGERPRINT_PATTERN.fullmatch(fingerprint):
            raise InvalidInputError(
                "fingerprint", "(hidden)", "must be 'sha256:' and 32 hex digits"
            )
        values = {"id": _new_id(), "fingerprint": fingerprint, "at": _now()}

        def work(connection: Connection) -> str:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            recorded = _first_fingerprint(connection)
            if recorded is not None:
                return recorded
            _insert_new(connection, SigningKeyRow, **values)
            return fingerprint

        return self._write(work)

    def has_learners(self) -> bool:
        """Whether any learner is on record (so a new secret would break their links)."""
        return self._exists(select(LearnerRow.c.id))
