"""The Inputs sheet of the Excel export: everything the plan starts from, shaded and named.

Steps 1, 2, 4, 5 and 6 are typed here: enrollees, penetration rate and months
(each a named cell), the levels with their hours and case mix, and the cost
per hour: one rate, a rate per level, or the service-code table it comes from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ._cost_per_hour import ServiceCode
from ._plan import CaseRatePlan
from ._workbook_cells import Book, Kind, Sheet

__all__ = ["PlanCells", "write_inputs"]

_LEVEL_ROW = 11  # the first level's row (from 0)


@dataclass
class PlanCells:
    """The plan and the addresses of its cells, by level or code, filled as sheets are written."""

    plan: CaseRatePlan
    service_codes: Sequence[ServiceCode] = ()
    codes: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    mix: list[str] = field(default_factory=list)
    level_rates: list[str] = field(default_factory=list)  # typed, when a rate per level
    code_names: list[str] = field(default_factory=list)
    billed: list[str] = field(default_factory=list)
    volumes: list[str] = field(default_factory=list)
    clinician_shares: dict[str, str] = field(default_factory=dict)  # clinician -> column
    cases: list[str] = field(default_factory=list)  # written by the Mix sheet
    rates: list[str] = field(default_factory=list)  # by the Cost per hour sheet
    case_rates: list[str] = field(default_factory=list)  # by the Case rates sheet


def _scalars(sheet: Sheet, plan: CaseRatePlan, one_rate: bool) -> None:
    sheet.headers(4, ["Input", "Value", "What it is"])
    rows: list[tuple[str, float, Kind, str, str]] = [
        ("Enrollees", plan.enrollees, "count", "Enrollees", "Step 1: people covered by the plan"),
        (
            "Penetration rate",
            plan.penetration_rate,
            "percent",
            "PenetrationRate",
            "Step 2: share of enrollees expected to be served",
        ),
        ("Months", plan.months, "number", "Months", "Length of the budget period, for PMPM"),
    ]
    if one_rate:
        rate = plan.rates_per_hour()[plan.codes[0]]
        note = "Step 6: average cost of one hour of service"
        rows.append(("Rate per hour", rate, "cents", "RatePerHour", note))
    for row, (label, number, kind, name, note) in enumerate(rows, start=5):
        sheet.text(row, 0, label)
        sheet.input(row, 1, number, kind, name)
        sheet.text(row, 2, note)


def _levels(sheet: Sheet, cells: PlanCells, per_level_rates: bool) -> int:
    """The levels table; returns the row after it."""
    plan = cells.plan
    heads = ["Level", "Description", "Average hours per case (step 5)", "Case mix (step 4)"]
    heads += ["Rate per hour (step 6)"] if per_level_rates else []
    sheet.headers(_LEVEL_ROW - 1, heads)
    rates = plan.rates_per_hour()
    for i, level in enumerate(plan.levels):
        row = _LEVEL_ROW + i
        cells.codes.append(sheet.text(row, 0, level.code))
        cells.descriptions.append(sheet.text(row, 1, level.description))
        cells.hours.append(sheet.input(row, 2, level.avg_hours, "hours"))
        cells.mix.append(sheet.input(row, 3, plan.case_mix[level.code], "percent"))
        if per_level_rates:
            cells.level_rates.append(sheet.input(row, 4, rates[level.code], "cents"))
    total = _LEVEL_ROW + len(plan.levels)
    for name, col in (("LevelCodes", 0), ("AvgHours", 2), ("CaseMix", 3)):
        sheet.name_range(name, _LEVEL_ROW, col, total - 1)
    sheet.text(total, 0, "Total", style="bold")
    mix_total = math.fsum(plan.case_mix.values())
    added = sheet.formula(total, 3, "=SUM(CaseMix)", mix_total, "percent")
    check = f'=IF(ABS({added}-1)>0.000001,"The case mix must add up to 100%: change it.","")'
    sheet.formula(total + 1, 3, check, "", "text")
    return total + 2


def _service_codes(sheet: Sheet, cells: PlanCells, first: int) -> None:
    """The service-code table from row ``first`` (its heading two rows above)."""
    codes = cells.service_codes
    clinicians = list(dict.fromkeys(name for code in codes for name in code.clinician_mix))
    sheet.text(first - 2, 0, "Service codes (step 6): what an hour of each costs", style="bold")
    sheet.headers(first - 1, ["Service code", "Description", "Billed per hour", "Annual hours"])
    for col, clinician in enumerate(clinicians, start=4):
        sheet.text(first - 1, col, clinician, style="header")
    for i, code in enumerate(codes):
        row = first + i
        cells.code_names.append(sheet.text(row, 0, code.code))
        sheet.text(row, 1, code.description)
        cells.billed.append(sheet.input(row, 2, code.billed_per_hour, "cents"))
        if code.annual_hours is not None:
            cells.volumes.append(sheet.input(row, 3, code.annual_hours, "count"))
        for col, clinician in enumerate(clinicians, start=4):
            sheet.input(row, col, code.clinician_mix.get(clinician, 0.0), "percent")
    last = first + len(codes) - 1
    sheet.name_range("BilledPerHour", first, 2, last)
    if len(cells.volumes) == len(codes):
        sheet.name_range("AnnualHours", first, 3, last)
        for col, clinician in enumerate(clinicians, start=4):
            cells.clinician_shares[clinician] = sheet.span(first, last, col)


def write_inputs(
    book: Book, plan: CaseRatePlan, provenance: str, service_codes: Sequence[ServiceCode]
) -> PlanCells:
    """Write the Inputs sheet; the addresses of the inputs, for the sheets that use them."""
    sheet = book.sheet(
        "Inputs",
        "Inputs of the eight rate-setting steps",
        "Change the shaded cells: every other sheet recalculates from them.",
        (30, 44, 16, 14, 14, 14, 14, 14),
    )
    sheet.text(2, 0, "Where these inputs come from", style="bold")
    sheet.text(2, 1, provenance)
    sheet.note(2, 1, f"Where these inputs come from: {provenance}")
    per_level = not service_codes and isinstance(plan.rate_per_hour, Mapping)
    _scalars(sheet, plan, one_rate=not service_codes and not per_level)
    cells = PlanCells(plan, service_codes)
    after = _levels(sheet, cells, per_level)
    if service_codes:
        _service_codes(sheet, cells, after + 3)
    return cells
