"""Admirable Mental Health Partners: the rate-setting example of the case-rate source.

Admirable is a fictional regional Medicaid mental health plan with 30,000
enrollees that sets case rates for four levels of community-based care.
Figures are those of the source's key-variable tables.

The source shows the average cost per hour as $158.62, but its Step 7
tables were computed with more decimals: every case rate and budget line it
prints is reproduced only with a rate between $158.6173894 and $158.6173927
(for example, 80 hours x $158.62 = $12,689.60, which would print as $12,690,
not the published $12,689). The rate below, $158.61739, is the shortest
figure inside that interval. See ``tests/test_examples.py``.

The service-code table's clinician shares and billed rates are the source's;
its annual hours are not published, so the hours here are an illustrative
volume: they add up to the 151,500 service hours of the Step 7 budget and
were chosen so that the volume-weighted average shows as the published
$158.62.
"""

from __future__ import annotations

from .._cohorts import UtilizationCohort
from .._cost_per_hour import ServiceCode
from .._levels import LevelOfCare
from .._plan import CaseRatePlan

__all__ = [
    "ADMIRABLE_CASE_MIX",
    "ADMIRABLE_ENROLLEES",
    "ADMIRABLE_LEVELS",
    "ADMIRABLE_PENETRATION",
    "ADMIRABLE_RATE_PER_HOUR",
    "ADMIRABLE_SERVICE_CODES",
    "LEVEL_B_COHORTS",
    "admirable_plan",
]

ADMIRABLE_ENROLLEES = 30_000
"""Key variable 1: Medicaid enrollees in the four-county region."""

ADMIRABLE_PENETRATION = {"Low": 0.09, "Medium": 0.10, "High": 0.11}
"""Key variable 2: the penetration-rate range; the worked example uses Medium."""

ADMIRABLE_LEVELS = (
    LevelOfCare("A", "Recovery maintenance and health management", 10, 1, 30),
    LevelOfCare("B", "Low-intensity community-based services", 30, 15, 100),
    LevelOfCare("C", "High-intensity community-based services", 80, 20, 160),
    LevelOfCare("D", "Wraparound, ACT-level care", 110, 50, 240),
)
"""Step 3 and key variable 4: the four levels with minimum, maximum and average hours."""

ADMIRABLE_CASE_MIX = {"A": 0.20, "B": 0.37, "C": 0.33, "D": 0.10}
"""Key variable 3: the case mix (the source's table; its prose says 27% for B)."""

ADMIRABLE_RATE_PER_HOUR = 158.61739
"""Key variable 5: average cost per hour, at the precision the source carried."""

_PRESCRIBER, _RN, _MASTERS, _BELOW = "Prescriber", "RN", "Masters level", "Below masters"

ADMIRABLE_SERVICE_CODES = (
    ServiceCode(
        "90801",
        "Psychiatric diagnostic interview",
        {_PRESCRIBER: 0.35, _MASTERS: 0.65},
        260.36,
        annual_hours=6_990,
    ),
    ServiceCode("90804", "Individual psychotherapy", {_MASTERS: 1.0}, 151.25, annual_hours=20_080),
    ServiceCode(
        "90806",
        "Individual psychotherapy",
        {_PRESCRIBER: 0.01, _MASTERS: 0.99},
        151.25,
        annual_hours=21_180,
    ),
    ServiceCode("90847", "Family psychotherapy", {_MASTERS: 1.0}, 137.42, annual_hours=8_920),
    ServiceCode("90853", "Group psychotherapy", {_MASTERS: 1.0}, 275.72, annual_hours=9_000),
    ServiceCode(
        "90862", "Pharmacologic management", {_PRESCRIBER: 1.0}, 234.04, annual_hours=16_000
    ),
    ServiceCode(
        "H0004", "Behavioral health counseling", {_MASTERS: 1.0}, 144.21, annual_hours=22_010
    ),
    ServiceCode(
        "H0036",
        "Community supportive services",
        {_PRESCRIBER: 0.25, _MASTERS: 0.18, _BELOW: 0.57},
        55.50,
        annual_hours=24_820,
    ),
    ServiceCode(
        "H2010", "Medication services", {_RN: 0.79, _MASTERS: 0.21}, 331.30, annual_hours=8_000
    ),
    ServiceCode(
        "H2014",
        "Skills training and development",
        {_MASTERS: 0.25, _BELOW: 0.75},
        90.77,
        annual_hours=14_500,
    ),
)
"""Step 6: the service-code table (shares and billed rates from the source).

The source gives no hours per code: these are illustrative, chosen to add up to the
year's 151,500 service hours and to reproduce the source's average cost per hour to the
dollar of the budget (158.61739, so $24,030,535 for the year). Four of the codes (90801,
90804, 90806, 90862) left CPT on January 1, 2013; the source's figures were gathered
under them."""

LEVEL_B_COHORTS = (
    UtilizationCohort("Low utilization", clients=239, min_hours=4, max_hours=10, avg_hours=8.0),
    UtilizationCohort(
        "Medium utilization", clients=418, min_hours=11, max_hours=30, avg_hours=20.0
    ),
    UtilizationCohort(
        "Medium-high utilization", clients=251, min_hours=31, max_hours=50, avg_hours=40.0
    ),
    UtilizationCohort("High utilization", clients=202, min_hours=51, max_hours=110, avg_hours=65.0),
)
"""Level B's four utilization cohorts (1,110 clients). The source's table gives the
high cohort as 51-110 hours; its prose says 51-100. The table is followed here."""


def admirable_plan(penetration: str = "Medium") -> CaseRatePlan:
    """Admirable's case-rate plan at the ``"Low"``, ``"Medium"`` or ``"High"`` penetration rate.

    Examples
    --------
    >>> plan = admirable_plan()
    >>> round(plan.cases())
    3000
    >>> round(plan.total_budget())
    24030535
    """
    try:
        rate = ADMIRABLE_PENETRATION[penetration]
    except KeyError:
        from .._exceptions import InvalidInputError

        raise InvalidInputError(
            "penetration", penetration, f"must be one of {sorted(ADMIRABLE_PENETRATION)}"
        ) from None
    return CaseRatePlan(
        enrollees=ADMIRABLE_ENROLLEES,
        penetration_rate=rate,
        levels=ADMIRABLE_LEVELS,
        case_mix=ADMIRABLE_CASE_MIX,
        rate_per_hour=ADMIRABLE_RATE_PER_HOUR,
    )
