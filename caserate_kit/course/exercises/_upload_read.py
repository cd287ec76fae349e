"""Uploads, step 1: an uploaded file's bytes and name in, its tables as typed text out.

A CSV file holds one table; an Excel workbook (``.xlsx``) holds one table a
sheet. Every cell comes out as the text a person would read in it: numbers
from a workbook as plain digits (``0.12`` in a percent-formatted cell as
``12%``), blank cells as ``""``. Nothing is written to disk and nothing in
the file is run: a formula comes out as its text (``=B2*2``), never worked
out, for the next step to refuse; workbooks with macros are refused here.

Limits, checked before the file is parsed: :data:`MAX_UPLOAD_BYTES` a file,
:data:`MAX_UNPACKED_BYTES` for a workbook's unzipped parts, :data:`MAX_SHEETS`
sheets, and :data:`MAX_ROWS` rows a table (counted in a CSV file before it is
split into cells; in a workbook, reading stops at the first row too many).
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Literal

__all__ = [
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SHEETS",
    "MAX_UNPACKED_BYTES",
    "MAX_UPLOAD_BYTES",
    "RawTable",
    "RawUpload",
    "read_upload",
]

MAX_UPLOAD_BYTES = 1_000_000
"""The largest file accepted: 1 MB (a filled-in template is about 13 KB)."""

MAX_UNPACKED_BYTES = 25_000_000
"""The most a workbook's parts may add up to once unzipped: 25 MB."""

MAX_ROWS = 500
"""The most rows a table may have, not counting the column names in row 1."""

MAX_SHEETS = 20
"""The most sheets a workbook may have."""

MAX_COLUMNS = 30
"""Columns read from each sheet; cells further right are not read."""

INSTRUCTIONS_SHEET = "How to fill this in"
"""The template's instructions sheet, which is never read as a table."""

_WORKBOOK, _CSV = {".xlsx"}, {".csv"}
_MACRO_NAMES = {".xlsm", ".xltm", ".xlam"}
_OLD_EXCEL = {".xls", ".xlt"}
_PDF, _OLE, _ZIP = b"%PDF", b"\xd0\xcf\x11\xe0", b"PK\x03\x04"


@dataclass(frozen=True)
class RawTable:
    """One table as typed: the column names of row 1 and the rows below, as text.

    ``rows`` pairs each row's number as a spreadsheet shows it (the column
    names are row 1) with its cells; blank rows are left out.
    """

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True)
class RawUpload:
    """What a file held: its tables, or the problems that stopped it being read."""

    file_name: str
    kind: Literal["csv", "workbook"]
    tables: tuple[RawTable, ...] = ()
    problems: tuple[str, ...] = ()


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB"


def read_upload(content: bytes | bytearray | memoryview, name: str) -> RawUpload:
    """Read an uploaded CSV or ``.xlsx`` file (bytes and its file name) into tables of text.

    Examples
    --------
    >>> upload = read_upload(b"Item,Value\\nEnrollees,\\"30,000\\"\\n", "Population.csv")
    >>> upload.tables[0].rows
    ((2, ('Enrollees', '30,000')),)
    >>> read_upload(b"%PDF-1.7", "Levels.csv").problems[0]
    '“Levels.csv” is a PDF. Upload the CSV or Excel (.xlsx) file itself.'
    """
    suffix = PurePath(name).suffix.lower()
    kind: Literal["csv", "workbook"] = "csv" if suffix in _CSV else "workbook"
    size = memoryview(content).nbytes
    problem = _kind_problem(name, suffix)
    if problem is None and size > MAX_UPLOAD_BYTES:  # before the bytes are copied or read
        problem = _too_big(name, size)
    if problem:
        return RawUpload(name, kind, problems=(problem,))
    data = bytes(content)
    problem = _content_problem(name, data, kind)
    if problem:
        return RawUpload(name, kind, problems=(problem,))
    if kind == "csv":
        return _read_csv(name, data)
    return _read_workbook(name, data)


def _too_big(name: str, size: int) -> str:
    return (
        f"“{name}” is {_size(size)}; the limit is {_size(MAX_UPLOAD_BYTES)} a file. "
        "Remove sheets, pictures or rows the course does not use."
    )


def _kind_problem(name: str, suffix: str) -> str | None:
    if suffix in _WORKBOOK | _CSV:
        return None
    if suffix in _MACRO_NAMES:
        return (
            f"“{name}” is a workbook with macros ({suffix}). Macros are never accepted: "
            "save a copy as Excel Workbook (.xlsx) and upload that."
        )
    if suffix in _OLD_EXCEL:
        return (
            f"“{name}” is in the old Excel format ({suffix}). Open it in Excel, save a copy "
            "as Excel Workbook (.xlsx), and upload that."
        )
    return f"“{name}” is not a CSV (.csv) or Excel (.xlsx) file. Upload one of those."


def _content_problem(name: str, data: bytes, kind: str) -> str | None:
    if not data.strip():
        return f"“{name}” is empty. Fill in the template and upload it again."
    if data.startswith(_PDF):
        return f"“{name}” is a PDF. Upload the CSV or Excel (.xlsx) file itself."
    if data.startswith(_OLE):
        return (
            f"“{name}” is an old-style Excel file or a workbook with a password. Save a "
            "copy as Excel Workbook (.xlsx) without a password, and upload that."
        )
    if kind == "csv" and (data.startswith(_ZIP) or b"\x00" in data):
        return (
            f"“{name}” is not a CSV file (it holds no plain text). In Excel, choose "
            "Save As, CSV UTF-8, or upload the workbook as .xlsx."
        )
    return None


# -- CSV ------------------------------------------------------------------------------------


def _decoded(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(name: str, data: bytes) -> RawUpload:
    text = _decoded(data)
    if text is None:
        return RawUpload(name, "csv", problems=(f"“{name}” is not a text file saved as CSV.",))
    lines = [line for line in text.splitlines() if line.strip(" ,;\t")]
    if len(lines) > MAX_ROWS + 1:
        return RawUpload(name, "csv", problems=(_too_many_rows(PurePath(name).stem),))
    header = lines[0] if lines else ""
    delimiter = max(",;\t", key=header.count) if any(c in header for c in ",;\t") else ","
    cells = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    table = _table(PurePath(name).stem, enumerate(cells, start=1))
    return RawUpload(name, "csv", tables=(table,))


def _too_many_rows(table: str) -> str:
    return (
        f"{table}: more than {MAX_ROWS} rows. A table may have at most {MAX_ROWS} rows "
        "under its column names; remove the rows the course does not use."
    )


def _table(name: str, numbered: Iterable[tuple[int, Sequence[object]]]) -> RawTable:
    """A table from (row number, cells) pairs: the first non-blank row holds the column names."""
    rows: list[tuple[int, tuple[str, ...]]] = []
    for number, cells in numbered:
        texts = tuple(" ".join(str(c).replace("\u00a0", " ").split()) for c in cells)
        if any(texts):
            rows.append((number, texts))
    if not rows:
        return RawTable(name, (), ())
    return RawTable(name, rows[0][1], tuple(rows[1:]))


# -- Excel ----------------------------------------------------------------------------------


def _zip_problem(name: str, data: bytes) -> str | None:
    """Refuse, before any XML is parsed, what is not a plain workbook (or is too big unzipped)."""
    not_workbook = (
        f"“{name}” is not an Excel workbook. In Excel, choose Save As, Excel Workbook "
        "(.xlsx), and upload that file."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
                return (
                    f"“{name}” unpacks to more than {_size(MAX_UNPACKED_BYTES)}, the limit for "
                    "a workbook. Remove pictures, sheets or rows the course does not use."
                )
            names = {part.filename.lower() for part in parts}
            types = archive.read("[Content_Types].xml") if "[content_types].xml" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return not_workbook
    if any(n.endswith("vbaproject.bin") for n in names) or b"macroenabled" in types.lower():
        return (
            f"“{name}” holds macros, which are never accepted. Save a copy as Excel "
            "Workbook (.xlsx), which leaves the macros out, and upload that."
        )
    if "xl/workbook.xml" not in names:
        for folder, what in (("word/", "a Word"), ("ppt/", "a PowerPoint")):
            if any(part.startswith(folder) for part in names):
                return f"“{name}” is {what} file renamed .xlsx, not an Excel workbook."
        return not_workbook
    return None


def _read_workbook(name: str, data: bytes) -> RawUpload:
    problem = _zip_problem(name, data)
    if problem:
        return RawUpload(name, "workbook", problems=(problem,))
    from openpyxl import load_workbook

    tables: list[RawTable] = []
    problems: list[str] = []
    try:
        with warnings.catch_warnings():
            # Notes about parts the reader leaves out (styles, extensions) are not problems.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                if len(book.sheetnames) > MAX_SHEETS:
                    return RawUpload(name, "workbook", problems=(_too_many_sheets(name),))
                for sheet in book.worksheets:
                    if sheet.title.strip().casefold() != INSTRUCTIONS_SHEET.casefold():
                        _read_sheet(sheet, tables, problems)
            finally:
                book.close()
    except Exception:  # a damaged file may fail anywhere in the reader; say so, never crash
        return RawUpload(
            name,
            "workbook",
            problems=(
                f"“{name}” could not be read as an Excel workbook; it may be damaged. Open "
                "it in Excel, save a copy as Excel Workbook (.xlsx), and upload that.",
            ),
        )
    return RawUpload(name, "workbook", tuple(tables), tuple(problems))


def _too_many_sheets(name: str) -> str:
    return f"“{name}” has more than {MAX_SHEETS} sheets. Keep only the template's sheets."


def _read_sheet(sheet: Any, tables: list[RawTable], problems: list[str]) -> None:
    numbered: list[tuple[int, list[str]]] = []
    filled = 0
    for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        texts = [_cell_text(cell) for cell in cells]
        if any(t.strip() for t in texts):
            filled += 1
            if filled > MAX_ROWS + 1:
                problems.append(_too_many_rows(sheet.title))
                return
            numbered.append((number, texts))
    tables.append(_table(sheet.title, numbered))


def _cell_text(cell: Any) -> str:
    """A workbook cell as the text a person reads in it; a formula as its text, not its result."""
    value = cell.value
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "f" and not isinstance(value, str):
        text = getattr(value, "text", None)  # array formula
        return text if isinstance(text, str) and text.startswith("=") else "=(formula)"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value, "%" in str(getattr(cell, "number_format", "")))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _number_text(value: float, percent: bool) -> str:
    """Digits as written: no exponent, no trailing zeros; a percent cell's share as a percent."""
    number = Decimal(repr(value)) * (100 if percent else 1)
    text = format(number.normalize(), "f") if number else "0"
    return text + ("%" if percent else "")
