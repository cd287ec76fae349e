"""The errors of the course records store.

They are importable from :mod:`._store` too, where callers usually find them.
"""

from __future__ import annotations

from ..._exceptions import CaseRateKitError, InvalidInputError

__all__ = [
    "AttemptSubmittedError",
    "DuplicateRecordError",
    "RecordsDamagedError",
    "RecordsNotFoundError",
    "RecordsNotWritableError",
    "RecordsOutOfDateError",
    "RecordsReadOnlyError",
    "StoreUnavailableError",
    "UnknownRecordError",
]


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


class RecordsNotFoundError(CaseRateKitError):
    """Records opened for reading only are not there (a mistyped data folder, say)."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(
            f"No course records at {where}: check CASERATE_DATA_DIR (the data folder) "
            "or CASERATE_DB_URL. Nothing was created."
        )


class RecordsOutOfDateError(CaseRateKitError):
    """Records opened for reading only were made by another version of the course."""

    def __init__(self, where: str, revision: str, needed: str) -> None:
        self.where = where
        self.revision = revision
        super().__init__(
            f"The course records at {where} are at revision {revision}, and this version of "
            f"the course reads revision {needed}. Start the course once (caserate-course serve) "
            "to bring them up to date, then try again. Nothing was changed."
        )


class RecordsDamagedError(CaseRateKitError):
    """The records file fails SQLite's integrity check."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(
            f"The course records file {where} is damaged ({problem}). Stop the course, "
            "keep a copy of the damaged file for your IT staff, and restore the file from "
            "your latest backup of the data folder. Nothing was changed."
        )


class RecordsReadOnlyError(CaseRateKitError):
    """A write asked of records opened for reading only."""

    def __init__(self) -> None:
        super().__init__(
            "These course records were opened for reading only, so nothing can be saved "
            "through them. Open them without read_only to record anything."
        )


class RecordsNotWritableError(CaseRateKitError):
    """The records cannot be written: the disk is full, or the file or its folder is read-only.

    Unlike a busy or unreachable database, waiting does not help: someone has to
    make room or fix the folder's permissions, so the message says so.
    """

    def __init__(self, where: str, full: bool) -> None:
        self.where = where
        self.full = full
        cause = (
            "the disk it is on is full"
            if full
            else "the file or its folder cannot be written (read-only)"
        )
        super().__init__(
            f"The course records at {where} cannot be written: {cause}. Nothing new can be "
            "saved until someone makes room on the disk or fixes the folder's permissions."
        )
