"""The one name rule: at most 120 characters, every letter printable on the certificate."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caserate_kit.course._fonts import fonts_needed, unprintable
from caserate_kit.course._names import (
    NAME_LIMIT,
    clean_name,
    control_problem,
    name_problem,
    printable,
)
from caserate_kit.course.certificates._pdf import render_certificate_pdf

from .certificates.helpers import certificate
from .certificates.test_pdf import NAMES, pdf_text


@pytest.mark.parametrize("script", list(NAMES))
def test_a_name_in_each_script_is_accepted(script):
    """Is a name in each script the certificate prints accepted as it is?"""
    assert name_problem(clean_name(NAMES[script])) is None


@pytest.mark.parametrize(
    ("name", "letters"),
    [("Ada \U00013000", "\U00013000"), ("தமிழ் Selvi", "தமி"), ("Ada 🙂 Byron", "🙂")],
)
def test_a_name_with_letters_no_font_has_is_refused_naming_them(name, letters):
    """Are hieroglyphs, Tamil and emoji refused, each missing letter named?"""
    problem = name_problem(name)
    assert problem is not None
    for letter in letters:
        assert letter in problem


def test_a_control_character_is_refused_as_one():
    """Is a bell character in a name called a control character, not an unknown letter?"""
    assert "control character" in (name_problem("Ada\x07Byron") or "")


def test_the_limit_is_120_characters():
    """Is 120 the limit, with the length stated when it is passed?"""
    assert NAME_LIMIT == 120
    assert name_problem("A" * 120) is None
    assert "(this one has 121)" in (name_problem("A" * 121) or "")


def test_direction_marks_and_joiners_need_no_glyph():
    """Do a right-to-left mark and a zero-width joiner pass (shaping uses them, prints nothing)?"""
    assert unprintable("\u200f\u05d3\u05d5\u05d3\u200d \u05db\u05d4\u05df") == ""


def test_fallback_fonts_are_named_for_the_scripts_a_text_needs():
    """Does a Latin name need no fallback, and each other script its own?"""
    assert fonts_needed("José Núñez") == ()
    assert fonts_needed("अनन्या 李") == ("Devanagari", "CJK")
    assert fonts_needed("محمد") == ("Sans",)


_ACCEPTED_LETTERS = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Lo", "Mn", "Zs", "Pd"),
    exclude_characters="\u2028\u2029",
)


@settings(max_examples=8, deadline=None)
@given(st.text(_ACCEPTED_LETTERS, min_size=1, max_size=NAME_LIMIT))
def test_every_name_the_rule_accepts_prints_in_full(typed):
    """Does any name the rule accepts come out of pdftotext with every letter it had?"""
    name = clean_name(typed)
    if not name or name_problem(name) is not None:
        return
    text = pdf_text(render_certificate_pdf(certificate(learner_name=name)))
    printed = "".join(text.split())
    for letter in unicodedata.normalize("NFC", name):
        if letter.isspace() or unicodedata.category(letter) == "Mn":
            continue
        assert letter in printed, (name, letter)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Ada\x1b[31m Lovelace", "U+001B"),  # a terminal escape
        ("Ada \u202eecalevoL", "U+202E"),  # reverses how the rest reads
        ("Ada\x00 Lovelace", "U+0000"),
    ],
)
def test_a_name_with_a_control_character_is_refused_saying_what_to_do(name, shown):
    """Is a name with an escape, a reversing mark or a NUL refused, naming the character and
    saying to type the name again?"""
    assert name_problem(clean_name(name)) == (
        f"Your full name has a control character in it ({shown}, which is invisible); "
        "type it again by hand, without copying it from elsewhere"
    )


def test_invisible_joiners_that_scripts_need_are_not_control_characters():
    """Are the zero-width joiner and non-joiner, which some scripts need, left alone?"""
    assert control_problem("Ada\u200cBy\u200dron") is None


def test_printable_leaves_out_control_and_format_characters_only():
    """Does printable() take out escapes, reversing marks and zero-width characters, and
    keep letters of every script, spaces and punctuation?"""
    assert printable("Ada\x1b[31m Lovelace\x07\u202e\u200b") == "Ada[31m Lovelace"
    assert printable("Zoë Nguyễn 李小龙, O'Brien-Núñez") == "Zoë Nguyễn 李小龙, O'Brien-Núñez"
