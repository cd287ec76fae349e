"""Zontanos Health and Wellness: managing under case rates with a clinical-financial model.

Zontanos is a fictional mid-sized community mental health center in three of
the four counties covered by the payer Admirable. It has a 33% market share
and serves 1,000 consumers a year. To prepare for case rates it builds a
clinical-financial model (:class:`~caserate_kit.ClinicalFinancialModel`).
Its first draft does not balance: the clinical team plans more hours per case
than Admirable pays for, those hours need more clinicians than are on the
payroll, and the clinicians cost more than the case rates bring in. Work
groups then change one input at a time, looking at the dashboard after each
change, and prefer several small changes to one or two large ones.

From the source: the consumers, the market share, the case mix and case rates
(Admirable's, through :func:`admirable_plan`), the utilization-management
guideline ranges (:data:`ZONTANOS_GUIDELINES`) and the story of a draft that
does not balance.

**Illustrative teaching values, not from the source:** the draft's hours per
case, salaries, staff mix, benefits rate, leave and training hours,
productivity, FTEs on the payroll, support staff, contractor fees, overhead
lines, other revenue and the changes in :data:`ZONTANOS_CHANGES`. They were
chosen to be plausible for a US community mental health center in 2024-2026:

* direct-service staff mix: prescribers (psychiatrists and psychiatric nurse
  practitioners, about $210,000), nurses ($84,000), master's-level clinicians
  ($65,000) and bachelor's-level case managers ($45,000);
* benefits 27% of salary; payroll tax 7.65% (employer FICA, IRS Publication 15);
* 200 hours of leave (three weeks plus ten holidays) and 40 of training a year;
  productivity 60% in the draft, inside the 60-65% many centers expect.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .._clinical_financial import ClinicalFinancialModel
from .._costs import OtherRevenue, Overhead, Staffing
from .._levels import LevelOfCare
from ._admirable import admirable_plan

__all__ = [
    "ZONTANOS_CHANGES",
    "ZONTANOS_CONSUMERS",
    "ZONTANOS_GUIDELINES",
    "ZONTANOS_MARKET_SHARE",
    "zontanos_balanced",
    "zontanos_first_draft",
]

ZONTANOS_CONSUMERS = 1000
"""Consumers Zontanos serves in a year."""

ZONTANOS_MARKET_SHARE = 0.33
"""Zontanos' share of Admirable's consumers (1,000 of about 3,000)."""

ZONTANOS_GUIDELINES = (
    LevelOfCare("A", "Recovery maintenance and health management", 10, 5, 15),
    LevelOfCare("B", "Low-intensity community-based services", 30, 10, 50),
    LevelOfCare("C", "High-intensity community-based services", 80, 50, 110),
    LevelOfCare("D", "Wraparound, ACT-level care", 110, 80, 140),
)
"""Zontanos' utilization-management guidelines: hours per episode, low end, high end, average."""

_DRAFT_HOURS = {"A": 12.0, "B": 36.0, "C": 90.0, "D": 120.0}
"""The clinical team's draft hours per case: inside the guideline ranges, above Admirable's."""


def _average_salary(mix: Mapping[str, tuple[float, float]]) -> float:
    """Average salary of a staff mix given as role -> (share of FTEs, salary)."""
    return math.fsum(share * salary for share, salary in mix.values())


_DRAFT_STAFF_MIX = {
    "Prescribers": (0.08, 210_000.0),
    "Nurses": (0.07, 84_000.0),
    "Master's-level clinicians": (0.60, 65_000.0),
    "Bachelor's-level case managers": (0.25, 45_000.0),
}
_BALANCED_STAFF_MIX = {
    **_DRAFT_STAFF_MIX,
    "Master's-level clinicians": (0.55, 65_000.0),
    "Bachelor's-level case managers": (0.30, 45_000.0),
}

ZONTANOS_CHANGES: dict[str, dict[str, object]] = {
    "Level B hours from 36 to 30 (Admirable's average)": {"avg_hours.B": 30.0},
    "Level C hours from 90 to 85": {"avg_hours.C": 85.0},
    "Level D hours from 120 to 115": {"avg_hours.D": 115.0},
    "Productivity from 60% to 63%": {"productivity": 0.63},
    "Staff mix: 5% of FTEs from master's to bachelor's level": {
        "staffing.avg_direct_salary": _average_salary(_BALANCED_STAFF_MIX)
    },
    "Overhead: travel cut by $30,000": {"overhead.travel": 160_000.0},
}
"""The work groups' small changes, each tried alone on the first draft.

Every change lowers the FTE gap or raises the margin (the hours and
productivity changes do both; the staff-mix and travel changes only cut
costs). Use with :func:`~caserate_kit.compare_changes`; all of them together
give :func:`zontanos_balanced`.
"""


def zontanos_first_draft() -> ClinicalFinancialModel:
    """Zontanos' first clinical-financial model, which does not balance.

    Returns
    -------
    ClinicalFinancialModel
        1,000 consumers in Admirable's case mix and case rates, with the
        clinical team's draft hours (12, 36, 90 and 120 per case), 60%
        productivity and 45.5 direct-service FTEs on the payroll.

    Examples
    --------
    >>> board = zontanos_first_draft().dashboard()
    >>> print(board)
    Capacity: you need 52.0 clinician FTEs and have 45.5 — hire 6.5 FTEs or plan fewer hours.
    Budget: expenses exceed revenue by $613,614.
    """
    plan = admirable_plan()
    return ClinicalFinancialModel(
        consumers=ZONTANOS_CONSUMERS,
        case_mix=plan.case_mix,
        avg_hours=_DRAFT_HOURS,
        case_rates=plan.case_rates(),
        staffing=Staffing(
            direct_ftes_on_payroll=45.5,
            avg_direct_salary=_average_salary(_DRAFT_STAFF_MIX),
            benefits_rate=0.27,
            support_ftes=28.0,  # supervisors, intake, billing, records, IT, administration
            avg_support_salary=56_000.0,
            contractor_fees=180_000.0,  # after-hours telepsychiatry, interpreters
        ),
        overhead=Overhead(
            occupancy=620_000.0,  # offices in three counties
            supplies=140_000.0,
            travel=190_000.0,  # mileage for community-based Levels C and D
            training=75_000.0,
            depreciation=160_000.0,
            working_capital=70_000.0,  # credit-line interest while case rates are paid
            other=700_000.0,  # electronic health record, insurance, audit, legal
        ),
        other_revenue=OtherRevenue(
            fee_for_service=280_000.0, grants=350_000.0, fundraising=60_000.0, other=40_000.0
        ),
        productivity=0.60,
        leave_hours=200.0,
        training_hours=40.0,
    )


def zontanos_balanced() -> ClinicalFinancialModel:
    """Zontanos' model after all the small changes of :data:`ZONTANOS_CHANGES`.

    Returns
    -------
    ClinicalFinancialModel
        The first draft with every change applied: capacity within half an
        FTE of the payroll and a small surplus.

    Examples
    --------
    >>> board = zontanos_balanced().dashboard()
    >>> board.capacity_balanced, board.budget_balanced
    (True, True)
    >>> print(board)
    Capacity: balanced — you need 45.8 clinician FTEs and have 45.5 (within ±0.5 FTE).
    Budget: revenue exceeds expenses by $91,420.
    """
    changes = {key: value for change in ZONTANOS_CHANGES.values() for key, value in change.items()}
    return zontanos_first_draft().replace(**changes)
