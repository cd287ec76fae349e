"""Steps 1 and 2 of setting case rates: the population and its penetration rate.

The *penetration rate* is the share of enrollees expected to need the service
in a year. Because the future is uncertain, it is estimated as a range (low,
medium and high), and each rate gives a number of cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._validate import require_fraction, require_non_negative

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["cases_from_penetration", "penetration_table"]


def cases_from_penetration(enrollees: float, penetration_rate: float) -> float:
    """Expected number of cases: enrollees times the penetration rate.

    Parameters
    ----------
    enrollees
        People covered by the plan (members), zero or more.
    penetration_rate
        Share of enrollees expected to be served, between 0 and 1.

    Returns
    -------
    float
        Expected cases, unrounded.

    Examples
    --------
    >>> cases_from_penetration(30_000, 0.10)
    3000.0
    """
    members = require_non_negative("enrollees", enrollees)
    return members * require_fraction("penetration_rate", penetration_rate)


def penetration_table(enrollees: float, rates: Mapping[str, float]) -> pd.DataFrame:
    """Cases for each named penetration rate (for example low, medium and high).

    Parameters
    ----------
    enrollees
        People covered by the plan.
    rates
        Scenario name to penetration rate, in the order to show them.

    Returns
    -------
    pandas.DataFrame
        One column per scenario; rows ``Penetration rate`` and ``Number of cases``.

    Examples
    --------
    >>> table = penetration_table(30_000, {"Low": 0.09, "Medium": 0.10, "High": 0.11})
    >>> table.loc["Number of cases"].round().tolist()
    [2700.0, 3000.0, 3300.0]
    """
    import pandas as pd

    rows = {
        name: {
            "Penetration rate": require_fraction(f"rates[{name!r}]", rate),
            "Number of cases": cases_from_penetration(enrollees, rate),
        }
        for name, rate in rates.items()
    }
    return pd.DataFrame(rows, columns=list(rates))
