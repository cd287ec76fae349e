"""Numbers as people type them, and numbers as the course shows them.

A learner may type ``$4,759``, ``4759.00``, ``4,759``, `` 4759 ``,
``(1,200)`` or ``-1,200``; all are read. Anything else is refused with a
message that says what to type instead. There is no shorthand (``1.2k``), no
scientific notation (``1e3``) and no comma as a decimal mark.

Units
-----
``dollars``
    A dollar sign is allowed (``$4,759``).
``percent``
    Answers are shares: 12.5% is 0.125. The learner may type ``12.5%`` or
    ``12.5`` (a number above 1 without a percent sign is read as a percent)
    or ``0.125`` (a number of 1 or less without a percent sign is read as a
    share). To mean half a percent, type ``0.5%``.
``hours``, ``cases``
    Plain numbers.
``none``
    A plain number; a dollar sign is allowed.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Final, Literal, get_args

from .._exceptions import InvalidInputError
from .._money import round_dollars

__all__ = [
    "UNITS",
    "NotANumberError",
    "Unit",
    "format_number",
    "format_percent",
    "format_score",
    "number_hint",
    "parse_number",
]

Unit = Literal["dollars", "percent", "hours", "cases", "none"]
"""What a numeric answer counts."""

UNITS: Final[tuple[Unit, ...]] = get_args(Unit)

_EXAMPLES: Final[dict[str, str]] = {
    "dollars": "1,250",
    "percent": "12.5%",
    "hours": "40",
    "cases": "1,250",
    "none": "1,250",
}
_HINTS: Final[dict[str, str]] = {
    "dollars": "Type an amount in dollars, for example 1,250",
    "percent": "Type a percent, for example 12.5%",
    "hours": "Type a number of hours, for example 40",
    "cases": "Type a number of cases, for example 1,250",
    "none": "Type a number, for example 1,250",
}
_UNIT_WORDS: Final[dict[str, str]] = {
    "dollars": "dollars",
    "percent": "a percent",
    "hours": "hours",
    "cases": "cases",
    "none": "a plain number",
}
_DIGITS = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+", re.ASCII)
_LOOSE_DIGITS = re.compile(r"[\d,]+(?:\.\d*)?", re.ASCII)
_SHOWN_LENGTH = 40
_WHOLE_DOLLARS_FROM = 1e15

_PRECISION = 400
"""Digits for exact percents: enough for any float (up to 309 digits) and its decimals."""


class NotANumberError(InvalidInputError):
    """What a learner typed cannot be read as a number.

    The message is written for the learner, for example
    ``“abc” is not a number. Type digits, for example 1,250.``
    """

    def __init__(self, text: str, message: str) -> None:
        super().__init__("answer", text, message)
        self.args = (message,)


def number_hint(unit: Unit) -> str:
    """The hint shown under a number box, the same for every question of a unit.

    Examples
    --------
    >>> number_hint("dollars")
    'Type an amount in dollars, for example 1,250'
    """
    return _HINTS[unit]


def _refuse(text: str, unit: Unit, problem: str) -> NotANumberError:
    example = _EXAMPLES[unit]
    return NotANumberError(text, f"{problem} Type digits, for example {example}.")


def _quoted(text: str) -> str:
    shown = text.strip()
    if len(shown) > _SHOWN_LENGTH:
        shown = shown[:_SHOWN_LENGTH] + "…"
    return f"“{shown}”"


def parse_number(text: str, unit: Unit = "none") -> float:
    """Read a number the way a person types it.

    Parameters
    ----------
    text
        What the learner typed.
    unit
        The unit of the answer; it decides whether ``$`` or ``%`` may appear
        and how a percent is read (see the module notes).

    Returns
    -------
    float
        The number; for ``percent``, a share (12.5% is 0.125).

    Raises
    ------
    NotANumberError
        If the text is empty or is not a number; the message tells the learner
        what to type.
    InvalidInputError
        If ``unit`` is not one of :data:`UNITS`.

    Examples
    --------
    >>> parse_number("$4,759", "dollars"), parse_number("(1,200)"), parse_number(" 4759.00 ")
    (4759.0, -1200.0, 4759.0)
    >>> parse_number("12.5%", "percent"), parse_number("12.5", "percent")
    (0.125, 0.125)
    >>> parse_number("abc")
    Traceback (most recent call last):
    ...
    caserate_kit.course._numbers.NotANumberError: “abc” is not a number. Type digits, ...
    """
    if unit not in UNITS:
        raise InvalidInputError("unit", unit, f"must be one of {', '.join(UNITS)}")
    if not isinstance(text, str):
        raise _refuse(repr(text), unit, f"{_quoted(repr(text))} is not a number.")
    body = text.replace("\u00a0", " ").replace("\u2212", "-").strip()
    if not body:
        raise _refuse(text, unit, "There is no answer yet.")
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1].strip()
    body, sign_seen = _take_sign(body)
    dollar = body.startswith("$")
    if dollar:
        body = body[1:].strip()
        if not sign_seen:
            body, sign_seen = _take_sign(body)
    percent = body.endswith("%")
    if percent:
        body = body[:-1].strip()
    if sign_seen and negative:
        raise _refuse(text, unit, f"{_quoted(text)} has two minus signs.")
    negative = negative or sign_seen == "-"
    _check_symbols(text, unit, dollar=dollar, percent=percent)
    if not _DIGITS.fullmatch(body):
        if _LOOSE_DIGITS.fullmatch(body) and "," in body:
            raise _refuse(
                text,
                unit,
                f"{_quoted(text)} has a comma in the wrong place. "
                "Use commas only between groups of three digits.",
            )
        raise _refuse(text, unit, f"{_quoted(text)} is not a number.")
    value = Decimal(body.replace(",", ""))
    if unit == "percent" and (percent or abs(value) > 1):
        value /= 100
    number = float(-value if negative else value)
    if not math.isfinite(number):
        raise _refuse(text, unit, f"{_quoted(text)} is too large.")
    return number


def _take_sign(body: str) -> tuple[str, str]:
    if body[:1] in ("-", "+"):
        return body[1:].strip(), body[0]
    return body, ""


def _check_symbols(text: str, unit: Unit, *, dollar: bool, percent: bool) -> None:
    if dollar and unit not in ("dollars", "none"):
        raise _refuse(
            text,
            unit,
            f"{_quoted(text)} has a dollar sign, but this answer is {_UNIT_WORDS[unit]}.",
        )
    if percent and unit != "percent":
        raise _refuse(
            text,
            unit,
            f"{_quoted(text)} has a percent sign, but this answer is {_UNIT_WORDS[unit]}.",
        )


def _trimmed(value: float, decimals: int) -> str:
    shown = f"{value:,.{decimals}f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return "0" if shown in ("-0", "") else shown


def format_number(value: float, style: str, decimals: int | None = None) -> str:
    """Show a number the way the course writes it.

    Parameters
    ----------
    value
        The number (for ``percent``, a share: 0.125 is 12.5%).
    style
        ``dollars``, ``percent``, or anything else for a plain number
        (``hours``, ``cases``, ``number``, ``none``).
    decimals
        The most decimals to show; trailing zeros are dropped. Dollars show
        cents only when the amount is not whole. Defaults: 2 for dollars and
        plain numbers, 2 for the percent figure. Infinity and NaN are shown as
        ``inf`` and ``nan``.

    Examples
    --------
    >>> format_number(4758.6, "dollars"), format_number(4759, "dollars")
    ('$4,758.60', '$4,759')
    >>> format_number(0.075, "percent"), format_number(3000, "cases")
    ('7.5%', '3,000')
    """
    if not math.isfinite(value):
        return str(value)
    if style == "dollars":
        places = 2 if decimals is None else max(decimals, 0)
        if abs(value) >= _WHOLE_DOLLARS_FROM:  # past the cents a float can hold
            return f"{'-' if value < 0 else ''}${abs(value):,.0f}"
        amount = round(value, places) if places > 2 else round_dollars(value, cents=True)
        sign = "-" if amount < 0 else ""
        if float(amount).is_integer():
            return f"{sign}${abs(amount):,.0f}"
        return f"{sign}${abs(amount):,.{max(places, 2)}f}"
    if style == "percent":
        return format_percent(value, 2 if decimals is None else max(decimals, 0))
    return _trimmed(value, 2 if decimals is None else max(decimals, 0))


def format_percent(share: float, decimals: int = 0, *, sign: bool = True) -> str:
    """A share as a percent (0.805 is 81%): the course's one way of writing percents.

    Rounded half up to ``decimals`` places, as the share was written (0.145 is
    15%, not the 14% its binary float would give), with trailing zeros dropped;
    ``sign=False`` leaves out the percent sign.

    Examples
    --------
    >>> format_percent(0.805), format_percent(0.125), format_percent(0.145)
    ('81%', '13%', '15%')
    >>> format_percent(0.075, 1), format_percent(1 / 3, 2), format_percent(0.9, 1, sign=False)
    ('7.5%', '33.33%', '90')
    """
    if not math.isfinite(share):
        return str(share)
    with localcontext(prec=_PRECISION):
        percent = (Decimal(repr(float(share))) * 100).quantize(
            Decimal(1).scaleb(-max(decimals, 0)), rounding=ROUND_HALF_UP
        )
    shown = f"{percent:,f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    if shown in ("-0", ""):
        shown = "0"
    return shown + ("%" if sign else "")


def format_score(score: float | None) -> str:
    """A best score as a whole percent, rounded half up, or "Not taken".

    >>> format_score(0.805), format_score(None)
    ('81%', 'Not taken')
    """
    return "Not taken" if score is None else format_percent(score)
