"""The "Your own numbers" card both finance pages share: the templates, the picker, the result.

The template and its CSV files are built only when their links are chosen
(the upload libraries load then, not when the page starts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]

from ..widgets._download_link import CSV, XLSX, DownloadLink
from ..widgets._file_picker import FilePicker
from ._layout import section
from ._upload_read import MAX_UPLOAD_BYTES

__all__ = ["PICKER_LABEL", "OwnNumbersCard"]

PICKER_LABEL = "Load your own numbers (CSV or Excel .xlsx)"


def _template() -> bytes:
    from ._upload_template import template_workbook

    return template_workbook()


def _csv_template(table: str) -> bytes:
    from ._upload_template import csv_templates

    return csv_templates()[f"{table}.csv"]


class OwnNumbersCard:
    """The card's controls, for a page whose ``tables`` are offered as CSV templates and
    whose ``on_file(name, content)`` takes a loaded file; ``hint`` has a ``{limit}``."""

    def __init__(
        self, tables: Sequence[str], on_file: Callable[[str, bytes], None], hint: str
    ) -> None:
        self.template_link = DownloadLink(
            "Download the template (.xlsx)", "caserate-template.xlsx", _template, XLSX
        )
        self.csv_links = [
            DownloadLink(
                f"{table} template (.csv)", f"{table}.csv", partial(_csv_template, table), CSV
            )
            for table in tables
        ]
        limit = f"{MAX_UPLOAD_BYTES / 1_000_000:g} MB"
        self.picker = FilePicker(PICKER_LABEL, MAX_UPLOAD_BYTES, on_file, hint.format(limit=limit))
        self.upload_result = widgets.HTML()

    def card(self, lede: str) -> widgets.VBox:
        """The card, headed "Your own numbers" and introduced by ``lede``."""
        csv_row = widgets.HBox(
            [widgets.HTML("<span>Or one table a file, as CSV:</span>"), *self.csv_links]
        )
        csv_row.add_class("ck-downloads")
        card = section(
            "Your own numbers",
            lede,
            [self.template_link, csv_row, self.picker, self.upload_result],
        )
        card.add_class("ck-ex-own")
        return card
