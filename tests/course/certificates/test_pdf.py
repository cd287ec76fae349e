"""The certificate as a PDF: one page with everything a CE board asks for."""

import re

import pytest

from caserate_kit.course.certificates import _pdf
from caserate_kit.course.certificates._pdf import render_certificate_pdf

from .helpers import CODE, certificate

_ESCAPE = re.compile(rb"\\([nrtbf()\\]|[0-7]{1,3})")


_SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal):
    def one(match):
        found = match.group(1)
        return bytes([int(found, 8)]) if found[:1].isdigit() else _SIMPLE.get(found, found)

    return _ESCAPE.sub(one, literal)


def _font_tables(pdf, objects):
    """For each font resource, its code-to-text table (empty for a core font)."""
    resources = re.search(rb"/Font\s*<<(.*?)>>", pdf, re.S).group(1)
    tables = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", resources):
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[number])
        cmap = objects[to_unicode.group(1)] if to_unicode else b""
        tables[name] = {
            int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
            for code, text in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap)
        }
    return tables


def pdf_text(pdf):
    """The text runs of an uncompressed fpdf2 PDF, joined by spaces."""
    objects = dict(re.findall(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S))
    tables = _font_tables(pdf, objects)
    contents = objects[re.search(rb"/Contents (\d+) 0 R", pdf).group(1)]
    runs, table = [], {}
    for font, literal in re.findall(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", contents):
        if font:
            table = tables[font]
            continue
        raw = _unescape(literal)
        if table:
            codes = (int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2))
            runs.append("".join(table[code] for code in codes))
        else:
            runs.append(raw.decode("latin-1"))
    return " ".join(" ".join(runs).split())


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
    text = pdf_text(plain_pdf)
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
    text = pdf_text(plain_pdf)
    for expected in (
        "TEST PROVIDER",
        "approval number T-1",
        "approved by a test board",
        "Pat Doe, PhD",
        "Training Director",
        "License number LPC-004512",
    ):
        assert expected in text


def test_accented_name_is_drawn_in_an_embedded_unicode_font(plain_pdf):
    """Is "José Núñez" written in an embedded DejaVu font, accents included?"""
    pdf = plain_pdf
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVu", pdf)
    assert "José Núñez" in pdf_text(pdf)


def test_names_beyond_latin_1_print_in_the_unicode_font():
    """Do a Polish Ł and a Vietnamese ễ print as they are?"""
    text = pdf_text(
        render_certificate_pdf(certificate(learner_name="Łucja Nguyễn"), compress=False)
    )
    assert "Łucja Nguyễn" in text


def test_without_unicode_fonts_accents_outside_latin_1_are_simplified(monkeypatch):
    """With only the core fonts, does "Łucja Nguyễn" print as "Lucja Nguyen", and José stay?"""
    monkeypatch.setattr(_pdf, "_font_folders", list)
    text = pdf_text(
        render_certificate_pdf(certificate(learner_name="Łucja Nguyễn José"), compress=False)
    )
    assert "Lucja Nguyen José" in text


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


def test_live_course_is_described_as_attended():
    """Does a live course say "attended the live course"?"""
    text = pdf_text(render_certificate_pdf(certificate(format="live"), compress=False))
    assert "has attended the live course" in text
    assert "(live)" in text


def test_sample_certificate_says_sample():
    """Does a certificate from the example provider say SAMPLE?"""
    assert "SAMPLE" in pdf_text(render_certificate_pdf(certificate(sample=True), compress=False))


def test_real_certificate_does_not_say_sample(plain_pdf):
    """Does a certificate from a real provider leave SAMPLE out?"""
    assert "SAMPLE" not in pdf_text(plain_pdf)


def test_very_long_name_still_fits_on_one_page():
    """Does a 120-character name still give one page?"""
    pdf = render_certificate_pdf(certificate(learner_name="Anna " * 24), compress=False)
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 1
