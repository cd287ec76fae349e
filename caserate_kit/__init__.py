"""caserate_kit: worked calculations for managed-care and case-rate training.

Everything public is imported from here::

    import caserate_kit as ck
    plan = ck.examples.admirable_plan()
    plan.total_budget()

The names come from small private modules, one concept each.
"""

from . import examples
from ._authorization import (
    Authorization,
    AuthorizationReview,
    OutsideService,
    ServiceDelivered,
    burn_down_table,
    plot_burn_down,
    review_authorization,
)
from ._budget import budget_table, per_enrollee, per_member_per_month, plot_budget_by_level
from ._capacity import (
    PAID_HOURS_PER_FTE,
    caseload,
    caseload_for_mix,
    ftes_needed,
    productive_hours,
)
from ._case_rates import RatePerHour, case_rate, case_rate_table, rates_by_level
from ._clinical_financial import (
    ClinicalFinancialModel,
    Dashboard,
    compare_changes,
    plot_dashboard,
)
from ._cohorts import (
    CONFORMANCE_TARGET,
    UtilizationCohort,
    cohort_share_within_range,
    cohort_table,
    plot_cohort_hours,
    share_within_range,
    simulate_client_hours,
    weighted_average_hours,
)
from ._cost_per_hour import ServiceCode, clinician_hours_mix, cost_per_hour, service_code_table
from ._costs import FICA_RATE, OtherRevenue, Overhead, Staffing
from ._exceptions import (
    CaseRateKitError,
    DateOrderError,
    InvalidInputError,
    MismatchError,
    MixError,
    OutOfRangeError,
)
from ._levels import LevelOfCare, cases_by_level, service_hours_by_level
from ._measures import (
    GAD7,
    INSTRUMENTS,
    PHQ9,
    CheckpointResult,
    Instrument,
    TreatToTargetReview,
    gad7_total,
    is_remission,
    is_response,
    percent_change,
    phq9_total,
    plot_score_trajectory,
    severity,
    treat_to_target,
)
from ._money import format_dollars, round_dollars
from ._plan import CaseRatePlan
from ._population import cases_from_penetration, penetration_table
from ._risk import (
    RiskReserve,
    Uncertainty,
    plot_cost_distribution,
    risk_reserve,
    simulate_total_cost,
    simulate_total_cost_loop,
)
from ._scenarios import scenario_table

__version__ = "0.1.0"

__all__ = [
    "CONFORMANCE_TARGET",
    "FICA_RATE",
    "GAD7",
    "INSTRUMENTS",
    "PAID_HOURS_PER_FTE",
    "PHQ9",
    "Authorization",
    "AuthorizationReview",
    "CaseRateKitError",
    "CaseRatePlan",
    "CheckpointResult",
    "ClinicalFinancialModel",
    "Dashboard",
    "DateOrderError",
    "Instrument",
    "InvalidInputError",
    "LevelOfCare",
    "MismatchError",
    "MixError",
    "OtherRevenue",
    "OutOfRangeError",
    "OutsideService",
    "Overhead",
    "RatePerHour",
    "RiskReserve",
    "ServiceCode",
    "ServiceDelivered",
    "Staffing",
    "TreatToTargetReview",
    "Uncertainty",
    "UtilizationCohort",
    "budget_table",
    "burn_down_table",
    "case_rate",
    "case_rate_table",
    "caseload",
    "caseload_for_mix",
    "cases_by_level",
    "cases_from_penetration",
    "clinician_hours_mix",
    "cohort_share_within_range",
    "cohort_table",
    "compare_changes",
    "cost_per_hour",
    "examples",
    "format_dollars",
    "ftes_needed",
    "gad7_total",
    "is_remission",
    "is_response",
    "penetration_table",
    "per_enrollee",
    "per_member_per_month",
    "percent_change",
    "phq9_total",
    "plot_budget_by_level",
    "plot_burn_down",
    "plot_cohort_hours",
    "plot_cost_distribution",
    "plot_dashboard",
    "plot_score_trajectory",
    "productive_hours",
    "rates_by_level",
    "review_authorization",
    "risk_reserve",
    "round_dollars",
    "scenario_table",
    "service_code_table",
    "service_hours_by_level",
    "severity",
    "share_within_range",
    "simulate_client_hours",
    "simulate_total_cost",
    "simulate_total_cost_loop",
    "treat_to_target",
    "weighted_average_hours",
]
