"""The certificate as a PDF: one landscape page, made with fpdf2.

Text is shaped with HarfBuzz (joined Arabic, right-to-left Hebrew and Arabic,
Devanagari conjuncts) and any letter the serif face lacks is taken from the
first fallback font that has it (see :mod:`caserate_kit.course._fonts`). A
verification address, when there is one, is printed with a QR code of it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime

import segno
from fpdf import FPDF

from ..._exceptions import InvalidInputError
from .._fonts import course_fonts, fonts_needed
from ._ce_hours import format_ce_hours
from ._codes import CertificateData, format_date

__all__ = ["render_certificate_pdf", "render_transcript_pdf"]

_PAGE_W, _PAGE_H = 279.4, 215.9  # US Letter, landscape, in mm
_NAVY, _GOLD, _GREY, _INK = (22, 48, 82), (166, 128, 48), (90, 90, 90), (25, 25, 25)


class _Page:
    """One certificate page with the drawing helpers its layout needs."""

    def __init__(self, text: str) -> None:
        self.pdf = FPDF(orientation="landscape", unit="mm", format="letter")
        self.pdf.set_auto_page_break(False)
        fonts = course_fonts()
        fallbacks = fonts_needed(text)
        for family in dict.fromkeys(("Serif", "Sans", "Mono", *fallbacks)):
            for font in fonts[family]:
                self.pdf.add_font(font.family, font.style, str(font.path))
        self.pdf.set_fallback_fonts(fallbacks, exact_match=False)
        self.pdf.set_text_shaping(True)

    def font(self, family: str, style: str, size: float, color: tuple[int, int, int]) -> None:
        self.pdf.set_font(family, style, size)
        self.pdf.set_text_color(*color)

    def centered(
        self,
        value: str,
        y: float,
        family: str,
        style: str,
        size: float,
        color: tuple[int, int, int],
        *,
        smallest: float | None = None,
        width: float = 225,
        markdown: bool = False,
    ) -> float:
        """Write centered text from ``y``, shrinking it to fit down to ``smallest``; new y."""
        value = unicodedata.normalize("NFC", value)
        self.font(family, style, size, color)
        room = width - 2 * self.pdf.c_margin
        while smallest and size > smallest and self.pdf.get_string_width(value) > room:
            size -= 0.5
            self.font(family, style, size, color)
        self.pdf.set_xy((_PAGE_W - width) / 2, y)
        self.pdf.multi_cell(width, size * 0.47, value, align="C", markdown=markdown)
        return self.pdf.get_y()

    def rule(self, y: float, length: float, color: tuple[int, int, int], weight: float) -> None:
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(weight)
        self.pdf.line((_PAGE_W - length) / 2, y, (_PAGE_W + length) / 2, y)


def _metadata(pdf: FPDF, data: CertificateData) -> None:
    pdf.set_title(f"Certificate of completion: {data.course_title}")
    pdf.set_author(data.provider_name)
    pdf.set_subject(
        f"{data.learner_name} completed {data.course_title} on "
        f"{format_date(data.completion_date)}: {format_ce_hours(data.ce_hours)}, {data.format}"
    )
    pdf.set_keywords(f"CE certificate, verification code {data.verification_code}")
    pdf.set_creator("caserate_kit")
    pdf.set_lang("en")
    day = data.completion_date
    pdf.set_creation_date(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


def _frame(page: _Page) -> None:
    pdf = page.pdf
    pdf.set_draw_color(*_NAVY)
    pdf.set_line_width(1.4)
    pdf.rect(8, 8, _PAGE_W - 16, _PAGE_H - 16)
    pdf.set_draw_color(*_GOLD)
    pdf.set_line_width(0.4)
    pdf.rect(11.5, 11.5, _PAGE_W - 23, _PAGE_H - 23)


def _qr(pdf: FPDF, address: str, x: float, y: float, size: float) -> None:
    """A QR code of ``address``, drawn as vector squares ``size`` mm wide."""
    code = segno.make(address, error="m", micro=False)
    rows = [[bool(module) for module in row] for row in code.matrix]
    step = size / (len(rows) + 2)  # a quiet zone of one module on each side (white page)
    pdf.set_fill_color(*_INK)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(x + step * (start + 1), y + step * (r + 1), step * (c - start), step, "F")


def _footer(page: _Page, data: CertificateData) -> None:
    pdf = page.pdf
    pdf.set_draw_color(*_INK)
    pdf.set_line_width(0.3)
    pdf.line(30, 181, 120, 181)
    page.font("Serif", "I", 17, _NAVY)
    pdf.set_xy(30, 170)
    pdf.cell(90, 10, data.signatory_name, align="C")
    page.font("Sans", "B", 9.5, _INK)
    pdf.set_xy(30, 183)
    pdf.cell(90, 5, data.signatory_name, align="C")
    page.font("Sans", "", 8.5, _GREY)
    pdf.set_xy(30, 188)
    pdf.multi_cell(90, 4, data.signatory_title, align="C")

    address = data.verification_address
    left, width = (148, 110) if address else (160, 92)
    pdf.set_draw_color(*_GOLD)
    pdf.set_line_width(0.4)
    pdf.rect(left, 164, width, 31)
    if address:
        _qr(pdf, address, left + 1.5, 165.5, 28)
        left, width = left + 30, width - 30
    page.font("Sans", "B", 7.5, _GREY)
    pdf.set_xy(left, 167)
    pdf.cell(width, 4, "VERIFICATION CODE", align="C")
    page.font("Mono", "B", 13, _NAVY)
    pdf.set_xy(left, 172)
    pdf.cell(width, 7, data.verification_code, align="C")
    page.font("Sans", "", 7, _GREY)
    pdf.set_xy(left + 2, 180.5)
    pdf.multi_cell(width - 4, 3.4, data.verification_instructions, align="C")

    if data.provider_contact:
        contact = f"Questions about this certificate: {data.provider_contact}"
        page.centered(contact, 198.5, "Sans", "", 7.5, _GREY, smallest=6, width=240)


def _all_text(data: CertificateData) -> str:
    return " ".join(str(value) for value in vars(data).values() if isinstance(value, str))


def _certificate_page(page: _Page, data: CertificateData) -> None:
    """Draw one certificate on a new page."""
    pdf = page.pdf
    pdf.add_page()
    _frame(page)
    page.centered(data.provider_name.upper(), 21, "Sans", "B", 11, _NAVY, smallest=8)
    page.centered(f"CE provider approval number {data.provider_number}", 27, "Sans", "", 8.5, _GREY)
    page.centered("Certificate of completion", 36, "Serif", "B", 34, _NAVY)
    page.rule(53, 60, _GOLD, 0.8)
    page.centered("This certifies that", 59, "Serif", "I", 13, _GREY)
    y = page.centered(data.learner_name, 67, "Serif", "B", 30, _INK, smallest=16)
    page.rule(y + 1.5, 150, _GOLD, 0.3)
    y += 4
    if data.license_number:
        y = page.centered(f"License number {data.license_number}", y, "Sans", "", 9.5, _GREY)
    verb = (
        "completed the home-study course"
        if data.format == "home study"
        else "attended the live course"
    )
    y = page.centered(f"has {verb}", y + 4, "Serif", "", 13, _INK)
    y = page.centered(data.program_title, y + 2, "Serif", "B", 20, _NAVY, smallest=14)
    y = page.centered(data.course_title, y + 1, "Serif", "B", 15, _NAVY, smallest=11)
    when = f"on {format_date(data.completion_date)} and is awarded "
    kind = f"{data.format}, {data.level} level" if data.level else data.format
    hours = f"**{format_ce_hours(data.ce_hours)}** ({kind})."
    y = page.centered(when + hours, y + 3, "Serif", "", 13, _INK, markdown=True)
    page.centered(data.approval_statement, max(y + 4, 136), "Sans", "", 8.5, _GREY, width=215)
    _footer(page, data)
    if data.sample:
        _sample_mark(page)


def _sample_mark(page: _Page) -> None:
    """SAMPLE across the page: drawn last, see-through, so it comes last when read aloud."""
    pdf = page.pdf
    page.font("Sans", "B", 120, (200, 40, 40))
    with pdf.local_context(fill_opacity=0.13), pdf.rotation(18, _PAGE_W / 2, _PAGE_H / 2):
        pdf.set_xy(0, _PAGE_H / 2 - 22)
        pdf.cell(_PAGE_W, 44, "SAMPLE", align="C")


def render_certificate_pdf(data: CertificateData, *, compress: bool = True) -> bytes:
    """The certificate as a one-page landscape PDF.

    The same data gives the same bytes: the PDF's creation date is the
    completion date, not the time it was drawn.

    Parameters
    ----------
    data
        What the certificate states.
    compress
        Compress the page's drawing instructions (turn off to read them in tests).
    """
    page = _Page(_all_text(data))
    page.pdf.set_compression(compress)
    _metadata(page.pdf, data)
    _certificate_page(page, data)
    return bytes(page.pdf.output())


def _transcript_page(page: _Page, certificates: Sequence[CertificateData]) -> None:
    """A first page listing every certificate, with the hours added up."""
    pdf, first = page.pdf, certificates[0]
    pdf.add_page()
    _frame(page)
    page.centered(first.provider_name.upper(), 21, "Sans", "B", 11, _NAVY, smallest=8)
    page.centered("Transcript of continuing education", 30, "Serif", "B", 26, _NAVY)
    page.rule(43, 60, _GOLD, 0.8)
    y = page.centered(first.learner_name, 48, "Serif", "B", 20, _INK, smallest=12)
    if first.license_number:
        y = page.centered(f"License number {first.license_number}", y + 1, "Sans", "", 9.5, _GREY)
    y = page.centered(first.program_title, y + 3, "Serif", "", 13, _INK)
    columns = (("Lesson", 108), ("Completed on", 38), ("CE hours", 28), ("Verification code", 62))
    left = (_PAGE_W - sum(width for _, width in columns)) / 2
    y += 5
    pdf.set_draw_color(*_GOLD)
    pdf.set_line_width(0.3)
    page.font("Sans", "B", 9, _NAVY)
    x = left
    for title, width in columns:
        pdf.set_xy(x, y)
        pdf.cell(width, 7, title)
        x += width
    y += 7
    pdf.line(left, y, _PAGE_W - left, y)
    for data in certificates:
        cells = (
            data.course_title,
            format_date(data.completion_date),
            format_ce_hours(data.ce_hours).removesuffix(" CE hours").removesuffix(" CE hour"),
            data.verification_code,
        )
        x, tallest = left, y
        for (_, width), text in zip(columns, cells, strict=True):
            if text == data.verification_code:
                page.font("Mono", "B", 8.5, _INK)
            else:
                page.font("Sans", "", 9, _INK)
            pdf.set_xy(x, y + 1)
            pdf.multi_cell(width - 2, 4.6, text)
            tallest = max(tallest, pdf.get_y())
            x += width
        y = tallest + 1.5
        pdf.line(left, y, _PAGE_W - left, y)
    total = sum(data.ce_hours for data in certificates)
    count = len(certificates)
    summary = (
        f"**{format_ce_hours(total)}** in all, from {count} "
        f"certificate{'s' if count != 1 else ''}. Each certificate follows on its own page."
    )
    page.centered(summary, y + 4, "Serif", "", 12, _INK, markdown=True)
    if any(data.sample for data in certificates):
        _sample_mark(page)


def render_transcript_pdf(
    certificates: Sequence[CertificateData], *, compress: bool = True
) -> bytes:
    """One PDF of a learner's certificates: a transcript page, then each certificate.

    Raises
    ------
    InvalidInputError
        If there is no certificate, or the certificates are not all one learner's.
    """
    if not certificates:
        raise InvalidInputError("certificates", [], "must hold at least one certificate")
    names = {(data.learner_name, data.license_number) for data in certificates}
    if len(names) > 1:
        raise InvalidInputError("certificates", sorted(map(str, names)), "must be one learner's")
    ordered = sorted(certificates, key=lambda data: (data.completion_date, data.course_title))
    page = _Page(" ".join(_all_text(data) for data in ordered))
    pdf = page.pdf
    pdf.set_compression(compress)
    last = ordered[-1]
    pdf.set_title(f"CE transcript: {last.learner_name}")
    pdf.set_author(last.provider_name)
    pdf.set_subject(f"{len(ordered)} CE certificates of {last.program_title}")
    pdf.set_creator("caserate_kit")
    pdf.set_lang("en")
    day = last.completion_date
    pdf.set_creation_date(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))
    _transcript_page(page, ordered)
    for data in ordered:
        _certificate_page(page, data)
    return bytes(pdf.output())
