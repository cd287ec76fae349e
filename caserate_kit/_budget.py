"""Step 7, second half: the budget is cases per level times the case rate.

Money stays unrounded here. A published budget rounds each level and the
total separately, so the rounded levels need not add up to the rounded total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._charts import chart_axes, fit_for_phone, short_dollars
from ._levels import cases_by_level
from ._validate import require_non_negative, require_positive, require_same_keys

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["budget_table", "per_enrollee", "per_member_per_month", "plot_budget_by_level"]

TOTAL = "Total"


def budget_table(
    cases: float,
    case_mix: Mapping[str, float],
    case_rates: Mapping[str, float],
    descriptions: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The budget by level of care, with a total row.

    Parameters
    ----------
    cases
        Total expected cases.
    case_mix
        Level code to share of cases (adds up to 1).
    case_rates
        Level code to case rate in dollars.
    descriptions
        Level code to description, shown in a ``Description`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by level code plus ``"Total"``; columns ``Case mix``,
        ``Cases``, ``Case rate`` and ``Total cost``. The total row's case rate
        is the average case rate (total cost per case).

    Examples
    --------
    >>> table = budget_table(100, {"A": 0.5, "B": 0.5}, {"A": 1000.0, "B": 3000.0})
    >>> table["Total cost"].tolist()
    [50000.0, 150000.0, 200000.0]
    """
    import pandas as pd

    require_same_keys("case_rates", case_rates, case_mix)
    counts = cases_by_level(cases, case_mix)
    rows: list[dict[str, object]] = []
    costs: list[float] = []
    for code, count in counts.items():
        rate = require_non_negative(f"case_rates[{code!r}]", case_rates[code])
        costs.append(count * rate)
        rows.append(
            {
                "Level": code,
                "Case mix": float(case_mix[code]),
                "Cases": count,
                "Case rate": rate,
                "Total cost": count * rate,
            }
        )
    total_cost = math.fsum(costs)
    total_cases = math.fsum(counts.values())
    rows.append(
        {
            "Level": TOTAL,
            "Case mix": math.fsum(float(case_mix[code]) for code in counts),
            "Cases": total_cases,
            "Case rate": total_cost / total_cases if total_cases else 0.0,
            "Total cost": total_cost,
        }
    )
    table = pd.DataFrame(rows).set_index("Level")
    if descriptions is not None:
        labels = [descriptions.get(code, "") for code in counts] + ["All levels"]
        table.insert(0, "Description", labels)
    return table


def per_enrollee(total: float, enrollees: float) -> float:
    """Budget per enrollee for the whole period (a year unless stated).

    Examples
    --------
    >>> per_enrollee(24_000_000, 30_000)
    800.0
    """
    return require_non_negative("total", total) / require_positive("enrollees", enrollees)


def per_member_per_month(total: float, enrollees: float, months: float = 12) -> float:
    """Budget per member per month (PMPM), the way health plans quote costs.

    Examples
    --------
    >>> per_member_per_month(24_000_000, 30_000)
    66.66666666666667
    """
    return per_enrollee(total, enrollees) / require_positive("months", months)


def plot_budget_by_level(
    table: pd.DataFrame, ax: Axes | None = None, compact: bool = False
) -> Axes:
    """Bar chart of total cost by level, each bar labelled with its dollars.

    Parameters
    ----------
    table
        A table from :func:`budget_table` (the total row is left out).
    ax
        Axes to draw on; a new figure when omitted.
    compact
        Draw for a phone: a figure :data:`PHONE_WIDTH` inches wide when ``ax`` is
        omitted, bars labelled in millions, refitted by :func:`fit_for_phone`.
    """
    from matplotlib.ticker import FuncFormatter

    from ._money import format_dollars

    levels = table.drop(index=TOTAL, errors="ignore")
    if ax is None:
        ax = chart_axes(compact, (7, 4), 4.2)
    labels = [str(code) for code in levels.index]
    if "Description" in levels.columns:
        labels = [
            f"{code}\n{desc}" for code, desc in zip(labels, levels["Description"], strict=True)
        ]
    costs = levels["Total cost"].astype(float).tolist()
    show = short_dollars if compact else format_dollars
    top = max([*costs, 1.0]) * (1.3 if compact else 1.15)
    if compact:  # on a phone the levels' names go down the side, one bar under another
        bars = ax.barh(labels, costs, color="#1f5f8b", edgecolor="black")
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: show(v)))
        ax.set_xlabel("Budget for the year")
        ax.set_ylabel("Level of care")
        ax.set_xlim(0, top)
    else:
        bars = ax.bar(labels, costs, color="#1f5f8b", edgecolor="black", hatch="")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: show(v)))
        ax.set_xlabel("Level of care")
        ax.set_ylabel("Budget for the year")
        ax.set_ylim(0, top)
    ax.bar_label(bars, labels=[show(c) for c in costs], padding=3, fontsize=9)
    ax.set_title("Budget by level of care")
    ax.spines[["top", "right"]].set_visible(False)
    return fit_for_phone(ax) if compact else ax
