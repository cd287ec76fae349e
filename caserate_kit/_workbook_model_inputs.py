"""The Model inputs sheet of the Excel export: the clinical-financial model as typed.

Sections 1 to 7 of :class:`~caserate_kit.ClinicalFinancialModel`, each
figure a shaded, named input (``Consumers``, ``Productivity``,
``OverheadTravel``), and the levels with their case mix, hours and case rates.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from ._clinical_financial import ClinicalFinancialModel
from ._costs import OtherRevenue, Overhead
from ._workbook_cells import Book, Kind

__all__ = ["FIRST", "ModelCells", "money_lines", "write_model_inputs"]

FIRST = 4
"""Row (from 0) of the first figure on each of the model's sheets."""

_Row = tuple[str, float, Kind, str, str]  # label, figure, kind, name, what it is


@dataclass
class ModelCells:
    """Addresses of the model's by-level cells, level by level."""

    codes: list[str] = field(default_factory=list)
    mix: list[str] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    rates: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)  # on the Capacity sheet


def money_lines(section: Overhead | OtherRevenue) -> list[_Row]:
    """One input row per dollar line of the overhead (section 6) or other revenue (section 7)."""
    prefix, what, number = (
        ("Overhead", "Overhead", 6)
        if isinstance(section, Overhead)
        else ("OtherRevenue", "Other revenue", 7)
    )
    return [
        (
            f"{what}: {line.name.replace('_', ' ')}",
            getattr(section, line.name),
            "cents",
            prefix + "".join(part.capitalize() for part in line.name.split("_")),
            f"Section {number}: dollars a year",
        )
        for line in dataclasses.fields(section)
    ]


def _scalar_rows(model: ClinicalFinancialModel, tolerance: float) -> list[_Row]:
    staff = model.staffing
    return [
        ("Consumers", model.consumers, "count", "Consumers", "Section 1: consumers (cases) a year"),
        ("Paid hours per FTE", model.paid_hours, "hours", "PaidHours", "Section 3: a year"),
        (
            "Leave hours",
            model.leave_hours,
            "hours",
            "LeaveHours",
            "Section 3: vacation, sick time, holidays",
        ),
        ("Training hours", model.training_hours, "hours", "TrainingHours", "Section 3: a year"),
        (
            "Productivity",
            model.productivity,
            "percent",
            "Productivity",
            "Section 3: share of the hours at work spent with consumers",
        ),
        (
            "Direct-service FTEs on the payroll",
            staff.direct_ftes_on_payroll,
            "fte",
            "DirectFtesOnPayroll",
            "Section 4: clinicians employed now",
        ),
        (
            "Average direct-service salary",
            staff.avg_direct_salary,
            "cents",
            "AvgDirectSalary",
            "Section 5: over the staff mix",
        ),
        (
            "Benefits rate",
            staff.benefits_rate,
            "percent",
            "BenefitsRate",
            "Section 5: share of salary",
        ),
        (
            "Payroll tax rate",
            staff.payroll_tax_rate,
            "percent",
            "PayrollTaxRate",
            "Section 5: share of salary (employer FICA 7.65%)",
        ),
        (
            "Support FTEs",
            staff.support_ftes,
            "fte",
            "SupportFtes",
            "Section 5: staff who deliver no services",
        ),
        (
            "Average support salary",
            staff.avg_support_salary,
            "cents",
            "AvgSupportSalary",
            "Section 5",
        ),
        (
            "Contractor fees",
            staff.contractor_fees,
            "cents",
            "ContractorFees",
            "Section 5: no benefits or payroll tax",
        ),
        *money_lines(model.overhead),
        *money_lines(model.other_revenue),
        (
            "FTE tolerance",
            tolerance,
            "fte",
            "FteTolerance",
            "Section 8: capacity is balanced within plus or minus this many FTEs",
        ),
    ]


def write_model_inputs(book: Book, model: ClinicalFinancialModel, provenance: str) -> ModelCells:
    """The Model inputs sheet; the addresses of its by-level inputs."""
    sheet = book.sheet(
        "Model inputs",
        "Inputs of the clinical-financial model",
        "Change the shaded cells: Capacity, Staffing cost, Revenue and Dashboard recalculate.",
        (40, 18, 54, 16),
    )
    sheet.text(2, 0, "Where these inputs come from", style="bold")
    sheet.text(2, 1, provenance)
    sheet.headers(FIRST, ["Input", "Value", "What it is"])
    rows = _scalar_rows(model, model.dashboard().fte_tolerance)
    for row, (label, figure, kind, name, note) in enumerate(rows, start=FIRST + 1):
        sheet.text(row, 0, label)
        sheet.input(row, 1, figure, kind, name)
        sheet.text(row, 2, note)
    first = FIRST + len(rows) + 3
    sheet.headers(first - 1, ["Level", "Case mix", "Average hours per case", "Case rate"])
    levels = ModelCells()
    for i, code in enumerate(model.case_mix):
        levels.codes.append(sheet.text(first + i, 0, code))
        levels.mix.append(sheet.input(first + i, 1, model.case_mix[code], "percent"))
        levels.hours.append(sheet.input(first + i, 2, model.avg_hours[code], "hours"))
        levels.rates.append(sheet.input(first + i, 3, model.case_rates[code], "cents"))
    total = first + len(levels.codes)
    for name, col in (("ModelCaseMix", 1), ("ModelAvgHours", 2), ("ModelCaseRates", 3)):
        sheet.name_range(name, first, col, total - 1)
    sheet.text(total, 0, "Total", style="bold")
    added = sheet.formula(
        total, 1, "=SUM(ModelCaseMix)", math.fsum(model.case_mix.values()), "percent"
    )
    check = f'=IF(ABS({added}-1)>0.000001,"The case mix must add up to 100%: change it.","")'
    sheet.formula(total + 1, 1, check, "", "text")
    return levels
