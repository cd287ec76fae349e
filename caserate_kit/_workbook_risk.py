"""A risk-reserve simulation as the Excel export records it: settings, seed, percentiles, reserve.

The simulation runs in caserate_kit (:func:`~caserate_kit.simulate_total_cost`);
the workbook keeps its results as figures, not formulas, so that the "Risk
reserve" sheet shows exactly what the course showed for the same seed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ._plan import CaseRatePlan
from ._risk import RiskReserve, Uncertainty, risk_reserve, simulate_total_cost
from ._validate import require_count, require_non_negative
from ._workbook_cells import Book, Sheet

__all__ = ["SHOWN_PERCENTILES", "RiskSummary", "risk_summary", "write_risk"]

SHOWN_PERCENTILES = (5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0)
"""The percentiles of the simulated costs a summary lists, besides the one the reserve covers."""


@dataclass(frozen=True)
class RiskSummary:
    """One risk-reserve simulation: how it was run and what it found.

    Parameters
    ----------
    uncertainty
        How far a year could stray from the plan (the simulation's settings).
    seed
        Seed of the random generator; the same seed gives the same years.
    reserve
        The reserve the simulated costs call for, from :func:`~caserate_kit.risk_reserve`.
    percentiles
        Percentile (0 to 100) to the simulated total cost at it, in increasing order.
    """

    uncertainty: Uncertainty
    seed: int
    reserve: RiskReserve
    percentiles: Mapping[float, float] = field(repr=False)


def risk_summary(
    plan: CaseRatePlan,
    uncertainty: Uncertainty,
    *,
    n_scenarios: int = 100_000,
    seed: int = 0,
    percentile: float = 95.0,
    shown: Sequence[float] = SHOWN_PERCENTILES,
) -> RiskSummary:
    """Simulate the plan's year and summarize it for :func:`~caserate_kit.write_plan_workbook`.

    Parameters
    ----------
    plan, uncertainty, n_scenarios, seed
        As for :func:`~caserate_kit.simulate_total_cost`.
    percentile
        Share of simulated years the reserve covers, in percent.
    shown
        Percentiles of the simulated costs to list (the reserve's is added).

    Examples
    --------
    >>> from caserate_kit.examples import admirable_plan
    >>> summary = risk_summary(admirable_plan(), Uncertainty(hours_spread=0.1), n_scenarios=1000)
    >>> summary.seed, summary.reserve.n_scenarios, list(summary.percentiles)[:3]
    (0, 1000, [5.0, 10.0, 25.0])
    """
    costs = simulate_total_cost(plan, uncertainty, n_scenarios, seed)
    reserve = risk_reserve(costs, plan.total_budget(), percentile)
    levels = sorted({require_non_negative("shown", p) for p in shown} | {reserve.percentile})
    figures = np.percentile(costs, levels)
    table = {level: float(cost) for level, cost in zip(levels, figures, strict=True)}
    return RiskSummary(uncertainty, require_count("seed", seed), reserve, table)


def _settings(sheet: Sheet, summary: RiskSummary, first: int) -> int:
    """The simulation's settings from row ``first``; the row after them."""
    spread = summary.uncertainty
    sheet.headers(first - 1, ["Setting", "Value"])
    kept = "the plan's own (not varied)"
    low, high = spread.penetration_range or (None, None)
    rows: list[tuple[str, float | None, str]] = [
        ("Lowest penetration rate", low, "percent"),
        ("Highest penetration rate", high, "percent"),
        ("Case-mix concentration (larger: less spread)", spread.mix_concentration, "number"),
        ("Hours per case may vary by plus or minus", spread.hours_spread, "percent"),
        ("Rate per hour may vary by plus or minus", spread.rate_spread, "percent"),
        ("Simulated years", summary.reserve.n_scenarios, "count"),
        ("Seed of the random numbers", summary.seed, "count"),
    ]
    for row, (label, figure, kind) in enumerate(rows, start=first):
        sheet.text(row, 0, label)
        if figure is None:
            sheet.text(row, 1, kept)
        else:
            sheet.value(row, 1, figure, kind)  # type: ignore[arg-type]
    return first + len(rows)


def write_risk(book: Book, summary: RiskSummary) -> None:
    """The "Risk reserve" sheet: the simulation's settings and results, as figures."""
    sheet = book.sheet(
        "Risk reserve",
        "Risk reserve: what a simulation of many possible years found",
        "These are figures from a simulation, not formulas: they do not follow the Inputs "
        "sheet. After changing the plan, run the simulation again.",
        (46, 22),
    )
    row = _settings(sheet, summary, 4) + 2
    sheet.headers(row, ["Percentile (share of years covered)", "Simulated total cost"])
    for i, (level, cost) in enumerate(summary.percentiles.items(), start=row + 1):
        sheet.value(i, 0, level / 100, "percent")
        sheet.value(i, 1, cost, "dollars")
    row += len(summary.percentiles) + 3
    reserve = summary.reserve
    sheet.headers(row - 1, ["The reserve chosen", "Value"])
    share = reserve.reserve / reserve.budget if reserve.budget else 0.0
    figures = (
        ("Share of simulated years covered", reserve.percentile / 100, "percent"),
        ("The plan's budget", reserve.budget, "dollars"),
        ("Average simulated year", reserve.expected_cost, "dollars"),
        (f"Cost at the {reserve.percentile:g}th percentile", reserve.cost_at_percentile, "dollars"),
        ("Risk reserve (that cost minus the budget)", reserve.reserve, "dollars"),
        ("Reserve as a share of the budget", share, "percent"),
        ("Simulated years that cost more than the budget", reserve.chance_over_budget, "percent"),
    )
    for i, (label, figure, kind) in enumerate(figures, start=row):
        sheet.text(i, 0, label, style="bold" if label.startswith("Risk") else "")
        sheet.value(i, 1, figure, kind)  # type: ignore[arg-type]
    sheet.text(row + len(figures) + 1, 0, reserve.summary())
