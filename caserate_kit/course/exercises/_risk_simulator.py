"""Exercise 3, the logic: size a risk reserve with a seeded Monte Carlo simulation.

The learner picks how far a real year may stray from Admirable's plan
(:class:`RiskSettings`); :func:`run_simulation` plays out the years with
:func:`caserate_kit.simulate_total_cost` and sizes the reserve with
:func:`caserate_kit.risk_reserve`. The prediction questions
(:data:`PREDICTIONS`) are graded by running the changed settings, so the key
is computed in the kernel and never stored anywhere else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

import caserate_kit as ck

from .._numbers import format_percent

__all__ = [
    "CHOICES",
    "MIX_SPREADS",
    "PREDICTIONS",
    "Prediction",
    "RiskRun",
    "RiskSettings",
    "chart_summary",
    "figure_rows",
    "grade_prediction",
    "lesson_settings",
    "run_simulation",
    "settings_problems",
    "uncertainty",
]

MIX_SPREADS: dict[str, tuple[str, float | None]] = {
    "none": ("None: keep the planned mix", None),
    "small": ("Small", 800.0),
    "medium": ("Medium (as in lesson 5)", 200.0),
    "large": ("Large", 50.0),
}
"""Case-mix spread choices: their label and the Dirichlet concentration they use."""

CHOICES = (
    ("up", "The reserve goes up"),
    ("same", "It stays about the same"),
    ("down", "The reserve goes down"),
)
"""The answers a learner may predict."""


@dataclass(frozen=True)
class RiskSettings:
    """How far a year may stray from the plan, with percentages as typed (9 for 9%)."""

    low_penetration: float
    high_penetration: float
    mix_spread: str
    hours_spread: float
    percentile: float
    n_scenarios: int = 100_000
    seed: int = 2024


def lesson_settings() -> RiskSettings:
    """The ranges lesson 5 uses: penetration 9% to 11%, medium mix spread, hours ±10%, 95th."""
    return RiskSettings(9.0, 11.0, "medium", 10.0, 95.0)


def settings_problems(settings: RiskSettings, plan: ck.CaseRatePlan) -> list[str]:
    """Each setting that cannot be used, in plain words with the value typed.

    Examples
    --------
    >>> settings_problems(replace(lesson_settings(), low_penetration=10.5),
    ...                   ck.examples.admirable_plan())
    ["The penetration range must include the plan's own rate, 10%: it runs from 10.5% to 11%."]
    """
    problems = []
    low, high = settings.low_penetration, settings.high_penetration
    plan_rate = plan.penetration_rate * 100
    if not (0 <= low <= 100 and 0 <= high <= 100):
        problems.append(
            f"Penetration rates must be between 0% and 100%; the boxes say {low:g}% and {high:g}%."
        )
    elif low > high:
        problems.append(
            f"The lowest penetration rate ({low:g}%) is above the highest ({high:g}%); swap them."
        )
    elif not low <= plan_rate <= high:
        problems.append(
            f"The penetration range must include the plan's own rate, "
            f"{plan_rate:g}%: it runs from {low:g}% to {high:g}%."
        )
    if settings.mix_spread not in MIX_SPREADS:
        problems.append("Choose how far the case mix may wander.")
    if not 0 <= settings.hours_spread < 100:
        problems.append(
            f"The hours spread must be from 0% to below 100%; the box says "
            f"{settings.hours_spread:g}%."
        )
    if not 50 <= settings.percentile < 100:
        problems.append(
            f"The percentile must be from 50 to below 100; the box says {settings.percentile:g}."
        )
    return problems


@dataclass(frozen=True)
class RiskRun:
    """One simulation: its settings, the simulated costs and the reserve they call for."""

    settings: RiskSettings
    costs: npt.NDArray[np.float64] = field(repr=False)
    reserve: ck.RiskReserve


def uncertainty(settings: RiskSettings) -> ck.Uncertainty:
    """The settings as the toolkit's :class:`~caserate_kit.Uncertainty`."""
    return ck.Uncertainty(
        penetration_range=(settings.low_penetration / 100, settings.high_penetration / 100),
        mix_concentration=MIX_SPREADS[settings.mix_spread][1],
        hours_spread=settings.hours_spread / 100,
    )


def run_simulation(settings: RiskSettings, plan: ck.CaseRatePlan) -> RiskRun:
    """Play out the years (same seed, same answer) and size the reserve at the percentile.

    Examples
    --------
    >>> result = run_simulation(lesson_settings(), ck.examples.admirable_plan())
    >>> ck.format_dollars(result.reserve.budget), result.reserve.n_scenarios
    ('$24,030,535', 100000)
    """
    costs = ck.simulate_total_cost(plan, uncertainty(settings), settings.n_scenarios, settings.seed)
    return RiskRun(
        settings, costs, ck.risk_reserve(costs, plan.total_budget(), settings.percentile)
    )


def figure_rows(result: RiskRun) -> list[list[str]]:
    """The figures of a run, one row each, for the results table."""
    reserve = result.reserve
    return [
        ["The plan's budget", ck.format_dollars(reserve.budget)],
        ["Average simulated year", ck.format_dollars(reserve.expected_cost)],
        [
            f"Cost at the {reserve.percentile:g}th percentile",
            ck.format_dollars(reserve.cost_at_percentile),
        ],
        ["Risk reserve (that cost minus the budget)", ck.format_dollars(reserve.reserve)],
        [
            "Reserve as a share of the budget",
            format_percent(reserve.reserve / reserve.budget, 1) if reserve.budget else "—",
        ],
        [
            "Simulated years that cost more than the budget",
            format_percent(reserve.chance_over_budget),
        ],
    ]


def chart_summary(result: RiskRun) -> str:
    """One sentence saying what the cost histogram shows."""
    reserve = result.reserve
    low, high = np.percentile(result.costs, [5, 95])
    text = (
        f"The histogram piles up {reserve.n_scenarios:,} simulated years by total cost; "
        f"nine in ten fall between {ck.format_dollars(low)} and {ck.format_dollars(high)}. "
        f"The solid line marks the {ck.format_dollars(reserve.budget)} budget and the dashed "
        f"line the {reserve.percentile:g}th-percentile cost, "
        f"{ck.format_dollars(reserve.cost_at_percentile)}"
    )
    if reserve.reserve > 0:
        return (
            text + f"; the hatched band between them is the reserve, "
            f"{ck.format_dollars(reserve.reserve)}."
        )
    return text + "; the budget already covers that cost, so there is no reserve band."


@dataclass(frozen=True)
class Prediction:
    """A what-if question: the setting it changes and why the reserve moves as it does."""

    key: str
    prompt: str
    field_name: str
    value: float
    why: str = field(repr=False)

    def changed(self, settings: RiskSettings) -> RiskSettings:
        """The settings with this question's change made."""
        changes: dict[str, Any] = {self.field_name: self.value}
        if self.key == "range":
            changes = {
                "low_penetration": max(0.0, settings.low_penetration - 1),
                "high_penetration": min(100.0, settings.high_penetration + 1),
            }
        return replace(settings, **changes)


PREDICTIONS = (
    Prediction(
        "percentile",
        "What happens to the reserve if you cover the 99th percentile "
        "instead of the percentile you chose?",
        "percentile",
        99.0,
        "A higher percentile covers more of the costly years, so the cost to cover "
        "rises while the budget stays put.",
    ),
    Prediction(
        "range",
        "What happens to the reserve if the penetration range widens by one point at each end?",
        "low_penetration",
        0.0,
        "A wider range lets some years bring many more cases, which stretches the "
        "costly tail of the pile.",
    ),
    Prediction(
        "hours",
        "What happens to the reserve if average hours stop varying (hours spread 0%)?",
        "hours_spread",
        0.0,
        "With hours held at the plan, the years differ less from one another, so the "
        "costly tail shrinks towards the budget.",
    ),
)
"""The prediction questions, asked in this order."""


def _direction(before: float, after: float, budget: float) -> str:
    if math.isclose(before, after, abs_tol=max(1.0, budget * 0.001)):
        return "same"
    return "up" if after > before else "down"


def grade_prediction(
    question: Prediction, choice: str, current: RiskRun, plan: ck.CaseRatePlan
) -> tuple[bool, str]:
    """Run the changed settings and say whether the learner's prediction was right, and why."""
    words = dict(CHOICES)
    if choice not in words:
        return False, "Choose one of the three answers first, then check it."
    changed = question.changed(current.settings)
    if changed == current.settings:
        same = words["same"].lower()
        verdict = "Right" if choice == "same" else "Not this time"
        return choice == "same", (
            f"{verdict}: {same}, because your settings already make "
            "this change. Change a setting and ask again."
        )
    if question.key == "percentile":
        after = ck.risk_reserve(current.costs, plan.total_budget(), changed.percentile)
    else:
        after = run_simulation(changed, plan).reserve
    before = current.reserve
    actual = _direction(before.reserve, after.reserve, before.budget)
    story = (
        f"With your settings the reserve is {ck.format_dollars(before.reserve)}; with the "
        f"change it is {ck.format_dollars(after.reserve)}. {question.why}"
    )
    if choice == actual:
        return True, f"Right: {words[actual].lower()}. {story}"
    return False, (
        f"Not this time: you predicted “{words[choice].lower()}”, but "
        f"{words[actual].lower()}. {story}"
    )
