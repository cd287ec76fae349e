"""Risk of a case-rate budget: simulated total cost and the risk reserve."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caserate_kit import (
    CaseRatePlan,
    InvalidInputError,
    LevelOfCare,
    OutOfRangeError,
    RiskReserve,
    Uncertainty,
    format_dollars,
    plot_cost_distribution,
    risk_reserve,
    simulate_total_cost,
    simulate_total_cost_loop,
)
from caserate_kit.examples import admirable_plan

REALISTIC = Uncertainty(
    penetration_range=(0.09, 0.11), mix_concentration=200, hours_spread=0.15, rate_spread=0.05
)
"""Admirable's 9-11% penetration range, case-mix shares off by a few points,
hours within +/-15% per level and the rate per hour within +/-5%."""

BUDGET = admirable_plan().total_budget()

SIMULATORS = [
    pytest.param(simulate_total_cost, id="vectorized"),
    pytest.param(simulate_total_cost_loop, id="loop"),
]


@pytest.fixture(scope="module")
def admirable_costs():
    """200,000 simulated Admirable years under the realistic uncertainty."""
    return simulate_total_cost(admirable_plan(), REALISTIC, n_scenarios=200_000, seed=11)


@pytest.fixture(scope="module")
def both_versions():
    """Costs from the vectorized (400,000 years) and loop (20,000 years) versions."""
    plan = admirable_plan()
    vectorized = simulate_total_cost(plan, REALISTIC, n_scenarios=400_000, seed=1)
    loop = np.asarray(simulate_total_cost_loop(plan, REALISTIC, n_scenarios=20_000, seed=2))
    return vectorized, loop


@st.composite
def plans(draw):
    """Small random plans: 1-4 levels, any hours, mix and rate."""
    n_levels = draw(st.integers(1, 4))
    codes = "ABCD"[:n_levels]
    hours = draw(st.lists(st.floats(1, 200), min_size=n_levels, max_size=n_levels))
    weights = draw(st.lists(st.integers(1, 10), min_size=n_levels, max_size=n_levels))
    return CaseRatePlan(
        enrollees=draw(st.integers(100, 100_000)),
        penetration_rate=draw(st.floats(0.02, 0.5)),
        levels=[LevelOfCare(c, f"Level {c}", h) for c, h in zip(codes, hours, strict=True)],
        case_mix={c: w / sum(weights) for c, w in zip(codes, weights, strict=True)},
        rate_per_hour=draw(st.floats(20, 300)),
    )


def spread_of(plan, eps):
    """Every input spread by about ``eps`` (relative), symmetric around the plan."""
    rate = plan.penetration_rate
    return Uncertainty(
        penetration_range=(rate * (1 - eps), rate * (1 + eps)),
        # Dirichlet concentration 1/eps^2 - 1 gives each share a standard
        # deviation of eps * sqrt(m * (1 - m)); below 1e-6 the mix is fixed.
        mix_concentration=1 / eps**2 - 1 if eps > 1e-6 else None,
        hours_spread=eps,
        rate_spread=eps,
    )


def test_same_seed_gives_identical_costs():
    """Does running the simulation twice with one seed give the very same array?"""
    first = simulate_total_cost(admirable_plan(), REALISTIC, n_scenarios=1_000, seed=5)
    second = simulate_total_cost(admirable_plan(), REALISTIC, n_scenarios=1_000, seed=5)
    np.testing.assert_array_equal(first, second)


def test_different_seeds_give_different_costs():
    """Do two seeds give two different sets of simulated years?"""
    first = simulate_total_cost(admirable_plan(), REALISTIC, n_scenarios=1_000, seed=5)
    second = simulate_total_cost(admirable_plan(), REALISTIC, n_scenarios=1_000, seed=6)
    assert not np.array_equal(first, second)


def test_loop_version_is_reproducible_with_a_seed():
    """Does the loop version also give the same list for the same seed?"""
    first = simulate_total_cost_loop(admirable_plan(), REALISTIC, n_scenarios=200, seed=3)
    assert first == simulate_total_cost_loop(admirable_plan(), REALISTIC, n_scenarios=200, seed=3)


@pytest.mark.parametrize("simulate", SIMULATORS)
@settings(max_examples=40, deadline=None)
@given(plan=plans())
def test_zero_spread_makes_every_year_cost_the_budget(simulate, plan):
    """With no spread at all, does every simulated year cost exactly the plan's budget?"""
    rate = plan.penetration_rate
    costs = np.asarray(simulate(plan, Uncertainty(penetration_range=(rate, rate)), 50, seed=0))
    np.testing.assert_allclose(costs, plan.total_budget(), rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(plan=plans(), eps=st.floats(0, 0.2))
def test_mean_converges_to_budget_as_spreads_shrink(plan, eps):
    """As every spread shrinks toward zero, does the mean cost close in on the budget?

    The spreads are symmetric and independent, so the model's expected cost
    is the budget and the simulated mean misses it only by sampling error.
    That error's size, the standard error, is proportional to the spread:
    it must be at most ``eps`` of the budget (it stays under a tenth of that
    for 4,000 years), and the miss at most six standard errors (a chance
    below one in 10^8 for a normal error). Both bounds go to zero with ``eps``.
    """
    costs = simulate_total_cost(plan, spread_of(plan, eps), n_scenarios=4_000, seed=7)
    budget = plan.total_budget()
    standard_error = costs.std() / math.sqrt(costs.size)
    assert standard_error <= (eps + 1e-12) * budget
    assert abs(costs.mean() - budget) <= 6 * standard_error + 1e-9 * budget


def test_mean_with_symmetric_spreads_is_close_to_the_budget(admirable_costs):
    """Over 200,000 years with symmetric spreads, is the mean cost the budget?

    The tolerance is five standard errors of the mean (std / sqrt(n), about
    0.02% of the budget here): an unbiased simulation falls outside it less
    than once in a million runs, while a bias of a tenth of a percent would not.
    """
    standard_error = admirable_costs.std() / math.sqrt(admirable_costs.size)
    assert standard_error < 0.0005 * BUDGET
    assert abs(admirable_costs.mean() - BUDGET) < 5 * standard_error


@pytest.mark.parametrize(
    "uncertainty",
    [
        pytest.param(Uncertainty(penetration_range=(0.09, 0.11)), id="penetration"),
        pytest.param(Uncertainty(mix_concentration=50), id="mix"),
        pytest.param(Uncertainty(hours_spread=0.1), id="hours"),
        pytest.param(Uncertainty(rate_spread=0.1), id="rate"),
    ],
)
def test_each_source_of_uncertainty_moves_the_cost(uncertainty):
    """Does each spread on its own make the simulated years differ?"""
    costs = simulate_total_cost(admirable_plan(), uncertainty, n_scenarios=1_000)
    assert costs.std() > 0.005 * BUDGET


@pytest.mark.parametrize("simulate", SIMULATORS)
def test_level_with_no_planned_cases_stays_empty_when_the_mix_varies(simulate):
    """With all cases planned at one level, does a varying mix leave the cost unchanged?"""
    levels = (LevelOfCare("A", "Unused", 10), LevelOfCare("B", "Used", 30))
    plan = CaseRatePlan(1_000, 0.1, levels, {"A": 0.0, "B": 1.0}, 100.0)
    costs = simulate(plan, Uncertainty(mix_concentration=5), 200, seed=0)
    np.testing.assert_allclose(costs, plan.total_budget(), rtol=1e-12)


@pytest.mark.parametrize("simulate", SIMULATORS)
def test_very_small_concentration_still_gives_finite_costs(simulate):
    """Does an almost shapeless case mix (concentration 0.001) still give real numbers?"""
    costs = np.asarray(simulate(admirable_plan(), Uncertainty(mix_concentration=0.001), 2_000))
    assert np.isfinite(costs).all()
    assert (costs > 0).all()


def test_loop_and_vectorized_versions_agree_on_the_mean(both_versions):
    """Do the loop and vectorized versions give the same mean within four standard errors?"""
    vectorized, loop = both_versions
    standard_error = math.hypot(
        vectorized.std() / math.sqrt(vectorized.size), loop.std() / math.sqrt(loop.size)
    )
    assert abs(vectorized.mean() - loop.mean()) < 4 * standard_error


@pytest.mark.parametrize("percentile", [5, 95])
def test_loop_and_vectorized_versions_agree_on_the_tails(both_versions, percentile):
    """Do both versions put the same share of years below the 5th and 95th percentile?

    The vectorized version's percentile is taken as the reference; the share
    of loop years below it should be p, within four standard errors of a
    share, sqrt(p (1 - p) / n) for each sample (about 0.6 percentage points).
    """
    vectorized, loop = both_versions
    share = percentile / 100
    cut = np.percentile(vectorized, percentile)
    standard_error = math.sqrt(share * (1 - share) * (1 / loop.size + 1 / vectorized.size))
    assert abs(np.mean(loop <= cut) - share) < 4 * standard_error


def test_reserve_is_zero_when_percentile_cost_is_below_budget():
    """When the budget already covers the percentile cost, is no reserve asked for?"""
    result = risk_reserve(np.arange(1.0, 101.0), budget=99.0, percentile=50)
    assert result.cost_at_percentile == pytest.approx(50.5)
    assert result.reserve == 0.0


def test_reserve_is_percentile_cost_minus_budget():
    """Is the reserve the cost at the percentile less the budget?"""
    result = risk_reserve(np.arange(1.0, 101.0), budget=50.0, percentile=90)
    assert result == RiskReserve(
        percentile=90.0,
        budget=50.0,
        expected_cost=50.5,
        cost_at_percentile=pytest.approx(90.1),
        reserve=pytest.approx(40.1),
        chance_over_budget=0.5,
        n_scenarios=100,
    )


def test_reserve_grows_with_the_percentile(admirable_costs):
    """Does covering more of the simulated years take a larger reserve?"""
    reserves = [risk_reserve(admirable_costs, BUDGET, p).reserve for p in (60, 75, 90, 95, 99)]
    assert reserves == sorted(reserves)
    assert reserves[0] < reserves[-1]


@given(
    costs=st.lists(st.floats(0, 1e9), min_size=1, max_size=50),
    budget=st.floats(0, 1e9),
)
def test_chance_over_budget_is_the_share_of_years_above_it(costs, budget):
    """Is the chance of going over budget a share between 0 and 1, counted correctly?"""
    chance = risk_reserve(costs, budget).chance_over_budget
    assert 0 <= chance <= 1
    assert chance == sum(cost > budget for cost in costs) / len(costs)


def test_summary_states_reserve_budget_and_chance(admirable_costs):
    """Does the summary give a finance director the reserve, budget and chance in one sentence?"""
    result = risk_reserve(admirable_costs, BUDGET)
    assert result.summary() == (
        f"To cover 95% of the simulated years, hold {format_dollars(result.reserve)} above "
        f"the $24,030,535 budget; the budget is exceeded in {result.chance_over_budget:.0%} "
        "of them."
    )


def test_summary_says_when_no_reserve_is_needed():
    """When the budget covers the percentile, does the summary say no reserve is needed?"""
    result = risk_reserve(np.arange(1000.0), budget=998.5)
    assert result.summary() == (
        "The $999 budget already covers 95% of the simulated years, so no reserve is "
        "needed; the budget is exceeded in fewer than 1% of them."
    )


def _invalid_cases():
    plan = admirable_plan()
    return [
        (
            "low above high",
            lambda: Uncertainty(penetration_range=(0.11, 0.09)),
            OutOfRangeError,
            "penetration_range",
            (0.11, 0.09),
        ),
        (
            "share above 1",
            lambda: Uncertainty(penetration_range=(0.09, 1.2)),
            OutOfRangeError,
            "penetration_range",
            (0.09, 1.2),
        ),
        (
            "range misses plan",
            lambda: simulate_total_cost(plan, Uncertainty((0.12, 0.15))),
            OutOfRangeError,
            "penetration_range",
            (0.12, 0.15),
        ),
        (
            "negative hours spread",
            lambda: Uncertainty(hours_spread=-0.1),
            OutOfRangeError,
            "hours_spread",
            -0.1,
        ),
        (
            "rate spread of 100%",
            lambda: Uncertainty(rate_spread=1.0),
            OutOfRangeError,
            "rate_spread",
            1.0,
        ),
        (
            "concentration 0",
            lambda: Uncertainty(mix_concentration=0),
            OutOfRangeError,
            "mix_concentration",
            0,
        ),
        (
            "no scenarios",
            lambda: simulate_total_cost(plan, REALISTIC, n_scenarios=0),
            OutOfRangeError,
            "n_scenarios",
            0,
        ),
        (
            "no loop scenarios",
            lambda: simulate_total_cost_loop(plan, REALISTIC, 0),
            OutOfRangeError,
            "n_scenarios",
            0,
        ),
        (
            "fractional scenarios",
            lambda: simulate_total_cost(plan, REALISTIC, 2.5),
            InvalidInputError,
            "n_scenarios",
            2.5,
        ),
        (
            "percentile 100",
            lambda: risk_reserve([1.0], 1.0, percentile=100),
            OutOfRangeError,
            "percentile",
            100,
        ),
        (
            "percentile 0",
            lambda: risk_reserve([1.0], 1.0, percentile=0),
            OutOfRangeError,
            "percentile",
            0,
        ),
        ("empty costs", lambda: risk_reserve([], 1.0), InvalidInputError, "costs", []),
        (
            "infinite cost",
            lambda: risk_reserve([1.0, math.inf], 1.0),
            OutOfRangeError,
            "costs",
            [1.0, math.inf],
        ),
    ]


@pytest.mark.parametrize(
    ("make", "error", "field", "value"),
    [pytest.param(*case[1:], id=case[0]) for case in _invalid_cases()],
)
def test_invalid_input_names_field_and_value(make, error, field, value):
    """Is each invalid input refused with its specific error, naming the field and value?"""
    with pytest.raises(error) as raised:
        make()
    assert type(raised.value) is error
    assert (raised.value.field, raised.value.value) == (field, value)
    assert field in str(raised.value)
    assert repr(value) in str(raised.value)


def test_plot_marks_budget_percentile_and_reserve(admirable_costs):
    """Does the chart return Axes with a solid budget line, a dashed percentile line and a
    labelled reserve, and dollars on the x axis?"""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    result = risk_reserve(admirable_costs, BUDGET)
    ax = plot_cost_distribution(admirable_costs, result)
    try:
        assert isinstance(ax, Axes)
        labels = [text.get_text() for text in ax.get_legend().get_texts()]
        assert "Budget: $24,030,535" in labels
        assert f"Risk reserve: {format_dollars(result.reserve)}" in labels
        assert [line.get_linestyle() for line in ax.get_lines()] == ["-", "--"]
        assert ax.xaxis.get_major_formatter()(24_030_535, 0) == "$24.0M"
    finally:
        plt.close(ax.figure)


def test_plot_draws_on_the_axes_given():
    """Given Axes, does the chart draw there, leaving out the reserve when there is none?"""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    costs = [90.0, 95.0, 99.0]
    try:
        assert plot_cost_distribution(costs, risk_reserve(costs, 100.0), ax=ax) is ax
        labels = [text.get_text() for text in ax.get_legend().get_texts()]
        assert not any(label.startswith("Risk reserve") for label in labels)
    finally:
        plt.close(fig)
