"""Checking what callers send to the records store; making new ids and times.

Each check returns the cleaned value, or raises
:class:`~caserate_kit.InvalidInputError` (or ``OutOfRangeError``) naming the field.
"""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime

from ..._exceptions import InvalidInputError, OutOfRangeError
from ._values import Answer


def _new_id() -> str:
    return str(uuid.uuid4())


def _now() -> datetime:
    return datetime.now(UTC)


def _required(field: str, value: object, limit: int = 100) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(field, value, "must be text")
    text = value.strip()
    if not text:
        raise InvalidInputError(field, value, "must not be empty")
    if len(text) > limit:
        raise InvalidInputError(field, value, f"must be at most {limit} characters long")
    return text


def _optional(field: str, value: object, limit: int) -> str | None:
    """Blank or missing text is ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _required(field, value, limit)


def _moment(field: str, value: datetime | None) -> datetime:
    if value is None:
        return _now()
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidInputError(field, value, "must be a date and time with a time zone")
    return value.astimezone(UTC)


def _boolean(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(field, value, "must be True or False")
    return value


def _number(field: str, value: object, low: float, high: float, reason: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OutOfRangeError(field, value, reason)
    number = float(value)
    if not (math.isfinite(number) and low <= number <= high):
        raise OutOfRangeError(field, value, reason)
    return number


def _rating(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise OutOfRangeError(field, value, "must be a whole number from 1 to 5")
    return value


def _answer(value: object) -> Answer:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise InvalidInputError("answer", value, "must be text, a list of texts, or None")


def _json(field: str, value: object) -> str:
    try:
        return json.dumps(value, sort_keys=True, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        reason = "must hold only text, numbers, lists and dicts"
        raise InvalidInputError(field, value, reason) from error
