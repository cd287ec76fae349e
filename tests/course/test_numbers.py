"""Reading numbers as learners type them, and showing numbers the course's way."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caserate_kit as ck
from caserate_kit.course._numbers import (
    UNITS,
    NotANumberError,
    format_number,
    format_percent,
    format_score,
    number_hint,
    parse_number,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("$4,759", 4759.0),
        ("4759.00", 4759.0),
        ("4,759", 4759.0),
        (" 4759 ", 4759.0),
        ("1,234,567.5", 1234567.5),
        (".5", 0.5),
        ("4759.", 4759.0),
        ("+12", 12.0),
    ],
)
def test_reads_the_usual_ways_of_typing_a_dollar_amount(typed, expected):
    """Do dollar signs, thousands commas, spaces and trailing zeros all read as the number?"""
    assert parse_number(typed, "dollars") == expected


@pytest.mark.parametrize(
    "typed", ["(1,200)", "-1,200", "-$1,200", "$-1,200", "($1,200)", "\u22121,200"]
)
def test_reads_a_negative_amount_in_parentheses_or_with_a_minus_sign(typed):
    """Do accounting parentheses and minus signs (even the typographic one) give -1,200?"""
    assert parse_number(typed, "dollars") == -1200.0


@pytest.mark.parametrize(("typed", "share"), [("12.5%", 0.125), ("12.5", 0.125), ("0.125", 0.125)])
def test_a_percent_answer_is_read_as_a_share(typed, share):
    """Do 12.5%, 12.5 and 0.125 all mean 12.5% when the answer is a percent?"""
    assert parse_number(typed, "percent") == pytest.approx(share)


def test_a_bare_number_of_one_or_less_is_a_share_but_with_a_percent_sign_it_is_a_percent():
    """Is 0.5 read as 50% and 0.5% as half a percent?"""
    assert parse_number("0.5", "percent") == 0.5
    assert parse_number("0.5%", "percent") == pytest.approx(0.005)


def test_a_number_that_is_not_a_percent_keeps_its_value():
    """Is 12.5 hours still 12.5 (no division by 100 outside percent answers)?"""
    assert parse_number("12.5", "hours") == 12.5


def test_words_are_refused_with_a_message_a_learner_understands():
    """Does typing "abc" say it is not a number and show how to type one?"""
    with pytest.raises(NotANumberError) as caught:
        parse_number("abc")
    assert str(caught.value) == "“abc” is not a number. Type digits, for example 1,250."


def test_the_refusal_is_an_invalid_input_error_naming_the_answer_and_the_text():
    """Does the error follow the toolkit's convention: an InvalidInputError with field and value?"""
    with pytest.raises(ck.InvalidInputError) as caught:
        parse_number("abc")
    assert (caught.value.field, caught.value.value) == ("answer", "abc")


@pytest.mark.parametrize("typed", ["1.2k", "1e3", "inf", "nan", "4 759", "4..7", "--5", "(-5)"])
def test_shorthand_scientific_notation_and_stray_characters_are_refused(typed):
    """Are 1.2k, 1e3, inf, nan, inner spaces and doubled signs refused rather than guessed?"""
    with pytest.raises(NotANumberError, match="Type digits"):
        parse_number(typed)


def test_a_comma_in_the_wrong_place_is_named_as_the_problem():
    """Does 47,59 (or a decimal comma) get a message about where commas go?"""
    with pytest.raises(NotANumberError, match="comma in the wrong place"):
        parse_number("47,59")


def test_an_empty_answer_says_there_is_no_answer_yet():
    """Does a blank box get a message about typing an answer, not about numbers?"""
    with pytest.raises(NotANumberError, match="There is no answer yet"):
        parse_number("   ")


def test_a_percent_sign_on_a_dollar_answer_is_refused_with_the_reason():
    """Does "12%" on a dollar question say the answer is in dollars?"""
    with pytest.raises(NotANumberError, match="has a percent sign, but this answer is dollars"):
        parse_number("12%", "dollars")


def test_a_dollar_sign_on_an_hours_answer_is_refused_with_the_reason():
    """Does "$30" on an hours question say the answer is in hours?"""
    with pytest.raises(NotANumberError, match="has a dollar sign, but this answer is hours"):
        parse_number("$30", "hours")


def test_a_number_too_large_for_a_float_is_refused():
    """Is a 400-digit number refused instead of becoming infinity?"""
    with pytest.raises(NotANumberError, match="too large"):
        parse_number("9" * 400)


def test_the_example_in_the_message_follows_the_unit():
    """Does a percent question's message show a percent example?"""
    with pytest.raises(NotANumberError, match=r"for example 12\.5%"):
        parse_number("lots", "percent")


@given(st.text(max_size=60), st.sampled_from(UNITS))
def test_no_input_fails_with_anything_but_the_learner_error(typed, unit):
    """Whatever is typed, is the result a finite number or a NotANumberError, never a crash?"""
    try:
        value = parse_number(typed, unit)
    except NotANumberError:
        return
    assert math.isfinite(value)


@given(st.integers(-(10**12), 10**12))
def test_a_whole_number_written_with_thousands_commas_reads_back(number):
    """Does any whole number written with commas (as the course shows it) read back exactly?"""
    assert parse_number(f"{number:,}") == number


@given(st.decimals(-(10**9), 10**9, places=2, allow_nan=False, allow_infinity=False))
def test_a_dollar_amount_shown_by_the_course_reads_back_to_the_cent(amount):
    """Does an amount shown as dollars and cents read back within half a cent?"""
    shown = format_number(float(amount), "dollars")
    assert parse_number(shown, "dollars") == pytest.approx(float(amount), abs=0.005)


def test_dollars_show_cents_only_when_the_amount_is_not_whole():
    """Is $4,758.60 shown with cents and $4,759 without?"""
    assert format_number(4758.6, "dollars") == "$4,758.60"
    assert format_number(4759.0, "dollars") == "$4,759"
    assert format_number(-1250, "dollars") == "-$1,250"


def test_percent_and_plain_numbers_drop_trailing_zeros():
    """Is 0.075 shown as 7.5% and 3000.0 cases as 3,000?"""
    assert format_number(0.075, "percent") == "7.5%"
    assert format_number(0.1, "percent") == "10%"
    assert format_number(3000.0, "cases") == "3,000"
    assert format_number(12.25, "hours") == "12.25"


def test_decimals_limit_what_is_shown():
    """Does a limit of one decimal show 7.46% as 7.5%?"""
    assert format_number(0.0746, "percent", decimals=1) == "7.5%"


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_has_a_hint_with_an_example_that_parses(unit):
    """Does each unit's hint end with an example that the parser itself accepts?"""
    example = number_hint(unit).rsplit(" ", 1)[-1]
    assert math.isfinite(parse_number(example, unit))


@pytest.mark.parametrize(
    ("share", "decimals", "shown"),
    [
        (0.805, 0, "81%"),
        (0.125, 0, "13%"),
        (0.145, 0, "15%"),
        (0.875, 0, "88%"),
        (0.075, 1, "7.5%"),
        (0.0, 0, "0%"),
        (-0.005, 0, "-1%"),
        (1 / 3, 2, "33.33%"),
        (12.5, 0, "1,250%"),
        (1e15, 1, "100,000,000,000,000,000%"),
    ],
)
def test_a_share_is_written_as_a_percent_rounded_half_up(share, decimals, shown):
    """Is a share written as its percent, rounded half up as written (0.145 is 15%)?"""
    assert format_percent(share, decimals) == shown


def test_a_percent_can_be_written_without_its_sign():
    """Does sign=False give the bare figure, as a CSV column of percents wants it?"""
    assert format_percent(0.8333333, 1, sign=False) == "83.3"


def test_every_percent_the_course_shows_is_written_by_one_function():
    """Do the post-test, the home, the reports and the exercises all write percents the same way?"""
    from caserate_kit.course.widgets._posttest import result_summary

    assert format_score(0.125) == format_percent(0.125) == "13%"
    assert format_number(0.125, "percent", 0) == "13%"
    assert result_summary({"score": 0.125, "passed": False, "pass_mark": 0.8}).startswith(
        "You scored 13%"
    )
