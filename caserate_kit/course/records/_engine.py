"""Connecting to the records database, and running work on it with retries.

Each new SQLite connection gets its pragmas (WAL, a busy timeout, NORMAL
sync, foreign keys), and writers take the write lock up front; PostgreSQL
connections are checked before use. :class:`StoreCore` runs each read or
write in its own transaction, and tries again after a growing pause when the
database is busy or unreachable.

Records opened for reading only (``read_only=True``) create nothing: a
SQLite file is opened with ``mode=ro`` and must exist, and PostgreSQL
connections are read-only transactions. :func:`damage_in` runs SQLite's
``PRAGMA quick_check``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Row,
    Select,
    Table,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from ..._exceptions import InvalidInputError
from ._errors import (
    RecordsDamagedError,
    RecordsNotFoundError,
    RecordsNotWritableError,
    RecordsReadOnlyError,
    StoreUnavailableError,
    UnknownRecordError,
)
from ._people import same_person

__all__ = [
    "SQLITE_BUSY_TIMEOUT_MS",
    "SQLITE_FIRST_WAIT_MS",
    "RetryCallback",
    "StoreCore",
    "damage_in",
    "is_damage",
    "sqlite_file",
]

V = TypeVar("V")
RetryCallback = Callable[[int, float], None]
"""Called before each pause with the number of the failed try and the pause in seconds."""

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a try waits for a busy SQLite file, unless the store is told otherwise."""
SQLITE_FIRST_WAIT_MS = 1_000
"""How long the first try of a write waits for a busy SQLite file. If the file is still
busy, the try fails, ``on_retry`` hears of it (so a page shows "Saving… retrying" within
about a second rather than going quiet) and the next tries wait the full busy timeout."""
_WRITE = "caserate_write"
_FIRST_WAIT = "caserate_first_wait_ms"


# Connecting ----------------------------------------------------------------


def _prepare_sqlite(dbapi_connection: Any, busy_timeout_ms: int, read_only: bool = False) -> None:
    """Set the pragmas on every new SQLite connection; SQLAlchemy opens the transactions.

    A read-only connection leaves the journal mode as the file has it.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        journal = cursor.execute("PRAGMA journal_mode").fetchone()[0].lower()
        if not read_only and journal not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _begin_sqlite(connection: Connection, busy_timeout_ms: int) -> None:
    """Writers take the write lock up front, so that they queue instead of failing.

    A writer whose execution options set a shorter first wait waits only that long for the
    lock; the connection's busy timeout is put back at once, for the rest of the transaction.
    """
    options = connection.get_execution_options()
    if not options.get(_WRITE, False):
        connection.exec_driver_sql("BEGIN")
        return
    first_wait = options.get(_FIRST_WAIT)
    if first_wait is None or first_wait >= busy_timeout_ms:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(first_wait)}")
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {busy_timeout_ms}")


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (made absolute), or ``None`` for memory, URIs and PostgreSQL."""
    parsed = make_url(url)
    file = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or file in ("", ":memory:"):
        return None
    if file.startswith("file:"):
        return None
    return Path(file).expanduser().absolute()


def _read_only_sqlite(parsed: URL) -> URL:
    """``parsed`` opened with ``mode=ro``: the file must exist, and nothing is created."""
    file = parsed.database or ""
    if file in ("", ":memory:"):
        raise RecordsNotFoundError("an empty in-memory SQLite database")
    query = {**parsed.query, "mode": "ro", "uri": "true"}
    if file.startswith("file:"):
        return parsed.set(query=query)
    path = Path(file).expanduser().absolute()
    if not path.is_file():
        raise RecordsNotFoundError(str(path))
    return parsed.set(database="file:" + quote(str(path)), query=query)


def _create_engine(
    url: str, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, read_only: bool = False
) -> Engine:
    """An engine for a SQLite or PostgreSQL URL; SQLite waits ``busy_timeout_ms`` for locks.

    With ``read_only``, a SQLite file must exist and is opened with ``mode=ro``, and
    PostgreSQL runs read-only transactions.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        options = {"postgresql_readonly": True} if read_only else {}
        return create_engine(parsed, pool_pre_ping=True, execution_options=options)
    if backend != "sqlite":
        shown = parsed.render_as_string(hide_password=True)
        raise InvalidInputError("url", shown, "must be a SQLite or PostgreSQL database URL")
    if read_only:
        parsed = _read_only_sqlite(parsed)
    else:
        file = sqlite_file(url)
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed)

    def prepare(dbapi_connection: Any, _record: object) -> None:
        _prepare_sqlite(dbapi_connection, busy_timeout_ms, read_only)

    def begin(connection: Connection) -> None:
        _begin_sqlite(connection, busy_timeout_ms)

    event.listen(engine, "connect", prepare)
    event.listen(engine, "begin", begin)
    return engine


def _is_transient(error: DBAPIError, dialect: str) -> bool:
    if error.connection_invalidated:
        return True
    if dialect == "sqlite":
        message = str(error.orig).lower()
        return "locked" in message or "busy" in message
    return isinstance(error, OperationalError)  # lost connections, deadlocks, server restarts


def not_writable(error: DBAPIError) -> bool | None:
    """Whether a write failed for a full disk (True) or a read-only file or folder (False);
    None for any other error."""
    message = str(error.orig).lower()
    code = getattr(error.orig, "sqlstate", None)
    if "disk is full" in message or "no space left" in message or code == "53100":
        return True
    if "readonly database" in message or "read-only" in message or code == "25006":
        return False
    return None


def is_damage(error: DBAPIError) -> bool:
    """Whether a SQLite error says the file is damaged or is not a database at all."""
    message = str(error.orig).lower()
    return "malformed" in message or "not a database" in message


def damage_in(connection: Connection) -> str | None:
    """What SQLite's quick check finds wrong with the file (its first line), or ``None``."""
    if connection.dialect.name != "sqlite":
        return None
    try:
        found = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check")]
    except DBAPIError as error:
        if not is_damage(error):
            raise
        return str(error.orig)
    if found == ["ok"]:
        return None
    first = " ".join(found[0].replace("*** in database main ***", "").split())
    return first if len(found) == 1 else f"{first}; and {len(found) - 1} more problems"


# Writing rows ----------------------------------------------------------------


def _insert_new(connection: Connection, table: Table, **values: object) -> None:
    """Insert a row, or nothing if its id (or another unique key) is already stored.

    Each backend's ``insert`` is imported here, once its engine has loaded that
    dialect: importing PostgreSQL's up front would cost every SQLite kernel 2 MB.
    """
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        connection.execute(postgresql.insert(table).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects import sqlite

        connection.execute(sqlite.insert(table).values(**values).on_conflict_do_nothing())


def _get(connection: Connection, table: Table, key: str) -> Row[Any] | None:
    """The row of ``table`` whose primary key is ``key``, or ``None``."""
    (column,) = table.primary_key.columns
    return connection.execute(select(table).where(column == key)).first()


def _get_one(connection: Connection, table: Table, key: str) -> Row[Any]:
    """The row of ``table`` whose primary key is ``key`` (written in this transaction)."""
    row = _get(connection, table, key)
    if row is None:  # pragma: no cover - only called after the row was written
        raise UnknownRecordError(table.name, key, "was not found after it was written")
    return row


def _require(connection: Connection, table: Table, key: str, field: str) -> None:
    if _get(connection, table, key) is None:
        raise UnknownRecordError(field, key, "does not match any stored record")


# Running work, with retries --------------------------------------------------


class StoreCore:
    """What the store's mixins share: the engines, and reads and writes with retries.

    :class:`~caserate_kit.course.records._store.Store` sets these attributes when it opens.
    """

    url: str
    on_retry: RetryCallback | None
    read_only: bool = False
    """Whether the records were opened for reading only (writes are refused)."""
    _tries: int
    _first_pause: float
    _engine: Engine
    _writer: Engine
    _first_writer: Engine
    """The writer for a write's first try: on SQLite it waits only the store's first wait."""

    def _run(
        self, engine: Engine, work: Callable[[Connection], V], first: Engine | None = None
    ) -> V:
        for attempt in range(1, self._tries + 1):
            current = first if first is not None and attempt == 1 else engine
            try:
                with current.begin() as connection:
                    return work(connection)
            except DBAPIError as error:
                full = not_writable(error)
                if full is not None:
                    raise RecordsNotWritableError(self._where(), full) from error
                if engine.dialect.name == "sqlite" and is_damage(error):
                    raise RecordsDamagedError(self._where(), str(error.orig)) from error
                if not _is_transient(error, engine.dialect.name):
                    raise
                if attempt == self._tries:
                    raise StoreUnavailableError(attempt) from error
            pause = self._first_pause * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)
            if self.on_retry is not None:
                self.on_retry(attempt, pause)
            time.sleep(pause)
        raise AssertionError("unreachable")  # pragma: no cover

    def check_integrity(self) -> None:
        """Refuse a damaged SQLite file (``PRAGMA quick_check``); PostgreSQL checks itself.

        Raises
        ------
        RecordsDamagedError
            If the check finds a problem, naming the file and how to restore it.
        """
        problem = self._read(damage_in)
        if problem is not None:
            raise RecordsDamagedError(self._where(), problem)

    def _where(self) -> str:
        """The records file, or the database URL with its password hidden."""
        file = sqlite_file(self.url)
        if file is not None:
            return str(file)
        return make_url(self.url).render_as_string(hide_password=True)

    def _read(self, work: Callable[[Connection], V]) -> V:
        return self._run(self._engine, work)

    def _write(self, work: Callable[[Connection], V]) -> V:
        if self.read_only:
            raise RecordsReadOnlyError()
        return self._run(self._writer, work, first=self._first_writer)

    def _first(self, query: Select[Any], value: Callable[[Any], V]) -> V | None:
        def work(connection: Connection) -> V | None:
            row = connection.execute(query.limit(1)).first()
            return None if row is None else value(row)

        return self._read(work)

    def _all(self, query: Select[Any], value: Callable[[Any], V]) -> list[V]:
        return self._read(lambda connection: [value(row) for row in connection.execute(query)])

    def _exists(self, query: Select[Any]) -> bool:
        return self._first(query, lambda _row: True) is not None

    # One person's rows: the learner's, and those of every record merged into theirs.

    @staticmethod
    def _of_person(
        connection: Connection, query: Select[Any], column: Column[str], learner_id: str
    ) -> Select[Any]:
        return query.where(column.in_(same_person(connection, learner_id)))

    def _person_first(
        self,
        query: Select[Any],
        column: Column[str],
        learner_id: str,
        value: Callable[[Any], V],
    ) -> V | None:
        """The first row of ``query`` whose ``column`` is one of the person's learner ids."""

        def work(connection: Connection) -> V | None:
            mine = self._of_person(connection, query, column, learner_id)
            row = connection.execute(mine.limit(1)).first()
            return None if row is None else value(row)

        return self._read(work)

    def _person_all(
        self,
        query: Select[Any],
        column: Column[str],
        learner_id: str,
        value: Callable[[Any], V],
    ) -> list[V]:
        """Every row of ``query`` whose ``column`` is one of the person's learner ids."""

        def work(connection: Connection) -> list[V]:
            mine = self._of_person(connection, query, column, learner_id)
            return [value(row) for row in connection.execute(mine)]

        return self._read(work)

    def _person_exists(self, query: Select[Any], column: Column[str], learner_id: str) -> bool:
        return self._person_first(query, column, learner_id, lambda _row: True) is not None
