"""The clinical-financial model in the Excel export: capacity, costs, revenue and dashboard.

The sheets follow :class:`~caserate_kit.ClinicalFinancialModel` section by
section, formula for formula, from the Model inputs sheet: Capacity
(sections 1 to 4), Staffing cost (5 and 6), Revenue (7) and the Dashboard
(8), which answers the capacity and the budget question.
"""

from __future__ import annotations

import math

from ._clinical_financial import ClinicalFinancialModel
from ._workbook_cells import Book, Kind, Sheet
from ._workbook_model_inputs import FIRST, ModelCells, money_lines, write_model_inputs

__all__ = ["write_model"]

_Figure = tuple[str, str, float | str, Kind, str]  # label, formula, figure, kind, name


def _figure_rows(sheet: Sheet, first: int, rows: list[_Figure]) -> dict[str, str]:
    """Label, formula and (for dollars) the figure to the dollar, one row each from ``first``.

    Names the cells given a name; returns the figures' addresses by label.
    """
    cells = {}
    for row, (label, formula, figure, kind, name) in enumerate(rows, start=first):
        sheet.text(row, 0, label, style="bold" if label.startswith(("Total", "Margin")) else "")
        cells[label] = sheet.formula(row, 1, formula, figure, kind)
        if name:
            sheet.name_range(name, row, 1)
        if not isinstance(figure, str) and kind == "cents":
            sheet.rounded(row, 2, cells[label], figure)
    return cells


def _capacity(book: Book, model: ClinicalFinancialModel, levels: ModelCells) -> None:
    sheet = book.sheet(
        "Capacity",
        "Capacity: service hours planned against clinician hours",
        "Direct-service hours per FTE are (paid - leave - training) hours times productivity.",
        (36, 14, 22, 16, 22),
    )
    sheet.headers(FIRST - 1, ["Figure", "Value"])
    direct = "=(PaidHours-LeaveHours-TrainingHours)*Productivity"
    figure = model.direct_hours_per_fte()
    _figure_rows(
        sheet,
        FIRST,
        [("Direct-service hours per FTE", direct, figure, "hours", "DirectHoursPerFte")],
    )
    first = FIRST + 4
    heads = ["Level", "Cases", "Average hours per case", "Service hours"]
    sheet.headers(first - 1, [*heads, "Caseload (cases a year per FTE)"])
    counts, hours, loads = model.cases_by_level(), model.service_hours(), model.caseloads()
    for i, code in enumerate(model.case_mix):
        row = first + i
        sheet.formula(row, 0, f"={levels.codes[i]}", code, "text")
        count = sheet.formula(row, 1, f"=Consumers*{levels.mix[i]}", counts[code], "count")
        avg = sheet.formula(row, 2, f"={levels.hours[i]}", model.avg_hours[code], "hours")
        sheet.formula(row, 3, f"={count}*{avg}", hours[code], "hours")
        sheet.formula(row, 4, f"=DirectHoursPerFte/{avg}", loads[code], "hours")
        levels.cases.append(count)
    total = first + len(levels.codes)
    sheet.text(total, 0, "Total", style="bold")
    added = f"=SUM({sheet.span(first, total - 1, 1)})"
    sheet.formula(total, 1, added, math.fsum(counts.values()), "count")
    demand = f"=SUM({sheet.span(first, total - 1, 3)})"
    sheet.formula(total, 3, demand, model.demand_hours(), "hours")
    sheet.name_range("DemandHours", total, 3)
    rows: list[_Figure] = [
        (
            "Capacity hours (FTEs on the payroll)",
            "=DirectFtesOnPayroll*DirectHoursPerFte",
            model.capacity_hours(),
            "hours",
            "CapacityHours",
        ),
        ("FTEs needed", "=DemandHours/DirectHoursPerFte", model.ftes_needed(), "fte", "FtesNeeded"),
        (
            "FTE gap (positive: hire)",
            "=FtesNeeded-DirectFtesOnPayroll",
            model.fte_gap(),
            "fte",
            "FteGap",
        ),
    ]
    _figure_rows(sheet, total + 2, rows)


def _staffing(book: Book, model: ClinicalFinancialModel) -> None:
    staff = model.staffing
    sheet = book.sheet(
        "Staffing cost",
        "Expense: staff at the FTEs needed, and overhead",
        "Salaries are loaded with benefits and payroll tax; contractor fees are not.",
        (40, 18, 18),
    )
    sheet.headers(FIRST - 1, ["Figure", "Value", "To the dollar"])
    direct, support = sheet.ref(FIRST + 1, 1), sheet.ref(FIRST + 2, 1)
    overhead = money_lines(model.overhead)
    lines = sheet.span(FIRST + 5, FIRST + 4 + len(overhead), 1)
    rows: list[_Figure] = [
        (
            "Loaded rate (1 + benefits + payroll tax)",
            "=1+BenefitsRate+PayrollTaxRate",
            staff.loaded_rate(),
            "ratio",
            "LoadedRate",
        ),
        (
            "Direct-service salaries (FTEs needed)",
            "=FtesNeeded*AvgDirectSalary",
            model.ftes_needed() * staff.avg_direct_salary,
            "cents",
            "",
        ),
        (
            "Support salaries",
            "=SupportFtes*AvgSupportSalary",
            staff.support_ftes * staff.avg_support_salary,
            "cents",
            "",
        ),
        ("Contractor fees", "=ContractorFees", staff.contractor_fees, "cents", ""),
        (
            "Total staffing cost",
            f"=({direct}+{support})*LoadedRate+ContractorFees",
            model.staffing_cost(),
            "cents",
            "TotalStaffingCost",
        ),
        *((label, f"={name}", figure, "cents", "") for label, figure, _, name, _ in overhead),
        ("Total overhead", f"=SUM({lines})", model.overhead.total(), "cents", "TotalOverhead"),
        (
            "Total expense",
            "=TotalStaffingCost+TotalOverhead",
            model.total_expense(),
            "cents",
            "TotalExpense",
        ),
    ]
    _figure_rows(sheet, FIRST, rows)


def _revenue(book: Book, model: ClinicalFinancialModel, levels: ModelCells) -> None:
    sheet = book.sheet(
        "Revenue",
        "Revenue: case rates and other revenue, and the margin",
        "Each level brings its cases times its case rate.",
        (36, 18, 18, 18),
    )
    sheet.headers(FIRST - 1, ["Level", "Cases", "Case rate", "Revenue"])
    counts = model.cases_by_level()
    for i, code in enumerate(model.case_mix):
        row, rate = FIRST + i, model.case_rates[code]
        sheet.formula(row, 0, f"={levels.codes[i]}", code, "text")
        count = sheet.formula(row, 1, f"={levels.cases[i]}", counts[code], "count")
        price = sheet.formula(row, 2, f"={levels.rates[i]}", rate, "cents")
        sheet.formula(row, 3, f"={count}*{price}", counts[code] * rate, "cents")
    last_level = FIRST + len(levels.codes) - 1
    first = last_level + 3
    sheet.headers(first - 1, ["Figure", "Value", "To the dollar"])
    lines = money_lines(model.other_revenue)
    rows: list[_Figure] = [
        (
            "Total case-rate revenue",
            f"=SUM({sheet.span(FIRST, last_level, 3)})",
            model.case_rate_revenue(),
            "cents",
            "TotalCaseRateRevenue",
        ),
        *((label, f"={name}", figure, "cents", "") for label, figure, _, name, _ in lines),
        (
            "Total other revenue",
            f"=SUM({sheet.span(first + 1, first + len(lines), 1)})",
            model.other_revenue.total(),
            "cents",
            "TotalOtherRevenue",
        ),
        (
            "Total revenue",
            "=TotalCaseRateRevenue+TotalOtherRevenue",
            model.total_revenue(),
            "cents",
            "TotalRevenue",
        ),
        (
            "Margin (revenue minus expense)",
            "=TotalRevenue-TotalExpense",
            model.margin(),
            "cents",
            "Margin",
        ),
    ]
    _figure_rows(sheet, first, rows)


def _dashboard(book: Book, model: ClinicalFinancialModel) -> None:
    board = model.dashboard()
    sheet = book.sheet(
        "Dashboard",
        "Dashboard: can we staff the plan, and can we afford it?",
        "Capacity is balanced when the FTE gap is within the FTE tolerance; the budget is "
        "balanced when the margin is zero or more.",
        (30, 18, 18, 12),
    )
    sheet.headers(FIRST - 1, ["Figure", "Value", "To the dollar", "Question"])
    answer = {True: "Yes", False: "No"}
    rows: list[_Figure] = [
        ("Demand hours", "=DemandHours", board.demand_hours, "hours", ""),
        ("Capacity hours", "=CapacityHours", board.capacity_hours, "hours", ""),
        ("FTEs needed", "=FtesNeeded", board.ftes_needed, "fte", ""),
        ("FTEs on the payroll", "=DirectFtesOnPayroll", board.ftes_on_payroll, "fte", ""),
        ("FTE gap", "=FteGap", board.fte_gap, "fte", ""),
        (
            "Capacity balanced?",
            '=IF(ABS(FteGap)<=FteTolerance+1E-9,"Yes","No")',
            answer[board.capacity_balanced],
            "text",
            "",
        ),
        ("Revenue", "=TotalRevenue", board.revenue, "cents", ""),
        ("Expense", "=TotalExpense", board.expense, "cents", ""),
        ("Margin", "=Margin", board.margin, "cents", ""),
        (
            "Budget balanced?",
            '=IF(Margin>=0,"Yes","No")',
            answer[board.budget_balanced],
            "text",
            "",
        ),
    ]
    _figure_rows(sheet, FIRST, rows)
    for i in range(len(rows)):
        sheet.text(FIRST + i, 3, "Capacity" if i < 6 else "Budget")


def write_model(book: Book, model: ClinicalFinancialModel, provenance: str) -> None:
    """The model's sheets, in order: Model inputs, Capacity, Staffing cost, Revenue, Dashboard."""
    levels = write_model_inputs(book, model, provenance)
    _capacity(book, model, levels)
    _staffing(book, model)
    _revenue(book, model, levels)
    _dashboard(book, model)
