"""Uploads, step 3: match an upload's tables to the schemas and say what is wrong, where.

Each problem names the table (the sheet, or the table a CSV file holds), the
row as a spreadsheet numbers it (the column names are row 1) and the column,
then what was found and what to type instead, for example
``Levels, row 4, column Average hours: “-5” is below zero ...``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal, NamedTuple

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from ._upload_read import RawTable, RawUpload
from ._upload_schemas import (
    ClinicalPlan,
    LevelRow,
    Levels,
    OtherRevenueSheet,
    OverheadSheet,
    PlanLevelRow,
    PlanLevels,
    Population,
    ServiceCodeRow,
    ServiceCodes,
    Sheet,
    StaffingSheet,
    StaffMix,
    StaffMixRow,
    name_key,
)

__all__ = [
    "CLOSE_NAME",
    "EXERCISES",
    "TABLES",
    "Checked",
    "Exercise",
    "TableSpec",
    "check_table",
    "check_upload",
]

Exercise = Literal["calculator", "balancer"]

EXERCISES: dict[Exercise, str] = {
    "calculator": "the case-rate calculator",
    "balancer": "the budget balancer",
}

ITEM, VALUE = "Item", "Value"

CLOSE_NAME = 0.8
"""How alike (0 to 1, by :class:`difflib.SequenceMatcher`) a sheet's name and a template
sheet's name must be for the sheet to be refused as a misspelling rather than left unread."""


@dataclass(frozen=True)
class TableSpec:
    """One table of the layout: its name, model and exercise.

    ``row`` is the model of one row, or ``None`` for an ``Item | Value`` table
    (one item a row); ``per_row`` says what one row holds.
    """

    name: str
    model: type[Sheet]
    exercise: Exercise
    row: type[Sheet] | None = None
    per_row: str = "item"

    def fields(self) -> dict[str, FieldInfo]:
        """Column (or item) name to its field, in the order of the template."""
        fields = (self.row or self.model).model_fields.values()
        return {str(field.alias): field for field in fields}

    def columns(self) -> tuple[str, ...]:
        """The column names of row 1."""
        return tuple(self.fields()) if self.row else (ITEM, VALUE)


TABLES = (
    TableSpec("Population", Population, "calculator"),
    TableSpec("Levels", Levels, "calculator", LevelRow, "level"),
    TableSpec("Service codes", ServiceCodes, "calculator", ServiceCodeRow, "billing code"),
    TableSpec("Clinical plan", ClinicalPlan, "balancer"),
    TableSpec("Plan levels", PlanLevels, "balancer", PlanLevelRow, "level"),
    TableSpec("Staffing", StaffingSheet, "balancer"),
    TableSpec("Staff mix", StaffMix, "balancer", StaffMixRow, "role"),
    TableSpec("Overhead", OverheadSheet, "balancer"),
    TableSpec("Other revenue", OtherRevenueSheet, "balancer"),
)
"""Every table an upload may hold, in the order of the template."""


def _names(exercise: Exercise) -> str:
    names = [spec.name for spec in TABLES if spec.exercise == exercise]
    return ", ".join(names[:-1]) + " and " + names[-1]


# -- which tables ---------------------------------------------------------------------------


class Checked(NamedTuple):
    """An upload checked: table name to model, the problems, and notes on what was not read."""

    tables: dict[str, Sheet]
    problems: list[str]
    notes: list[str]


def check_upload(upload: RawUpload, exercise: Exercise) -> Checked:
    """The exercise's tables an upload holds, checked.

    A workbook's sheets that are not the template's (an agency's "Notes") are
    not read, and each gets a note; a sheet whose name is close to one of the
    template's (``Level``) is refused as a likely misspelling.
    """
    if upload.problems:
        return Checked({}, list(upload.problems), [])
    matched, problems, notes = _match(upload, exercise)
    if not matched and not problems:
        problems.append(
            f"“{upload.file_name}” holds none of the sheets of {EXERCISES[exercise]} "
            f"({_names(exercise)}). Its sheets are: "
            + (", ".join(t.name for t in upload.tables) or "none")
            + "."
        )
    tables: dict[str, Sheet] = {}
    for spec, raw in matched:
        model, found = check_table(raw, spec)
        problems.extend(found)
        if model is not None:
            tables[spec.name] = model
    return Checked(tables, problems, notes)


def _close_to(name: str) -> TableSpec | None:
    """The template's table whose name ``name`` looks like a misspelling of, if any."""
    key = name_key(name)
    ratios = [(SequenceMatcher(None, key, name_key(s.name)).ratio(), s) for s in TABLES]
    ratio, spec = max(ratios, key=lambda pair: pair[0])
    return spec if ratio >= CLOSE_NAME else None


def _match(
    upload: RawUpload, exercise: Exercise
) -> tuple[list[tuple[TableSpec, RawTable]], list[str], list[str]]:
    if upload.kind == "csv":
        matched, problems = _match_csv(upload, exercise)
        return matched, problems, []
    by_key = {name_key(spec.name): spec for spec in TABLES}
    matched, problems, notes = [], [], []
    for raw in upload.tables:
        spec = by_key.get(name_key(raw.name))
        if spec is None and (close := _close_to(raw.name)) is not None:
            problems.append(
                f"Sheet “{raw.name}” is not a sheet of the template, but its name is close to "
                f"{close.name}. If it holds the {close.name} table, rename it {close.name}; "
                "if not, give it another name or delete it."
            )
        elif spec is None:
            notes.append(f"Sheet “{raw.name}” was not read: it is not a sheet of the template.")
        elif spec.exercise == exercise:
            matched.append((spec, raw))
    return matched, problems, notes


def _match_csv(
    upload: RawUpload, exercise: Exercise
) -> tuple[list[tuple[TableSpec, RawTable]], list[str]]:
    """A CSV file's table is the one its file name names (``Levels.csv``, ``Levels (2).csv``)."""
    raw = upload.tables[0]
    named = [spec for spec in TABLES if name_key(spec.name) in name_key(raw.name)]
    if not named:
        files = ", ".join(f"{spec.name}.csv" for spec in TABLES if spec.exercise == exercise)
        return [], [
            f"“{upload.file_name}” does not say which table it holds. A CSV file holds one "
            f"table and is named after it: {files}. Rename the file and upload it again."
        ]
    spec = max(named, key=lambda s: len(name_key(s.name)))
    if spec.exercise != exercise:
        return [], [
            f"“{upload.file_name}” holds the {spec.name} table of {EXERCISES[spec.exercise]}; "
            f"{EXERCISES[exercise]} reads {_names(exercise)}."
        ]
    return [(spec, raw)], []


# -- one table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cells:
    """Where each value handed to a model came from, for messages."""

    table: str
    numbers: Sequence[int]
    texts: Sequence[Mapping[str, str]]
    positions: Mapping[str, int]


def check_table(raw: RawTable, spec: TableSpec) -> tuple[Sheet | None, list[str]]:
    """The table's model, or ``None`` and every problem found in it."""
    if not raw.header:
        return None, [f"{spec.name}: the table is empty. Copy it from the template and fill it in."]
    positions = _positions(raw.header, spec.columns())
    required = (
        [c for c, f in spec.fields().items() if f.is_required()] if spec.row else [ITEM, VALUE]
    )
    missing = [column for column in required if column not in positions]
    if missing:
        return None, [_columns_problem(spec, raw.header, missing)]
    if not raw.rows:
        return None, [
            f"{spec.name}: no rows under the column names in row 1. Add one row per {spec.per_row}."
        ]
    if spec.row:
        return _check_rows(raw, spec, positions)
    return _check_items(raw, spec, positions)


def _positions(header: Sequence[str], columns: Sequence[str]) -> dict[str, int]:
    by_key = {name_key(column): column for column in columns}
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        column = by_key.get(name_key(name))
        if column is not None and column not in positions:
            positions[column] = index
    return positions


def _columns_problem(spec: TableSpec, header: Sequence[str], missing: list[str]) -> str:
    found = ", ".join(name for name in header if name) or "nothing"
    return (
        f"{spec.name}: row 1 has no column {' and no column '.join(missing)}. Row 1 holds: "
        f"{found}. It must hold the column names {', '.join(spec.columns())} (in any order)."
    )


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _check_rows(
    raw: RawTable, spec: TableSpec, positions: Mapping[str, int]
) -> tuple[Sheet | None, list[str]]:
    texts = [
        {column: _cell(cells, i) for column, i in positions.items() if _cell(cells, i)}
        for _, cells in raw.rows
    ]
    cells = _Cells(spec.name, [number for number, _ in raw.rows], texts, positions)
    try:
        return spec.model.model_validate({"rows": texts}), []
    except ValidationError as error:
        return None, [_row_problem(error_, cells, spec) for error_ in error.errors()]


def _row_problem(error: Any, cells: _Cells, spec: TableSpec) -> str:
    loc, ctx = error["loc"], error.get("ctx") or {}
    if len(loc) >= 2:
        index = int(loc[1])
        column = str(loc[2]) if len(loc) > 2 else None
    elif "index" in ctx:
        index, column = int(ctx["index"]), str(ctx["column"])
    else:
        return f"{cells.table}: {_message(error, '', None, spec)}"
    where = f"{cells.table}, row {cells.numbers[index]}"
    if column is None:
        return f"{where}: {_message(error, '', None, spec)}"
    text = cells.texts[index].get(column, "")
    ref = _ref(cells.positions[column], cells.numbers[index])
    message = _message(error, text, ref, spec, column)
    if "first" in ctx:
        message += f" (It is also on row {cells.numbers[int(ctx['first'])]}.)"
    return f"{where}, column {column}: {message}"


def _check_items(
    raw: RawTable, spec: TableSpec, positions: Mapping[str, int]
) -> tuple[Sheet | None, list[str]]:
    items = {name_key(name): name for name in spec.fields()}
    rows: dict[str, int] = {}
    values: dict[str, str] = {}
    problems: list[str] = []
    for number, cells in raw.rows:
        text = _cell(cells, positions[ITEM])
        item = items.get(name_key(text))
        where = f"{spec.name}, row {number}, column {ITEM}"
        if item is None:
            shown = f"“{text}” is not an item of this table" if text else "is blank"
            problems.append(f"{where}: {shown}. The items are: {', '.join(spec.fields())}.")
        elif item in rows:
            problems.append(f"{where}: {item} is on two rows (also row {rows[item]}). Keep one.")
        else:
            rows[item] = number
            if _cell(cells, positions[VALUE]):
                values[item] = _cell(cells, positions[VALUE])
    try:
        model = spec.model.model_validate(values)
    except ValidationError as error:
        problems.extend(_item_problem(e, spec, rows, values, positions) for e in error.errors())
        return None, problems
    return (None if problems else model), problems


def _item_problem(
    error: Any,
    spec: TableSpec,
    rows: Mapping[str, int],
    values: Mapping[str, str],
    positions: Mapping[str, int],
) -> str:
    if not error["loc"]:
        return f"{spec.name}: {_message(error, '', None, spec)}"
    item = str(error["loc"][0])
    if item not in rows:
        return (
            f"{spec.name}: no row for {item}. Add a row with {item} in column {ITEM} "
            f"and its value in column {VALUE}."
        )
    ref = _ref(positions[VALUE], rows[item])
    message = _message(error, values.get(item, ""), ref, spec, item)
    return f"{spec.name}, row {rows[item]}, column {VALUE} ({item}): {message}"


def _ref(index: int, row: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return f"{get_column_letter(index + 1)}{row}"


def _message(
    error: Any, text: str, ref: str | None, spec: TableSpec, field: str | None = None
) -> str:
    """What was wrong with one value, and what to type instead."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        hint = spec.fields()[field].description if field else None
        return f"is blank. {hint or 'Fill it in.'}"
    if kind == "formula":
        return (
            f"cell {ref} holds a formula ({text}). Formulas are never worked out here: type "
            "the value itself (in Excel, copy the cells, then Paste Special, Values)."
        )
    if kind == "greater_than_equal" and ctx["ge"] == 0:
        return f"“{text}” is below zero; it cannot be negative. Type 0 or more."
    if kind == "greater_than" and ctx["gt"] == 0:
        return f"“{text}” must be more than zero. Type a number above 0."
    if kind == "less_than_equal":  # only percents have an upper limit, 100%
        return f"“{text}” is more than {ctx['le']:g}%. Type a percent from 0% to {ctx['le']:g}%."
    if "message" in ctx:
        return str(ctx["message"])
    return str(error["msg"])
