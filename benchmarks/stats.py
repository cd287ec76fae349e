"""Medians, 95th percentiles and the table every benchmark prints."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Figure", "percentile", "print_figures"]


def percentile(values: Sequence[float], share: float) -> float:
    """Percentile with linear interpolation between the sorted values.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
    """
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * share / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Figure:
    """One measured figure: its samples, the baseline's samples from the same run, a target.

    ``lower_is_better`` says which way the ratio reads; ``unit`` is "s",
    "ms", "MB" or "/s" (a rate, where higher is better).
    """

    name: str
    unit: str
    samples: Sequence[float]
    baseline: Sequence[float] = ()
    target: str = ""
    note: str = ""

    @property
    def median(self) -> float:
        return percentile(self.samples, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)

    @property
    def ratio(self) -> float | None:
        """How many times better than the baseline (medians), or None without one."""
        if not self.baseline or not self.median:
            return None
        base = percentile(self.baseline, 50)
        return self.median / base if self.unit == "/s" else base / self.median


def _value(value: float, unit: str) -> str:
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "ms":
        return f"{value:,.0f} ms"
    if unit == "n":
        return f"{value:g}"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.2f} s"


def print_figures(title: str, figures: Sequence[Figure]) -> None:
    """Print a section: one row per figure (median, p95, baseline, ratio, target)."""
    print(f"\n{title}")
    header = (
        f"{'figure':<44} {'n':>3} {'median':>11} {'p95':>11} {'baseline':>11} "
        f"{'ratio':>7}  {'target':<10} note"
    )
    print(header)
    print("-" * len(header))
    for figure in figures:
        base = _value(percentile(figure.baseline, 50), figure.unit) if figure.baseline else "-"
        ratio = f"{figure.ratio:.1f}x" if figure.ratio is not None else "-"
        print(
            f"{figure.name:<44} {len(figure.samples):>3} {_value(figure.median, figure.unit):>11} "
            f"{_value(figure.p95, figure.unit):>11} {base:>11} {ratio:>7}  "
            f"{figure.target:<10} {figure.note}"
        )
