"""The certificate as a PDF: one landscape page, made with fpdf2."""

from __future__ import annotations

import importlib.util
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from ._ce_hours import format_ce_hours
from ._codes import CertificateData, format_date

__all__ = ["render_certificate_pdf"]

_PAGE_W, _PAGE_H = 279.4, 215.9  # US Letter, landscape, in mm
_NAVY, _GOLD, _GREY, _INK = (22, 48, 82), (166, 128, 48), (90, 90, 90), (25, 25, 25)
_FONT_FILES = {
    ("Serif", ""): "DejaVuSerif.ttf",
    ("Serif", "B"): "DejaVuSerif-Bold.ttf",
    ("Serif", "I"): "DejaVuSerif-Italic.ttf",
    ("Sans", ""): "DejaVuSans.ttf",
    ("Sans", "B"): "DejaVuSans-Bold.ttf",
    ("Mono", "B"): "DejaVuSansMono-Bold.ttf",
}
_CORE_FONTS = {"Serif": "Times", "Sans": "Helvetica", "Mono": "Courier"}
_ASCII_LOOKS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u0141": "L",
        "\u0142": "l",
        "\u0110": "D",
        "\u0111": "d",
        "\u0152": "OE",
        "\u0153": "oe",
        "\u0131": "i",
    }
)


def _font_folders() -> list[Path]:
    """Where DejaVu may be: matplotlib's copy (same everywhere), then the system's."""
    folders = []
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin is not None:
        folders.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    folders += [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
    return folders


class _Page:
    """One certificate page with the drawing helpers its layout needs."""

    def __init__(self, folders: list[Path]) -> None:
        self.pdf = FPDF(orientation="landscape", unit="mm", format="letter")
        self.pdf.set_auto_page_break(False)
        self.unicode = False
        for folder in folders:
            if all((folder / name).is_file() for name in _FONT_FILES.values()):
                for (family, style), name in _FONT_FILES.items():
                    self.pdf.add_font(family, style, str(folder / name))
                self.unicode = True
                break

    def text(self, value: str) -> str:
        """``value`` as the fonts can print it (Latin-1 only for core fonts)."""
        if self.unicode:
            return value
        out = []
        for symbol in value.translate(_ASCII_LOOKS):
            if ord(symbol) > 0xFF:
                plain = unicodedata.normalize("NFKD", symbol)
                symbol = "".join(
                    c for c in plain if ord(c) <= 0xFF and not unicodedata.combining(c)
                )
            out.append(symbol or "?")
        return "".join(out)

    def font(self, family: str, style: str, size: float, color: tuple[int, int, int]) -> None:
        name = family if self.unicode else _CORE_FONTS[family]
        self.pdf.set_font(name, style, size)
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
        value = self.text(value)
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


def _footer(page: _Page, data: CertificateData) -> None:
    pdf = page.pdf
    pdf.set_draw_color(*_INK)
    pdf.set_line_width(0.3)
    pdf.line(30, 181, 120, 181)
    page.font("Serif", "I", 17, _NAVY)
    pdf.set_xy(30, 170)
    pdf.cell(90, 10, page.text(data.signatory_name), align="C")
    page.font("Sans", "B", 9.5, _INK)
    pdf.set_xy(30, 183)
    pdf.cell(90, 5, page.text(data.signatory_name), align="C")
    page.font("Sans", "", 8.5, _GREY)
    pdf.set_xy(30, 188)
    pdf.multi_cell(90, 4, page.text(data.signatory_title), align="C")

    pdf.set_draw_color(*_GOLD)
    pdf.set_line_width(0.4)
    pdf.rect(160, 166, 92, 28)
    page.font("Sans", "B", 7.5, _GREY)
    pdf.set_xy(160, 168.5)
    pdf.cell(92, 4, "VERIFICATION CODE", align="C")
    page.font("Mono", "B", 14, _NAVY)
    pdf.set_xy(160, 174)
    pdf.cell(92, 7, data.verification_code, align="C")
    page.font("Sans", "", 7.5, _GREY)
    pdf.set_xy(162, 183)
    pdf.multi_cell(88, 3.6, data.verification_instructions, align="C")

    if data.provider_contact:
        contact = f"Questions about this certificate: {data.provider_contact}"
        page.centered(contact, 198.5, "Sans", "", 7.5, _GREY, smallest=6, width=240)


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
    page = _Page(_font_folders())
    pdf = page.pdf
    pdf.set_compression(compress)
    _metadata(pdf, data)
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
    y = page.centered(data.course_title, y + 2, "Serif", "B", 20, _NAVY, smallest=14)
    when = f"on {format_date(data.completion_date)} and is awarded "
    hours = f"**{format_ce_hours(data.ce_hours)}** ({data.format})."
    y = page.centered(when + hours, y + 3, "Serif", "", 13, _INK, markdown=True)
    page.centered(data.approval_statement, max(y + 5, 136), "Sans", "", 8.5, _GREY, width=215)
    _footer(page, data)
    if data.sample:  # drawn last, see-through, so it comes last when read aloud
        page.font("Sans", "B", 120, (200, 40, 40))
        with pdf.local_context(fill_opacity=0.13), pdf.rotation(18, _PAGE_W / 2, _PAGE_H / 2):
            pdf.set_xy(0, _PAGE_H / 2 - 22)
            pdf.cell(_PAGE_W, 44, "SAMPLE", align="C")
    return bytes(pdf.output())
