"""The certificate as a PDF: one page with everything a CE board asks for, for every name.

The text is read back with poppler's ``pdftotext``, the page drawn with
``pdftoppm`` and its QR code read with ``zbarimg`` (``scripts/pdftools.sh``
installs them for ``make test``).
"""

import re
import subprocess

import pytest

from caserate_kit.course.certificates._pdf import render_certificate_pdf

from .helpers import CODE, certificate

_BIDI_MARKS = dict.fromkeys(range(0x202A, 0x202F))  # pdftotext wraps right-to-left runs in them

NAMES = {
    "Latin with Vietnamese and CJK": "Zoë Nguyễn 李小龙",
    "Polish": "Łucja Wójcik-Żak",
    "Greek": "Νίκος Παπαδόπουλος",
    "Cyrillic": "Сергей Иванов",
    "Arabic": "محمد عبد الله",
    "Hebrew": "דוד כהן",
    "Devanagari": "अनन्या शर्मा",
    "Japanese": "山田 花子",
    "Korean": "김민준",
}
"""A name in each script the certificate must print, as the learner typed it."""


def _pdftotext(pdf: bytes, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def pdf_text(pdf: bytes) -> str:
    """The page's lines as pdftotext reads them (in reading order), right-to-left marks dropped."""
    text = _pdftotext(pdf).translate(_BIDI_MARKS)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def pdf_words(pdf: bytes) -> str:
    """Every word on the page in the order it was drawn (the turned SAMPLE too), one space apart."""
    return " ".join(_pdftotext(pdf, "-raw").split())


@pytest.fixture(scope="module")
def plain_pdf():
    """The usual certificate, drawn once, uncompressed."""
    return render_certificate_pdf(certificate(), compress=False)


def test_pdf_is_a_pdf():
    """Does the output start with the PDF header?"""
    assert render_certificate_pdf(certificate()).startswith(b"%PDF-")


def test_pdf_is_one_landscape_letter_page(plain_pdf):
    """Is there exactly one page, 11 by 8.5 inches?"""
    pdf = plain_pdf
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 1
    assert b"/MediaBox [0 0 792.00 612.00]" in pdf


def test_pdf_states_name_course_date_hours_format_and_code(plain_pdf):
    """Can the learner, course, date, hours, format and code be read from the page?"""
    text = pdf_words(plain_pdf)
    for expected in (
        "Certificate of completion",
        "José Núñez",
        "Case rates: what they are and what they are not",
        "March 3, 2025",
        "1.25 CE hours",
        "(home study)",
        CODE,
        f"caserate-course verify {CODE}",
    ):
        assert expected in text


def test_pdf_states_provider_number_statement_and_signatory(plain_pdf):
    """Are the provider, its approval number and statement, and the signatory on the page?"""
    text = pdf_words(plain_pdf)
    for expected in (
        "TEST PROVIDER",
        "approval number T-1",
        "approved by a test board",
        "Pat Doe, PhD",
        "Training Director",
        "License number LPC-004512",
    ):
        assert expected in text


@pytest.mark.parametrize("script", list(NAMES))
def test_a_name_in_every_script_prints_exactly(script):
    """Does pdftotext read back the exact name, letter for letter, on a line of its own?"""
    name = NAMES[script]
    pdf = render_certificate_pdf(certificate(learner_name=name))
    assert name in pdf_text(pdf).splitlines()


def test_fonts_are_embedded_only_for_the_scripts_a_certificate_needs():
    """Is the CJK font embedded for a Chinese name only, and Devanagari for a Hindi one only?"""

    def fonts(name):
        pdf = render_certificate_pdf(certificate(learner_name=name), compress=False)
        return set(re.findall(rb"/BaseFont /[A-Z]{6}\+(\w+)", pdf))

    latin, chinese, hindi = fonts("José Núñez"), fonts("李小龙"), fonts("अनन्या शर्मा")
    assert b"DejaVuSerifBold" in latin
    assert not any(b"CJK" in font or b"Devanagari" in font for font in latin)
    assert any(b"CJK" in font for font in chinese)
    assert any(b"Devanagari" in font for font in hindi)


def test_the_certificate_names_the_program_and_the_lesson(plain_pdf):
    """Does the page name the program (the course) as well as the lesson?"""
    text = pdf_text(plain_pdf).splitlines()
    assert "Managed care and case rates" in text
    assert "Case rates: what they are and what they are not" in text


def test_a_verification_address_is_printed_with_a_qr_code_of_it(tmp_path):
    """With a verify page, does the page say where, and does its QR code read as that address?"""
    pdf = render_certificate_pdf(certificate(verify_url="https://ce.example.org/verify"))
    assert "Check it at https://ce.example.org/verify" in pdf_words(pdf)
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", tmp_path / "c.pdf", tmp_path / "page"], check=True
    )
    found = subprocess.run(
        ["zbarimg", "--quiet", "--raw", tmp_path / "page-1.png"], capture_output=True, text=True
    ).stdout.split()
    assert found == [f"https://ce.example.org/verify?code={CODE}"]


def test_without_a_verification_address_the_page_names_the_command_and_has_no_qr_code(
    tmp_path, plain_pdf
):
    """With no verify page, does the page give the verify command, and hold no QR code?"""
    assert f"caserate-course verify {CODE}" in pdf_words(plain_pdf)
    (tmp_path / "c.pdf").write_bytes(plain_pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", tmp_path / "c.pdf", tmp_path / "page"], check=True
    )
    scan = subprocess.run(
        ["zbarimg", "--quiet", "--raw", tmp_path / "page-1.png"], capture_output=True
    )
    assert scan.stdout == b""


def test_same_data_gives_the_same_bytes():
    """Is the PDF the same, byte for byte, each time it is drawn?"""
    assert render_certificate_pdf(certificate()) == render_certificate_pdf(certificate())


def test_creation_date_is_the_completion_date(plain_pdf):
    """Is the PDF dated by the completion date rather than the moment it was drawn?"""
    pdf = plain_pdf
    assert b"/CreationDate (D:20250303120000Z)" in pdf


def test_metadata_names_title_provider_and_language(plain_pdf):
    """Do the title, author (provider) and language describe the certificate?"""
    pdf = plain_pdf
    assert b"/Title (Certificate of completion: Case rates: what they are" in pdf
    assert b"/Author (Test Provider)" in pdf
    assert b"/Lang (en)" in pdf


def test_the_level_is_printed_beside_the_format():
    """Does a certificate with a level say "(home study, intermediate level)" on its hours line?"""
    text = pdf_words(render_certificate_pdf(certificate(level="intermediate"), compress=False))
    assert "awarded 1.25 CE hours (home study, intermediate level)." in text


def test_the_level_fits_on_the_hours_line_at_its_longest():
    """With the longest date, hours and level, does the hours line stay one line?"""
    from datetime import date

    data = certificate(
        level="intermediate", completion_date=date(2025, 9, 30), ce_hours=12.75, format="live"
    )
    lines = pdf_text(render_certificate_pdf(data, compress=False)).splitlines()
    assert any(
        "on September 30, 2025 and is awarded 12.75 CE hours (live, intermediate level)." in line
        for line in lines
    )


def test_a_certificate_without_a_level_prints_the_format_alone(plain_pdf):
    """Is a certificate without a level printed as before, "(home study)."?"""
    assert "level)" not in pdf_words(plain_pdf)


def test_live_course_is_described_as_attended():
    """Does a live course say "attended the live course"?"""
    text = pdf_words(render_certificate_pdf(certificate(format="live"), compress=False))
    assert "has attended the live course" in text
    assert "(live)" in text


def test_sample_certificate_says_sample():
    """Does a certificate from the example provider say SAMPLE?"""
    assert "SAMPLE" in pdf_words(render_certificate_pdf(certificate(sample=True), compress=False))


def test_real_certificate_does_not_say_sample(plain_pdf):
    """Does a certificate from a real provider leave SAMPLE out?"""
    assert "SAMPLE" not in pdf_words(plain_pdf)


def test_the_longest_name_the_records_hold_prints_whole_on_one_page():
    """Does a 200-character name (the records' limit) print whole, on one page?"""
    name = ("Anna-Maria " * 19 + "Ann")[:200]
    pdf = render_certificate_pdf(certificate(learner_name=name), compress=False)
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 1
    assert name in pdf_words(pdf)


def test_a_name_longer_than_the_records_hold_is_refused_with_its_field():
    """Is a 201-character name refused, naming learner_name, rather than cut?"""
    from caserate_kit import InvalidInputError

    with pytest.raises(InvalidInputError, match="learner_name"):
        certificate(learner_name="A" * 201)


def test_a_transcript_is_a_list_page_then_each_certificate_in_date_order():
    """Does the transcript open with the list and total, then give each certificate a page?"""
    from datetime import date

    from caserate_kit.course.certificates._codes import make_code
    from caserate_kit.course.certificates._pdf import render_transcript_pdf

    from .helpers import SECRET

    later = certificate(
        course_title="A later lesson",
        completion_date=date(2025, 4, 1),
        ce_hours=1.0,
        verification_code=make_code(SECRET, "BBBBBB"),
    )
    pdf = render_transcript_pdf([later, certificate()])
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    assert b"Pages:           3" in info.stdout
    first = _pdftotext(pdf, "-f", "1", "-l", "1")
    words = " ".join(first.split())
    assert "Transcript of continuing education" in words
    assert "2.25 CE hours in all, from 2 certificates" in words
    assert words.index("Case rates: what they are") < words.index("A later lesson")
    assert "A later lesson" in " ".join(_pdftotext(pdf, "-f", "3", "-l", "3").split())


def test_a_transcript_needs_certificates_and_all_of_one_learner():
    """Is an empty transcript refused, and one that mixes two learners?"""
    from caserate_kit import InvalidInputError
    from caserate_kit.course.certificates._pdf import render_transcript_pdf

    with pytest.raises(InvalidInputError, match="at least one"):
        render_transcript_pdf([])
    with pytest.raises(InvalidInputError, match="one learner"):
        render_transcript_pdf([certificate(), certificate(learner_name="Someone Else")])
