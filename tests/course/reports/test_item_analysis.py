"""Item analysis and lesson pass rates, checked against small examples worked by hand."""

import math
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from caserate_kit.course.reports._item_analysis import (
    ITEM_COLUMNS,
    LESSON_COLUMNS,
    TOO_FEW,
    item_analysis,
    item_scores,
    item_verdict,
    lesson_summary,
    point_biserial,
)

# Five attempts at three questions (1 right, 0 wrong):
#
#   attempt   a  b  c
#   1         1  1  1
#   2         1  1  0
#   3         1  0  0
#   4         0  1  0
#   5         0  0  0
CLASS = {
    "a": [1, 1, 1, 0, 0],
    "b": [1, 1, 0, 1, 0],
    "c": [1, 0, 0, 0, 0],
}


def scores_of(table, quiz="lesson-01"):
    """The ``item_scores`` frame of a {item id: [score per attempt]} table."""
    rows = [
        (f"attempt-{n + 1}", quiz, item, right)
        for item, column in table.items()
        for n, right in enumerate(column)
    ]
    return pd.DataFrame(rows, columns=["attempt_id", "quiz_id", "item_id", "correct"])


def row(table, item):
    analysis = item_analysis(scores_of(table))
    return analysis[analysis["item_id"] == item].iloc[0]


def by_hand(item, rest):
    """Point-biserial by the textbook formula: (M1 - M0) / s * sqrt(p q), s the population SD."""
    n = len(item)
    right = [r for i, r in zip(item, rest, strict=True) if i]
    wrong = [r for i, r in zip(item, rest, strict=True) if not i]
    mean = sum(rest) / n
    sd = math.sqrt(sum((r - mean) ** 2 for r in rest) / n)
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / sd * math.sqrt(p * (1 - p))


def test_facility_is_the_share_of_attempts_answering_right():
    """Is the facility of a (right in 3 of 5 attempts) 3/5 = 0.6?"""
    assert row(CLASS, "a")["facility"] == pytest.approx(3 / 5)


def test_discrimination_is_the_point_biserial_with_the_rest_of_the_test():
    """Is a's discrimination the point-biserial with the share right of b and c (0.327)?"""
    rest = [(1 + 1) / 2, (1 + 0) / 2, 0 / 2, (1 + 0) / 2, 0 / 2]  # b and c, per attempt
    expected = by_hand(CLASS["a"], rest)
    assert expected == pytest.approx(0.25 / math.sqrt(0.14) * math.sqrt(0.24))
    assert row(CLASS, "a")["discrimination"] == pytest.approx(expected)


def test_the_rest_score_leaves_the_item_itself_out():
    """Is c's discrimination (0.535) computed against a and b only, not the whole score?"""
    rest = [1, 1, 0.5, 0.5, 0]  # a and b, per attempt
    assert row(CLASS, "c")["discrimination"] == pytest.approx(by_hand(CLASS["c"], rest))
    assert row(CLASS, "c")["discrimination"] == pytest.approx(0.5 / math.sqrt(0.14) * 0.4)


def test_point_biserial_agrees_with_pearson_correlation():
    """Is ``point_biserial`` the Pearson correlation of the 0/1 score and the rest score?"""
    item, rest = [1, 0, 1, 1, 0, 0], [0.8, 0.4, 0.6, 0.9, 0.5, 0.1]
    assert point_biserial(item, rest) == pytest.approx(pd.Series(item).corr(pd.Series(rest)))


def test_times_shown_and_answered_right_are_counted():
    """Does b show 5 times shown and 3 answered right?"""
    found = row(CLASS, "b")
    assert (found["shown"], found["answered_right"]) == (5, 3)


def test_a_question_most_learners_miss_is_flagged_hard():
    """Is c (right in 1 of 5, facility 0.2 < 0.30) flagged hard, and only hard?"""
    assert row(CLASS, "c")["flags"] == "hard"


def test_a_question_nearly_everyone_gets_right_is_flagged_very_easy():
    """Is a question right in all 6 attempts (facility 1.0 > 0.95) flagged very easy?"""
    table = {"easy": [1] * 6, "other": [1, 0, 1, 0, 1, 0]}
    assert "very easy" in row(table, "easy")["flags"]


def test_a_question_that_stronger_learners_miss_does_not_separate():
    """Is a question right only for the weaker attempts flagged "does not separate"?"""
    table = {
        "odd": [0, 0, 1, 1, 0],
        "y": [1, 1, 0, 1, 0],
        "z": [1, 1, 0, 0, 0],
    }
    found = row(table, "odd")
    assert found["discrimination"] < 0
    assert found["flags"] == "does not separate"
    assert "answer key" in found["meaning"]


def test_a_sound_question_has_no_flags():
    """Is a (facility 0.6, discrimination 0.33) left unflagged with "No concerns."?"""
    found = row(CLASS, "a")
    assert (found["flags"], found["meaning"]) == ("", "No concerns.")


@pytest.mark.parametrize(("facility", "discrimination"), [(0.30, 0.5), (0.95, 0.5), (0.6, 0.20)])
def test_values_exactly_on_a_threshold_are_not_flagged(facility, discrimination):
    """Are facility 0.30 and 0.95 and discrimination 0.20 themselves within bounds?"""
    assert item_verdict(10, facility, discrimination)[0] == ""


def test_fewer_than_five_attempts_are_too_few_to_judge():
    """Is a question shown 4 times marked "too few attempts to judge", with no other flag?"""
    table = {"new": [0, 0, 0, 0], "other": [1, 0, 1, 1]}
    found = row(table, "new")
    assert found["flags"] == TOO_FEW
    assert "Shown 4 times" in found["meaning"]


def test_questions_too_new_to_judge_come_after_the_judged_ones():
    """Are unjudged questions listed after all judged ones, however often they were missed?"""
    scores = pd.concat(
        [scores_of(CLASS), scores_of({"new": [0, 0], "x": [1, 1]}, quiz="lesson-02")]
    )
    shown = item_analysis(scores)["shown"].tolist()
    assert shown == sorted(shown, key=lambda n: n < 5)
    assert shown[-1] < 5


def test_a_question_everyone_got_right_has_undefined_discrimination():
    """When an item's score never varies, is discrimination NaN and explained, not a crash?"""
    found = row({"easy": [1] * 6, "other": [1, 0, 1, 0, 1, 0]}, "easy")
    assert math.isnan(found["discrimination"])
    assert "cannot be measured yet" in found["meaning"]


def test_a_constant_rest_of_test_gives_undefined_discrimination_without_a_flag():
    """With the same rest-of-test score everywhere, is it NaN and not "does not separate"?"""
    found = row({"varies": [1, 0, 1, 0, 1], "always": [1, 1, 1, 1, 1]}, "varies")
    assert math.isnan(found["discrimination"])
    assert found["flags"] == ""


def test_a_one_question_attempt_has_no_rest_of_test():
    """With one question per attempt, is discrimination NaN rather than an error?"""
    found = row({"only": [1, 0, 1, 0, 1]}, "only")
    assert math.isnan(found["discrimination"])


def test_point_biserial_of_fewer_than_two_values_is_nan():
    """Is the correlation of a single attempt NaN?"""
    assert math.isnan(point_biserial([1], [0.5]))


def test_prompts_come_from_the_bank_by_item_id():
    """Is each question's prompt looked up by its item id, blank when unknown?"""
    analysis = item_analysis(scores_of(CLASS), {"a": "What is a case rate?"})
    prompts = dict(zip(analysis["item_id"], analysis["prompt"], strict=True))
    assert prompts == {"a": "What is a case rate?", "b": "", "c": ""}


def test_the_most_missed_question_comes_first():
    """Are questions ordered by facility, lowest first?"""
    assert item_analysis(scores_of(CLASS))["item_id"].tolist()[0] == "c"


def test_no_attempts_give_an_empty_table_with_the_columns():
    """With no scores, is the result empty but with every column?"""
    empty = item_analysis(item_scores([]))
    assert (len(empty), list(empty.columns)) == (0, list(ITEM_COLUMNS))


def test_item_scores_reads_the_stored_result_of_a_submission():
    """Are ``items`` and ``item_ids`` of a stored result turned into one row per question?"""
    result = {
        "items": [{"key": "q1", "correct": True}, {"key": "q2", "correct": False}],
        "item_ids": {"q1": "l01-a", "q2": "l01-b"},
    }
    scores = item_scores([("att-1", "lesson-01", result)])
    assert scores.to_dict("records") == [
        {"attempt_id": "att-1", "quiz_id": "lesson-01", "item_id": "l01-a", "correct": 1},
        {"attempt_id": "att-1", "quiz_id": "lesson-01", "item_id": "l01-b", "correct": 0},
    ]


def test_item_scores_skips_results_without_item_ids():
    """Is a result with no ``item_ids`` (or a question without one) left out?"""
    results = [
        ("att-1", "q", {"items": [{"key": "q1", "correct": True}]}),
        ("att-2", "q", {"items": [{"key": "q1", "correct": True}], "item_ids": {}}),
        ("att-3", "q", "not a result"),
    ]
    assert item_scores(results).empty


START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def attempts_table(rows):
    """Submitted attempts from (learner, quiz, minutes after START, passed)."""
    return pd.DataFrame(
        [(learner, quiz, START + timedelta(minutes=m), ok) for learner, quiz, m, ok in rows],
        columns=["learner_id", "quiz_id", "submitted_at", "passed"],
    )


CLASS_ATTEMPTS = attempts_table(
    [
        ("ana", "lesson-01", 1, False),
        ("ana", "lesson-01", 2, True),  # passed on the 2nd try
        ("ben", "lesson-01", 3, True),  # passed on the 1st try
        ("cal", "lesson-01", 4, False),
        ("cal", "lesson-01", 5, False),  # not passed yet
    ]
)


def test_lesson_summary_counts_learners_attempts_and_passes():
    """Does lesson 1 show 3 learners, 5 attempts, 2 passed, pass rate 2/3?"""
    [summary] = lesson_summary(CLASS_ATTEMPTS).to_dict("records")
    assert (summary["learners"], summary["attempts"], summary["learners_passed"]) == (3, 5, 2)
    assert summary["pass_rate"] == pytest.approx(2 / 3)


def test_mean_attempts_to_pass_averages_those_who_passed():
    """Is the mean attempts to pass (2 + 1) / 2 = 1.5, leaving out who has not passed?"""
    [summary] = lesson_summary(CLASS_ATTEMPTS).to_dict("records")
    assert summary["mean_attempts_to_pass"] == pytest.approx(1.5)


def test_attempts_to_pass_follow_submission_time_not_row_order():
    """Is the first pass counted in time order, and a later fail ignored?"""
    rows = attempts_table([("ana", "q", 9, False), ("ana", "q", 2, True), ("ana", "q", 1, False)])
    [summary] = lesson_summary(rows).to_dict("records")
    assert summary["mean_attempts_to_pass"] == 2


def test_mean_attempts_to_pass_is_nan_when_nobody_has_passed():
    """With no passes, is the mean attempts to pass NaN and the pass rate 0?"""
    [summary] = lesson_summary(attempts_table([("ana", "q", 1, False)])).to_dict("records")
    assert math.isnan(summary["mean_attempts_to_pass"])
    assert summary["pass_rate"] == 0


def test_lesson_summary_of_no_attempts_is_empty_with_the_columns():
    """With no attempts, is the summary empty but with every column?"""
    empty = lesson_summary(attempts_table([]))
    assert (len(empty), list(empty.columns)) == (0, list(LESSON_COLUMNS))
