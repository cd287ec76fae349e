"""Step 7, first half: a case rate is average hours times the rate per hour.

A case rate is one payment that covers the *average* cost of an episode of
care at a level; some people at that level will need more care and some less.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ._levels import LevelOfCare
from ._validate import require_non_negative, require_same_keys

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RatePerHour", "case_rate", "case_rate_table", "rates_by_level"]

RatePerHour = float | Mapping[str, float]
"""One rate per hour for every level, or a rate per level code."""


def case_rate(avg_hours: float, rate_per_hour: float) -> float:
    """The case rate for one level: average hours per case times the rate per hour.

    Parameters
    ----------
    avg_hours
        Average service hours per case at the level.
    rate_per_hour
        Average cost (rate) of one hour of service.

    Returns
    -------
    float
        Dollars per case, unrounded.

    Examples
    --------
    >>> case_rate(30, 158.61739)
    4758.5217
    """
    hours = require_non_negative("avg_hours", avg_hours)
    return hours * require_non_negative("rate_per_hour", rate_per_hour)


def rates_by_level(codes: Sequence[str], rate_per_hour: RatePerHour) -> dict[str, float]:
    """Expand one rate per hour (or a mapping of them) to a rate for every level.

    Examples
    --------
    >>> rates_by_level(["A", "B"], 150.0)
    {'A': 150.0, 'B': 150.0}
    """
    if isinstance(rate_per_hour, Mapping):
        require_same_keys("rate_per_hour", rate_per_hour, dict.fromkeys(codes))
        return {c: require_non_negative(f"rate_per_hour[{c!r}]", rate_per_hour[c]) for c in codes}
    rate = require_non_negative("rate_per_hour", rate_per_hour)
    return dict.fromkeys(codes, rate)


def case_rate_table(levels: Sequence[LevelOfCare], rate_per_hour: RatePerHour) -> pd.DataFrame:
    """The case-rate table: each level's average hours, rate per hour and case rate.

    Returns
    -------
    pandas.DataFrame
        Indexed by level code, with ``Description``, ``Average hours``,
        ``Rate per hour`` and ``Case rate`` (unrounded).

    Examples
    --------
    >>> levels = [LevelOfCare("A", "Maintenance", 10), LevelOfCare("B", "Low intensity", 30)]
    >>> case_rate_table(levels, 100.0)["Case rate"].tolist()
    [1000.0, 3000.0]
    """
    import pandas as pd

    rates = rates_by_level([level.code for level in levels], rate_per_hour)
    rows = [
        {
            "Level": level.code,
            "Description": level.description,
            "Average hours": float(level.avg_hours),
            "Rate per hour": rates[level.code],
            "Case rate": case_rate(level.avg_hours, rates[level.code]),
        }
        for level in levels
    ]
    return pd.DataFrame(rows).set_index("Level")
