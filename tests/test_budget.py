"""Step 7: the budget by level and the per-member figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from hypothesis import given
from hypothesis import strategies as st

import caserate_kit as ck


def test_budget_lines_are_cases_times_case_rate():
    """Are 40 cases at $2,000 a line of $80,000?"""
    table = ck.budget_table(100, {"A": 0.4, "B": 0.6}, {"A": 2_000.0, "B": 500.0})
    assert table.loc["A", "Total cost"] == pytest.approx(80_000)
    assert table.loc["B", "Total cost"] == pytest.approx(30_000)


def test_total_row_sums_the_levels():
    """Does the total row add the lines and the cases?"""
    table = ck.budget_table(100, {"A": 0.4, "B": 0.6}, {"A": 2_000.0, "B": 500.0})
    assert table.loc["Total", "Total cost"] == pytest.approx(110_000)
    assert table.loc["Total", "Cases"] == pytest.approx(100)
    assert table.loc["Total", "Case rate"] == pytest.approx(1_100)


mixes = st.lists(st.floats(0.01, 1), min_size=1, max_size=6).map(
    lambda raw: {f"L{i}": x / sum(raw) for i, x in enumerate(raw)}
)


@given(st.floats(0, 1e5), mixes, st.floats(0, 50_000))
def test_budget_equals_the_sum_of_its_levels(cases, mix, rate):
    """Whatever the mix, does the total equal the sum of the level lines?"""
    rates = {code: rate * (i + 1) for i, code in enumerate(mix)}
    table = ck.budget_table(cases, mix, rates)
    levels = table.drop(index="Total")
    assert table.loc["Total", "Total cost"] == pytest.approx(levels["Total cost"].sum())


@given(
    st.floats(1, 1e6),
    st.floats(0.001, 1),
    st.lists(st.tuples(st.floats(0.05, 1), st.floats(0, 300)), min_size=1, max_size=5),
    st.floats(1, 400),
)
def test_plan_total_equals_its_budget_table(enrollees, penetration, raw_levels, rate):
    """Does a plan's total budget equal the total row of its own table?"""
    weight = sum(share for share, _ in raw_levels)
    levels = [ck.LevelOfCare(f"L{i}", "", hours) for i, (_, hours) in enumerate(raw_levels)]
    mix = {f"L{i}": share / weight for i, (share, _) in enumerate(raw_levels)}
    plan = ck.CaseRatePlan(enrollees, penetration, levels, mix, rate)
    table = plan.budget_table()
    assert plan.total_budget() == pytest.approx(table.loc["Total", "Total cost"])
    assert plan.total_budget() == pytest.approx(table.drop(index="Total")["Total cost"].sum())


def test_case_rates_must_match_the_mix():
    """Does a case rate for a level not in the mix get named?"""
    with pytest.raises(ck.MismatchError, match="unknown E"):
        ck.budget_table(10, {"A": 1.0}, {"A": 1.0, "E": 2.0})


def test_per_member_per_month_divides_by_twelve():
    """Is $1.2 million for 10,000 members $10 per member per month?"""
    assert ck.per_member_per_month(1_200_000, 10_000) == pytest.approx(10)


def test_per_member_per_month_needs_members():
    """Is zero enrollees refused rather than dividing by zero?"""
    with pytest.raises(ck.OutOfRangeError, match="enrollees must be greater than zero"):
        ck.per_member_per_month(1_000, 0)


def test_budget_plot_labels_every_level_in_dollars():
    """Does the plot draw one bar per level, each labelled in dollars?"""
    ax = ck.plot_budget_by_level(ck.examples.admirable_plan().budget_table())
    labels = [t.get_text() for t in ax.texts]
    assert len(ax.patches) == 4
    assert "$12,562,497" in labels
    plt.close(ax.figure)
