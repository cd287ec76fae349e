"""Exercise 1, the logic: the eight rate-setting steps from a form's inputs.

The form holds percentages as people type them (10 for 10%); this module checks
them, builds a :class:`~caserate_kit.CaseRatePlan`, and turns its figures into
rows of text for the page. Nothing here touches a widget.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import caserate_kit as ck

from .._numbers import format_percent

__all__ = [
    "SCENARIOS",
    "CalculatorInputs",
    "admirable_inputs",
    "budget_rows",
    "build_plan",
    "case_rate_rows",
    "chart_summary",
    "input_problems",
    "mix_message",
    "penetration_rows",
    "scenario_rows",
]

SCENARIOS = ("Low", "Medium", "High")
"""The penetration scenarios, in the order the page shows them."""

MIX_TOLERANCE_POINTS = 0.005
"""How far (in percentage points) the case mix may stray from 100% and still count."""


@dataclass(frozen=True)
class CalculatorInputs:
    """What the learner typed, with percentages as numbers such as ``10`` for 10%.

    Parameters
    ----------
    enrollees
        Step 1: people covered.
    penetration
        Step 2: scenario name (``Low``, ``Medium``, ``High``) to penetration rate in percent.
    scenario
        The scenario the case rates and budget use.
    mix
        Step 4: level code to share of cases in percent.
    hours
        Step 5: level code to average hours per case.
    rate_per_hour
        Step 6: average cost of one hour of service, in dollars.
    """

    enrollees: float
    penetration: Mapping[str, float] = field(repr=False)
    scenario: str
    mix: Mapping[str, float] = field(repr=False)
    hours: Mapping[str, float] = field(repr=False)
    rate_per_hour: float


def admirable_inputs() -> CalculatorInputs:
    """The Admirable example of lesson 4, as the form shows it."""
    plan = ck.examples.admirable_plan()
    return CalculatorInputs(
        enrollees=float(plan.enrollees),
        penetration={
            name: round(rate * 100, 6) for name, rate in ck.examples.ADMIRABLE_PENETRATION.items()
        },
        scenario="Medium",
        mix={code: round(share * 100, 6) for code, share in plan.case_mix.items()},
        hours=plan.avg_hours(),
        rate_per_hour=float(ck.examples.ADMIRABLE_RATE_PER_HOUR),
    )


def _points(value: float) -> str:
    """Percentage points, as the learner typed them (up to two decimals)."""
    return format_percent(value / 100, 2, sign=False)


def mix_message(mix: Mapping[str, float]) -> str | None:
    """Say how far the case mix is from 100%, or ``None`` when it adds up.

    Examples
    --------
    >>> mix_message({"A": 20, "B": 27, "C": 33, "D": 10})
    'The case mix adds up to 90%, 10 points short of 100%. Add 10 points across the levels.'
    >>> mix_message({"A": 20, "B": 37, "C": 33, "D": 10}) is None
    True
    """
    total = math.fsum(mix.values())
    gap = total - 100
    if abs(gap) <= MIX_TOLERANCE_POINTS:
        return None
    if gap < 0:
        return (
            f"The case mix adds up to {_points(total)}%, {_points(-gap)} points short of "
            f"100%. Add {_points(-gap)} points across the levels."
        )
    return (
        f"The case mix adds up to {_points(total)}%, {_points(gap)} points over 100%. "
        f"Take {_points(gap)} points off across the levels."
    )


def input_problems(inputs: CalculatorInputs) -> list[tuple[int, str]]:
    """Every input that cannot be used, as (step number, message naming the value typed).

    Examples
    --------
    >>> from dataclasses import replace
    >>> input_problems(replace(admirable_inputs(), rate_per_hour=0))
    [(6, 'The cost per hour must be more than zero; the box says 0.')]
    """
    problems = []
    if not math.isfinite(inputs.enrollees) or inputs.enrollees <= 0:
        problems.append(
            (1, f"Enrollees must be more than zero; the box says {inputs.enrollees:g}.")
        )
    for name, rate in inputs.penetration.items():
        if not 0 <= rate <= 100:
            problems.append(
                (
                    2,
                    f"The {name.lower()} penetration rate must be between 0% and "
                    f"100%; the box says {rate:g}%.",
                )
            )
    if inputs.scenario not in inputs.penetration:
        problems.append((2, f"Choose Low, Medium or High for the plan; got {inputs.scenario!r}."))
    for code, share in inputs.mix.items():
        if not 0 <= share <= 100:
            problems.append(
                (
                    4,
                    f"Level {code}'s share of cases must be between 0% and 100%; "
                    f"the box says {share:g}%.",
                )
            )
    mix_problem = mix_message(inputs.mix)
    if mix_problem is not None:
        problems.append((4, mix_problem))
    for code, hours in inputs.hours.items():
        if hours < 0:
            problems.append(
                (5, f"Level {code}'s average hours cannot be negative; the box says {hours:g}.")
            )
    if inputs.rate_per_hour <= 0:
        problems.append(
            (6, f"The cost per hour must be more than zero; the box says {inputs.rate_per_hour:g}.")
        )
    return problems


def build_plan(inputs: CalculatorInputs, names: Mapping[str, str] | None = None) -> ck.CaseRatePlan:
    """The case-rate plan of the inputs (check them with :func:`input_problems` first).

    ``names`` gives each level's description by code (an upload's own); by
    default the levels are described as Admirable's are.

    Examples
    --------
    >>> ck.format_dollars(build_plan(admirable_inputs()).total_budget())
    '$24,030,535'
    """
    descriptions = (
        {level.code: level.description for level in ck.examples.ADMIRABLE_LEVELS}
        if names is None
        else names
    )
    levels = [
        ck.LevelOfCare(code, descriptions.get(code, ""), float(hours))
        for code, hours in inputs.hours.items()
    ]
    shares = {code: share / 100 for code, share in inputs.mix.items()}
    total = math.fsum(shares.values())
    return ck.CaseRatePlan(
        enrollees=inputs.enrollees,
        penetration_rate=inputs.penetration[inputs.scenario] / 100,
        levels=levels,
        case_mix={code: share / total for code, share in shares.items()},
        rate_per_hour=inputs.rate_per_hour,
    )


def penetration_rows(inputs: CalculatorInputs) -> list[list[str]]:
    """Step 2 table: scenario, penetration rate and expected cases (the plan's scenario marked)."""
    rows = []
    for name, rate in inputs.penetration.items():
        cases = ck.cases_from_penetration(inputs.enrollees, rate / 100)
        mark = " (used for the plan)" if name == inputs.scenario else ""
        rows.append([name + mark, format_percent(rate / 100, 2), f"{cases:,.0f}"])
    return rows


def case_rate_rows(plan: ck.CaseRatePlan) -> list[list[str]]:
    """Step 7 case-rate table: level, average hours, rate per hour, case rate."""
    table = plan.case_rate_table()
    return [
        [
            f"{code}: {row['Description']}" if row["Description"] else str(code),
            f"{row['Average hours']:g}",
            ck.format_dollars(row["Rate per hour"], cents=True),
            ck.format_dollars(row["Case rate"]),
        ]
        for code, row in table.iterrows()
    ]


def budget_rows(plan: ck.CaseRatePlan) -> list[list[str]]:
    """Step 7 budget table: level, case mix, cases, case rate, total cost (with a total row)."""
    rows = []
    for code, row in plan.budget_table().iterrows():
        rate = ck.format_dollars(row["Case rate"])
        rows.append(
            [
                "All levels" if code == "Total" else f"Level {code}",
                format_percent(row["Case mix"], 2),
                f"{row['Cases']:,.0f}",
                f"{rate} on average" if code == "Total" else rate,
                ck.format_dollars(row["Total cost"]),
            ]
        )
    return rows


def scenario_rows(plan: ck.CaseRatePlan, inputs: CalculatorInputs) -> list[list[str]]:
    """Low, medium and high penetration side by side: one row per figure, one column each.

    ``Change from plan`` compares each scenario with the scenario the plan uses.
    """
    rates = {name: rate / 100 for name, rate in inputs.penetration.items()}
    table = ck.scenario_table(plan, penetration_rates=rates).set_index("Penetration")
    names = list(table.index)

    def signed(amount: float) -> str:
        text = ck.format_dollars(amount)
        return text if text.startswith("-") or text == "$0" else "+" + text

    return [
        ["Penetration rate", *(format_percent(table.loc[n, "Penetration rate"], 2) for n in names)],
        ["Expected cases", *(f"{table.loc[n, 'Cases']:,.0f}" for n in names)],
        ["Total budget", *(ck.format_dollars(table.loc[n, "Total budget"]) for n in names)],
        [
            "Per member per month",
            *(ck.format_dollars(table.loc[n, "Per member per month"], cents=True) for n in names),
        ],
        ["Change from the plan", *(signed(table.loc[n, "Change from plan"]) for n in names)],
    ]


def chart_summary(plan: ck.CaseRatePlan) -> str:
    """One sentence saying what the budget-by-level chart shows."""
    table = plan.budget_table().drop(index="Total")
    costs = table["Total cost"].astype(float)
    total = plan.total_budget()
    if total <= 0:
        return "The chart shows no bars: with these inputs the budget is $0."
    top, low = str(costs.idxmax()), str(costs.idxmin())
    return (
        f"The bars show the budget for each level. Level {top} takes the largest share, "
        f"{ck.format_dollars(costs[top])} or {format_percent(costs[top] / total)} of the "
        f"{ck.format_dollars(total)} total; Level {low} takes the smallest, "
        f"{ck.format_dollars(costs[low])} ({format_percent(costs[low] / total)})."
    )
