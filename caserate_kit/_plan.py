"""The eight steps in one object: a case-rate plan and its figures.

:class:`CaseRatePlan` holds the inputs of steps 1 to 6 (enrollees,
penetration rate, levels with their hours, case mix, rate per hour) and
computes step 7 (case rates and the budget). Step 8, the performance
metrics, lives in :mod:`caserate_kit._cohorts`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ._budget import budget_table, per_enrollee, per_member_per_month
from ._case_rates import RatePerHour, case_rate_table, rates_by_level
from ._exceptions import InvalidInputError, MismatchError
from ._levels import LevelOfCare, cases_by_level, service_hours_by_level
from ._population import cases_from_penetration
from ._validate import require_fraction, require_mix, require_non_negative, require_positive

__all__ = ["CaseRatePlan"]


@dataclass(frozen=True, eq=False)
class CaseRatePlan:
    """Inputs of the eight rate-setting steps, and the case rates and budget they give.

    Parameters
    ----------
    enrollees
        Step 1: people covered by the plan.
    penetration_rate
        Step 2: share of enrollees expected to be served (0 to 1).
    levels
        Steps 3 and 5: the levels of care with their average hours per case.
    case_mix
        Step 4: level code to share of cases (adds up to 1).
    rate_per_hour
        Step 6: average cost per hour, one figure or one per level.
    months
        Length of the budget period, for per-member-per-month figures.

    Examples
    --------
    >>> plan = CaseRatePlan(
    ...     enrollees=1000,
    ...     penetration_rate=0.1,
    ...     levels=(LevelOfCare("A", "Low", 10), LevelOfCare("B", "High", 40)),
    ...     case_mix={"A": 0.5, "B": 0.5},
    ...     rate_per_hour=100.0,
    ... )
    >>> plan.case_rates()
    {'A': 1000.0, 'B': 4000.0}
    >>> plan.total_budget()
    250000.0
    """

    enrollees: float
    penetration_rate: float
    levels: Sequence[LevelOfCare]
    case_mix: Mapping[str, float] = field(repr=False)
    rate_per_hour: RatePerHour
    months: float = 12

    def __post_init__(self) -> None:
        require_non_negative("enrollees", self.enrollees)
        require_fraction("penetration_rate", self.penetration_rate)
        require_positive("months", self.months)
        object.__setattr__(self, "levels", tuple(self.levels))
        if not self.levels:
            raise InvalidInputError("levels", self.levels, "must hold at least one level of care")
        codes = [level.code for level in self.levels]
        if len(set(codes)) != len(codes):
            raise MismatchError("levels", codes, "must not repeat a level code")
        mix = require_mix("case_mix", self.case_mix)
        if list(mix) != codes:
            if set(mix) != set(codes):
                raise MismatchError(
                    "case_mix", sorted(mix), f"must name the same levels as levels ({codes})"
                )
            mix = {code: mix[code] for code in codes}
        object.__setattr__(self, "case_mix", mix)
        rates_by_level(codes, self.rate_per_hour)

    @property
    def codes(self) -> list[str]:
        """The level codes, in order."""
        return [level.code for level in self.levels]

    def replace(self, **changes: Any) -> CaseRatePlan:
        """A copy of the plan with some inputs changed (for what-if questions)."""
        return dataclasses.replace(self, **changes)

    def cases(self) -> float:
        """Step 2: expected cases, enrollees times the penetration rate."""
        return cases_from_penetration(self.enrollees, self.penetration_rate)

    def cases_by_level(self) -> dict[str, float]:
        """Step 4: expected cases at each level."""
        return cases_by_level(self.cases(), self.case_mix)

    def avg_hours(self) -> dict[str, float]:
        """Step 5: average hours per case at each level."""
        return {level.code: float(level.avg_hours) for level in self.levels}

    def service_hours(self) -> dict[str, float]:
        """Service hours the expected cases need at each level."""
        return service_hours_by_level(self.cases_by_level(), self.avg_hours())

    def rates_per_hour(self) -> dict[str, float]:
        """Step 6: the rate per hour used at each level."""
        return rates_by_level(self.codes, self.rate_per_hour)

    def case_rates(self) -> dict[str, float]:
        """Step 7: the case rate of each level (unrounded dollars)."""
        rates = self.rates_per_hour()
        return {level.code: level.avg_hours * rates[level.code] for level in self.levels}

    def case_rate_table(self) -> pd.DataFrame:
        """Step 7: the case-rate table (hours, rate per hour, case rate by level)."""
        return case_rate_table(self.levels, self.rate_per_hour)

    def budget_table(self) -> pd.DataFrame:
        """Step 7: the budget by level with its total row."""
        descriptions = {level.code: level.description for level in self.levels}
        return budget_table(self.cases(), self.case_mix, self.case_rates(), descriptions)

    def total_budget(self) -> float:
        """Step 7: the total budget for the period (unrounded dollars)."""
        rates = self.case_rates()
        return math.fsum(n * rates[code] for code, n in self.cases_by_level().items())

    def average_case_rate(self) -> float:
        """The case rate averaged over the case mix (budget per case)."""
        rates = self.case_rates()
        return math.fsum(share * rates[code] for code, share in self.case_mix.items())

    def per_enrollee(self) -> float:
        """Budget per enrollee for the period."""
        return per_enrollee(self.total_budget(), self.enrollees)

    def per_member_per_month(self) -> float:
        """Budget per member per month (PMPM)."""
        return per_member_per_month(self.total_budget(), self.enrollees, self.months)
