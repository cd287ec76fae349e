"""Does the public namespace stay exactly as documented?"""

import subprocess
import sys

import pytest

import caserate_kit as ck

PUBLIC_NAMES = [
    "Authorization",
    "AuthorizationReview",
    "CONFORMANCE_TARGET",
    "CaseRateKitError",
    "CaseRatePlan",
    "CheckpointResult",
    "ClinicalFinancialModel",
    "Dashboard",
    "DateOrderError",
    "FICA_RATE",
    "GAD7",
    "INSTRUMENTS",
    "Instrument",
    "InvalidInputError",
    "LevelOfCare",
    "MismatchError",
    "MixError",
    "OtherRevenue",
    "OutOfRangeError",
    "OutsideService",
    "Overhead",
    "PAID_HOURS_PER_FTE",
    "PHONE_WIDTH",
    "PHQ9",
    "RatePerHour",
    "RiskReserve",
    "RiskSummary",
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
    "clients_in_range",
    "clinician_hours_mix",
    "cohort_share_within_range",
    "cohort_table",
    "compare_changes",
    "cost_per_hour",
    "examples",
    "fit_for_phone",
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
    "risk_summary",
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
    "write_model_workbook",
    "write_plan_workbook",
]


def test_public_names_are_exactly_the_documented_ones():
    """Did a name appear in or vanish from `ck.__all__` without this list changing too?"""
    assert ck.__all__ == PUBLIC_NAMES


def test_every_public_name_exists():
    """Does every name in `__all__` resolve on the package?"""
    missing = [name for name in ck.__all__ if not hasattr(ck, name)]
    assert missing == []


def test_every_public_function_and_class_has_a_docstring():
    """Is every public function and class documented?"""
    undocumented = [
        name
        for name in ck.__all__
        if callable(getattr(ck, name)) and not (getattr(ck, name).__doc__ or "").strip()
    ]
    assert undocumented == []


def test_errors_are_value_errors_with_the_field_and_value():
    """Can callers catch toolkit input errors as ValueError and read the field?"""
    with pytest.raises(ValueError, match="penetration_rate") as caught:
        ck.cases_from_penetration(30_000, 10)
    assert isinstance(caught.value, ck.InvalidInputError)
    assert (caught.value.field, caught.value.value) == ("penetration_rate", 10)


def test_importing_the_toolkit_loads_no_heavy_library():
    """Do `caserate_kit` and `caserate_kit.course` load without pandas, NumPy or matplotlib?

    A page that shows no table or plot (the course home, a post-test) then keeps
    its kernel small; each calculation module loads when one of its names is used.
    """
    code = (
        "import sys, caserate_kit, caserate_kit.course; caserate_kit.course.lesson_header; "
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_name_loads_its_module_on_first_use():
    """Does using `ck.case_rate` give the real function, cached on the package?"""
    from caserate_kit._case_rates import case_rate

    assert ck.case_rate is case_rate
    assert "case_rate" in vars(ck)


def test_an_unknown_name_is_an_attribute_error():
    """Does a misspelt name raise AttributeError naming it?"""
    with pytest.raises(AttributeError, match="case_rates_table"):
        _ = ck.case_rates_table
