"""Uploads, the templates: the layout filled in with the course's examples.

:func:`template_workbook` gives one ``.xlsx`` workbook with a "How to fill
this in" sheet and one sheet a table; :func:`csv_templates` gives one CSV
file a table. Both hold Admirable's calculator inputs and Zontanos' first
draft, and read back through the upload reader as exactly those inputs.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple

import caserate_kit as ck

from ._balancer import BalancerState, first_draft
from ._calculator import SCENARIOS, CalculatorInputs, admirable_inputs
from ._upload_check import TABLES, TableSpec
from ._upload_read import INSTRUCTIONS_SHEET, MAX_ROWS, MAX_UPLOAD_BYTES
from ._upload_schemas import STAFF_ROLES

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["csv_templates", "template_tables", "template_workbook"]


class Value(NamedTuple):
    """A number and how it is shown: a percent (of points), dollars, or a plain number."""

    number: float
    unit: Literal["percent", "dollars", "number"] = "number"

    def text(self) -> str:
        """As a person would type it: ``9%``, ``$1,586.1739``, ``30,000``."""
        exact = Decimal(repr(self.number)).normalize()
        shown = format(exact, ",f") if exact else "0"
        if self.unit == "percent":
            return format(exact, "f") + "%"
        return "$" + shown if self.unit == "dollars" else shown


Cell = str | Value
Rows = list[tuple[Cell, ...]]


def _points(share: float) -> Value:
    return Value(float(Decimal(repr(share)) * 100), "percent")


def _calculator_tables(inputs: CalculatorInputs) -> dict[str, Rows]:
    names = {level.code: level.description for level in ck.examples.ADMIRABLE_LEVELS}
    population: Rows = [
        ("Enrollees", Value(inputs.enrollees)),
        *(
            (f"{name} penetration rate", Value(inputs.penetration[name], "percent"))
            for name in SCENARIOS
        ),
        ("Scenario for the plan", inputs.scenario),
        ("Cost per hour", Value(inputs.rate_per_hour, "dollars")),
    ]
    levels: Rows = [
        (code, names.get(code, ""), Value(inputs.hours[code]), Value(inputs.mix[code], "percent"))
        for code in inputs.mix
    ]
    codes: Rows = []
    for code in ck.examples.ADMIRABLE_SERVICE_CODES:
        mix = code.clinician_mix
        shares = (
            _points(mix.get(n, 0.0)) for n in ("Prescriber", "RN", "Masters level", "Below masters")
        )
        hours = Value(code.annual_hours or 0.0)
        codes.append(
            (code.code, code.description, *shares, Value(code.billed_per_hour, "dollars"), hours)
        )
    return {"Population": population, "Levels": levels, "Service codes": codes}


def _balancer_tables(state: BalancerState) -> dict[str, Rows]:
    model, staff = state.model, state.model.staffing
    plan: Rows = [
        ("Consumers a year", Value(model.consumers)),
        ("Productivity", _points(model.productivity)),
        ("Leave hours a year", Value(model.leave_hours)),
        ("Training hours a year", Value(model.training_hours)),
        ("Paid hours per FTE", Value(model.paid_hours)),
    ]
    levels: Rows = [
        (
            code,
            _points(share),
            Value(model.avg_hours[code]),
            Value(model.case_rates[code], "dollars"),
        )
        for code, share in model.case_mix.items()
    ]
    staffing: Rows = [
        ("Direct-service FTEs on the payroll", Value(staff.direct_ftes_on_payroll)),
        ("Benefits rate", _points(staff.benefits_rate)),
        ("Payroll tax rate", _points(staff.payroll_tax_rate)),
        ("Support FTEs", Value(staff.support_ftes)),
        ("Average support salary", Value(staff.avg_support_salary, "dollars")),
        ("Contractor fees", Value(staff.contractor_fees, "dollars")),
    ]
    mix = state.mix_now()
    staff_mix: Rows = [
        (role, _points(mix[role][0]), Value(mix[role][1], "dollars")) for role in STAFF_ROLES
    ]
    return {
        "Clinical plan": plan,
        "Plan levels": levels,
        "Staffing": staffing,
        "Staff mix": staff_mix,
        "Overhead": _lines(model.overhead),
        "Other revenue": _lines(model.other_revenue),
    }


def _lines(section: ck.Overhead | ck.OtherRevenue) -> Rows:
    names = {"working_capital": "Working capital", "fee_for_service": "Fee for service"}
    return [
        (names.get(line, line.capitalize()), Value(float(getattr(section, line)), "dollars"))
        for line in section.__dataclass_fields__
    ]


def template_tables(
    inputs: CalculatorInputs | None = None, state: BalancerState | None = None
) -> dict[str, Rows]:
    """Every table of the layout, row 1 (the column names) first, filled with the inputs given.

    The defaults are the course's examples: Admirable for the calculator,
    Zontanos' first draft for the balancer.
    """
    rows = {
        **_calculator_tables(inputs or admirable_inputs()),
        **_balancer_tables(state or first_draft()),
    }
    return {spec.name: [spec.columns(), *rows[spec.name]] for spec in TABLES}


def _how_to() -> list[str]:
    def names(exercise: str) -> str:
        return ", ".join(spec.name for spec in TABLES if spec.exercise == exercise)

    lines = [
        "How to fill this in",
        "",
        "This workbook holds your own numbers for two course exercises. It comes filled in "
        "with the course's examples (Admirable and Zontanos): replace them with yours.",
        f"The case-rate calculator reads the sheets {names('calculator')}.",
        f"The budget balancer reads the sheets {names('balancer')}.",
        "",
        "Keep the sheet names and the column names in row 1. Sheets of your own (notes, "
        "say) are not read. Add or delete rows as you need "
        f"(at most {MAX_ROWS} a sheet). In the Item | Value sheets, fill in column Value.",
        "Type numbers as you would anywhere: 1,200 or $1,200.50, and 12% or 0.12 for twelve "
        "percent (in a percent column a number of 1 or less is a share; type 0.5% for half "
        "a percent).",
        "Shares of cases, clinician shares and the staff mix each add up to 100%.",
        "Cost per hour may be left blank: the calculator then uses the Service codes rates, "
        "weighted by their annual hours. If you fill in both, they must agree to the cent.",
        "",
        "Type values, not formulas: a cell holding a formula is refused (select the cells, "
        "copy, then Paste Special, Values). Workbooks with macros (.xlsm) are refused.",
        f"The file may be up to {MAX_UPLOAD_BYTES / 1_000_000:g} MB. A sheet you leave out "
        "keeps the numbers the exercise already has.",
        "",
        "To upload one table as a CSV file: save that sheet as CSV (File, Save As, CSV UTF-8) "
        "and name the file after the sheet, for example Levels.csv.",
    ]
    return lines


def template_workbook() -> bytes:
    """The template workbook (``.xlsx`` bytes): how to fill it in, then one sheet a table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = INSTRUCTIONS_SHEET
    for line in _how_to():
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 110
    for name, rows in template_tables().items():
        _write_sheet(book.create_sheet(name), rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_FORMATS = {"percent": "0.00%", "dollars": '"$"#,##0.00', "number": "General"}


def _write_sheet(sheet: Worksheet, rows: Rows) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils.cell import get_column_letter

    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c)
            if isinstance(value, Value):
                percent = value.unit == "percent"
                cell.value = float(Decimal(repr(value.number)) / 100) if percent else value.number
                cell.number_format = _FORMATS[value.unit]
            else:
                cell.value = value
                cell.data_type = "s"  # text, even if it starts with "="
                cell.font = Font(bold=r == 1)
    for c in range(1, len(rows[0]) + 1):
        texts = [str(row[c - 1]) for row in rows if isinstance(row[c - 1], str)]
        width = max((len(t) for t in texts), default=10)
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width, 10) + 2, 45)


def csv_templates() -> dict[str, bytes]:
    """One CSV file a table, by file name (``Levels.csv``), as UTF-8 with a byte-order mark."""
    files = {}
    for spec, rows in zip(TABLES, template_tables().values(), strict=True):
        files[_file_name(spec)] = _csv(rows)
    return files


def _file_name(spec: TableSpec) -> str:
    return f"{spec.name}.csv"


def _csv(rows: Rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(value.text() if isinstance(value, Value) else value for value in row)
    return buffer.getvalue().encode("utf-8-sig")
