"""Cells of the Excel export: inputs, formulas with their figures, names and formats.

Every sheet of :func:`~caserate_kit.write_plan_workbook` is written through
:class:`Sheet`, so that three rules hold everywhere: text is always written
as text (a name typed as ``=HYPERLINK(...)`` stays a name, never a formula);
every formula carries the figure caserate_kit computed for it, for viewers
that do not recalculate; and a figure shown rounded is ``ROUND`` of the one
cell that holds it unrounded, rounded as :func:`~caserate_kit.round_dollars` does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any, Literal

from xlsxwriter.utility import xl_rowcol_to_cell  # type: ignore[import-untyped, unused-ignore]
from xlsxwriter.workbook import Workbook  # type: ignore[import-untyped, unused-ignore]

from ._money import round_dollars

__all__ = ["Book", "Kind", "Sheet"]

Kind = Literal["dollars", "cents", "percent", "count", "hours", "fte", "number", "ratio", "text"]
"""How a cell's figure is shown."""

NUMBER_FORMATS: dict[str, str] = {
    "dollars": '"$"#,##0',
    "cents": '"$"#,##0.00',
    "percent": "0.00%",
    "count": "#,##0",
    "hours": "#,##0.0",
    "fte": "#,##0.00",
    "number": "General",
    "ratio": "0.0000",
    "text": "@",
}

_STYLES: dict[str, dict[str, object]] = {
    "input": {"bg_color": "#FFF2CC", "font_color": "#1F4E9B", "border": 1},  # shaded: type here
    "header": {"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"},
    "bold": {"bold": True},
    "title": {"bold": True, "font_size": 14},
}


_ADDRESS = r"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?"  # a cell or a range


def _relative(address: re.Match[str]) -> str:
    """A cell or range of the sheet a formula is on, without its sheet's name and dollar signs."""
    first, row, last, last_row = address.groups()
    return f"{first}{row}" + (f":{last}{last_row}" if last else "")


class Book:
    """An XlsxWriter workbook with one format per kind of figure."""

    def __init__(self, target: str | IO[bytes]) -> None:
        options = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
        self.workbook: Any = Workbook(target, options)
        self._formats: dict[tuple[str, str], Any] = {}

    def format(self, kind: str, style: str = "") -> Any:
        """The format of a kind of figure in a style: ``input``, ``header``, ``bold``, ``title``."""
        key = (kind, style)
        if key not in self._formats:
            props: dict[str, object] = {}
            if kind in NUMBER_FORMATS:
                props["num_format"] = NUMBER_FORMATS[kind]
            props.update(_STYLES.get(style, {}))
            self._formats[key] = self.workbook.add_format(props)
        return self._formats[key]

    def sheet(self, name: str, title: str, intro: str, widths: Sequence[float]) -> Sheet:
        """A new sheet with its title on row 1 and one line saying what it shows on row 2."""
        worksheet = self.workbook.add_worksheet(name)
        worksheet.set_landscape()
        worksheet.fit_to_pages(1, 0)  # printed one page wide, as many long as it takes
        for col, width in enumerate(widths):
            worksheet.set_column(col, col, width)
        sheet = Sheet(self, worksheet, name)
        sheet.text(0, 0, title, style="title")
        sheet.text(1, 0, intro)
        return sheet

    def close(self) -> None:
        """Write the file."""
        self.workbook.close()


@dataclass
class Sheet:
    """One worksheet, written a cell at a time; every method returns the cell's address."""

    book: Book
    worksheet: Any
    name: str

    def ref(self, row: int, col: int) -> str:
        """The absolute address of a cell, with this sheet's name (``'Budget'!$F$9``)."""
        return f"'{self.name}'!{xl_rowcol_to_cell(row, col, True, True)}"

    def text(self, row: int, col: int, text: str, style: str = "") -> str:
        """Text, always as text: a leading ``=``, ``+``, ``-`` or ``@`` makes no formula."""
        self.worksheet.write_string(row, col, text, self.book.format("text", style))
        return self.ref(row, col)

    def headers(self, row: int, labels: Sequence[str]) -> None:
        """A row of column headings."""
        for col, label in enumerate(labels):
            self.text(row, col, label, style="header")

    def value(self, row: int, col: int, number: float, kind: Kind) -> str:
        """A figure written as a value (no formula), such as a simulation's result."""
        self.worksheet.write_number(row, col, number, self.book.format(kind))
        return self.ref(row, col)

    def input(self, row: int, col: int, number: float, kind: Kind, name: str = "") -> str:
        """An input the reader may change (shaded), optionally given a workbook name."""
        self.worksheet.write_number(row, col, number, self.book.format(kind, "input"))
        if name:
            self.name_range(name, row, col)
        return self.ref(row, col)

    def formula(
        self, row: int, col: int, formula: str, figure: float | str, kind: Kind, style: str = ""
    ) -> str:
        """A formula and the figure caserate_kit computed for it.

        Addresses on this sheet are written short and relative (``F5``, not ``'Budget'!$F$5``).
        """
        formula = re.sub(rf"'{re.escape(self.name)}'!{_ADDRESS}", _relative, formula)
        cached = figure if isinstance(figure, str) else float(figure)
        self.worksheet.write_formula(row, col, formula, self.book.format(kind, style), cached)
        return self.ref(row, col)

    def rounded(
        self,
        row: int,
        col: int,
        source: str,
        figure: float,
        cents: bool = False,
        style: str = "",
    ) -> str:
        """``ROUND`` of the cell ``source`` to the dollar (or cent), as the course shows it."""
        kind: Kind = "cents" if cents else "dollars"
        shown = round_dollars(figure, cents=cents)
        return self.formula(row, col, f"=ROUND({source},{2 if cents else 0})", shown, kind, style)

    def name_range(self, name: str, row: int, col: int, last_row: int | None = None) -> None:
        """Give a cell, or the column of cells down to ``last_row``, a workbook-wide name."""
        first = xl_rowcol_to_cell(row, col, True, True)
        cells = (
            first if last_row is None else f"{first}:{xl_rowcol_to_cell(last_row, col, True, True)}"
        )
        self.book.workbook.define_name(name, f"='{self.name}'!{cells}")

    def span(self, first_row: int, last_row: int, col: int) -> str:
        """The address of a column of cells on this sheet (``'Budget'!$F$5:$F$8``)."""
        last = xl_rowcol_to_cell(last_row, col, True, True)
        return f"{self.ref(first_row, col)}:{last}"

    def note(self, row: int, col: int, text: str) -> None:
        """A note (comment) on a cell, shown when the pointer rests on it."""
        self.worksheet.write_comment(row, col, text, {"x_scale": 2, "y_scale": 1.5})
