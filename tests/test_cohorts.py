"""Utilization cohorts and the 75%-within-range conformance metric."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

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


def test_level_b_conformance_cannot_be_settled_from_cohorts_alone():
    """Can the cohort table tell whether 75% of Level B fall in Zontanos' 10-50 range?

    The medium and medium-high cohorts (669 clients) are wholly inside; the
    low cohort (4-10 hours, 239 clients) touches it. So between 60.3% and
    81.8% are inside: client-level hours decide the 75% metric.
    """
    at_least, at_most = ck.cohort_share_within_range(LEVEL_B_COHORTS, 10, 50)
    assert at_least == pytest.approx(669 / 1_110)
    assert at_most == pytest.approx(908 / 1_110)
    assert at_least < ck.CONFORMANCE_TARGET < at_most


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
