"""Steps 2 to 7 of the Excel export: cases, mix, hours, cost per hour and case rates.

Each step sheet lists the levels of care in the Inputs sheet's order, one row
per level from :data:`FIRST_ROW` on, with formulas that mirror
:class:`~caserate_kit.CaseRatePlan` operation for operation, so that Excel and
caserate_kit agree to the last cent.
"""

from __future__ import annotations

import math

from ._cost_per_hour import clinician_hours_mix, cost_per_hour
from ._workbook_cells import Book, Kind, Sheet
from ._workbook_inputs import PlanCells

__all__ = ["FIRST_ROW", "level_column", "write_steps"]

FIRST_ROW = 4
"""Row (from 0) of the first level on every step sheet; its headings sit just above."""


def level_column(
    sheet: Sheet, cells: PlanCells, description: bool = False, total: str = "Total"
) -> int:
    """Level codes (and descriptions) down the first columns, read from Inputs.

    Returns the row under the last level, labelled ``total`` unless that is empty.
    """
    for i, level in enumerate(cells.plan.levels):
        sheet.formula(FIRST_ROW + i, 0, f"={cells.codes[i]}", level.code, "text")
        if description:
            sheet.formula(FIRST_ROW + i, 1, f"={cells.descriptions[i]}", level.description, "text")
    after = FIRST_ROW + len(cells.plan.levels)
    if total:
        sheet.text(after, 0, total, style="bold")
    return after


def _cases(book: Book, cells: PlanCells) -> None:
    plan = cells.plan
    sheet = book.sheet(
        "Cases",
        "Step 2: expected cases",
        "Expected cases are the enrollees times the penetration rate.",
        (30, 16),
    )
    sheet.headers(FIRST_ROW - 1, ["Figure", "Value"])
    rows: tuple[tuple[str, str, float, Kind], ...] = (
        ("Enrollees", "=Enrollees", plan.enrollees, "count"),
        ("Penetration rate", "=PenetrationRate", plan.penetration_rate, "percent"),
        ("Expected cases", "=Enrollees*PenetrationRate", plan.cases(), "count"),
    )
    for row, (label, formula, figure, kind) in enumerate(rows, start=FIRST_ROW):
        sheet.text(row, 0, label)
        sheet.formula(row, 1, formula, figure, kind)
    sheet.name_range("ExpectedCases", FIRST_ROW + 2, 1)


def _mix(book: Book, cells: PlanCells) -> None:
    plan = cells.plan
    sheet = book.sheet(
        "Mix",
        "Step 4: cases by level",
        "Each level's cases are the expected cases times the level's share (the case mix).",
        (12, 44, 14, 14),
    )
    sheet.headers(FIRST_ROW - 1, ["Level", "Description", "Case mix", "Cases"])
    total = level_column(sheet, cells, description=True)
    counts = plan.cases_by_level()
    for i, code in enumerate(plan.codes):
        row = FIRST_ROW + i
        share = sheet.formula(row, 2, f"={cells.mix[i]}", plan.case_mix[code], "percent")
        cells.cases.append(sheet.formula(row, 3, f"=ExpectedCases*{share}", counts[code], "count"))
    sheet.name_range("LevelCases", FIRST_ROW, 3, total - 1)
    sheet.formula(total, 2, "=SUM(CaseMix)", math.fsum(plan.case_mix.values()), "percent")
    sheet.formula(total, 3, "=SUM(LevelCases)", math.fsum(counts.values()), "count")


def _hours(book: Book, cells: PlanCells) -> None:
    plan = cells.plan
    sheet = book.sheet(
        "Hours",
        "Step 5: service hours",
        "Each level's service hours are its cases times its average hours per case.",
        (12, 14, 18, 16),
    )
    sheet.headers(FIRST_ROW - 1, ["Level", "Cases", "Average hours per case", "Service hours"])
    total = level_column(sheet, cells)
    counts, hours, service = plan.cases_by_level(), plan.avg_hours(), plan.service_hours()
    for i, code in enumerate(plan.codes):
        row = FIRST_ROW + i
        count = sheet.formula(row, 1, f"={cells.cases[i]}", counts[code], "count")
        avg = sheet.formula(row, 2, f"={cells.hours[i]}", hours[code], "hours")
        sheet.formula(row, 3, f"={count}*{avg}", service[code], "hours")
    added = f"=SUM({sheet.span(FIRST_ROW, total - 1, 3)})"
    sheet.formula(total, 3, added, math.fsum(service.values()), "hours")
    sheet.name_range("ServiceHours", total, 3)


def _code_average(sheet: Sheet, cells: PlanCells, first: int) -> None:
    """The service codes' average cost per hour (named ``RatePerHour``) and who gives the hours."""
    codes = cells.service_codes
    weighted = len(cells.volumes) == len(codes)
    sheet.headers(first - 1, ["Service code", "Billed per hour", "Annual hours", "Billed x hours"])
    for i, code in enumerate(codes):
        row = first + i
        sheet.formula(row, 0, f"={cells.code_names[i]}", code.code, "text")
        billed = sheet.formula(row, 1, f"={cells.billed[i]}", code.billed_per_hour, "cents")
        if weighted:
            hours = float(code.annual_hours or 0.0)
            volume = sheet.formula(row, 2, f"={cells.volumes[i]}", hours, "count")
            sheet.formula(row, 3, f"={billed}*{volume}", code.billed_per_hour * hours, "cents")
    row = first + len(codes)
    if weighted:
        label = "Average cost per hour, weighted by annual hours"
        added = sheet.span(first, row - 1, 3), sheet.span(first, row - 1, 2)
        formula = f"=SUM({added[0]})/SUM({added[1]})"
    else:
        label = "Average cost per hour (a plain average: not every code has annual hours)"
        formula = "=AVERAGE(BilledPerHour)"
    sheet.text(row, 0, label, style="bold")
    sheet.formula(row, 3, formula, cost_per_hour(codes, weighted=weighted), "cents")
    sheet.name_range("RatePerHour", row, 3)
    if not weighted:
        return
    sheet.headers(row + 2, ["Clinician type", "Share of service hours"])
    mix = clinician_hours_mix(codes)
    for i, (clinician, shares) in enumerate(cells.clinician_shares.items(), start=row + 3):
        sheet.text(i, 0, clinician)
        formula = f"=SUMPRODUCT({shares},AnnualHours)/SUM(AnnualHours)"
        sheet.formula(i, 1, formula, mix[clinician], "percent")


def _cost_per_hour(book: Book, cells: PlanCells) -> None:
    plan = cells.plan
    source = "the service codes below" if cells.service_codes else "the Inputs sheet"
    sheet = book.sheet(
        "Cost per hour",
        "Step 6: cost per hour",
        f"The rate per hour of each level, from {source}.",
        (30, 16, 16, 16),
    )
    sheet.headers(FIRST_ROW - 1, ["Level", "Rate per hour", "Rate per hour to the cent"])
    after = level_column(sheet, cells, total="")
    rates = plan.rates_per_hour()
    for i, code in enumerate(plan.codes):
        row = FIRST_ROW + i
        formula = f"={cells.level_rates[i]}" if cells.level_rates else "=RatePerHour"
        rate = sheet.formula(row, 1, formula, rates[code], "cents")
        sheet.rounded(row, 2, rate, rates[code], cents=True)
        cells.rates.append(rate)
    sheet.name_range("LevelRates", FIRST_ROW, 1, after - 1)
    if cells.service_codes:
        _code_average(sheet, cells, after + 3)


def _case_rates(book: Book, cells: PlanCells) -> None:
    plan = cells.plan
    sheet = book.sheet(
        "Case rates",
        "Step 7: case rates",
        "A level's case rate is its average hours per case times its rate per hour.",
        (12, 44, 16, 16, 16, 18),
    )
    heads = ["Level", "Description", "Average hours per case", "Rate per hour", "Case rate"]
    sheet.headers(FIRST_ROW - 1, [*heads, "Case rate to the dollar"])
    after = level_column(sheet, cells, description=True, total="")
    hours, rates, case_rates = plan.avg_hours(), plan.rates_per_hour(), plan.case_rates()
    for i, code in enumerate(plan.codes):
        row = FIRST_ROW + i
        avg = sheet.formula(row, 2, f"={cells.hours[i]}", hours[code], "hours")
        rate = sheet.formula(row, 3, f"={cells.rates[i]}", rates[code], "cents")
        case_rate = sheet.formula(row, 4, f"={avg}*{rate}", case_rates[code], "cents")
        sheet.rounded(row, 5, case_rate, case_rates[code])
        cells.case_rates.append(case_rate)
    sheet.name_range("CaseRates", FIRST_ROW, 4, after - 1)


def write_steps(book: Book, cells: PlanCells) -> None:
    """The sheets of steps 2 to 7a, in order: Cases, Mix, Hours, Cost per hour, Case rates."""
    _cases(book, cells)
    _mix(book, cells)
    _hours(book, cells)
    _cost_per_hour(book, cells)
    _case_rates(book, cells)
