"""Sections 4 to 7 of the clinical-financial model: staff, overhead and other revenue.

References
----------
.. [1] IRS Publication 15 (Circular E), *Employer's Tax Guide*: employers pay
   6.2% Social Security and 1.45% Medicare tax on wages (7.65% FICA).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from ._validate import require_fraction, require_non_negative

__all__ = ["FICA_RATE", "OtherRevenue", "Overhead", "Staffing"]

FICA_RATE = 0.0765
"""Employer payroll tax on wages: Social Security 6.2% + Medicare 1.45%."""


def _amounts(section: Any) -> list[float]:
    fields = dataclasses.fields(section)
    return [require_non_negative(f.name, getattr(section, f.name)) for f in fields]


class _Lines:
    """Dollar lines, each zero or more, that add up to a total."""

    def __post_init__(self) -> None:
        _amounts(self)

    def total(self) -> float:
        """All lines added up."""
        return math.fsum(_amounts(self))


@dataclass(frozen=True)
class Staffing:
    """Sections 4 and 5: direct-service FTEs on the payroll and what staff cost.

    Parameters
    ----------
    direct_ftes_on_payroll
        Direct-service FTEs employed now (clinicians, case managers, nurses, prescribers).
    avg_direct_salary
        Average salary of a direct-service FTE over the staff mix.
    benefits_rate, payroll_tax_rate
        Benefits and employer payroll taxes as shares of salary (FICA by default).
    support_ftes, avg_support_salary
        Staff who deliver no services (supervisors, intake, billing, administration).
    contractor_fees
        Yearly contractor fees (no benefits or payroll tax).

    Examples
    --------
    >>> staff = Staffing(45, 65_000, benefits_rate=0.27)
    >>> round(staff.loaded_rate(), 4), round(staff.cost(direct_ftes=10))
    (1.3465, 875225)
    """

    direct_ftes_on_payroll: float
    avg_direct_salary: float
    benefits_rate: float
    payroll_tax_rate: float = FICA_RATE
    support_ftes: float = 0.0
    avg_support_salary: float = 0.0
    contractor_fees: float = 0.0

    def __post_init__(self) -> None:
        _amounts(self)
        require_fraction("benefits_rate", self.benefits_rate)
        require_fraction("payroll_tax_rate", self.payroll_tax_rate)

    def loaded_rate(self) -> float:
        """What one dollar of salary costs with benefits and payroll tax."""
        return 1 + self.benefits_rate + self.payroll_tax_rate

    def cost(self, direct_ftes: float) -> float:
        """Yearly cost of ``direct_ftes`` direct-service FTEs, support staff and contractors."""
        direct = require_non_negative("direct_ftes", direct_ftes) * self.avg_direct_salary
        support = self.support_ftes * self.avg_support_salary
        return (direct + support) * self.loaded_rate() + self.contractor_fees


@dataclass(frozen=True)
class Overhead(_Lines):
    """Section 6: every yearly cost that is not staff.

    ``working_capital`` is the yearly cost of the cash needed between paying
    staff and being paid (credit-line interest or money set aside).

    Examples
    --------
    >>> Overhead(occupancy=600_000, supplies=150_000, travel=180_000).total()
    930000.0
    """

    occupancy: float = 0.0
    supplies: float = 0.0
    travel: float = 0.0
    training: float = 0.0
    depreciation: float = 0.0
    working_capital: float = 0.0
    other: float = 0.0


@dataclass(frozen=True)
class OtherRevenue(_Lines):
    """Section 7 beyond case rates: fee-for-service from other payers, grants, gifts.

    Examples
    --------
    >>> OtherRevenue(fee_for_service=250_000, grants=300_000).total()
    550000.0
    """

    fee_for_service: float = 0.0
    grants: float = 0.0
    fundraising: float = 0.0
    other: float = 0.0
