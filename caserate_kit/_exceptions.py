"""Errors raised by :mod:`caserate_kit`.

Every error names the field and the value that was wrong::

    CaseRateKitError
     └── InvalidInputError (also a ValueError)
          ├── OutOfRangeError      a number outside its allowed range
          ├── MixError             shares that do not add up to 100%
          ├── MismatchError        inputs that should line up but do not
          └── DateOrderError       an end date before its start date
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CaseRateKitError",
    "DateOrderError",
    "InvalidInputError",
    "MismatchError",
    "MixError",
    "OutOfRangeError",
]


class CaseRateKitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class InvalidInputError(CaseRateKitError, ValueError):
    """An input value is not acceptable.

    Parameters
    ----------
    field
        The name of the input, as the caller wrote it (``"penetration_rate"``).
    value
        The value that was given.
    reason
        What was expected, in plain words (``"must be between 0 and 1"``).
    """

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field} {reason}; got {value!r}")


class OutOfRangeError(InvalidInputError):
    """A number is negative, above its maximum, or not a finite number."""


class MixError(InvalidInputError):
    """Shares (a case mix, a clinician mix) do not add up to 100%."""


class MismatchError(InvalidInputError):
    """Two inputs that must describe the same things do not (levels, lengths)."""


class DateOrderError(InvalidInputError):
    """A date range ends before it starts."""
