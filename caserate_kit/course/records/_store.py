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

The methods are grouped by topic in mixins: learners and lesson visits
(:mod:`._learners`), personal codes, sessions and merges (:mod:`._identity`),
post-test attempts (:mod:`._attempts`), refreshers (:mod:`._practice`),
evaluations, completions and certificates (:mod:`._completions`),
reports (:mod:`._reports`), wrong trainer passcodes
(:mod:`._passcode_failures`), the fingerprint of the course secret
(:mod:`._keys`), launches from the agency's LMS (:mod:`._launches`) and the
tries to send records to it and to its learning record store (:mod:`._deliveries`).
Connecting and retrying is in :mod:`._engine`,
the input checks in :mod:`._checks` and the errors in :mod:`._errors`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from .. import _paths
from ._attempts import AttemptsMixin
from ._completions import CompletionsMixin
from ._deliveries import DeliveriesMixin
from ._engine import (
    _FIRST_WAIT,
    _WRITE,
    SQLITE_BUSY_TIMEOUT_MS,
    SQLITE_FIRST_WAIT_MS,
    RetryCallback,
    _create_engine,
    is_damage,
)
from ._errors import (
    AttemptSubmittedError,
    DuplicateRecordError,
    RecordsDamagedError,
    RecordsNotFoundError,
    RecordsOutOfDateError,
    RecordsReadOnlyError,
    StoreUnavailableError,
    UnknownRecordError,
)
from ._identity import IdentityMixin
from ._keys import KeysMixin
from ._launches import LaunchesMixin
from ._learners import LearnersMixin
from ._passcode_failures import PasscodeFailuresMixin
from ._practice import PracticeMixin
from ._reports import ReportsMixin
from .migrations import HEAD_REVISION, at_head, current_revision, upgrade_to_head

__all__ = [
    "AttemptSubmittedError",
    "DuplicateRecordError",
    "RecordsDamagedError",
    "RecordsNotFoundError",
    "RecordsOutOfDateError",
    "RecordsReadOnlyError",
    "RetryCallback",
    "Store",
    "StoreUnavailableError",
    "UnknownRecordError",
]


class Store(
    LearnersMixin,
    IdentityMixin,
    AttemptsMixin,
    PracticeMixin,
    CompletionsMixin,
    ReportsMixin,
    PasscodeFailuresMixin,
    KeysMixin,
    LaunchesMixin,
    DeliveriesMixin,
):
    """The course records, in a SQLite file or a PostgreSQL database.

    Opening a store brings its database to the newest schema (safe when many
    processes open it at once), unless it is opened ``read_only``. Methods
    return frozen dataclasses.

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
    busy_timeout_ms
        How long a try waits for a busy SQLite file (30 s).
    first_wait_ms
        How long a write's first try waits for a busy SQLite file (1 s), so
        that a longer wait is heard of (``on_retry``) within about a second.
    read_only
        Read the records and create nothing: no data folder, no SQLite file
        (it is opened with ``mode=ro``), no migration, and every write is
        refused. The file's integrity is checked (:meth:`check_integrity`).

    Raises
    ------
    RecordsNotFoundError
        If ``read_only`` and the SQLite file is not there.
    RecordsOutOfDateError
        If ``read_only`` and the records are at another schema revision.
    RecordsDamagedError
        If the SQLite file is damaged, or is not a database at all.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        on_retry: RetryCallback | None = None,
        tries: int = 5,
        first_pause: float = 0.1,
        busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
        first_wait_ms: int = SQLITE_FIRST_WAIT_MS,
        read_only: bool = False,
    ) -> None:
        self.url = url or _paths.database_url(create=not read_only)
        self.on_retry = on_retry
        self.read_only = read_only
        self._tries = max(1, tries)
        self._first_pause = first_pause
        self._engine = _create_engine(self.url, busy_timeout_ms, read_only)
        self._writer = self._engine.execution_options(**{_WRITE: True})
        self._first_writer = self._writer.execution_options(**{_FIRST_WAIT: first_wait_ms})
        try:
            self._open()
        except DBAPIError as error:
            self._engine.dispose()
            if self._engine.dialect.name == "sqlite" and is_damage(error):
                raise RecordsDamagedError(self._where(), str(error.orig)) from None
            raise
        except BaseException:
            self._engine.dispose()
            raise

    def _open(self) -> None:
        """Bring the schema to the newest revision; read-only, check the revision and file."""
        if not self.read_only:
            if not self._read(at_head):
                self._write(upgrade_to_head)
            return
        revision = self._read(current_revision)
        if revision is None:
            raise RecordsNotFoundError(self._where())
        if revision != HEAD_REVISION:
            raise RecordsOutOfDateError(self._where(), revision, HEAD_REVISION)
        self.check_integrity()

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
