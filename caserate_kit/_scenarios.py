"""What-if tables: the budget when penetration, case mix or hours change.

Each dimension is a set of named alternatives; the table has one row for
every combination, so a learner can see which assumption moves the budget most.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pandas as pd

from ._exceptions import InvalidInputError
from ._levels import LevelOfCare
from ._plan import CaseRatePlan
from ._validate import require_same_keys

__all__ = ["scenario_table"]

BASE = "Base"


def _with_hours(plan: CaseRatePlan, hours: Mapping[str, float]) -> CaseRatePlan:
    require_same_keys("avg_hours scenario", hours, dict.fromkeys(plan.codes))
    levels = tuple(
        LevelOfCare(level.code, level.description, avg_hours=hours[level.code])
        for level in plan.levels
    )
    return plan.replace(levels=levels)


def scenario_table(
    plan: CaseRatePlan,
    penetration_rates: Mapping[str, float] | None = None,
    case_mixes: Mapping[str, Mapping[str, float]] | None = None,
    avg_hours: Mapping[str, Mapping[str, float]] | None = None,
) -> pd.DataFrame:
    """Budget figures for every combination of named scenarios.

    Parameters
    ----------
    plan
        The base plan; a dimension left out keeps the plan's own value
        (named ``"Base"``).
    penetration_rates
        Scenario name to penetration rate.
    case_mixes
        Scenario name to case mix (level code to share).
    avg_hours
        Scenario name to average hours per level.

    Returns
    -------
    pandas.DataFrame
        One row per combination: the scenario names, ``Cases``,
        ``Service hours``, ``Total budget``, ``Per member per month`` and
        ``Change from plan`` (dollars against the base plan).

    Examples
    --------
    >>> plan = CaseRatePlan(1000, 0.1, (LevelOfCare("A", "Only level", 10),), {"A": 1.0}, 100.0)
    >>> table = scenario_table(plan, penetration_rates={"Low": 0.09, "High": 0.11})
    >>> table["Total budget"].round().tolist()
    [90000.0, 110000.0]
    """
    pens: Mapping[str, float] = (
        {BASE: plan.penetration_rate} if penetration_rates is None else penetration_rates
    )
    mixes: Mapping[str, Mapping[str, float]] = (
        {BASE: plan.case_mix} if case_mixes is None else case_mixes
    )
    hours_sets: Mapping[str, Mapping[str, float]] = (
        {BASE: plan.avg_hours()} if avg_hours is None else avg_hours
    )
    dimensions: dict[str, Mapping[str, object]] = {
        "Penetration": pens,
        "Case mix": mixes,
        "Hours": hours_sets,
    }
    for name, options in dimensions.items():
        if not options:
            raise InvalidInputError(name, dict(options), "must name at least one scenario")
    base_total = plan.total_budget()
    rows = []
    for pen_name, mix_name, hours_name in itertools.product(pens, mixes, hours_sets):
        variant = plan.replace(penetration_rate=pens[pen_name], case_mix=mixes[mix_name])
        variant = _with_hours(variant, hours_sets[hours_name])
        total = variant.total_budget()
        rows.append(
            {
                "Penetration": pen_name,
                "Case mix": mix_name,
                "Hours": hours_name,
                "Penetration rate": variant.penetration_rate,
                "Cases": variant.cases(),
                "Service hours": sum(variant.service_hours().values()),
                "Total budget": total,
                "Per member per month": variant.per_member_per_month(),
                "Change from plan": total - base_total,
            }
        )
    table = pd.DataFrame(rows)
    varied = [name for name, options in dimensions.items() if list(options) != [BASE]]
    return table.drop(columns=[n for n in dimensions if n not in varied] if varied else [])
