"""Step 7 of the Excel export: the budget with its chart, per enrollee and PMPM, and scenarios.

Money stays unrounded in every cell that another cell uses; a column "to the
dollar" (or "to the cent") rounds each figure on its own, the way a published
budget rounds each line and the total separately.
"""

from __future__ import annotations

from ._workbook_cells import Book, Kind, Sheet
from ._workbook_inputs import PlanCells
from ._workbook_plan import FIRST_ROW, level_column

__all__ = ["write_budget"]


def _budget(book: Book, cells: PlanCells) -> None:
    plan = cells.plan
    sheet = book.sheet(
        "Budget",
        "Step 7: the budget",
        "Each level costs its cases times its case rate. The rounded column rounds each line "
        "and the total on its own, as a published budget does.",
        (12, 44, 12, 12, 16, 18, 18),
    )
    heads = ["Level", "Description", "Case mix", "Cases", "Case rate", "Total cost"]
    sheet.headers(FIRST_ROW - 1, [*heads, "Total cost to the dollar"])
    total = level_column(sheet, cells, description=True)
    table = {
        str(level): {
            str(column): float(figure) for column, figure in row.drop("Description").items()
        }
        for level, row in plan.budget_table().iterrows()
    }
    for i, code in enumerate(plan.codes):
        row, line = FIRST_ROW + i, table[code]
        sheet.formula(row, 2, f"={cells.mix[i]}", line["Case mix"], "percent")
        count = sheet.formula(row, 3, f"={cells.cases[i]}", line["Cases"], "count")
        rate = sheet.formula(row, 4, f"={cells.case_rates[i]}", line["Case rate"], "cents")
        cost = sheet.formula(row, 5, f"={count}*{rate}", line["Total cost"], "cents")
        sheet.rounded(row, 6, cost, line["Total cost"])
    line = table["Total"]
    sheet.text(total, 1, "All levels", style="bold")
    cases = sheet.span(FIRST_ROW, total - 1, 3)
    sheet.formula(
        total, 2, f"=SUM({sheet.span(FIRST_ROW, total - 1, 2)})", line["Case mix"], "percent"
    )
    count = sheet.formula(total, 3, f"=SUM({cases})", line["Cases"], "count")
    cost = sheet.formula(
        total,
        5,
        f"=SUM({sheet.span(FIRST_ROW, total - 1, 5)})",
        line["Total cost"],
        "cents",
        "bold",
    )
    average = f"=IF({count}=0,0,{cost}/{count})"
    sheet.formula(total, 4, average, line["Case rate"], "cents")
    sheet.name_range("TotalBudget", total, 5)
    sheet.rounded(total, 6, cost, line["Total cost"], style="bold")
    sheet.name_range("TotalBudgetToTheDollar", total, 6)
    _chart(book, sheet, total)


def _chart(book: Book, sheet: Sheet, total: int) -> None:
    """A column chart of each level's budget, every column labelled with its dollars."""
    chart = book.workbook.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "Budget",
            "categories": [sheet.name, FIRST_ROW, 0, total - 1, 0],
            "values": [sheet.name, FIRST_ROW, 5, total - 1, 5],
            "fill": {"color": "#1F5F8B"},
            "border": {"color": "#000000"},
            "data_labels": {"value": True, "num_format": '"$"#,##0'},
        }
    )
    chart.set_title({"name": "Budget by level of care"})
    chart.set_x_axis({"name": "Level of care"})
    chart.set_y_axis({"name": "Budget for the period", "num_format": '"$"#,##0'})
    chart.set_legend({"none": True})
    sheet.worksheet.insert_chart(total + 3, 1, chart)


def _per_member(book: Book, cells: PlanCells) -> None:
    plan = cells.plan
    sheet = book.sheet(
        "Per enrollee & PMPM",
        "The budget per case, per enrollee and per member per month (PMPM)",
        "PMPM is the budget per enrollee divided by the months of the period.",
        (36, 18, 22),
    )
    sheet.headers(FIRST_ROW - 1, ["Figure", "Value", "Rounded as the course shows it"])
    rows: tuple[tuple[str, str, float, Kind, str], ...] = (
        ("Total budget", "=TotalBudget", plan.total_budget(), "cents", "dollars"),
        ("Expected cases", "=ExpectedCases", plan.cases(), "count", ""),
        (
            "Average case rate (budget per case)",
            "=SUMPRODUCT(CaseMix,CaseRates)",
            plan.average_case_rate(),
            "cents",
            "dollars",
        ),
        ("Enrollees", "=Enrollees", plan.enrollees, "count", ""),
        ("Budget per enrollee", "=TotalBudget/Enrollees", plan.per_enrollee(), "cents", "cents"),
        ("Months", "=Months", plan.months, "number", ""),
    )
    for row, (label, formula, figure, kind, rounding) in enumerate(rows, start=FIRST_ROW):
        sheet.text(row, 0, label)
        cell = sheet.formula(row, 1, formula, figure, kind)
        if rounding:
            sheet.rounded(row, 2, cell, figure, cents=rounding == "cents")
    row = FIRST_ROW + len(rows)
    sheet.text(row, 0, "Per member per month (PMPM)", style="bold")
    per_enrollee = sheet.ref(FIRST_ROW + 4, 1)
    pmpm = sheet.formula(row, 1, f"={per_enrollee}/Months", plan.per_member_per_month(), "cents")
    sheet.rounded(row, 2, pmpm, plan.per_member_per_month(), cents=True)
    sheet.name_range("PerMemberPerMonth", row, 1)


def write_budget(book: Book, cells: PlanCells) -> None:
    """The Budget sheet with its chart, then the Per enrollee & PMPM sheet."""
    _budget(book, cells)
    _per_member(book, cells)
