"""Utilization cohorts and the 75%-within-range conformance metric."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import caserate_kit as ck
from caserate_kit.examples import LEVEL_B_COHORTS

SMALL = (
    ck.UtilizationCohort("Light", clients=30, min_hours=2, max_hours=6, avg_hours=4),
    ck.UtilizationCohort("Heavy", clients=10, min_hours=20, max_hours=40, avg_hours=30),
)


def test_weighted_average_counts_each_client_once():
    """Are 30 clients at 4 hours and 10 at 30 an average of 10.5 hours, not 17?"""
    assert ck.weighted_average_hours(SMALL) == pytest.approx((30 * 4 + 10 * 30) / 40)


def test_cohort_table_total_row():
    """Does the total row add clients and hours and weight the average?"""
    table = ck.cohort_table(SMALL)
    assert table.loc["Total", "Clients"] == 40
    assert table.loc["Total", "Total hours"] == pytest.approx(420)
    assert table.loc["Total", "Average hours"] == pytest.approx(10.5)
    assert table["Share of clients"].iloc[:2].tolist() == pytest.approx([0.75, 0.25])


def test_share_within_range_includes_both_ends():
    """Do clients at exactly 10 and 50 hours count as inside a 10-50 range?"""
    assert ck.share_within_range([10, 50, 9.5, 51], low=10, high=50) == 0.5


def test_level_b_provably_missed_the_target_in_the_10_to_50_hour_range():
    """Do Level B's cohorts, with their averages, settle the 75% metric for 10-50 hours?

    The medium and medium-high cohorts (669 clients) are wholly inside. The low
    cohort (4-10 hours, 8 on average) touches the range only at 10 hours, and at
    most 159 of its 239 clients can be there; the high cohort starts at 51. So at
    most (418 + 251 + 159) / 1,110 = 74.6% are inside: below 75% whatever the
    clients' own hours.
    """
    at_least, at_most = ck.cohort_share_within_range(LEVEL_B_COHORTS, 10, 50)
    assert at_least == pytest.approx(669 / 1_110)
    assert at_most == pytest.approx(828 / 1_110)
    assert f"{at_most:.1%}" == "74.6%"
    assert at_most < ck.CONFORMANCE_TARGET


def test_the_15_to_100_hour_range_is_left_open_by_the_cohorts():
    """With Admirable's Level B range (15-100 hours), do the bounds straddle 75%?

    The low cohort is wholly below 15 hours; at least 140 of the 418 medium
    clients (11-30 hours, 20 on average) must be at 15 or more, and at least 145
    of the 202 high clients (51-110 hours, 65 on average) at 100 or less.
    """
    counts = [ck.clients_in_range(cohort, 15, 100) for cohort in LEVEL_B_COHORTS]
    assert counts == [(0, 0), (140, 418), (251, 251), (145, 202)]
    at_least, at_most = ck.cohort_share_within_range(LEVEL_B_COHORTS, 15, 100)
    assert at_least == pytest.approx(536 / 1_110)
    assert at_most == pytest.approx(871 / 1_110)
    assert at_least < ck.CONFORMANCE_TARGET < at_most


def test_the_most_is_reached_by_real_hours():
    """Is 159 a count some clients can really have: 159 at 10 hours and 80 at 4.025, which
    average 8 hours, all within 4-10?"""
    hours = [10.0] * 159 + [4.025] * 80
    assert sum(hours) / len(hours) == pytest.approx(LEVEL_B_COHORTS[0].avg_hours)
    assert ck.share_within_range(hours, 10, 50) * len(hours) == pytest.approx(159)


@st.composite
def clients_of_a_cohort(draw: st.DrawFn) -> tuple[ck.UtilizationCohort, list[int]]:
    """A cohort and hours for each of its clients that agree with its band and average."""
    hours = draw(st.lists(st.integers(0, 120), min_size=1, max_size=40))
    least = min(hours) - draw(st.integers(0, 10))
    most = max(hours) + draw(st.integers(0, 10))
    cohort = ck.UtilizationCohort("Drawn", len(hours), max(least, 0), most, sum(hours) / len(hours))
    return cohort, hours


@given(clients_of_a_cohort(), st.integers(0, 130), st.integers(0, 60))
def test_the_bounds_hold_every_client_level_answer_the_cohort_allows(drawn, low, width):
    """Whatever hours the clients really had (within the band, at the average), does the
    count inside the range lie between the fewest and the most the cohort allows?"""
    cohort, hours = drawn
    fewest, most = ck.clients_in_range(cohort, low, low + width)
    inside = sum(low <= h <= low + width for h in hours)
    assert fewest <= inside <= most


@given(clients_of_a_cohort(), st.integers(0, 130), st.integers(0, 60))
def test_the_bounds_are_never_looser_than_the_bands_alone(drawn, low, width):
    """Are the bounds inside what the band alone allows (none, or every client)?"""
    cohort, _hours = drawn
    fewest, most = ck.clients_in_range(cohort, low, low + width)
    wholly_inside = low <= cohort.min_hours and cohort.max_hours <= low + width
    touching = cohort.min_hours <= low + width and cohort.max_hours >= low
    assert fewest >= (cohort.clients if wholly_inside else 0)
    assert most <= (cohort.clients if touching else 0)


def test_range_reversed_is_refused():
    """Is a range whose high end is below its low end refused?"""
    with pytest.raises(ck.OutOfRangeError, match="high"):
        ck.share_within_range([5], low=50, high=10)


def test_no_client_hours_is_refused():
    """Is an empty list of hours refused?"""
    with pytest.raises(ck.InvalidInputError, match="hours"):
        ck.share_within_range([], 1, 2)


def test_cohort_average_outside_its_band_is_refused():
    """Is a cohort whose average lies outside its own band refused?"""
    with pytest.raises(ck.OutOfRangeError, match="avg_hours of Odd"):
        ck.UtilizationCohort("Odd", clients=5, min_hours=10, max_hours=20, avg_hours=25)


def test_cohort_with_fractional_clients_is_refused():
    """Is 10.5 clients refused?"""
    with pytest.raises(ck.InvalidInputError, match="clients of Half"):
        ck.UtilizationCohort("Half", clients=10.5, min_hours=1, max_hours=2, avg_hours=1)


def test_cohorts_with_no_clients_are_refused():
    """Is an average over zero clients refused instead of dividing by zero?"""
    empty = (ck.UtilizationCohort("None", clients=0, min_hours=1, max_hours=2, avg_hours=1),)
    with pytest.raises(ck.InvalidInputError, match="client"):
        ck.weighted_average_hours(empty)


def test_simulated_hours_keep_each_cohort_in_its_band_and_near_its_average():
    """Do illustrative client hours respect each band and come near the cohort average?"""
    hours = ck.simulate_client_hours(LEVEL_B_COHORTS, seed=3)
    start = 0
    for cohort in LEVEL_B_COHORTS:
        part = hours[start : start + cohort.clients]
        start += cohort.clients
        assert part.min() >= cohort.min_hours
        assert part.max() <= cohort.max_hours
        standard_error = (cohort.max_hours - cohort.min_hours) / np.sqrt(cohort.clients)
        assert abs(part.mean() - cohort.avg_hours) < 3 * standard_error


def test_simulated_hours_repeat_with_the_same_seed():
    """Does the same seed draw the same picture?"""
    first = ck.simulate_client_hours(SMALL, seed=7)
    assert np.array_equal(first, ck.simulate_client_hours(SMALL, seed=7))


def test_cohort_plot_marks_the_average_and_guideline():
    """Does the plot label the average paid for and the guideline range?"""
    ax = ck.plot_cohort_hours(LEVEL_B_COHORTS, guideline=(10, 50))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("30.1 hours" in text for text in legend)
    assert any("10-50" in text for text in legend)
    plt.close(ax.figure)
