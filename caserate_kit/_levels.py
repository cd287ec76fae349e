"""Steps 3 to 5 of setting case rates: levels of care, case mix and hours.

A *level of care* is a category of episodes paid its own case rate. The
*case mix* is the share of cases expected at each level; it must add up to
100%. Each level has an average number of service hours per case, usually
with a minimum and maximum seen in past data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ._exceptions import InvalidInputError, OutOfRangeError
from ._validate import require_mix, require_non_negative, require_same_keys

__all__ = ["LevelOfCare", "cases_by_level", "service_hours_by_level"]


@dataclass(frozen=True)
class LevelOfCare:
    """One level of care and its service hours per case (episode).

    Parameters
    ----------
    code
        Short name of the level, such as ``"A"``.
    description
        What the level is, in words.
    avg_hours
        Average service hours per case.
    min_hours, max_hours
        Fewest and most hours seen or allowed per case, when known.

    Examples
    --------
    >>> LevelOfCare("B", "Low intensity community-based", avg_hours=30, min_hours=15, max_hours=100)
    LevelOfCare(code='B', description='Low intensity community-based', avg_hours=30, ...)
    """

    code: str
    description: str
    avg_hours: float
    min_hours: float | None = None
    max_hours: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.strip():
            raise InvalidInputError("code", self.code, "must be a non-empty name such as 'A'")
        require_non_negative(f"avg_hours of level {self.code}", self.avg_hours)
        low = self.min_hours
        high = self.max_hours
        if low is not None:
            require_non_negative(f"min_hours of level {self.code}", low)
            if low > self.avg_hours:
                raise OutOfRangeError(
                    f"min_hours of level {self.code}",
                    low,
                    f"must not exceed avg_hours {self.avg_hours}",
                )
        if high is not None:
            require_non_negative(f"max_hours of level {self.code}", high)
            if high < self.avg_hours:
                raise OutOfRangeError(
                    f"max_hours of level {self.code}",
                    high,
                    f"must not be below avg_hours {self.avg_hours}",
                )


def cases_by_level(cases: float, case_mix: Mapping[str, float]) -> dict[str, float]:
    """Spread a number of cases across levels by the case mix.

    Parameters
    ----------
    cases
        Total expected cases.
    case_mix
        Level code to share of cases; the shares must add up to 1.

    Returns
    -------
    dict
        Level code to expected cases, unrounded.

    Examples
    --------
    >>> cases_by_level(3000, {"A": 0.20, "B": 0.37, "C": 0.33, "D": 0.10})
    {'A': 600.0, 'B': 1110.0, 'C': 990.0, 'D': 300.0}
    """
    total = require_non_negative("cases", cases)
    mix = require_mix("case_mix", case_mix)
    return {code: total * share for code, share in mix.items()}


def service_hours_by_level(
    cases: Mapping[str, float], avg_hours: Mapping[str, float]
) -> dict[str, float]:
    """Service hours each level needs: its cases times its average hours per case.

    Examples
    --------
    >>> service_hours_by_level({"A": 600, "B": 1110}, {"A": 10, "B": 30})
    {'A': 6000.0, 'B': 33300.0}
    """
    require_same_keys("avg_hours", avg_hours, cases)
    return {
        code: require_non_negative(f"cases[{code!r}]", count)
        * require_non_negative(f"avg_hours[{code!r}]", avg_hours[code])
        for code, count in cases.items()
    }
