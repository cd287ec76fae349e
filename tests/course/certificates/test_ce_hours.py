"""CE hours for home-study lessons, and the words a lesson notebook holds."""

import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caserate_kit as ck
from caserate_kit.course._config import HoursFormula
from caserate_kit.course.certificates._ce_hours import (
    MIN_INSTRUCTION_SHARE,
    StudyTime,
    count_words,
    format_ce_hours,
    home_study_hours,
    markdown_word_count,
    study_minutes,
)


def notebook(tmp_path, *cells, name="lesson.ipynb"):
    """Write a notebook of (cell_type, source) pairs and return its path."""
    path = tmp_path / name
    content = {
        "cells": [{"cell_type": kind, "metadata": {}, "source": source} for kind, source in cells],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


# --- the formula --------------------------------------------------------------------------


def test_worked_example_takes_48_and_a_half_minutes():
    """Do 6,000 words and 10 items take 30 + 18.5 = 48.5 minutes?"""
    assert study_minutes(6000, test_items=10) == 48.5


def test_worked_example_earns_three_quarters_of_an_hour():
    """Are 48.5 minutes (0.81 hours) awarded as 0.75 CE hours, not rounded up to 1?"""
    assert home_study_hours(6000, test_items=10) == 0.75


def test_exercise_minutes_are_added():
    """Do 9,000 words, 12 items and a 15-minute exercise (82.2 minutes) earn 1.25 hours?"""
    assert home_study_hours(9000, test_items=12, exercise_minutes=15) == 1.25


@pytest.mark.parametrize(
    ("words", "hours"),
    [(3000, 0.25), (5999, 0.25), (6000, 0.5), (11999, 0.75), (12000, 1.0), (17999, 1.25)],
)
def test_hours_round_down_to_the_quarter_hour(words, hours):
    """Does reading time just short of a quarter hour fall to the quarter below?"""
    assert home_study_hours(words, test_items=0) == hours


def test_exactly_a_quarter_hour_boundary_is_not_lost_to_rounding_error():
    """Do 30 reading minutes and 8 items of 1.875 minutes (exactly 45) earn 0.75 hours?"""
    formula = HoursFormula(minutes_per_test_item=1.875)
    assert home_study_hours(6000, test_items=8, formula=formula) == 0.75


@given(
    words=st.integers(3000, 200_000),
    items=st.integers(0, 200),
    exercise=st.integers(0, 600),
)
def test_award_is_never_more_than_the_time_and_within_a_quarter_hour_of_it(words, items, exercise):
    """Is the award whole quarter hours, never above the counted time (the post-test counting
    at most half the instruction), less than 15 minutes below it?"""
    hours = home_study_hours(words, test_items=items, exercise_minutes=exercise)
    instruction = Fraction(words, 200) + exercise
    minutes = instruction + min(items * Fraction("1.85"), instruction / 2)
    assert Fraction(hours) % Fraction(1, 4) == 0
    assert Fraction(hours) * 60 <= minutes < Fraction(hours) * 60 + 15


def test_lesson_shorter_than_the_minimum_is_refused():
    """Is a 10-minute lesson refused, with its minutes named, rather than given 0.25 hours?"""
    with pytest.raises(ck.OutOfRangeError, match=r"too short for CE credit.*got '10\.0 minutes'"):
        home_study_hours(2000, test_items=0)


def test_formula_constants_can_be_changed():
    """Do 150 words a minute and 2 minutes an item give 9000/150 + 15 x 2 = 90 minutes?"""
    formula = HoursFormula(words_per_minute=150, minutes_per_test_item=2)
    assert home_study_hours(9000, test_items=15, formula=formula) == 1.5


def test_minimum_can_be_raised():
    """With a one-hour minimum, is a 45-minute lesson refused?"""
    with pytest.raises(ck.OutOfRangeError, match=r"smallest award is 1\.0 hours"):
        home_study_hours(9000, test_items=0, formula=HoursFormula(minimum_hours=1.0))


def test_minimum_must_be_whole_quarter_hours():
    """Is a minimum of 0.3 hours refused, naming minimum_hours?"""
    with pytest.raises(ck.OutOfRangeError, match="minimum_hours must be a whole number of quarter"):
        HoursFormula(minimum_hours=0.3)


def test_reading_rate_must_be_positive():
    """Is a reading rate of 0 words a minute refused, naming the constant?"""
    with pytest.raises(ck.OutOfRangeError, match="words_per_minute must be greater than zero"):
        HoursFormula(words_per_minute=0)


def test_negative_word_count_is_refused():
    """Is -1 words refused, naming words?"""
    with pytest.raises(ck.OutOfRangeError, match="words must be zero or more; got -1"):
        home_study_hours(-1, test_items=10)


def test_fractional_item_count_is_refused():
    """Is 2.5 test items refused as not a whole number?"""
    with pytest.raises(ck.InvalidInputError, match="test_items must be a whole number"):
        home_study_hours(6000, test_items=2.5)


def test_negative_exercise_minutes_are_refused():
    """Are -5 exercise minutes refused, naming exercise_minutes?"""
    with pytest.raises(ck.OutOfRangeError, match="exercise_minutes must be zero or more"):
        home_study_hours(6000, test_items=10, exercise_minutes=-5)


@pytest.mark.parametrize(
    ("hours", "shown"), [(1, "1.0 CE hours"), (0.75, "0.75 CE hours"), (2.5, "2.5 CE hours")]
)
def test_hours_are_shown_the_way_certificates_print_them(hours, shown):
    """Is 1 hour shown as 1.0, and quarter hours without a trailing zero?"""
    assert format_ce_hours(hours) == shown


# --- counting words -----------------------------------------------------------------------


def test_only_markdown_cells_are_counted(tmp_path):
    """Are words in code cells left out?"""
    path = notebook(tmp_path, ("markdown", "Three plain words"), ("code", "x = 'not counted'"))
    assert count_words(path) == 3


def test_cell_source_may_be_a_list_of_lines(tmp_path):
    """Is a source stored as a list of lines read like one text?"""
    path = notebook(tmp_path, ("markdown", ["One two\n", "three four"]))
    assert count_words(path) == 4


def test_markdown_syntax_is_not_counted():
    """Do heading marks, emphasis, list bullets and table rules add no words?"""
    text = "## Case rates\n\n- **bundled** _payment_\n\n| a | b |\n|---|---|\n\n---"
    assert markdown_word_count(text) == 6


def test_fenced_code_is_not_counted():
    """Are the lines of a fenced code block left out?"""
    assert markdown_word_count("Before\n\n```python\nplan = admirable_plan()\n```\n\nAfter") == 2


def test_inline_code_is_not_counted():
    """Is `plan.total_budget()` left out of the sentence around it?"""
    assert markdown_word_count("Call `plan.total_budget()` to see it") == 4


def test_latex_is_not_counted():
    """Are inline and display LaTeX left out?"""
    text = "The rate is $\\frac{B}{N}$ here.\n\n$$PMPM = \\frac{B}{12 M}$$\n\n\\[x^2\\] end"
    assert markdown_word_count(text) == 5


def test_dollar_amounts_are_words_not_latex():
    """Are "$1,586 and $4,759" read as money, three words, not as a formula?"""
    assert markdown_word_count("$1,586 and $4,759") == 3


def test_html_tags_are_dropped_but_their_text_kept():
    """Does <span class="x">two words</span> count 2, and a comment nothing?"""
    assert markdown_word_count('<span class="x">two words</span><!-- a hidden note -->') == 2


def test_link_text_counts_but_not_its_address_or_images():
    """Is [the glossary](glossary.ipynb) two words, and an image none?"""
    assert markdown_word_count("See [the glossary](glossary.ipynb) ![a chart](c.png)") == 3


def test_contractions_and_hyphenated_terms_count_once():
    """Are "don't", "PHQ-9" and "step-down" one word each?"""
    assert markdown_word_count("don't PHQ-9 step-down") == 3


def test_unreadable_notebook_is_refused_with_its_path(tmp_path):
    """Does a file that is not a notebook give an error naming the path?"""
    path = tmp_path / "broken.ipynb"
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(
        ck.InvalidInputError,
        match=r"notebook_path must be a readable Jupyter notebook.*broken\.ipynb",
    ):
        count_words(path)


def _notebook_with_outputs(tmp_path, outputs, source="x = 1"):
    cell = {
        "cell_type": "code",
        "metadata": {},
        "source": source,
        "outputs": outputs,
        "execution_count": 1,
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def test_prose_a_code_cell_displays_is_counted_but_its_code_is_not(tmp_path):
    """Are words rendered from a computation counted, and the hidden code not?"""
    output = {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            "text/markdown": "The budget is **$24,030,535** in all.",
            "text/plain": "<IPython.core.display.Markdown object>",
        },
    }
    path = _notebook_with_outputs(tmp_path, [output], source="one two three four five six")
    assert count_words(path) == 6


def test_a_displayed_table_counts_its_cell_text(tmp_path):
    """Are the words of a displayed table counted, without its tags or styles?"""
    table = (
        "<style>td {color: red}</style><table><tr><th>Level</th><td>Low intensity</td></tr></table>"
    )
    output = {
        "output_type": "execute_result",
        "metadata": {},
        "execution_count": 1,
        "data": {"text/html": table, "text/plain": "table"},
    }
    assert count_words(_notebook_with_outputs(tmp_path, [output])) == 3


def test_the_lesson_header_is_not_counted(tmp_path):
    """Is the header (which shows the estimate) left out, so the estimate is stable?"""
    header = '<section class="ck-lesson-header"><p>about 30 minutes</p></section>'
    output = {
        "output_type": "execute_result",
        "metadata": {},
        "execution_count": 1,
        "data": {"text/html": header, "text/plain": "header"},
    }
    assert count_words(_notebook_with_outputs(tmp_path, [output])) == 0


# --- study time by kind, the two-thirds rule and the sentence that explains it ----------


def test_study_time_splits_the_minutes_by_kind():
    """Are 6,000 words, a 15-minute exercise and 10 items 30 + 15 + 18.5 minutes?"""
    time = StudyTime(6000, test_items=10, exercise_minutes=15)
    assert (time.reading_minutes, time.instruction_minutes, time.test_minutes) == (30, 45, 18.5)
    assert time.total_minutes == 63.5 == study_minutes(6000, 10, 15)
    assert time.ce_hours == home_study_hours(6000, 10, 15) == 1.0


def test_study_time_follows_the_formula_constants():
    """At 150 words a minute and 2 minutes an item, are 3,000 words and 5 items 20 + 10?"""
    formula = HoursFormula(words_per_minute=150, minutes_per_test_item=2)
    time = StudyTime(3000, 5, formula=formula)
    assert (time.reading_minutes, time.test_minutes) == (20, 10)


def test_the_share_of_instruction_is_instruction_over_the_counted_minutes():
    """With 40 reading and 18.5 test minutes, is the share 40 / 58.5; with 30 reading, is
    the post-test capped at 15 minutes, so the share is two thirds (30 / 48.5 uncapped)?"""
    assert StudyTime(8000, 10).instruction_share == pytest.approx(40 / 58.5)
    thin = StudyTime(6000, 10)
    assert (thin.counted_test_minutes, thin.total_minutes) == (15, 45)
    assert thin.instruction_share == pytest.approx(2 / 3)
    assert thin.uncapped_instruction_share == pytest.approx(30 / 48.5)


def test_the_rule_asks_for_two_thirds():
    """Is the least share of instruction exactly two thirds?"""
    assert Fraction(2, 3) == MIN_INSTRUCTION_SHARE


def test_a_small_made_up_lesson_with_a_long_post_test_earns_less_not_a_test_heavy_hour():
    """Do 1,000 words (5 minutes) before 10 items (18.5 minutes) count 5 + 2.5 minutes only,
    so the rule holds, and is the lesson 32 minutes of instruction short of a full count?"""
    time = StudyTime(1000, test_items=10)
    assert time.meets_instruction_share
    assert (time.counted_test_minutes, time.total_minutes) == (2.5, 7.5)
    assert time.uncapped_instruction_share < 2 / 3
    assert time.instruction_shortfall_minutes == pytest.approx(32.0)


def test_exactly_two_thirds_meets_the_rule():
    """Do 7,400 words (37 minutes) before 10 items (18.5 minutes), exactly 2/3, pass?"""
    time = StudyTime(7400, test_items=10)
    assert time.meets_instruction_share
    assert time.instruction_shortfall_minutes == 0


def test_one_word_short_of_two_thirds_counts_a_little_less_of_the_post_test():
    """With 7,399 words before 10 items, a hair under 2/3 uncapped, does the post-test count
    for exactly half the reading (exact arithmetic), and the share stay two thirds?"""
    time = StudyTime(7399, test_items=10)
    assert Fraction(time.counted_test_minutes).limit_denominator() == Fraction(7399, 400)
    assert time.meets_instruction_share
    assert time.counted_test_minutes < time.test_minutes


def test_exercise_minutes_count_as_instruction():
    """Does a 32-minute exercise lift the 1,000-word lesson to exactly two thirds?"""
    time = StudyTime(1000, test_items=10, exercise_minutes=32)
    assert time.meets_instruction_share
    assert time.instruction_shortfall_minutes == 0


def test_adding_the_shortfall_meets_the_rule_exactly():
    """Does adding the reported shortfall as exercise minutes give exactly two thirds?"""
    short = StudyTime(3074, test_items=10).instruction_shortfall_minutes
    fixed = StudyTime(3074, test_items=10, exercise_minutes=short)
    assert fixed.instruction_share == pytest.approx(2 / 3)


def test_nothing_counted_does_not_meet_the_rule():
    """Is a lesson with no words and no post-test neither instruction nor a pass?"""
    time = StudyTime(0, 0)
    assert (time.instruction_share, time.meets_instruction_share) == (0.0, False)


def test_a_lesson_without_a_post_test_is_all_instruction():
    """Is a lesson whose post-test is not written yet all instruction?"""
    time = StudyTime(3000, 0)
    assert (time.instruction_share, time.meets_instruction_share) == (1.0, True)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [((-1, 10), "words"), ((100, 2.5), "test_items"), ((100, 1, -5), "exercise_minutes")],
)
def test_study_time_refuses_impossible_inputs_naming_the_field(arguments, field):
    """Are negative words, a fractional item count and negative exercise minutes refused?"""
    with pytest.raises(ck.InvalidInputError, match=field):
        StudyTime(*arguments)


def test_the_explanation_states_formula_figures_and_award():
    """Does the sentence give the formula, each figure and the award, computed?"""
    assert StudyTime(3074, 10).explanation() == (
        "CE hours = (reading minutes + post-test minutes, counting at most half the reading "
        "minutes) ÷ 60, rounded down to the quarter hour: 3,074 words at 200 words a minute "
        "(15.4 minutes) + 10 questions at 1.85 minutes each (18.5 minutes, of which 7.7 "
        "count) = 23.1 minutes, or 0.38 hours, so 0.25 CE hours."
    )


def test_the_explanation_follows_the_constants():
    """With 180 words a minute and 1.5 minutes an item, does the sentence say so?"""
    formula = HoursFormula(words_per_minute=180, minutes_per_test_item=1.5)
    text = StudyTime(9000, 12, formula=formula).explanation()
    assert "9,000 words at 180 words a minute (50 minutes)" in text
    assert "12 questions at 1.5 minutes each (18 minutes) = 68 minutes, or 1.13 hours" in text
    assert text.endswith("so 1.0 CE hours.")


def test_the_explanation_names_exercises_when_a_lesson_has_them():
    """Does a lesson with a 15-minute exercise have it in the formula and the figures?"""
    text = StudyTime(6000, 10, exercise_minutes=15).explanation()
    assert text.startswith(
        "CE hours = (reading minutes + exercise minutes + post-test minutes, counting at most "
        "half the reading minutes and exercise minutes) ÷ 60"
    )
    assert "(30 minutes) + 15 minutes of exercises + 10 questions" in text


def test_the_explanation_says_one_question_in_the_singular():
    """Is a one-item post-test "1 question", not "1 questions"?"""
    assert "+ 1 question at 1.85 minutes each (1.9 minutes)" in StudyTime(6000, 1).explanation()


def test_the_hours_shown_are_cut_never_rounded_up_past_the_award():
    """Are 44.99... minutes shown as 0.74 hours (not 0.75), so 0.5 CE hours reads true?"""
    text = StudyTime(7149, 5).explanation()  # 35.745 + 9.25 = 44.995 minutes
    assert "0.74 hours, so 0.5 CE hours." in text


def test_the_explanation_of_a_lesson_too_short_for_credit_says_so():
    """Does a lesson under a quarter hour say it is below the smallest award?"""
    assert (
        StudyTime(500, 0)
        .explanation()
        .endswith(
            "= 2.5 minutes, or 0.04 hours, less than the smallest award (0.25 CE hours), "
            "so no CE hours yet."
        )
    )
    assert StudyTime(500, 0).ce_hours is None
