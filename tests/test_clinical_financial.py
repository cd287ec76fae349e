"""The clinical-financial model, its dashboard, and the Zontanos example."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from hypothesis import given
from hypothesis import strategies as st

import caserate_kit as ck
from caserate_kit.examples import (
    ZONTANOS_CHANGES,
    ZONTANOS_CONSUMERS,
    ZONTANOS_GUIDELINES,
    ZONTANOS_MARKET_SHARE,
    admirable_plan,
    zontanos_balanced,
    zontanos_first_draft,
)

LOADED = 1 + 0.25 + 0.0765  # salary + benefits + FICA


def small_model(**changes):
    """100 consumers, half Level A (15 h, $2,000) and half Level B (30 h, $4,000).

    Direct hours per FTE: (2080 - 200 - 80) x 0.625 = 1,125; demand 2,250 hours = 2 FTEs.
    """
    model = ck.ClinicalFinancialModel(
        consumers=100,
        case_mix={"A": 0.5, "B": 0.5},
        avg_hours={"A": 15, "B": 30},
        case_rates={"A": 2_000, "B": 4_000},
        staffing=ck.Staffing(
            direct_ftes_on_payroll=1.5,
            avg_direct_salary=60_000,
            benefits_rate=0.25,
            support_ftes=0.5,
            avg_support_salary=40_000,
            contractor_fees=5_000,
        ),
        overhead=ck.Overhead(occupancy=30_000, travel=5_000, other=15_000),
        other_revenue=ck.OtherRevenue(grants=10_000),
        productivity=0.625,
        leave_hours=200,
        training_hours=80,
    )
    return model.replace(**changes)


# --- Sections 1 to 7 -------------------------------------------------------------------


def test_service_hours_are_cases_times_hours_per_case_by_level():
    """Do 50 Level A cases at 15 hours and 50 Level B cases at 30 hours need 750 and 1,500 hours?"""
    model = small_model()
    assert model.service_hours() == pytest.approx({"A": 750, "B": 1_500})
    assert model.demand_hours() == pytest.approx(2_250)


def test_ftes_needed_are_demand_over_direct_hours_per_fte():
    """Do 2,250 hours need 2,250 / 1,125 = 2 FTEs?"""
    model = small_model()
    assert model.direct_hours_per_fte() == pytest.approx((2080 - 200 - 80) * 0.625)
    assert model.ftes_needed() == pytest.approx(2.0)


def test_capacity_hours_are_payroll_ftes_times_direct_hours():
    """Do 1.5 FTEs on the payroll give 1.5 x 1,125 direct-service hours?"""
    assert small_model().capacity_hours() == pytest.approx(1.5 * 1_125)


def test_fte_gap_is_ftes_needed_minus_ftes_on_payroll():
    """With 2 FTEs needed and 1.5 employed, is the gap +0.5 (hire half a position)?"""
    assert small_model().fte_gap() == pytest.approx(0.5)


def test_caseloads_divide_direct_hours_by_each_levels_hours():
    """Does one FTE carry 1,125 / 15 Level A cases or 1,125 / 30 Level B cases a year?"""
    assert small_model().caseloads() == pytest.approx({"A": 75, "B": 37.5})


def test_staffing_cost_counts_the_ftes_needed_not_those_on_payroll():
    """Are staff costed at the 2 FTEs needed, with benefits, FICA, support staff and contractors?"""
    expected = (2 * 60_000 + 0.5 * 40_000) * LOADED + 5_000
    assert small_model().staffing_cost() == pytest.approx(expected)


def test_total_expense_is_staffing_plus_overhead():
    """Is the expense the staffing cost plus the $50,000 of overhead lines?"""
    model = small_model()
    assert model.overhead.total() == pytest.approx(50_000)
    assert model.total_expense() == pytest.approx(model.staffing_cost() + 50_000)


def test_revenue_is_case_rates_times_cases_plus_other_revenue():
    """Is revenue 50 x $2,000 + 50 x $4,000 in case rates plus a $10,000 grant?"""
    model = small_model()
    assert model.case_rate_revenue() == pytest.approx(300_000)
    assert model.total_revenue() == pytest.approx(310_000)


def test_replace_changes_one_level_of_a_by_level_input():
    """Does changing Level B's hours leave Level A's hours alone?"""
    model = small_model(**{"avg_hours.B": 45})
    assert model.avg_hours == {"A": 15, "B": 45}


def test_replace_changes_one_line_of_a_section():
    """Does cutting the travel line leave the other overhead lines alone?"""
    model = small_model(**{"overhead.travel": 0})
    assert model.overhead == ck.Overhead(occupancy=30_000, travel=0, other=15_000)


def test_replace_refuses_an_input_the_model_does_not_have():
    """Is a misspelt input refused, naming it?"""
    with pytest.raises(ck.InvalidInputError) as caught:
        small_model(productvity=0.7)
    assert (caught.value.field, caught.value.value) == ("productvity", 0.7)


def test_replace_refuses_a_level_the_model_does_not_have():
    """Is a change of hours for a Level E, which the model lacks, refused?"""
    with pytest.raises(ck.InvalidInputError) as caught:
        small_model(**{"avg_hours.E": 20})
    assert caught.value.field == "avg_hours.E"


# --- The dashboard --------------------------------------------------------------------


def test_dashboard_gathers_the_models_figures():
    """Does the dashboard show the model's demand, capacity, FTEs, revenue and expense?"""
    model = small_model()
    board = model.dashboard()
    assert board.demand_hours == pytest.approx(model.demand_hours())
    assert board.capacity_hours == pytest.approx(model.capacity_hours())
    assert board.fte_gap == pytest.approx(model.fte_gap())
    assert board.margin == pytest.approx(model.margin())


def test_capacity_within_half_an_fte_counts_as_balanced():
    """Is a gap of exactly 0.5 FTE balanced, and 0.6 FTE not?"""
    assert ck.Dashboard(0, 0, 5.5, 5.0, 1, 1).capacity_balanced
    assert not ck.Dashboard(0, 0, 5.6, 5.0, 1, 1).capacity_balanced
    assert not ck.Dashboard(0, 0, 4.4, 5.0, 1, 1).capacity_balanced


def test_budget_is_balanced_when_revenue_covers_expense():
    """Is break-even balanced and a one-dollar deficit not?"""
    assert ck.Dashboard(0, 0, 1, 1, revenue=100, expense=100).budget_balanced
    assert not ck.Dashboard(0, 0, 1, 1, revenue=100, expense=101).budget_balanced


def test_messages_tell_how_many_ftes_to_hire():
    """With 52.3 FTEs needed and 45 employed, does the message say hire 7.3?"""
    capacity, _ = ck.Dashboard(0, 0, 52.3, 45.0, 1, 1).messages()
    assert capacity == (
        "Capacity: you need 52.3 clinician FTEs and have 45.0 — hire 7.3 FTEs or plan fewer hours."
    )


def test_messages_tell_when_there_are_more_ftes_than_needed():
    """With 40 FTEs needed and 45 employed, does the message say 5.0 more than needed?"""
    capacity, _ = ck.Dashboard(0, 0, 40.0, 45.0, 1, 1).messages()
    assert "5.0 FTEs more than the plan needs" in capacity


def test_messages_give_the_deficit_in_dollars():
    """Does a $412,000 shortfall read as expenses exceeding revenue by $412,000?"""
    _, budget = ck.Dashboard(0, 0, 1, 1, revenue=8_000_000, expense=8_412_000).messages()
    assert budget == "Budget: expenses exceed revenue by $412,000."


def test_dashboard_frame_has_one_row_per_figure():
    """Does the table show every figure under its question, with display text?"""
    frame = zontanos_first_draft().dashboard().to_frame()
    assert list(frame.columns) == ["Question", "Value", "Shown as"]
    assert frame.loc["Margin", "Question"] == "Budget"
    assert frame.loc["FTE gap", "Question"] == "Capacity"
    assert frame.loc["Capacity balanced", "Shown as"] == "No"


def test_plot_dashboard_draws_two_labelled_panels():
    """Does the plot draw capacity and budget side by side, with figures on the bars?"""
    board = zontanos_first_draft().dashboard()
    fig = ck.plot_dashboard(board)
    try:
        capacity, budget = fig.axes
        assert "hire 6.5 FTEs" in " ".join(capacity.get_title().split())
        assert "exceed revenue by $613,614" in " ".join(budget.get_title().split())
        assert [t.get_text() for t in capacity.texts] == ["52.0 FTEs", "45.5 FTEs"]
        assert capacity.patches[0].get_hatch() == "//"
    finally:
        plt.close(fig)


# --- Zontanos ---------------------------------------------------------------------------


def test_zontanos_serves_a_third_of_admirables_consumers():
    """Are Zontanos' 1,000 consumers about 33% of Admirable's 3,000 expected cases?"""
    assert ZONTANOS_CONSUMERS == 1000
    assert ZONTANOS_CONSUMERS / admirable_plan().cases() == pytest.approx(
        ZONTANOS_MARKET_SHARE, abs=0.01
    )


def test_zontanos_guidelines_hold_the_low_end_high_end_and_average():
    """Do the guidelines give A 5-15 (10), B 10-50 (30), C 50-110 (80), D 80-140 (110) hours?"""
    ranges = {g.code: (g.min_hours, g.max_hours, g.avg_hours) for g in ZONTANOS_GUIDELINES}
    assert ranges == {"A": (5, 15, 10), "B": (10, 50, 30), "C": (50, 110, 80), "D": (80, 140, 110)}


def test_zontanos_is_paid_admirables_case_rates_for_admirables_mix():
    """Does the model use Admirable's case rates and case mix, about $8.0 million a year?"""
    model, plan = zontanos_first_draft(), admirable_plan()
    assert model.case_rates == pytest.approx(plan.case_rates())
    assert model.case_mix == pytest.approx(plan.case_mix)
    assert model.case_rate_revenue() == pytest.approx(8_010_178, abs=1)


def test_zontanos_at_admirables_hours_needs_about_fifty_thousand_hours():
    """At Admirable's 10/30/80/110 hours, do 1,000 consumers need 50,500 hours and 40-46 FTEs?"""
    model = zontanos_balanced().replace(avg_hours={"A": 10, "B": 30, "C": 80, "D": 110})
    assert model.demand_hours() == pytest.approx(50_500)
    assert 40 <= model.ftes_needed() <= 46


def test_zontanos_draft_hours_stay_inside_the_guidelines():
    """Does the clinical team's draft plan hours inside its own guideline ranges?"""
    hours = zontanos_first_draft().avg_hours
    for level in ZONTANOS_GUIDELINES:
        assert level.min_hours <= hours[level.code] <= level.max_hours


def test_zontanos_first_draft_balances_neither_capacity_nor_budget():
    """Does the first draft need more FTEs than the payroll and spend more than it earns?"""
    board = zontanos_first_draft().dashboard()
    assert board.fte_gap > 0.5
    assert board.margin < 0
    assert not board.capacity_balanced
    assert not board.budget_balanced


def test_zontanos_balanced_balances_capacity_and_budget():
    """After the small changes, is capacity within half an FTE and the margin positive?"""
    board = zontanos_balanced().dashboard()
    assert board.capacity_balanced
    assert board.budget_balanced
    assert 0 < board.margin < 0.02 * board.revenue


def test_zontanos_balanced_is_the_draft_with_every_change():
    """Is the balanced model exactly the draft with all the named changes applied?"""
    combined = {k: v for change in ZONTANOS_CHANGES.values() for k, v in change.items()}
    assert len(combined) == sum(len(change) for change in ZONTANOS_CHANGES.values())
    assert zontanos_first_draft().replace(**combined) == zontanos_balanced()


# --- Testing changes one at a time -----------------------------------------------------


def test_compare_changes_has_one_row_per_change():
    """Does the table have one row for each named change, in order?"""
    table = ck.compare_changes(zontanos_first_draft(), ZONTANOS_CHANGES)
    assert list(table.index) == list(ZONTANOS_CHANGES)


def test_every_zontanos_change_raises_the_margin():
    """Does each change on its own leave more money at the end of the year?"""
    table = ck.compare_changes(zontanos_first_draft(), ZONTANOS_CHANGES)
    assert (table["Margin change"] > 0).all()


def test_hours_and_productivity_changes_lower_the_fte_gap():
    """Do fewer hours per case, or more productive hours, mean fewer FTEs to hire?"""
    table = ck.compare_changes(zontanos_first_draft(), ZONTANOS_CHANGES)
    for name, change in ZONTANOS_CHANGES.items():
        clinical = any(key.startswith(("avg_hours", "productivity")) for key in change)
        if clinical:
            assert table.loc[name, "FTE gap change"] < 0, name
        else:
            assert table.loc[name, "FTE gap change"] == pytest.approx(0), name


def test_no_single_zontanos_change_balances_the_model():
    """Does it take several small changes, not one, to balance the draft?"""
    table = ck.compare_changes(zontanos_first_draft(), ZONTANOS_CHANGES)
    assert not table["Budget balanced"].any()


def test_compare_changes_needs_at_least_one_change():
    """Is an empty set of changes refused?"""
    with pytest.raises(ck.InvalidInputError) as caught:
        ck.compare_changes(small_model(), {})
    assert caught.value.field == "changes"


# --- Invariants -------------------------------------------------------------------------


@given(st.floats(0.01, 100))
def test_ftes_needed_scale_linearly_with_consumers(factor):
    """Does k times as many consumers need k times as many FTEs?"""
    model = zontanos_first_draft()
    scaled = model.replace(consumers=model.consumers * factor)
    assert scaled.ftes_needed() == pytest.approx(model.ftes_needed() * factor)


@given(
    st.floats(0, 200_000),
    st.floats(0, 5_000_000),
    st.floats(0, 2_000_000),
    st.floats(0, 5_000),
)
def test_margin_is_revenue_minus_expense(salary, overhead, grants, consumers):
    """Whatever the inputs, is the margin revenue minus expense on the dashboard?"""
    model = small_model(
        consumers=consumers,
        **{
            "staffing.avg_direct_salary": salary,
            "overhead.other": overhead,
            "other_revenue.grants": grants,
        },
    )
    board = model.dashboard()
    assert model.margin() == pytest.approx(model.total_revenue() - model.total_expense())
    assert board.margin == pytest.approx(board.revenue - board.expense)


@given(st.floats(0.05, 0.95), st.floats(0, 0.05))
def test_more_productivity_never_needs_more_ftes(productivity, rise):
    """Does raising productivity ever raise the FTEs needed?"""
    low = small_model(productivity=productivity)
    high = small_model(productivity=productivity + rise)
    assert high.ftes_needed() <= low.ftes_needed()


# --- Invalid inputs ---------------------------------------------------------------------


def test_negative_salary_is_refused():
    """Is a negative average direct salary refused, naming the field and value?"""
    with pytest.raises(ck.OutOfRangeError) as caught:
        ck.Staffing(45, -65_000, benefits_rate=0.27)
    assert (caught.value.field, caught.value.value) == ("avg_direct_salary", -65_000)


def test_benefits_rate_written_as_a_percent_is_refused():
    """Is a benefits rate of 27 (meant as 27%) refused with the share hint?"""
    with pytest.raises(ck.OutOfRangeError, match=r"write 10% as 0\.10") as caught:
        ck.Staffing(45, 65_000, benefits_rate=27)
    assert caught.value.field == "benefits_rate"


def test_model_productivity_above_one_is_refused():
    """Is a model productivity of 1.2 refused, naming productivity and 1.2?"""
    with pytest.raises(ck.OutOfRangeError) as caught:
        small_model(productivity=1.2)
    assert (caught.value.field, caught.value.value) == ("productivity", 1.2)


def test_model_leave_and_training_beyond_paid_hours_are_refused():
    """Are 2,000 leave hours plus 80 training hours refused against 2,000 paid hours?"""
    with pytest.raises(ck.OutOfRangeError) as caught:
        small_model(paid_hours=2_000, leave_hours=2_000)
    assert (caught.value.field, caught.value.value) == ("leave_hours + training_hours", 2_080)


def test_case_mix_not_adding_to_one_hundred_percent_is_refused():
    """Is a case mix of 50% + 40% refused as a mix error naming case_mix?"""
    with pytest.raises(ck.MixError) as caught:
        small_model(case_mix={"A": 0.5, "B": 0.4})
    assert caught.value.field == "case_mix"
    assert caught.value.value == {"A": 0.5, "B": 0.4}


def test_hours_for_other_levels_than_the_mix_are_refused():
    """Are hours for levels A and C refused when the mix has levels A and B?"""
    with pytest.raises(ck.MismatchError, match="missing B") as caught:
        small_model(avg_hours={"A": 15, "C": 80})
    assert (caught.value.field, caught.value.value) == ("avg_hours", ["A", "C"])


def test_negative_consumers_are_refused():
    """Is a negative number of consumers refused, naming consumers and the value?"""
    with pytest.raises(ck.OutOfRangeError) as caught:
        small_model(consumers=-5)
    assert (caught.value.field, caught.value.value) == ("consumers", -5)


def test_zero_hours_per_case_are_refused():
    """Is a level with zero hours per case refused (it would give an endless caseload)?"""
    with pytest.raises(ck.OutOfRangeError) as caught:
        small_model(**{"avg_hours.A": 0})
    assert (caught.value.field, caught.value.value) == ("avg_hours['A']", 0)


def test_zero_productivity_is_refused_as_no_direct_hours():
    """Is a productivity of zero, which leaves no direct-service hours, refused?"""
    with pytest.raises(ck.OutOfRangeError, match="direct_hours_per_fte"):
        small_model(productivity=0)


def test_staffing_must_be_a_staffing_section():
    """Is a plain number in place of the staffing section refused, naming staffing?"""
    with pytest.raises(ck.InvalidInputError) as caught:
        small_model(staffing=45)
    assert caught.value.field == "staffing"
