"""Exercise 7, treat to target: reading typed scores, the prediction, and the page."""

import html

import pytest

import caserate_kit as ck
from caserate_kit.course._figures import COMPACT_MEDIA
from caserate_kit.course.exercises._treat_to_target import (
    EXAMPLES,
    ITEM_TOPICS,
    merge_score,
    parse_day,
    parse_items,
    parse_series,
    parse_target,
)
from caserate_kit.course.exercises._treat_to_target_page import treat_to_target_practice
from caserate_kit.course.exercises._treat_to_target_review import (
    chart_summary,
    check_prediction,
    outcome_lines,
    review_rows,
)

from ..widget_tree import widgets_under

JORDAN = ck.treat_to_target(dict(EXAMPLES[0].scores), target=9)

PHONE_AND_WIDE = f'<picture><source media="{COMPACT_MEDIA}"'
"""A chart drawn twice: for a phone, and for a wide page."""


def page_text(root):
    """All the text the page can read in the synced state under ``root``, unescaped."""

    def texts(value):
        if isinstance(value, str):
            yield html.unescape(value)
        elif isinstance(value, dict | list | tuple):
            for item in value.values() if isinstance(value, dict) else value:
                yield from texts(item)

    return "\n".join(text for w in widgets_under(root) for text in texts(w.get_state()))


# -- reading a typed series ------------------------------------------------------------------


def test_a_series_can_be_typed_with_words_and_punctuation():
    """Are "Day 0: 18", "14, 12" and "28 = 11" all read as day-score pairs?"""
    typed = "Day 0: 18\n14, 12\n\n28 = 11"
    assert parse_series(typed, ck.PHQ9).value == ((0, 18), (14, 12), (28, 11))


def test_a_phq9_score_of_30_is_named_with_its_line_and_range():
    """Is a PHQ-9 total of 30 refused with its line, the allowed range and what to check?"""
    assert parse_series("0 18\n28 30", ck.PHQ9).problems == (
        "Line 2: a PHQ-9 total is a whole number from 0 to 27, so 30 is too high. Check the sum "
        "of the 9 answers.",
    )


def test_a_gad7_total_above_21_is_refused():
    """Is the GAD-7's own maximum (21) used, not the PHQ-9's?"""
    assert "from 0 to 21, so 24 is too high" in parse_series("0 24", ck.GAD7).problems[0]


def test_a_day_out_of_order_is_named_with_both_lines():
    """Is a day typed after a later one named, with the line it should come before?"""
    assert parse_series("0 18\n28 11\n14 12", ck.PHQ9).problems == (
        "Line 3: day 14 is listed after day 28 (line 2). List the days in order, earliest first.",
    )


def test_a_day_out_of_order_is_found_even_beside_a_bad_score():
    """When a line has a bad score, is the order of its day still checked against the next?"""
    problems = parse_series("0 18\n28 30\n14 12", ck.PHQ9).problems
    assert [p.split(":")[0] for p in problems] == ["Line 2", "Line 3"]


def test_a_repeated_day_is_named():
    """Is a day typed twice refused, naming both lines?"""
    assert (
        parse_series("0 18\n14 12\n14 11", ck.PHQ9)
        .problems[0]
        .startswith("Line 3: day 14 is listed twice (also on line 2).")
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("zero 18", "Line 1: \u201czero\u201d is not a number."),
        ("28", "Line 1 has only one number."),
        ("0 18 4", "Line 1 has 3 numbers."),
        ("2.5 18", "Line 1: the day must be a whole number from 0 to 365; 2.5 is not."),
        ("-3 18", "Line 1: the day must be a whole number from 0 to 365; -3 is not."),
        ("0 11.5", "Line 1: a PHQ-9 total is a whole number from 0 to 27, so 11.5 is not one."),
        ("", "Type at least the first (baseline) score"),
    ],
)
def test_each_typing_mistake_gets_a_message_naming_it(typed, message):
    """Does each kind of typing mistake get a message that says what is wrong and where?"""
    assert parse_series(typed, ck.PHQ9).problems[0].startswith(message)


@pytest.mark.parametrize(("typed", "ok"), [("9", True), ("0", True), ("28", False), ("x", False)])
def test_the_target_must_be_a_whole_number_in_range(typed, ok):
    """Is the target read only when it is a whole number from 0 to the maximum?"""
    assert parse_target(typed, ck.PHQ9).ok is ok


def test_the_day_of_a_questionnaire_must_be_a_whole_number():
    """Is a day such as "two" refused with a message?"""
    message = "The day must be a whole number from 0 to 365; two is not."
    assert parse_day("two").problems == (message,)


# -- item answers ------------------------------------------------------------------------------


def test_phq9_item_answers_add_up_with_the_toolkit():
    """Does the total of nine answers equal ``ck.phq9_total``?"""
    answers = [3, 3, 3, 2, 2, 2, 2, 2, 0]
    assert parse_items([str(a) for a in answers], ck.PHQ9).value == ck.phq9_total(answers) == 19


def test_gad7_item_answers_add_up_with_the_toolkit():
    """Does the total of seven answers equal ``ck.gad7_total``?"""
    answers = [3, 2, 3, 2, 2, 1, 2]
    assert parse_items([str(a) for a in answers], ck.GAD7).value == ck.gad7_total(answers) == 15


def test_a_bad_item_answer_and_blank_items_are_named():
    """Are an answer of 4 and the unanswered items named by number and topic?"""
    problems = parse_items(["1", "4", "", "1", "0", "", "2", "1", "0"], ck.PHQ9).problems
    assert problems == (
        "Item 2 (Feeling down or hopeless): answers are 0, 1, 2 or 3; 4 is not.",
        "Not answered yet: items 3, 6.",
    )


def test_every_item_has_a_topic():
    """Does each questionnaire list one topic per item?"""
    assert (len(ITEM_TOPICS["PHQ-9"]), len(ITEM_TOPICS["GAD-7"])) == (ck.PHQ9.items, ck.GAD7.items)


def test_a_new_score_is_merged_in_day_order():
    """Is a score added for day 7 put between days 0 and 14?"""
    merged = merge_score("0 18\n14 12", 7, 15, ck.PHQ9)
    assert (merged.value, merged.note) == ("0 18\n7 15\n14 12", "Added 15 on day 7 to the series.")


def test_a_score_for_a_day_already_typed_replaces_it_and_says_so():
    """Does adding a score for an existing day replace it, saying what it was?"""
    merged = merge_score("0 18\n14 12", 14, 10, ck.PHQ9)
    assert (merged.value, merged.note) == ("0 18\n14 10", "Day 14 had a score of 12; it is now 10.")


def test_a_score_is_not_merged_into_a_series_with_problems():
    """Is the typed series left alone while it has a problem?"""
    assert merge_score("0 18\n14 40", 28, 10, ck.PHQ9).problems == (
        "Fix the series above first; then add this score.",
    )


# -- the review and the prediction --------------------------------------------------------------


def test_the_examples_call_for_a_change_at_each_checkpoint_or_none():
    """Between them, do the examples need a change at day 30, 60, 90 and at none?"""
    found = {
        ck.treat_to_target(dict(e.scores), target=e.target, instrument=e.instrument).change_plan_at
        for e in EXAMPLES
    }
    assert found == {30, 60, 90, None}


def test_the_lesson_examples_match_lesson_5():
    """Are Jordan's and Idris's series the ones lesson 5 works through?"""
    assert dict(EXAMPLES[0].scores) == {0: 19, 14: 18, 28: 17, 42: 13, 56: 9, 70: 6, 84: 3}
    assert dict(EXAMPLES[1].scores) == {0: 15, 14: 14, 28: 14, 42: 13, 56: 13}


def test_a_right_prediction_is_confirmed_with_each_checkpoint_explained():
    """For Jordan, is "day 30" right, with one line per checkpoint and the rule?"""
    feedback = check_prediction(JORDAN, "30")
    assert feedback["title"] == "Right: change the plan at day 30"
    assert feedback["lines"][0] == (
        "Day 30: the score that counts is 17 (day 28), above the target of 9: change the care plan."
    )
    assert len(feedback["lines"]) == 4


def test_a_wrong_prediction_names_both_answers():
    """Is a wrong prediction named beside the review's answer?"""
    assert check_prediction(JORDAN, "none")["title"] == (
        "Not quite: you predicted none of them; the review says change the plan at day 30"
    )


def test_an_unknown_prediction_is_refused():
    """Is a prediction that is not one of the choices refused?"""
    with pytest.raises(ck.InvalidInputError, match="prediction"):
        check_prediction(JORDAN, "45")


def test_review_rows_read_like_the_lesson_table():
    """Does each row give the checkpoint, score used, severity, target, response and action?"""
    assert review_rows(JORDAN)[0] == [
        "Day 30",
        "17 (day 28)",
        "Moderately severe",
        "No",
        "No",
        "Change the care plan",
    ]


def test_outcomes_state_response_and_remission():
    """Are the drop from baseline, the response and the remission stated in words?"""
    assert outcome_lines(JORDAN) == [
        "Baseline 19 (moderately severe) on day 0; latest 3 (minimal) on day 84.",
        "That is a drop of 84%: a response (a response is a drop of at least half).",
        "Remission: the latest score, 3, is below 5.",
    ]


def test_outcomes_handle_a_baseline_of_zero():
    """With a baseline of 0, is the missing response explained rather than failing?"""
    lines = outcome_lines(ck.treat_to_target({0: 0, 28: 2}))
    assert lines[1] == "The baseline is 0, so there is no drop to measure a response from."


def test_the_chart_summary_keeps_the_verdict_until_revealed():
    """Does the sentence beside the chart hold back the review's verdict until it is revealed?"""
    assert JORDAN.status not in chart_summary(JORDAN, revealed=False)
    assert chart_summary(JORDAN, revealed=True).endswith(f"The review says: {JORDAN.status}.")


# -- the page ---------------------------------------------------------------------------------


@pytest.fixture
def exercise():
    made = treat_to_target_practice()
    yield made
    for widget in widgets_under(made.root):
        widget.close()


def test_the_page_opens_on_jordan_with_a_chart(exercise):
    """Does the page open with Jordan's series typed in and charted?"""
    assert exercise.scores.value.splitlines()[:2] == ["0 19", "14 18"]
    assert exercise.chart.outputs[0]["data"]["text/html"].startswith(PHONE_AND_WIDE)
    assert exercise.caption.value.startswith("<p>The chart shows 7 PHQ-9 scores")


def test_the_page_holds_no_verdict_before_the_reveal(exercise):
    """Before revealing, is the review's verdict nowhere in what the page can read?"""
    assert exercise.review.status not in page_text(exercise.root)


def test_a_score_of_30_is_named_and_the_last_chart_kept(exercise):
    """After typing 30 on the PHQ-9, is the problem named, the text kept and the chart kept?"""
    chart = exercise.chart.outputs
    exercise.scores.value = "0 19\n14 30"
    message = html.unescape(exercise.input_message.value)
    assert "Line 2: a PHQ-9 total is a whole number from 0 to 27, so 30 is too high." in message
    assert exercise.scores.value == "0 19\n14 30"
    assert exercise.chart.outputs == chart
    assert exercise.status.text.startswith("1 problem in what you typed: Line 2")


def test_the_review_needs_a_prediction_first(exercise):
    """Is "Reveal the review" without a prediction turned back with a request to predict?"""
    exercise.reveal_button.click()
    assert exercise.status.text.startswith("Choose your prediction first")
    assert "<table" not in exercise.review_box.value


def test_revealing_shows_the_review_and_feedback_on_the_prediction(exercise):
    """After predicting and revealing, are the table, outcomes and feedback shown?"""
    exercise.prediction.values = {"prediction": "60"}
    exercise.reveal_button.click()
    assert "<table" in exercise.review_box.value
    assert exercise.prediction.feedback["prediction"]["verdict"] == "incorrect"
    assert exercise.prediction.locked
    assert exercise.review.status in html.unescape(exercise.caption.value)


def test_changing_a_score_asks_for_a_new_prediction(exercise):
    """After a reveal, does changing a score clear the prediction and hide the review?"""
    exercise.prediction.values = {"prediction": "30"}
    exercise.reveal()
    exercise.scores.value = "0 19\n28 8\n56 12\n84 3"
    assert (exercise.prediction.values, exercise.prediction.locked) == ({}, False)
    assert "<table" not in exercise.review_box.value
    assert exercise.review.change_plan_at == 60


def test_choosing_an_example_fills_in_questionnaire_target_and_scores(exercise):
    """Does picking Lucia's example switch to the GAD-7 with her target and scores?"""
    exercise.example.value = "lucia"
    assert (exercise.instrument.value, exercise.target.value) == ("GAD-7", "9")
    assert exercise.review.change_plan_at == 90
    assert len(exercise.scorer.fields) == ck.GAD7.items


def test_item_answers_are_totalled_and_added_to_the_series(exercise):
    """Do nine typed answers show their total, and does adding put it into the series?"""
    answers = ["1", "1", "1", "1", "1", "1", "1", "1", "0"]
    for field, answer in zip(exercise.scorer.fields, answers, strict=True):
        field.value = answer
    assert "Total: 8 of 27" in exercise.scorer.total.value
    exercise.scorer.day.value = "98"
    exercise.scorer.add_button.click()
    assert exercise.scores.value.endswith("84 3\n98 8")
    assert exercise.review.latest == 8


def test_a_nonzero_answer_to_item_9_asks_for_a_safety_assessment(exercise):
    """Does any answer above 0 on PHQ-9 item 9 bring up the same-day safety note?"""
    for field in exercise.scorer.fields:
        field.value = "1"
    assert "same-day safety assessment" in exercise.scorer.total.value
