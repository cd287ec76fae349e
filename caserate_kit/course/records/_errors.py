"""The errors of the course records store.

They are importable from :mod:`._store` too, where callers usually find them.
"""

from __future__ import annotations

from ..._exceptions import CaseRateKitError, InvalidInputError

__all__ = [
    "AttemptSubmittedError",
    "DuplicateRecordError",
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
