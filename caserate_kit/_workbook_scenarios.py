"""The Scenarios sheet of the Excel export: the budget under other penetration rates, mixes, hours.

Like :func:`~caserate_kit.scenario_table`, every combination of the named
penetration rates, case mixes and hours per case gets its figures, here one
column each. The options sit in small tables above the results; an option
named "Base" follows the Inputs sheet.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ._scenarios import BASE
from ._workbook_cells import Book, Kind, Sheet
from ._workbook_inputs import PlanCells

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ScenarioOptions", "write_scenarios"]

ScenarioOptions = tuple[
    Mapping[str, float] | None,
    Mapping[str, Mapping[str, float]] | None,
    Mapping[str, Mapping[str, float]] | None,
]
"""Penetration rates, case mixes and hours per case by scenario name (``None``: the plan's)."""

Option = tuple[str, str]  # the address of an option's name, and of its figure or column


def _penetration_options(
    sheet: Sheet, cells: PlanCells, row: int, rates: Mapping[str, float] | None
) -> tuple[dict[str, Option], int]:
    """The penetration-rate options from ``row``; the options and the row after them."""
    sheet.text(row, 0, "Penetration rates", style="bold")
    sheet.headers(row + 1, ["Scenario", "Penetration rate"])
    options: dict[str, Option] = {}
    for i, name in enumerate([BASE] if rates is None else list(rates), start=row + 2):
        if rates is None:
            rate = sheet.formula(i, 1, "=PenetrationRate", cells.plan.penetration_rate, "percent")
        else:
            rate = sheet.input(i, 1, rates[name], "percent")
        options[name] = (sheet.text(i, 0, name), rate)
    return options, row + 3 + len(options)


def _level_options(
    sheet: Sheet,
    cells: PlanCells,
    row: int,
    title: str,
    given: Mapping[str, Mapping[str, float]] | None,
    base: tuple[Sequence[str], Mapping[str, float], Kind],
) -> tuple[dict[str, Option], int]:
    """Options by level (a case mix or hours per case), one column each, from ``row``."""
    inputs, figures, kind = base
    plan = cells.plan
    names = [BASE] if given is None else list(given)
    sheet.text(row, 0, title, style="bold")
    sheet.headers(row + 1, ["Level"])
    first = row + 2
    for i, level in enumerate(plan.levels):
        sheet.formula(first + i, 0, f"={cells.codes[i]}", level.code, "text")
    options: dict[str, Option] = {}
    for col, name in enumerate(names, start=1):
        for i, code in enumerate(plan.codes):
            if given is None:
                sheet.formula(first + i, col, f"={inputs[i]}", figures[code], kind)
            else:
                sheet.input(first + i, col, given[name][code], kind)
        label = sheet.text(row + 1, col, name, style="header")
        options[name] = (label, sheet.span(first, first + len(plan.levels) - 1, col))
    return options, first + len(plan.levels) + 1


def _results(
    sheet: Sheet, row: int, options: Sequence[dict[str, Option]], figures: list[dict[str, float]]
) -> None:
    """One column per combination of options: its figures, then those figures rounded."""
    sheet.text(row, 0, "Results", style="bold")
    sheet.headers(row + 1, ["Figure"])
    labels = (
        *("Penetration", "Case mix", "Hours", "Penetration rate", "Cases", "Service hours"),
        *("Total budget", "Per member per month", "Change from plan"),
        *("Total budget to the dollar", "PMPM to the cent", "Change from plan to the dollar"),
    )
    first = row + 2
    for i, label in enumerate(labels):
        sheet.text(first + i, 0, label, style="bold" if "budget" in label else "")
    combos = itertools.product(*(option.items() for option in options))
    for col, (combo, figure) in enumerate(zip(combos, figures, strict=True), start=1):
        (pen, (pen_name, rate)), (mix, (mix_name, shares)), (hrs, (hours_name, hours)) = combo
        sheet.text(row + 1, col, f"{pen} / {mix} / {hrs}", style="header")
        for i, (address, name) in enumerate(((pen_name, pen), (mix_name, mix), (hours_name, hrs))):
            sheet.formula(first + i, col, f"={address}", name, "text")
        sheet.formula(first + 3, col, f"={rate}", figure["Penetration rate"], "percent")
        cases = sheet.formula(
            first + 4, col, f"=Enrollees*{sheet.ref(first + 3, col)}", figure["Cases"], "count"
        )
        served = f"=SUMPRODUCT({cases}*{shares},{hours})"
        sheet.formula(first + 5, col, served, figure["Service hours"], "hours")
        cost = f"=SUMPRODUCT({cases}*{shares},{hours}*LevelRates)"
        total = sheet.formula(first + 6, col, cost, figure["Total budget"], "cents")
        pmpm = sheet.formula(
            first + 7, col, f"={total}/Enrollees/Months", figure["Per member per month"], "cents"
        )
        change = sheet.formula(
            first + 8, col, f"={total}-TotalBudget", figure["Change from plan"], "cents"
        )
        sheet.rounded(first + 9, col, total, figure["Total budget"])
        sheet.rounded(first + 10, col, pmpm, figure["Per member per month"], cents=True)
        sheet.rounded(first + 11, col, change, figure["Change from plan"])


def write_scenarios(
    book: Book, cells: PlanCells, table: pd.DataFrame, options: ScenarioOptions
) -> None:
    """The Scenarios sheet: ``options`` as given to :func:`scenario_table`, ``table`` its result."""
    plan = cells.plan
    penetration_rates, case_mixes, avg_hours = options
    sheet = book.sheet(
        "Scenarios",
        "What if: the budget under other penetration rates, case mixes and hours",
        "Each results column combines one option of each table above it. 'Base' follows the "
        "Inputs sheet; change a shaded cell to try another figure.",
        (30, 22, 22, 22, 22, 22, 22, 22),
    )
    pens, row = _penetration_options(sheet, cells, 3, penetration_rates)
    mixes, row = _level_options(
        sheet, cells, row, "Case mixes", case_mixes, (cells.mix, plan.case_mix, "percent")
    )
    hours, row = _level_options(
        sheet, cells, row, "Hours per case", avg_hours, (cells.hours, plan.avg_hours(), "hours")
    )
    figures = [
        {str(key): value for key, value in record.items() if not isinstance(value, str)}
        for record in table.to_dict("records")
    ]
    _results(sheet, row + 1, (pens, mixes, hours), figures)
