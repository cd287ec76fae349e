"""Fuzzing how typed numbers are read (``parse_number``) and shown (``format_number``).

Whatever is typed, ``parse_number`` returns a finite number or raises
:class:`NotANumberError` with a message for the learner that shows what they
typed; it never raises anything else. Numbers written in any of the accepted
ways (signs, parentheses, dollar signs, thousands commas, decimals, percent
signs, odd spaces) read back as the number they spell. The properties already
in ``test_numbers.py`` (dollars to the cent, whole numbers with commas) are not
repeated here.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from fuzzing import fuzz_examples
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from caserate_kit import InvalidInputError
from caserate_kit.course._numbers import UNITS, NotANumberError, format_number, parse_number

FUZZ = settings(
    max_examples=fuzz_examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

SPACES = st.sampled_from(["", " ", "  ", "\u00a0", "\t"])
NUMBERISH = st.text(
    alphabet=st.sampled_from("0123456789,.$%()-+ \u00a0\u2212e٣१") | st.characters(),
    max_size=40,
)


def _refusal_is_for_the_learner(error: NotANumberError, typed: object) -> None:
    message = str(error)
    assert error.field == "answer"
    assert message.endswith(".")
    assert "Traceback" not in message
    if isinstance(typed, str) and typed.strip():
        assert "Type digits, for example" in message
        assert f"“{typed.strip()[:40]}" in message
    elif isinstance(typed, str):
        assert "There is no answer yet." in message


@FUZZ
@given(st.text(max_size=2_000) | NUMBERISH, st.sampled_from(UNITS))
def test_any_text_is_a_finite_number_or_a_message_for_the_learner(typed, unit):
    """Whatever is typed (any length, any unicode), is it a finite number or a refusal that
    says what was typed and what to type instead?"""
    try:
        value = parse_number(typed, unit)
    except NotANumberError as error:
        _refusal_is_for_the_learner(error, typed)
        return
    assert isinstance(value, float)
    assert math.isfinite(value)


@FUZZ
@given(st.none() | st.integers() | st.floats() | st.binary() | st.lists(st.text(max_size=3)))
def test_something_other_than_text_is_refused_as_not_a_number(typed):
    """Is a value that is not text at all (a number, bytes, a list) refused, not a crash?"""
    with pytest.raises(NotANumberError) as caught:
        parse_number(typed)
    assert "is not a number" in str(caught.value)


@FUZZ
@given(st.text(max_size=12).filter(lambda unit: unit not in UNITS), NUMBERISH)
def test_an_unknown_unit_is_refused_naming_the_unit(unit, typed):
    """Is a unit the course does not know refused with an error naming ``unit``?"""
    with pytest.raises(InvalidInputError) as caught:
        parse_number(typed, unit)  # type: ignore[arg-type]
    assert caught.value.field == "unit"
    assert "dollars, percent, hours, cases, none" in str(caught.value)


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, Decimal, bool, str]:
    """A number as a person may type it: (text, the value it spells, has %, unit)."""
    unit = draw(st.sampled_from(UNITS))
    whole = draw(st.integers(0, 10**15))
    grouped = draw(st.booleans())
    decimals = draw(st.text(alphabet="0123456789", max_size=6))
    dot = bool(decimals) or draw(st.booleans())
    whole_text = f"{whole:,}" if grouped else str(whole)
    if dot and decimals and whole == 0 and draw(st.booleans()):
        whole_text = ""  # ".5"
    body = whole_text + ("." + decimals if dot else "")
    value = Decimal(f"{whole}.{decimals or '0'}")
    percent = unit == "percent" and draw(st.booleans())
    dollar = unit in ("dollars", "none") and draw(st.booleans())
    style = draw(st.sampled_from(["plain", "minus", "plus", "typographic minus", "parentheses"]))
    sign = {"minus": "-", "plus": "+", "typographic minus": "\u2212"}.get(style, "")
    money = "$" if dollar else ""
    if dollar and sign and draw(st.booleans()):
        core = f"{money}{sign}{body}"  # $-1,200
    else:
        core = f"{sign}{money}{body}"  # -$1,200
    core += "%" if percent else ""
    if style == "parentheses":
        core = f"({core})"
    text = draw(SPACES) + core + draw(SPACES)
    negative = style in ("minus", "typographic minus", "parentheses")
    return text, -value if negative else value, percent, unit


@FUZZ
@given(written_numbers())
def test_a_number_typed_any_accepted_way_reads_as_the_number_it_spells(written):
    """Do signs, parentheses, dollar signs, commas, decimals, % and spaces all read exactly?"""
    text, value, percent, unit = written
    if unit == "percent" and (percent or abs(value) > 1):
        value /= 100
    assert parse_number(text, unit) == pytest.approx(float(value), rel=1e-15, abs=1e-300)


@FUZZ
@given(st.integers(1_000, 10**12), st.integers(1, 2), st.sampled_from(UNITS))
def test_a_comma_in_the_wrong_place_is_named(number, shift, unit):
    """Is 1,23,456 (a comma not between groups of three digits) refused as such?"""
    grouped = f"{number:,}"
    comma = grouped.index(",")
    digits = grouped.replace(",", "")
    at = comma + shift if comma + shift < len(digits) else comma - shift
    assume(0 < at < len(digits) and at != comma)
    typed = digits[:at] + "," + digits[at:]
    assume(typed.replace(",", "") == digits and typed != grouped)
    with pytest.raises(NotANumberError, match="comma in the wrong place"):
        parse_number(typed, unit)


@FUZZ
@given(st.integers(0, 10**9), st.sampled_from(["hours", "cases", "percent"]))
def test_a_dollar_sign_is_refused_on_an_answer_not_in_dollars(number, unit):
    """Is a dollar sign refused, naming the answer's unit, when the answer is not in dollars?"""
    with pytest.raises(NotANumberError, match="has a dollar sign, but this answer is"):
        parse_number(f"${number:,}", unit)


@FUZZ
@given(st.integers(0, 10**9), st.sampled_from(["dollars", "hours", "cases", "none"]))
def test_a_percent_sign_is_refused_on_an_answer_not_in_percent(number, unit):
    """Is a percent sign refused, naming the answer's unit, when the answer is not a percent?"""
    with pytest.raises(NotANumberError, match="has a percent sign, but this answer is"):
        parse_number(f"{number}%", unit)


@FUZZ
@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 6))
def test_a_percent_shown_by_the_course_reads_back(share, decimals):
    """Does a share shown as a percent (12.5%) read back to the share, to the decimals shown?"""
    shown = format_number(share, "percent", decimals)
    assert parse_number(shown, "percent") == pytest.approx(share, abs=0.51 * 10**-decimals / 100)


@FUZZ
@given(st.floats(-1e12, 1e12, allow_nan=False), st.sampled_from(["hours", "cases"]))
def test_a_plain_number_shown_by_the_course_reads_back(number, unit):
    """Does a number of hours or cases shown by the course read back, to its two decimals?"""
    assert parse_number(format_number(number, unit), unit) == pytest.approx(number, abs=0.0051)


@FUZZ
@given(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["dollars", "percent", "hours", "cases", "number", "none"]),
    st.none() | st.integers(-3, 12),
)
def test_any_number_can_be_shown(number, style, decimals):
    """Can any float (huge, tiny, infinite, NaN) be shown in any style without a crash?"""
    shown = format_number(number, style, decimals)
    assert isinstance(shown, str)
    assert shown


# Regressions found by the searches above ----------------------------------------------------


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (1e300, "$1,000,000,000,000,000,052,504,760,255,204,420,248,704,468,581,108,159,154,"),
        (-1e20, "-$100,000,000,000,000,000,000"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (math.nan, "nan"),
    ],
)
def test_dollars_too_large_for_cents_or_not_finite_are_shown(number, shown):
    """Is 1e300 dollars (past the decimal module's precision) or infinity shown, not a crash?"""
    assert format_number(number, "dollars").startswith(shown)


def test_an_unknown_unit_says_which_units_there_are():
    """Does parse_number("12", "euros") name the unit instead of failing with a KeyError?"""
    with pytest.raises(InvalidInputError, match="unit must be one of dollars, percent"):
        parse_number("12", "euros")  # type: ignore[arg-type]
