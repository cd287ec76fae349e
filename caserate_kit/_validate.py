"""Input checks shared by the calculation modules.

Each check returns the value it accepted (as a ``float`` for numbers) so that
callers can write ``hours = require_non_negative("avg_hours", hours)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real
from typing import Any

from ._exceptions import InvalidInputError, MismatchError, MixError, OutOfRangeError

MIX_TOLERANCE = 1e-6
"""How far the sum of a mix may stray from 1 and still count as 100%."""


def require_number(field: str, value: Any) -> float:
    """Return ``value`` as a float, or raise if it is not a finite real number."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidInputError(field, value, "must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise OutOfRangeError(field, value, "must be a finite number")
    return number


def require_non_negative(field: str, value: Any) -> float:
    """Return ``value`` if it is a number of zero or more."""
    number = require_number(field, value)
    if number < 0:
        raise OutOfRangeError(field, value, "must be zero or more")
    return number


def require_positive(field: str, value: Any) -> float:
    """Return ``value`` if it is a number greater than zero."""
    number = require_number(field, value)
    if number <= 0:
        raise OutOfRangeError(field, value, "must be greater than zero")
    return number


def require_fraction(field: str, value: Any) -> float:
    """Return ``value`` if it is a share between 0 and 1 (write 10% as 0.10)."""
    number = require_number(field, value)
    if not 0 <= number <= 1:
        raise OutOfRangeError(field, value, "must be a share between 0 and 1 (write 10% as 0.10)")
    return number


def require_count(field: str, value: Any) -> int:
    """Return ``value`` if it is a whole number of zero or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InvalidInputError(field, value, "must be a whole number")
    if value < 0:
        raise OutOfRangeError(field, value, "must be zero or more")
    return int(value)


def require_mix(field: str, shares: Mapping[str, Any]) -> dict[str, float]:
    """Return ``shares`` as floats if each is between 0 and 1 and they sum to 1."""
    if not shares:
        raise InvalidInputError(field, dict(shares), "must name at least one level")
    checked = {key: require_fraction(f"{field}[{key!r}]", share) for key, share in shares.items()}
    total = math.fsum(checked.values())
    if abs(total - 1) > MIX_TOLERANCE:
        raise MixError(field, dict(shares), f"must add up to 100%, but adds up to {total:.2%}")
    return checked


def require_same_keys(field: str, given: Mapping[str, Any], expected: Mapping[str, Any]) -> None:
    """Raise unless ``given`` has exactly the keys of ``expected``."""
    if set(given) != set(expected):
        missing = sorted(set(expected) - set(given))
        extra = sorted(set(given) - set(expected))
        parts = []
        if missing:
            parts.append(f"is missing {', '.join(missing)}")
        if extra:
            parts.append(f"has unknown {', '.join(extra)}")
        raise MismatchError(field, sorted(given), " and ".join(parts))
