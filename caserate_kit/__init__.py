"""caserate_kit: worked calculations for managed-care and case-rate training.

Everything public is imported from here::

    import caserate_kit as ck
    plan = ck.examples.admirable_plan()
    plan.total_budget()

The names come from small private modules, one concept each, and each module
is imported the first time one of its names is used (see ``_lazy.py``).
"""

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

_EXPORTS = {
    "._authorization": [
        "Authorization",
        "AuthorizationReview",
        "OutsideService",
        "ServiceDelivered",
        "burn_down_table",
        "plot_burn_down",
        "review_authorization",
    ],
    "._capacity": [
        "PAID_HOURS_PER_FTE",
        "caseload",
        "caseload_for_mix",
        "ftes_needed",
        "productive_hours",
    ],
    "._clinical_financial": [
        "ClinicalFinancialModel",
        "Dashboard",
        "compare_changes",
        "plot_dashboard",
    ],
    "._cohorts": [
        "CONFORMANCE_TARGET",
        "UtilizationCohort",
        "cohort_share_within_range",
        "cohort_table",
        "plot_cohort_hours",
        "share_within_range",
        "simulate_client_hours",
        "weighted_average_hours",
    ],
    "._exceptions": [
        "CaseRateKitError",
        "DateOrderError",
        "InvalidInputError",
        "MismatchError",
        "MixError",
        "OutOfRangeError",
    ],
    "._measures": [
        "GAD7",
        "INSTRUMENTS",
        "PHQ9",
        "CheckpointResult",
        "Instrument",
        "TreatToTargetReview",
        "gad7_total",
        "is_remission",
        "is_response",
        "percent_change",
        "phq9_total",
        "plot_score_trajectory",
        "severity",
        "treat_to_target",
    ],
    "._risk": [
        "RiskReserve",
        "Uncertainty",
        "plot_cost_distribution",
        "risk_reserve",
        "simulate_total_cost",
        "simulate_total_cost_loop",
    ],
    "._budget": [
        "budget_table",
        "per_enrollee",
        "per_member_per_month",
        "plot_budget_by_level",
    ],
    "._case_rates": [
        "RatePerHour",
        "case_rate",
        "case_rate_table",
        "rates_by_level",
    ],
    "._cost_per_hour": [
        "ServiceCode",
        "clinician_hours_mix",
        "cost_per_hour",
        "service_code_table",
    ],
    "._costs": [
        "FICA_RATE",
        "OtherRevenue",
        "Overhead",
        "Staffing",
    ],
    "._levels": [
        "LevelOfCare",
        "cases_by_level",
        "service_hours_by_level",
    ],
    "._money": [
        "format_dollars",
        "round_dollars",
    ],
    "._plan": [
        "CaseRatePlan",
    ],
    "._population": [
        "cases_from_penetration",
        "penetration_table",
    ],
    "._scenarios": [
        "scenario_table",
    ],
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, globals(), _EXPORTS, submodules=["examples"])

if TYPE_CHECKING:
    from . import examples as examples
    from ._authorization import (
        Authorization as Authorization,
    )
    from ._authorization import (
        AuthorizationReview as AuthorizationReview,
    )
    from ._authorization import (
        OutsideService as OutsideService,
    )
    from ._authorization import (
        ServiceDelivered as ServiceDelivered,
    )
    from ._authorization import (
        burn_down_table as burn_down_table,
    )
    from ._authorization import (
        plot_burn_down as plot_burn_down,
    )
    from ._authorization import (
        review_authorization as review_authorization,
    )
    from ._budget import (
        budget_table as budget_table,
    )
    from ._budget import (
        per_enrollee as per_enrollee,
    )
    from ._budget import (
        per_member_per_month as per_member_per_month,
    )
    from ._budget import (
        plot_budget_by_level as plot_budget_by_level,
    )
    from ._capacity import (
        PAID_HOURS_PER_FTE as PAID_HOURS_PER_FTE,
    )
    from ._capacity import (
        caseload as caseload,
    )
    from ._capacity import (
        caseload_for_mix as caseload_for_mix,
    )
    from ._capacity import (
        ftes_needed as ftes_needed,
    )
    from ._capacity import (
        productive_hours as productive_hours,
    )
    from ._case_rates import (
        RatePerHour as RatePerHour,
    )
    from ._case_rates import (
        case_rate as case_rate,
    )
    from ._case_rates import (
        case_rate_table as case_rate_table,
    )
    from ._case_rates import (
        rates_by_level as rates_by_level,
    )
    from ._clinical_financial import (
        ClinicalFinancialModel as ClinicalFinancialModel,
    )
    from ._clinical_financial import (
        Dashboard as Dashboard,
    )
    from ._clinical_financial import (
        compare_changes as compare_changes,
    )
    from ._clinical_financial import (
        plot_dashboard as plot_dashboard,
    )
    from ._cohorts import (
        CONFORMANCE_TARGET as CONFORMANCE_TARGET,
    )
    from ._cohorts import (
        UtilizationCohort as UtilizationCohort,
    )
    from ._cohorts import (
        cohort_share_within_range as cohort_share_within_range,
    )
    from ._cohorts import (
        cohort_table as cohort_table,
    )
    from ._cohorts import (
        plot_cohort_hours as plot_cohort_hours,
    )
    from ._cohorts import (
        share_within_range as share_within_range,
    )
    from ._cohorts import (
        simulate_client_hours as simulate_client_hours,
    )
    from ._cohorts import (
        weighted_average_hours as weighted_average_hours,
    )
    from ._cost_per_hour import (
        ServiceCode as ServiceCode,
    )
    from ._cost_per_hour import (
        clinician_hours_mix as clinician_hours_mix,
    )
    from ._cost_per_hour import (
        cost_per_hour as cost_per_hour,
    )
    from ._cost_per_hour import (
        service_code_table as service_code_table,
    )
    from ._costs import (
        FICA_RATE as FICA_RATE,
    )
    from ._costs import (
        OtherRevenue as OtherRevenue,
    )
    from ._costs import (
        Overhead as Overhead,
    )
    from ._costs import (
        Staffing as Staffing,
    )
    from ._exceptions import (
        CaseRateKitError as CaseRateKitError,
    )
    from ._exceptions import (
        DateOrderError as DateOrderError,
    )
    from ._exceptions import (
        InvalidInputError as InvalidInputError,
    )
    from ._exceptions import (
        MismatchError as MismatchError,
    )
    from ._exceptions import (
        MixError as MixError,
    )
    from ._exceptions import (
        OutOfRangeError as OutOfRangeError,
    )
    from ._levels import (
        LevelOfCare as LevelOfCare,
    )
    from ._levels import (
        cases_by_level as cases_by_level,
    )
    from ._levels import (
        service_hours_by_level as service_hours_by_level,
    )
    from ._measures import (
        GAD7 as GAD7,
    )
    from ._measures import (
        INSTRUMENTS as INSTRUMENTS,
    )
    from ._measures import (
        PHQ9 as PHQ9,
    )
    from ._measures import (
        CheckpointResult as CheckpointResult,
    )
    from ._measures import (
        Instrument as Instrument,
    )
    from ._measures import (
        TreatToTargetReview as TreatToTargetReview,
    )
    from ._measures import (
        gad7_total as gad7_total,
    )
    from ._measures import (
        is_remission as is_remission,
    )
    from ._measures import (
        is_response as is_response,
    )
    from ._measures import (
        percent_change as percent_change,
    )
    from ._measures import (
        phq9_total as phq9_total,
    )
    from ._measures import (
        plot_score_trajectory as plot_score_trajectory,
    )
    from ._measures import (
        severity as severity,
    )
    from ._measures import (
        treat_to_target as treat_to_target,
    )
    from ._money import (
        format_dollars as format_dollars,
    )
    from ._money import (
        round_dollars as round_dollars,
    )
    from ._plan import (
        CaseRatePlan as CaseRatePlan,
    )
    from ._population import (
        cases_from_penetration as cases_from_penetration,
    )
    from ._population import (
        penetration_table as penetration_table,
    )
    from ._risk import (
        RiskReserve as RiskReserve,
    )
    from ._risk import (
        Uncertainty as Uncertainty,
    )
    from ._risk import (
        plot_cost_distribution as plot_cost_distribution,
    )
    from ._risk import (
        risk_reserve as risk_reserve,
    )
    from ._risk import (
        simulate_total_cost as simulate_total_cost,
    )
    from ._risk import (
        simulate_total_cost_loop as simulate_total_cost_loop,
    )
    from ._scenarios import (
        scenario_table as scenario_table,
    )

__version__ = "0.1.0"
