"""Grading responses: every item type, right and wrong, and whole attempts."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caserate_kit.course._numbers import format_number
from caserate_kit.course.quiz._grading import (
    NO_ANSWER,
    REVIEW_HINT,
    AttemptResult,
    ItemResult,
    grade_attempt,
    grade_item,
)
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.quiz._schema import CalculationItem
from caserate_kit.course.quiz._variants import TRUE_FALSE_CHOICES, draw_variant

SAMPLE = Path(__file__).resolve().parents[3] / "quizzes" / "sample.yaml"
BANK = load_bank(SAMPLE)
NOT_ANSWERED = "You did not answer this question."


def shown_item(item_id, seed=0):
    """The question for ``item_id`` in the first variant (from ``seed`` on) that draws it."""
    while True:
        for shown in draw_variant(BANK, seed).items:
            if shown.item.id == item_id:
                return shown
        seed += 1


def key_of(shown, text):
    """The displayed key of the option with ``text``."""
    return next(o.key for o in shown.options if o.text == text)


def right_response(shown):
    """The response that answers ``shown`` correctly."""
    item = shown.item
    if item.type == "single":
        return next(o.key for o in shown.options if item.options[o.index].correct)
    if item.type == "multiple":
        return [o.key for o in shown.options if item.options[o.index].correct]
    if item.type == "true_false":
        return next(o.key for o in shown.options if TRUE_FALSE_CHOICES[o.index][0] == item.answer)
    if item.type == "ordering":
        return [o.key for o in sorted(shown.options, key=lambda o: o.index)]
    return format_number(shown.answer, item.unit)


# Single choice


def test_the_correct_single_choice_option_is_right_with_its_feedback():
    """Is choosing the correct option marked right, with that option's feedback and text?"""
    shown = shown_item("sample-what-single-1")
    result = grade_item(shown, right_response(shown))
    assert result.correct
    assert result.feedback[0].startswith("Yes. The plan pays one amount per episode")
    assert result.your_answer == result.correct_answer
    assert result.correct_answer.startswith("One payment that covers the average cost")


def test_a_wrong_single_choice_option_is_wrong_with_its_own_feedback():
    """Is choosing fee-for-service marked wrong, with the feedback written for that option?"""
    shown = shown_item("sample-what-single-1")
    key = key_of(shown, "A payment for each hour of service the clinician delivers")
    result = grade_item(shown, key)
    assert not result.correct
    assert result.feedback[0].startswith("No. Paying by the hour is fee-for-service")


def test_a_key_that_is_not_an_option_is_wrong_and_says_so():
    """Is an unknown option key graded wrong with a plain message, not an exception?"""
    result = grade_item(shown_item("sample-what-single-1"), "z")
    assert not result.correct
    assert result.feedback == ("Your answer could not be read. Choose one of the options.",)


# Multiple select


def test_choosing_exactly_the_correct_options_is_right_in_any_order():
    """Is the multiple-select item right when both correct options are chosen, listed backwards?"""
    shown = shown_item("sample-what-multiple-1")
    assert grade_item(shown, list(reversed(right_response(shown)))).correct


def test_the_options_chosen_and_the_right_ones_are_tuples_in_the_order_shown():
    """Does the grader give a multiple-select answer as one text per option, never run together?"""
    shown = shown_item("sample-what-multiple-1")
    result = grade_item(shown, list(reversed(right_response(shown))))
    in_order = tuple(o.text for o in shown.options if o.key in right_response(shown))
    assert result.your_answer == result.correct_answer == in_order
    assert len(in_order) == 2
    view = result.view(show_answers=True)
    assert view["your_answer"] == view["correct_answer"] == list(in_order)


def test_choosing_only_some_correct_options_is_wrong_and_says_one_was_left_out():
    """Is choosing one of the two correct options wrong, with a line about the missing one?"""
    shown = shown_item("sample-what-multiple-1")
    result = grade_item(shown, right_response(shown)[:1])
    assert not result.correct
    assert result.feedback[-1] == "You left out at least one option that applies."


def test_choosing_an_extra_wrong_option_is_wrong_all_or_nothing():
    """Are both correct options plus a wrong one graded wrong (no partial credit)?"""
    shown = shown_item("sample-what-multiple-1")
    extra = key_of(shown, "Penetration rate")
    result = grade_item(shown, [*right_response(shown), extra])
    assert not result.correct
    assert any(line.startswith("“Penetration rate”: No.") for line in result.feedback)


def test_one_key_as_text_counts_as_one_chosen_option():
    """Is "a" read as the list ["a"] for a multiple-select item?"""
    shown = shown_item("sample-what-multiple-1")
    key = right_response(shown)[0]
    assert grade_item(shown, key).your_answer == grade_item(shown, [key]).your_answer


def test_the_same_option_twice_is_unreadable():
    """Is ["a", "a"] graded wrong as unreadable rather than counted twice?"""
    result = grade_item(shown_item("sample-what-multiple-1"), ["a", "a"])
    assert result.feedback == ("Your answer could not be read. Choose one or more of the options.",)


def test_an_empty_selection_is_not_answered():
    """Is an empty list graded as no answer?"""
    result = grade_item(shown_item("sample-what-multiple-1"), [])
    assert (result.correct, result.feedback, result.your_answer) == (
        False,
        (NOT_ANSWERED,),
        NO_ANSWER,
    )


# True or false


def test_false_is_right_for_a_false_statement_with_the_false_feedback():
    """Is choosing False right for the 'exactly the average' statement, with its feedback?"""
    shown = shown_item("sample-what-true-false-1")
    result = grade_item(shown, key_of(shown, "False"))
    assert result.correct
    assert result.feedback[0].startswith("Right. The average is a planning figure.")
    assert result.correct_answer == "False"


def test_true_is_wrong_for_a_false_statement_with_the_true_feedback():
    """Is choosing True wrong, with the feedback written for True?"""
    shown = shown_item("sample-what-true-false-1")
    result = grade_item(shown, key_of(shown, "True"))
    assert not result.correct
    assert result.feedback[0].startswith("Not quite.")


# Numeric


@pytest.mark.parametrize("typed", ["$4,759", "4759", "4,758.60", "4758", "$4,760"])
def test_a_dollar_answer_within_its_tolerance_is_right(typed):
    """With answer $4,759 and tolerance $1, are $4,758 to $4,760 right however typed?"""
    assert grade_item(shown_item("sample-rates-numeric-1"), typed).correct


@pytest.mark.parametrize("typed", ["4757.99", "4,760.01", "158.62"])
def test_a_dollar_answer_just_outside_its_tolerance_is_wrong(typed):
    """Are $4,757.99 and $4,760.01 wrong, with the 'incorrect' feedback?"""
    result = grade_item(shown_item("sample-rates-numeric-1"), typed)
    assert not result.correct
    assert result.feedback == ("Multiply the average hours per case by the rate per hour.",)


@pytest.mark.parametrize("typed", ["7.5%", "7.5", "0.075", "7.55%", "7.45%"])
def test_a_percent_answer_is_right_typed_as_a_percent_or_a_share(typed):
    """With answer 7.5% give or take 0.05 points, are 7.5%, 7.5, 0.075 and both edges right?"""
    assert grade_item(shown_item("sample-cases-percent-1"), typed).correct


@pytest.mark.parametrize("typed", ["7.6%", "75%", "0.75%"])
def test_a_percent_answer_outside_its_tolerance_is_wrong(typed):
    """Are 7.6%, 75% and 0.75% wrong for an answer of 7.5%?"""
    assert not grade_item(shown_item("sample-cases-percent-1"), typed).correct


def test_the_correct_percent_answer_is_shown_as_a_percent():
    """Is the right answer to the penetration question shown as 7.5%?"""
    assert grade_item(shown_item("sample-cases-percent-1"), "1%").correct_answer == "7.5%"


def test_words_in_a_number_box_are_wrong_with_the_reading_error_as_feedback():
    """Is "abc" graded wrong, with the message that says how to type a number?"""
    result = grade_item(shown_item("sample-rates-numeric-1"), "abc")
    assert not result.correct
    assert result.feedback == ("“abc” is not a number. Type digits, for example 1,250.",)
    assert result.your_answer == "abc"


def test_a_blank_number_box_is_not_answered():
    """Is a box with only spaces graded as no answer?"""
    result = grade_item(shown_item("sample-rates-numeric-1"), "   ")
    assert (result.correct, result.feedback) == (False, (NOT_ANSWERED,))


def test_a_number_sent_as_a_number_is_graded_like_typed_text():
    """Does a widget sending 4759 (not "4759") get the same grade?"""
    assert grade_item(shown_item("sample-rates-numeric-1"), 4759).correct


def test_a_true_or_false_value_in_a_number_box_is_unreadable():
    """Is True (a boolean, not a number) graded wrong as unreadable?"""
    result = grade_item(shown_item("sample-rates-numeric-1"), True)
    assert result.feedback == ("Your answer could not be read. Type a number.",)


# Calculation


def test_the_computed_answer_to_a_calculation_is_right():
    """Is the case rate of the drawn hours and rate, typed to the cent, right?"""
    shown = shown_item("sample-rates-calculation-1")
    assert grade_item(shown, format_number(shown.answer, "dollars")).correct


@pytest.mark.parametrize("offset", [-1.0, 1.0, -0.5, 0.5])
def test_a_calculation_answer_at_the_edge_of_its_tolerance_is_right(offset):
    """Is an answer exactly $1 (or 50 cents) away from the computed case rate still right?"""
    shown = shown_item("sample-rates-calculation-1")
    assert grade_item(shown, f"{shown.answer + offset:.2f}").correct


@pytest.mark.parametrize("offset", [-1.02, 1.02])
def test_a_calculation_answer_beyond_its_tolerance_is_wrong(offset):
    """Is an answer $1.02 away from the computed case rate wrong?"""
    shown = shown_item("sample-rates-calculation-1")
    assert not grade_item(shown, f"{shown.answer + offset:.2f}").correct


def test_a_percent_tolerance_allows_a_share_of_the_answer():
    """With tolerance_percent: 1, is 0.9% off right and 1.1% off wrong?"""
    shown = shown_item("sample-rates-calculation-1")
    changed = shown.item.model_copy(update={"tolerance": 0.0, "tolerance_percent": 1.0})
    assert isinstance(changed, CalculationItem)
    relaxed = type(shown)(
        shown.key, changed, shown.prompt, shown.options, shown.values, shown.answer
    )
    assert grade_item(relaxed, f"{shown.answer * 1.009:.2f}").correct
    assert not grade_item(relaxed, f"{shown.answer * 1.011:.2f}").correct


# Ordering


def test_the_steps_in_the_right_order_are_right():
    """Is the correct order of the eight steps graded right?"""
    shown = shown_item("sample-steps-ordering-1")
    result = grade_item(shown, right_response(shown))
    assert result.correct
    assert result.feedback == ("Every step is in the right place.",)


def test_two_swapped_steps_are_wrong_and_the_feedback_names_their_positions():
    """With steps 1 and 2 swapped, does the feedback say positions 1 and 2 are out of place?"""
    shown = shown_item("sample-steps-ordering-1")
    order = right_response(shown)
    order[0], order[1] = order[1], order[0]
    result = grade_item(shown, order)
    assert not result.correct
    assert result.feedback[0] == "Positions 1 and 2 are not in the right place."
    assert result.feedback[1].startswith("Position 1, “Estimate the penetration rate”: Second.")
    assert result.your_answer.startswith(
        "1. Estimate the penetration rate; 2. Define the population"
    )


def test_an_order_that_leaves_out_a_step_is_unreadable():
    """Is a list of seven of the eight steps graded wrong as unreadable?"""
    shown = shown_item("sample-steps-ordering-1")
    result = grade_item(shown, right_response(shown)[:-1])
    assert result.feedback == (
        "Your answer could not be read. Put every step in order, each one once.",
    )


# Whole attempts


def test_an_attempt_with_every_answer_right_scores_one_and_passes():
    """Do right answers to all seven questions give a score of 1 and a pass?"""
    variant = draw_variant(BANK, 8)
    result = grade_attempt(variant, {s.key: right_response(s) for s in variant.items})
    assert (result.score, result.passed, result.correct_count, result.total) == (1.0, True, 7, 7)


def test_six_of_seven_right_passes_a_mark_of_eighty_percent():
    """Does 6/7 (86%) pass and 5/7 (71%) fail when the pass mark is 0.8?"""
    variant = draw_variant(BANK, 8)
    answers = {s.key: right_response(s) for s in variant.items}
    assert grade_attempt(variant, {**answers, "q1": None}).passed
    assert not grade_attempt(variant, {**answers, "q1": None, "q2": None}).passed


def test_an_attempt_with_no_responses_scores_zero_without_error():
    """Does submitting nothing grade every question as not answered?"""
    result = grade_attempt(draw_variant(BANK, 8), {})
    assert (result.score, result.passed) == (0.0, False)
    assert all(item.feedback == (NOT_ANSWERED,) for item in result.items)


def test_a_score_exactly_at_the_pass_mark_passes():
    """Do 4 right out of 5 pass a mark of 0.8?"""
    items = tuple(
        ItemResult(f"q{n}", f"i{n}", "p", n != 5, ("f",), "r", "y", "c") for n in range(1, 6)
    )
    assert AttemptResult("quiz", "v", 1, 0.8, True, items).passed


def test_the_result_view_leaves_out_correct_answers_unless_asked():
    """Is correct_answer absent from the view unless show_answers is true?"""
    variant = draw_variant(BANK, 8)
    result = grade_attempt(variant, {})
    hidden = result.result_view(show_answers=False)
    shown = result.result_view(show_answers=True)
    assert all("correct_answer" not in item for item in hidden["items"])
    assert all("correct_answer" in item for item in shown["items"])


def test_a_wrong_answer_gets_no_rationale_while_answers_are_held_back():
    """Is the rationale (which often states the answer) shown only for right answers, or
    once answers may be shown, with a pointer back to the lesson instead?"""
    right = ItemResult("q1", "i1", "p", True, ("Yes.",), "Because A.", "A", "A")
    wrong = ItemResult("q2", "i2", "p", False, ("No.",), "Because B.", "C", "B")
    assert right.view(show_answers=False)["rationale"] == "Because A."
    held = wrong.view(show_answers=False)
    assert held["rationale"] == ""
    assert held["feedback"] == [REVIEW_HINT]
    assert "Because B." not in json.dumps(held)
    shown = wrong.view(show_answers=True)
    assert (shown["rationale"], shown["feedback"]) == ("Because B.", ["No."])


def test_a_wrong_multiple_select_shows_no_verdict_on_each_option_before_answers_may_be_shown():
    """Does a wrong select-all answer, answers held back, hide which chosen options were right
    (a script could collect them over retakes), and show them once answers may be shown?"""
    shown = shown_item("sample-what-multiple-1")
    extra = key_of(shown, "Penetration rate")
    result = grade_item(shown, [*right_response(shown)[:1], extra])
    held = json.dumps(result.view(show_answers=False), ensure_ascii=False)
    assert "“Penetration rate”" not in held
    assert "No." not in held
    assert "Yes." not in held
    assert "left out" not in held
    assert result.view(show_answers=False)["feedback"] == [REVIEW_HINT]
    assert any(line.startswith("“Penetration rate”: No.") for line in result.view(True)["feedback"])


def test_a_wrong_order_shows_no_verdict_on_each_position_before_answers_may_be_shown():
    """Does a wrong order, answers held back, hide which positions are wrong?"""
    shown = shown_item("sample-steps-ordering-1")
    order = right_response(shown)
    order[0], order[1] = order[1], order[0]
    result = grade_item(shown, order)
    held = result.view(show_answers=False)
    assert held["feedback"] == [REVIEW_HINT]
    assert "Position" not in json.dumps(held)
    assert result.view(show_answers=True)["feedback"][0].startswith("Positions 1 and 2")


def test_an_answer_that_could_not_be_read_still_says_so_while_answers_are_held_back():
    """Is the line about an unreadable or missing answer kept: it is about form, not content?"""
    shown = shown_item("sample-steps-ordering-1")
    held = grade_item(shown, right_response(shown)[:-1]).view(show_answers=False)
    assert held["feedback"] == [
        "Your answer could not be read. Put every step in order, each one once.",
        REVIEW_HINT,
    ]
    blank = grade_item(shown, None).view(show_answers=False)
    assert blank["feedback"] == [NOT_ANSWERED, REVIEW_HINT]


def test_the_result_view_is_plain_json_with_no_item_ids():
    """Does the result survive a JSON round trip, and hold no bank item ids?"""
    variant = draw_variant(BANK, 8)
    view = grade_attempt(variant, {"q1": "a"}).result_view(show_answers=True)
    text = json.dumps(view)
    assert json.loads(text) == view
    assert all(item_id not in text for item_id in variant.item_ids.values())


def test_answers_are_allowed_only_after_a_pass_when_the_quiz_allows_them():
    """Is answers_allowed false after a fail and true after a pass of the sample quiz?"""
    variant = draw_variant(BANK, 8)
    assert not grade_attempt(variant, {}).answers_allowed
    right = {s.key: right_response(s) for s in variant.items}
    assert grade_attempt(variant, right).answers_allowed


RESPONSES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=10) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)
VARIANTS = [draw_variant(BANK, seed) for seed in range(12)]
QUESTIONS = [shown for variant in VARIANTS for shown in variant.items]


@settings(deadline=None)
@given(st.sampled_from(QUESTIONS), RESPONSES)
def test_no_response_makes_grading_raise(shown, response):
    """Whatever a page sends for a question, is it graded (right or wrong) without an exception?"""
    result = grade_item(shown, response)
    assert isinstance(result.correct, bool)
    assert result.feedback
