"""Money for display: the one place where dollar figures are rounded.

Calculations keep money unrounded; round only when a figure is shown.
Rounding is half-up (``$4,758.50`` shows as ``$4,759``), the way a
spreadsheet rounds, not Python's round-half-to-even.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ._validate import require_number

__all__ = ["format_dollars", "round_dollars"]


def round_dollars(amount: float, cents: bool = False) -> float:
    """Round an amount half-up to whole dollars, or to cents.

    Parameters
    ----------
    amount
        The unrounded amount.
    cents
        Round to the cent instead of the dollar.

    Returns
    -------
    float
        The rounded amount.

    Examples
    --------
    >>> round_dollars(4758.5)
    4759.0
    >>> round_dollars(158.617391, cents=True)
    158.62
    """
    value = Decimal(repr(require_number("amount", amount)))
    step = Decimal("0.01") if cents else Decimal("1")
    return float(value.quantize(step, rounding=ROUND_HALF_UP))


def format_dollars(amount: float, cents: bool = False) -> str:
    """Show an amount as dollars with thousands separators.

    Examples
    --------
    >>> format_dollars(24030534.585)
    '$24,030,535'
    >>> format_dollars(158.617391, cents=True)
    '$158.62'
    >>> format_dollars(-1250)
    '-$1,250'
    """
    rounded = round_dollars(amount, cents=cents)
    sign = "-" if rounded < 0 else ""
    body = f"{abs(rounded):,.2f}" if cents else f"{abs(rounded):,.0f}"
    return f"{sign}${body}"
