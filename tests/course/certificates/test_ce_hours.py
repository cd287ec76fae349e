"""CE hours for home-study lessons, and the words a lesson notebook holds."""

import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caserate_kit as ck
from caserate_kit.course._config import HoursFormula
from caserate_kit.course.certificates._ce_hours import (
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
    """Do 8 reading minutes and 20 items of 1.85 minutes (exactly 45) earn 0.75 hours?"""
    assert home_study_hours(1600, test_items=20) == 0.75


@given(
    words=st.integers(3000, 200_000),
    items=st.integers(0, 200),
    exercise=st.integers(0, 600),
)
def test_award_is_never_more_than_the_time_and_within_a_quarter_hour_of_it(words, items, exercise):
    """Is the award whole quarter hours, never above the time, less than 15 minutes below?"""
    hours = home_study_hours(words, test_items=items, exercise_minutes=exercise)
    minutes = Fraction(words, 200) + items * Fraction("1.85") + exercise
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
