"""Certificate codes, the data a certificate shows, and the verify message."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caserate_kit as ck
from caserate_kit.course._config import load_config
from caserate_kit.course.certificates._codes import (
    CODE_ALPHABET,
    REJECTED,
    CertificateData,
    Correction,
    check_code,
    make_code,
    new_certificate_id,
    normalize_code,
    verify_message,
)

from .helpers import CODE, SECRET, certificate

ROOT = Path(__file__).resolve().parents[3]


secrets_ = st.binary(min_size=32, max_size=32)


ids = st.text(CODE_ALPHABET, min_size=6, max_size=6)


def test_code_is_crk_and_four_groups_of_four():
    """Does a code look like CRK-7F3Q-92KD-MX4T-PZ8A, starting with its certificate id?"""
    assert re.fullmatch(r"CRK-7F3Q-92[0-9A-Z]{2}(-[0-9A-HJKMNP-TV-Z]{4}){2}", CODE)


@given(secret=secrets_, certificate_id=ids)
def test_genuine_code_gives_back_its_certificate_id(secret, certificate_id):
    """Does every code made with a secret check out under that secret?"""
    assert check_code(secret, make_code(secret, certificate_id)) == certificate_id


def test_lower_case_and_dashless_code_is_accepted():
    """Is the code typed in lower case without dashes accepted?"""
    assert check_code(SECRET, CODE.lower().replace("-", "")) == "7F3Q92"


def test_prefix_and_spaces_are_optional():
    """Is the code accepted without CRK and with spaces between groups?"""
    assert check_code(SECRET, " " + CODE[4:].replace("-", " ") + "\n") == "7F3Q92"


def test_look_alike_letters_are_read_as_digits():
    """Are O, I and L typed for 0, 1 and 1 read as the digits, as Crockford base32 says?"""
    code = make_code(SECRET, "0011AB")
    assert check_code(SECRET, code.replace("0011", "OoIl", 1)) == "0011AB"


@settings(max_examples=20)
@given(secret=secrets_, certificate_id=ids)
def test_every_single_character_change_is_rejected(secret, certificate_id):
    """Is each one-symbol change, anywhere in the code, rejected?"""
    code = make_code(secret, certificate_id)
    for position, original in enumerate(code):
        for symbol in CODE_ALPHABET + "-":
            if symbol != original:
                altered = code[:position] + symbol + code[position + 1 :]
                assert check_code(secret, altered) is None, altered


@given(secret=secrets_, certificate_id=ids)
def test_swapped_neighbours_are_rejected(secret, certificate_id):
    """Is swapping two different neighbouring symbols rejected?"""
    body = make_code(secret, certificate_id).replace("-", "")
    for i in range(len(body) - 1):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            assert check_code(secret, swapped) is None, swapped


@given(secret=secrets_, certificate_id=ids)
def test_truncated_code_is_rejected(secret, certificate_id):
    """Is a code with its end cut off, by any number of symbols, rejected?"""
    code = make_code(secret, certificate_id)
    for length in range(len(code) - 1):
        assert check_code(secret, code[:length]) is None


@given(invented=st.text(CODE_ALPHABET, min_size=16, max_size=16))
def test_invented_codes_are_rejected(invented):
    """Is a made-up code of the right shape rejected?"""
    assert check_code(SECRET, invented) is None


@given(typed=st.text(max_size=80))
def test_any_typed_text_is_rejected_without_an_error(typed):
    """Does arbitrary text, however odd, give None rather than an exception?"""
    assert check_code(SECRET, typed) is None


@given(first=secrets_, second=secrets_, certificate_id=ids)
def test_different_secrets_give_different_codes(first, second, certificate_id):
    """Does another course's secret give another code, which this course rejects?"""
    if first != second:
        code = make_code(second, certificate_id)
        assert make_code(first, certificate_id) != code
        assert check_code(first, code) is None


def test_malformed_certificate_id_is_refused():
    """Is a UUID, too long for a code, refused with the id named?"""
    with pytest.raises(ck.InvalidInputError, match="certificate_id must be 6 symbols"):
        make_code(SECRET, "123e4567-e89b-12d3-a456-426614174000")


def test_short_secret_is_refused_without_showing_it():
    """Is a 6-byte secret refused, giving its length but not its bytes?"""
    with pytest.raises(ck.InvalidInputError, match="got '6 bytes'") as error:
        make_code(b"hunter", "7F3Q92")
    assert "hunter" not in str(error.value)


def test_new_certificate_ids_are_valid_and_vary():
    """Are new ids 6 code symbols, and different from one another?"""
    made = {new_certificate_id() for _ in range(50)}
    assert len(made) == 50
    assert all(len(i) == 6 and set(i) <= set(CODE_ALPHABET) for i in made)


def test_typed_code_is_normalized_to_its_printed_form():
    """Is "crk 7f3q92kdmx4tpz8a" shown as CRK-7F3Q-92KD-MX4T-PZ8A?"""
    assert normalize_code("crk 7f3q92kdmx4tpz8a") == "CRK-7F3Q-92KD-MX4T-PZ8A"


def test_text_is_trimmed_and_a_blank_license_becomes_none():
    """Are stray spaces removed and an empty license number stored as None?"""
    data = certificate(learner_name="  José   Núñez ", license_number=" ")
    assert (data.learner_name, data.license_number) == ("José Núñez", None)


def test_typed_code_is_stored_in_printed_form():
    """Is a lower-case code stored the way the certificate prints it?"""
    assert certificate(verification_code=CODE.lower()).verification_code == CODE


def test_instructions_name_the_verify_command_and_code():
    """Do the instructions read "Verify with: caserate-course verify CODE"?"""
    assert certificate().verification_instructions == f"Verify with: caserate-course verify {CODE}"


def test_hours_must_be_whole_quarter_hours():
    """Are 1.1 CE hours refused?"""
    with pytest.raises(ck.OutOfRangeError, match="ce_hours must be whole quarter hours"):
        certificate(ce_hours=1.1)


def test_unknown_format_is_refused():
    """Is the format "webinar" refused, naming the two formats?"""
    with pytest.raises(ck.InvalidInputError, match='format must be "home study" or "live"'):
        certificate(format="webinar")


def test_empty_learner_name_is_refused():
    """Is a certificate for a blank name refused?"""
    with pytest.raises(ck.InvalidInputError, match="learner_name must be text"):
        certificate(learner_name="   ")


def test_malformed_code_is_refused():
    """Is "ABC" refused as a verification code?"""
    with pytest.raises(ck.InvalidInputError, match="verification_code must be a code"):
        certificate(verification_code="ABC")


def test_completion_time_is_kept_as_a_date():
    """Is a completion datetime stored as its date?"""
    assert certificate(completion_date=datetime(2025, 3, 3, 17, 5)).completion_date == date(
        2025, 3, 3
    )


def test_for_course_takes_provider_and_signatory_from_course_toml():
    """Does the data built from course.toml carry its provider, statement and format?"""
    config = load_config(ROOT / "course.toml")
    data = CertificateData.for_course(
        config,
        learner_name="Ana Ruiz",
        course_title="T",
        completion_date=date(2025, 1, 2),
        ce_hours=0.75,
        verification_code=CODE,
    )
    assert data.provider_name == config.provider.name
    assert data.approval_statement == config.provider.approval_statement
    assert data.signatory_name == config.certificate.signatory_name
    assert data.format == config.certificate.default_format
    assert data.sample is config.provider.example


def test_genuine_code_says_whose_which_course_when_and_hours():
    """Does a genuine code name the learner, course, date and CE hours?"""
    message = verify_message(CODE.lower(), "7F3Q92", certificate())
    assert message.startswith("This certificate is genuine. José Núñez completed")
    for expected in (
        "Case rates: what they are and what they are not",
        "March 3, 2025",
        "1.25 CE hours (home study)",
        "Test Provider",
    ):
        assert expected in message


def test_failed_code_is_called_not_genuine():
    """Does a code that fails the check get the plain rejection?"""
    assert verify_message("CRK-0000", None, None) == (
        "This code is not genuine: it was altered or never issued."
    )


def test_genuine_code_without_a_record_says_so():
    """Does a signed code with no record say it is not on record, and whom to ask?"""
    message = verify_message(CODE, "7F3Q92", None)
    assert "no certificate with it is on record" in message
    assert "contact the provider" in message


def test_record_for_another_code_is_not_vouched_for():
    """If the record found carries a different code, is the typed code rejected?"""
    other = certificate(verification_code=make_code(SECRET, "AAAAAA"))
    assert verify_message(CODE, "7F3Q92", other) == REJECTED


def test_sample_certificate_is_flagged_when_verified():
    """Does verifying a sample certificate say it is not CE credit?"""
    assert "sample, not CE credit" in verify_message(CODE, "7F3Q92", certificate(sample=True))


def test_with_a_verify_page_the_address_carries_the_code():
    """Does a certificate with a verify page give its address with the code, and say so?"""
    data = certificate(verify_url="https://ce.example.org/verify")
    assert data.verification_address == f"https://ce.example.org/verify?code={CODE}"
    assert data.verification_instructions == (
        "Check it at https://ce.example.org/verify or scan the code"
    )
    assert certificate().verification_address == ""


def test_a_certificate_names_the_program():
    """Does every certificate name the program the lesson belongs to?"""
    assert certificate().program_title == "Managed care and case rates"


def test_a_certificate_has_no_level_unless_given():
    """Is the level empty by default, and kept when it is a known level?"""
    assert certificate().level == ""
    assert certificate(level="intermediate").level == "intermediate"


def test_an_unknown_level_is_refused_naming_it():
    """Is level "expert" refused, listing the levels a certificate may state?"""
    with pytest.raises(ck.InvalidInputError) as error:
        certificate(level="expert")
    assert str(error.value) == (
        "level must be one of introductory, intermediate, advanced, or left empty; got 'expert'"
    )


def test_for_course_passes_the_level_on():
    """Does the data built from course.toml carry the level it is given?"""
    data = CertificateData.for_course(
        load_config(ROOT / "course.toml"),
        learner_name="Ana Ruiz",
        course_title="T",
        completion_date=date(2025, 1, 2),
        ce_hours=0.75,
        verification_code=CODE,
        level="introductory",
    )
    assert data.level == "introductory"


@pytest.mark.parametrize(
    "typed",
    [
        "CRK\u20137F3Q\u201392KD\u2013MX4T\u2013PZ8A",  # en dashes
        "CRK\u20147F3Q\u201492KD\u2014MX4T\u2014PZ8A",  # em dashes
        "CRK\u22127F3Q\u221292KD\u2212MX4T\u2212PZ8A",  # minus signs
        "CRK\u20107F3Q\u201192KD\u2012MX4T\u2015PZ8A",  # hyphens and a bar
        "CRK 7F3Q 92KD MX4T PZ8A",
        "CRK\u00a07F3Q\u00a092KD\u202fMX4T\u2009PZ8A",  # no-break and thin spaces
        "\ufeffCRK-7F3Q\u200b-92KD-MX4T-PZ8A\u200b",  # zero-width and a byte-order mark
        "crk - 7f3q - 92kd - mx4t - pz8a",
    ],
)
def test_a_code_pasted_with_other_dashes_or_spaces_is_read_as_printed(typed):
    """Are dashes, minus signs, spaces of any kind and lower case read as the printed code?"""
    assert normalize_code(typed) == "CRK-7F3Q-92KD-MX4T-PZ8A"


def test_letters_outside_the_code_alphabet_are_still_refused():
    """Is a code with a letter that only looks like one of its symbols still refused?"""
    assert normalize_code("CRK-7F3Q-92KD-MX4T-PZ8\u0391") is None  # Greek capital alpha


def test_a_replaced_certificate_says_by_which_code_and_what_it_stated():
    """Does a replaced certificate verify as genuine, naming the replacement and its date?"""
    later = Correction("CRK-AAAA-BBBB-CCCC-DDDD", date(2025, 4, 1))
    message = verify_message(CODE, "7F3Q92", certificate(replaced_by=later))
    assert message.startswith(
        "This certificate is genuine but was replaced on April 1, 2025 by certificate "
        "CRK-AAAA-BBBB-CCCC-DDDD, which corrects it. As issued, it states: José Núñez completed"
    )


def test_a_correction_says_which_code_it_replaces():
    """Does a certificate that corrects another name that one and the day it was issued?"""
    earlier = Correction("CRK-AAAA-BBBB-CCCC-DDDD", date(2025, 3, 3))
    message = verify_message(CODE, "7F3Q92", certificate(replaces=earlier))
    assert message.startswith("This certificate is genuine. José Núñez completed")
    assert message.endswith(
        "It replaces certificate CRK-AAAA-BBBB-CCCC-DDDD (issued March 3, 2025)."
    )
