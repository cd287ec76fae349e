"""Tests for measurement-based care: PHQ-9, GAD-7, response, remission, treat to target."""

from __future__ import annotations

import dataclasses

import matplotlib
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from caserate_kit import (
    GAD7,
    PHQ9,
    DateOrderError,
    Instrument,
    InvalidInputError,
    MismatchError,
    OutOfRangeError,
    gad7_total,
    is_remission,
    is_response,
    percent_change,
    phq9_total,
    plot_score_trajectory,
    severity,
    treat_to_target,
)

answers = st.integers(min_value=0, max_value=3)
phq9_totals = st.integers(min_value=0, max_value=27)

IMPROVES = {0: 18, 14: 14, 28: 11, 45: 7, 58: 4}
STALLS = {0: 18, 15: 17, 30: 16}


# Totals ---------------------------------------------------------------------------


def test_phq9_total_adds_the_nine_answers() -> None:
    """Is the PHQ-9 total the sum of its nine answers?"""
    assert phq9_total([1, 2, 1, 0, 3, 1, 2, 0, 1]) == 11


def test_gad7_total_adds_the_seven_answers() -> None:
    """Is the GAD-7 total the sum of its seven answers?"""
    assert gad7_total([2, 2, 1, 1, 0, 1, 2]) == 9


def test_totals_reach_their_published_maximums() -> None:
    """Do all-3 answers give 27 on the PHQ-9 and 21 on the GAD-7?"""
    assert (phq9_total([3] * 9), gad7_total([3] * 7)) == (27, 21)


def test_whole_number_floats_are_accepted_as_answers() -> None:
    """Is an answer typed as 2.0 (as from a spreadsheet) read as 2?"""
    assert phq9_total([2.0] * 9) == 18  # type: ignore[list-item]


def test_numpy_whole_numbers_are_accepted_as_answers() -> None:
    """Are answers held in a numpy array (as from a DataFrame row) added up?"""
    assert gad7_total(np.array([3, 3, 3, 3, 3, 3, 3])) == 21


@given(st.lists(answers, min_size=9, max_size=9))
def test_phq9_total_equals_the_sum_of_any_valid_answers(items: list[int]) -> None:
    """For any nine valid answers, is the total their sum?"""
    assert phq9_total(items) == sum(items)


@given(st.lists(answers, min_size=7, max_size=7))
def test_gad7_total_equals_the_sum_of_any_valid_answers(items: list[int]) -> None:
    """For any seven valid answers, is the total their sum?"""
    assert gad7_total(items) == sum(items)


# Invalid answers ------------------------------------------------------------------


def test_an_answer_of_4_is_out_of_range_and_named() -> None:
    """Does an answer of 4 raise OutOfRangeError naming items[3] and the value 4?"""
    with pytest.raises(OutOfRangeError, match=r"items\[3\]") as caught:
        phq9_total([0, 1, 2, 4, 0, 0, 0, 0, 0])
    assert (caught.value.field, caught.value.value) == ("items[3]", 4)


def test_a_negative_answer_is_out_of_range_and_named() -> None:
    """Does an answer of -1 raise OutOfRangeError naming items[0] and the value -1?"""
    with pytest.raises(OutOfRangeError, match=r"items\[0\]") as caught:
        gad7_total([-1, 0, 0, 0, 0, 0, 0])
    assert (caught.value.field, caught.value.value) == ("items[0]", -1)


def test_eight_answers_for_the_phq9_is_a_mismatch_naming_the_count() -> None:
    """Does a PHQ-9 with 8 answers raise MismatchError naming items and the count 8?"""
    with pytest.raises(MismatchError, match="must hold 9") as caught:
        phq9_total([1] * 8)
    assert (caught.value.field, caught.value.value) == ("items", 8)


def test_a_fractional_answer_is_rejected_and_named() -> None:
    """Does an answer of 1.5 raise InvalidInputError naming items[2] and 1.5?"""
    with pytest.raises(InvalidInputError, match="whole number") as caught:
        phq9_total([0, 0, 1.5, 0, 0, 0, 0, 0, 0])  # type: ignore[list-item]
    assert (caught.value.field, caught.value.value) == ("items[2]", 1.5)


def test_a_true_false_answer_is_rejected() -> None:
    """Is True refused as an answer rather than read as 1?"""
    with pytest.raises(InvalidInputError, match="True or False") as caught:
        gad7_total([True, 0, 0, 0, 0, 0, 0])
    assert caught.value.field == "items[0]"


def test_a_text_answer_list_is_rejected() -> None:
    """Is a string of digits refused as the list of answers?"""
    with pytest.raises(InvalidInputError, match="list of item scores"):
        phq9_total("012012012")  # type: ignore[arg-type]


# Severity bands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal"),
        (4, "Minimal"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Moderately severe"),
        (19, "Moderately severe"),
        (20, "Severe"),
        (27, "Severe"),
    ],
)
def test_phq9_band_boundaries(total: int, band: str) -> None:
    """Does each PHQ-9 total on either side of a cut point get the published band?"""
    assert severity(total) == band


@pytest.mark.parametrize(
    ("total", "band"),
    [(4, "Minimal"), (5, "Mild"), (9, "Mild"), (10, "Moderate"), (14, "Moderate"), (15, "Severe")],
)
def test_gad7_cut_points_at_5_10_and_15(total: int, band: str) -> None:
    """Does each GAD-7 total on either side of 5, 10 and 15 get the published band?"""
    assert severity(total, GAD7) == band


@pytest.mark.parametrize(("total", "instrument"), [(28, PHQ9), (22, GAD7), (-1, PHQ9)])
def test_severity_rejects_a_total_outside_the_instrument_range(
    total: int, instrument: Instrument
) -> None:
    """Is a total the instrument cannot produce refused, naming total and the value?"""
    with pytest.raises(OutOfRangeError, match="total") as caught:
        severity(total, instrument)
    assert caught.value.value == total


@given(phq9_totals, phq9_totals)
def test_severity_never_falls_as_the_total_rises(low: int, high: int) -> None:
    """Is a higher total never in a milder band than a lower total?"""
    low, high = sorted((low, high))
    labels = [label for _, _, label in PHQ9.bands]
    assert labels.index(severity(low)) <= labels.index(severity(high))


def test_an_instrument_with_a_gap_between_bands_is_refused() -> None:
    """Does an instrument whose bands skip a total raise MismatchError naming bands?"""
    with pytest.raises(MismatchError, match="no gaps") as caught:
        Instrument("Gappy", 2, 3, ((0, 2, "Low"), (4, 6, "High")), 3)
    assert caught.value.field == "bands"


# Change, response, remission ------------------------------------------------------


def test_percent_change_is_the_drop_as_a_share_of_baseline() -> None:
    """Is a fall from 20 to 15 reported as a 0.25 drop?"""
    assert percent_change(20, 15) == pytest.approx(0.25)


def test_percent_change_is_negative_when_the_score_rises() -> None:
    """Is a rise from 10 to 12 reported as a negative share?"""
    assert percent_change(10, 12) == pytest.approx(-0.2)


def test_percent_change_from_a_baseline_of_zero_is_refused() -> None:
    """Does a baseline of 0 raise OutOfRangeError naming baseline and 0?"""
    with pytest.raises(OutOfRangeError, match="baseline") as caught:
        percent_change(0, 3)
    assert (caught.value.field, caught.value.value) == ("baseline", 0)


def test_is_response_from_a_baseline_of_zero_is_refused() -> None:
    """Is a response from a baseline of 0 refused rather than guessed?"""
    with pytest.raises(OutOfRangeError, match="baseline"):
        is_response(0, 0)


def test_a_drop_of_exactly_half_is_a_response() -> None:
    """Is a drop from 14 to 7 (exactly 50%) a response?"""
    assert is_response(14, 7)


def test_a_drop_just_under_half_is_not_a_response() -> None:
    """Is a drop from 14 to 8 (about 43%) not a response?"""
    assert not is_response(14, 8)


def test_is_response_rejects_a_score_above_the_instrument_maximum() -> None:
    """Is a GAD-7 'current' score of 22 refused, naming current?"""
    with pytest.raises(OutOfRangeError, match="current"):
        is_response(21, 22, GAD7)


@given(st.integers(min_value=1, max_value=27), phq9_totals, phq9_totals)
def test_a_lower_score_never_loses_a_response(baseline: int, first: int, second: int) -> None:
    """If a score counts as a response, does every lower score count too?"""
    lower, higher = sorted((first, second))
    assert is_response(baseline, lower) or not is_response(baseline, higher)


def test_a_score_of_4_is_remission() -> None:
    """Is a PHQ-9 of 4 (below 5) remission?"""
    assert is_remission(4)


def test_a_score_of_5_is_not_remission() -> None:
    """Is a PHQ-9 of 5 not remission?"""
    assert not is_remission(5)


def test_gad7_uses_the_same_remission_cut_off() -> None:
    """Is a GAD-7 of 4 remission and 5 not?"""
    assert (is_remission(4, GAD7), is_remission(5, GAD7)) == (True, False)


# Treat to target ------------------------------------------------------------------


def test_default_target_is_remission_score_4() -> None:
    """Without a target, is the goal remission (a score of 4 or lower)?"""
    assert treat_to_target(IMPROVES).target == 4


def test_a_series_that_reaches_target_by_day_60_says_keep_the_plan() -> None:
    """Does a series at 4 by day 58 read 'On target at day 60: keep the plan'?"""
    review = treat_to_target(IMPROVES)
    assert review.status == "On target at day 60: keep the plan"


def test_the_series_that_reaches_target_late_still_flags_day_30() -> None:
    """Is day 30 (score 11, above target) the first checkpoint to change the plan?"""
    assert treat_to_target(IMPROVES).change_plan_at == 30


def test_baseline_and_latest_are_the_first_and_last_scores() -> None:
    """Are the baseline and latest score the first and last pairs of the series?"""
    review = treat_to_target(IMPROVES)
    assert (review.baseline_day, review.baseline, review.latest_day, review.latest) == (
        0,
        18,
        58,
        4,
    )


def test_a_stalled_series_says_change_the_care_plan_at_day_30() -> None:
    """Does a series stuck at 16 on day 30 say to change the care plan at day 30?"""
    review = treat_to_target(STALLS)
    assert (review.change_plan_at, review.status) == (
        30,
        "Not at target by day 30: change the care plan",
    )


def test_a_missing_checkpoint_says_measure_now() -> None:
    """With no score between day 46 and 60, does the day-62 review say to measure now?"""
    review = treat_to_target({0: 18, 25: 9, 40: 6}, as_of=62)
    assert review.status == "No score near day 60: measure now"


def test_a_missing_checkpoint_has_no_score_and_is_not_a_plan_change() -> None:
    """Is the missing day-60 score None rather than counted as off target?"""
    review = treat_to_target({0: 18, 25: 4, 40: 4}, as_of=62)
    assert (review.checkpoints[1].score, review.change_plan_at) == (None, None)


def test_the_checkpoint_score_is_the_latest_in_its_window() -> None:
    """With scores on days 20 and 28, does the day-30 checkpoint use day 28?"""
    review = treat_to_target({0: 18, 20: 12, 28: 9})
    assert (review.checkpoints[0].score_day, review.checkpoints[0].score) == (28, 9)


def test_a_score_older_than_the_tolerance_does_not_count() -> None:
    """Is a day-10 score too old to stand for the day-30 checkpoint?"""
    review = treat_to_target({0: 18, 10: 3}, as_of=30)
    assert review.checkpoints[0].score is None


def test_checkpoints_not_yet_reached_are_not_due() -> None:
    """On day 10, with no score near day 30 yet, is the status 'keep measuring'?"""
    review = treat_to_target({0: 18, 10: 12})
    assert review.status == "First check is at day 30: keep measuring"


def test_a_score_in_the_window_makes_the_checkpoint_due_early() -> None:
    """Does a day-58 score count for the day-60 check before day 60 arrives?"""
    review = treat_to_target(IMPROVES)
    assert (review.checkpoints[1].due, review.checkpoints[1].score_day) == (True, 58)


def test_the_baseline_is_never_a_checkpoint_score() -> None:
    """With the baseline on day 20, is day 30 still left without a score?"""
    review = treat_to_target({20: 10}, as_of=30)
    assert review.checkpoints[0].score is None


def test_a_checkpoint_records_a_response() -> None:
    """Is 9 at day 30 from a baseline of 18 a response at that checkpoint?"""
    assert treat_to_target({0: 18, 30: 9}).checkpoints[0].response is True


def test_a_given_target_replaces_the_default() -> None:
    """With a target of 10, is a day-30 score of 9 on target?"""
    review = treat_to_target({0: 18, 30: 9}, target=10)
    assert review.status == "On target at day 30: keep the plan"


def test_a_list_of_pairs_gives_the_same_review_as_a_mapping() -> None:
    """Do (day, score) pairs and a day-to-score mapping give the same review?"""
    assert treat_to_target(list(IMPROVES.items())) == treat_to_target(IMPROVES)


def test_gad7_scores_are_reviewed_on_the_gad7_scale() -> None:
    """Is a GAD-7 score of 21 accepted and a 22 refused?"""
    assert treat_to_target({0: 21}, instrument=GAD7).baseline == 21
    with pytest.raises(OutOfRangeError, match="score on day 0"):
        treat_to_target({0: 22}, instrument=GAD7)


def test_days_out_of_order_are_refused() -> None:
    """Do days 0, 45, 30 raise DateOrderError naming days and the list of days?"""
    with pytest.raises(DateOrderError, match="strictly increasing") as caught:
        treat_to_target([(0, 18), (45, 10), (30, 12)])
    assert (caught.value.field, caught.value.value) == ("days", [0, 45, 30])


def test_a_repeated_day_is_refused() -> None:
    """Are two scores on the same day refused as not strictly increasing?"""
    with pytest.raises(DateOrderError, match="day 14 comes after day 14"):
        treat_to_target([(0, 18), (14, 10), (14, 12)])


def test_a_negative_day_is_refused() -> None:
    """Does day -3 raise OutOfRangeError naming day and -3?"""
    with pytest.raises(OutOfRangeError, match="day") as caught:
        treat_to_target({-3: 18, 10: 12})
    assert (caught.value.field, caught.value.value) == ("day", -3)


def test_an_empty_series_is_refused() -> None:
    """Is a review without even a baseline score refused?"""
    with pytest.raises(InvalidInputError, match="baseline"):
        treat_to_target({})


def test_a_pair_that_is_not_day_and_score_is_refused() -> None:
    """Is a lone number instead of a (day, score) pair refused, naming its position?"""
    with pytest.raises(InvalidInputError, match=r"scores\[1\]"):
        treat_to_target([(0, 18), 12])  # type: ignore[list-item]


def test_checkpoints_out_of_order_are_refused() -> None:
    """Do checkpoints 60, 30 raise DateOrderError naming checkpoints?"""
    with pytest.raises(DateOrderError, match="checkpoints"):
        treat_to_target(IMPROVES, checkpoints=(60, 30))


def test_a_review_day_before_the_latest_score_is_refused() -> None:
    """Is as_of=40 refused when the latest score is on day 58?"""
    with pytest.raises(OutOfRangeError, match="as_of") as caught:
        treat_to_target(IMPROVES, as_of=40)
    assert caught.value.value == 40


def test_the_review_cannot_be_changed_after_it_is_made() -> None:
    """Is the review frozen, so a lesson cannot overwrite its status by accident?"""
    review = treat_to_target(IMPROVES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        review.status = "edited"  # type: ignore[misc]


def test_to_frame_has_one_row_per_checkpoint() -> None:
    """Does the table show checkpoints 30, 60 and 90 with score, target and action?"""
    frame = treat_to_target(IMPROVES).to_frame()
    assert list(frame.index) == [30, 60, 90]
    assert frame.loc[60, "score"] == 4
    assert list(frame["action"]) == ["change the care plan", "keep the plan", "not due yet"]


def test_to_frame_shows_a_missing_score_as_missing() -> None:
    """Is a checkpoint without a score shown as a missing value, not 0?"""
    frame = treat_to_target({0: 18, 30: 9}).to_frame()
    assert frame["score"].isna()[60]


# Plotting -------------------------------------------------------------------------


def test_plot_returns_axes_with_the_target_line() -> None:
    """Does the plot return an Axes holding a horizontal target line at 4?"""
    ax = plot_score_trajectory(treat_to_target(IMPROVES))
    try:
        targets = [line for line in ax.get_lines() if str(line.get_label()).startswith("Target")]
        assert len(targets) == 1
        assert np.asarray(targets[0].get_ydata()).tolist() == [4, 4]
    finally:
        plt.close("all")


def test_plot_marks_each_checkpoint_with_a_text_label() -> None:
    """Are the checkpoints labelled 'Day 30', 'Day 60' and 'Day 90' in words?"""
    ax = plot_score_trajectory(IMPROVES)
    try:
        texts = {text.get_text() for text in ax.texts}
        assert {"Day 30", "Day 60", "Day 90", "Moderately severe"} <= texts
    finally:
        plt.close("all")


def test_plot_draws_on_the_axes_it_is_given() -> None:
    """When given an Axes, does the plot draw there instead of a new figure?"""
    fig, ax = plt.subplots()
    try:
        assert plot_score_trajectory(IMPROVES, ax=ax) is ax
    finally:
        plt.close(fig)
