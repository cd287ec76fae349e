"""Alembic migrations of the course records, run from Python.

No ``alembic.ini`` is needed: :func:`alembic_config` points alembic at this
folder, and :func:`upgrade_to_head` runs the migrations on a connection the
caller holds. Many processes may open the store at once, so the upgrade runs
under a lock: a PostgreSQL advisory lock, or on SQLite the write lock that the
caller's ``BEGIN IMMEDIATE`` transaction already holds.

Opening the records in a page's kernel only checks the schema's revision
against :data:`HEAD_REVISION` with a plain query; alembic (about 10 MB of a
kernel's memory) is imported only when there is something to upgrade.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "HEAD_REVISION",
    "LOCK_KEY",
    "MIGRATIONS_DIR",
    "alembic_config",
    "at_head",
    "current_revision",
    "head_revision",
    "upgrade_to_head",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent
"""The alembic script folder (``env.py``, ``versions/``)."""

HEAD_REVISION = "0006"
"""The newest revision in ``versions/`` (a test keeps the two equal)."""

LOCK_KEY = int.from_bytes(b"caserate", "big")
"""The PostgreSQL advisory lock key that serializes upgrades."""


def alembic_config(connection: Connection | None = None) -> Config:
    """An alembic configuration for this folder, optionally bound to a connection.

    With a connection, ``env.py`` runs the migrations on it, inside its
    transaction; without one, it connects to ``sqlalchemy.url`` (set it with
    ``config.set_main_option``) or to the store's default URL.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str:
    """The newest revision of the records schema, as alembic reads it from ``versions/``."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the folder always holds 0001
        raise RuntimeError(f"No migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or ``None`` for an empty database."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def at_head(connection: Connection) -> bool:
    """Whether the database is at the newest revision (a cheap check, no lock)."""
    return current_revision(connection) == HEAD_REVISION


def upgrade_to_head(connection: Connection) -> bool:
    """Upgrade the database to the newest revision, under a lock.

    Parameters
    ----------
    connection
        A connection inside a transaction. On SQLite that transaction must
        have been opened with ``BEGIN IMMEDIATE`` so that it holds the write
        lock; on PostgreSQL this function takes a transaction-level advisory
        lock. The caller commits.

    Returns
    -------
    bool
        ``True`` if migrations ran, ``False`` if the database was already
        at the newest revision.
    """
    if not connection.in_transaction():
        raise RuntimeError("upgrade_to_head needs a connection inside a transaction")
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    if at_head(connection):
        return False
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
    return True
