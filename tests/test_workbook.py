"""Does the Excel workbook calculate what caserate_kit calculates, with live formulas?

Each workbook is recalculated by the ``formulas`` library, which evaluates the
formulas the way Excel does without Excel, and every formula's figure is
compared with the figure caserate_kit cached in that cell. The cached figures
are checked against caserate_kit's own calculations by name (``TotalBudget``,
``Margin``), and after an input is changed in the recalculated workbook, its
figures are compared with a workbook written from the plan built with that input.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import formulas
import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caserate_kit as ck
from caserate_kit.examples import (
    ADMIRABLE_PENETRATION,
    ADMIRABLE_SERVICE_CODES,
    ZONTANOS_CHANGES,
    admirable_plan,
    zontanos_balanced,
    zontanos_first_draft,
)

PROVENANCE = "Admirable example from the course"
PUBLISHED_BUDGET = 24_030_535
ROUND = re.compile(r"^=ROUND\((?:'(?P<sheet>[^']+)'!)?(?P<cell>\$?[A-Z]+\$?\d+),(?P<digits>\d)\)$")

Figures = dict[tuple[str, str], object]  # (sheet in capitals, cell such as "B6") -> figure


def write(folder: Path, plan: ck.CaseRatePlan, name: str = "plan.xlsx", **options) -> Path:
    path = folder / name
    options.setdefault("provenance", PROVENANCE)
    ck.write_plan_workbook(plan, path, **options)
    return path


def _single(figure: object) -> object:
    """The one figure of a recalculated cell, as a plain Python number or text."""
    value = getattr(figure, "value", figure)
    if isinstance(value, np.ndarray):
        value = value.ravel()[0]
    return value.item() if isinstance(value, np.generic) else value


def named_cell(path: Path, name: str) -> tuple[str, str]:
    """The (sheet, cell) a workbook name points to."""
    book = openpyxl.load_workbook(path)
    [(sheet, cells)] = list(book.defined_names[name].destinations)
    return sheet, cells.replace("$", "")


def recalculate(path: Path, changes: dict[tuple[str, str], float] | None = None) -> Figures:
    """Every cell's figure once ``formulas`` recalculates the workbook with ``changes`` typed in."""
    model = formulas.ExcelModel().loads(str(path)).finish()
    typed = {
        f"'[{path.name}]{sheet.upper()}'!{cell}": value
        for (sheet, cell), value in (changes or {}).items()
    }
    solution = model.calculate(inputs=typed) if typed else model.calculate()
    unknown = set(typed) - set(solution)
    assert not unknown, f"no such input cells: {unknown}"
    figures: Figures = {}
    for key, figure in solution.items():
        where, _, cell = key.rpartition("!")
        sheet = where.strip("'").partition("]")[2]
        if sheet and ":" not in cell:
            figures[(sheet.upper(), cell)] = _single(figure)
    return figures


def figure_of(figures: Figures, path: Path, name: str) -> object:
    sheet, cell = named_cell(path, name)
    return figures[(sheet.upper(), cell)]


def _near_half_step(unrounded: float, digits: int) -> bool:
    scaled = abs(unrounded) * 10**digits
    return abs(scaled - math.floor(scaled) - 0.5) < 1e-6


def assert_agrees(got: object, cached: object, where: str, scale: float, figures: Figures) -> None:
    """Is the recalculated figure the cached one (to rounding error in the last digits)?"""
    if isinstance(cached, str) or cached is None:
        assert got == (cached or ""), where
        return
    assert isinstance(got, int | float), f"{where}: {got!r}"
    if math.isclose(got, cached, rel_tol=1e-9, abs_tol=1e-12 * scale):
        return
    rounding = ROUND.match(where.split(" ", 1)[1])
    assert rounding, f"{where}: recalculated {got!r}, caserate_kit {cached!r}"
    # ROUND may differ by one step only where the unrounded figure sits on a half step,
    # and caserate_kit's exact sum and Excel's running sum fall on its two sides.
    sheet = rounding["sheet"] or where.split("!")[0]
    unrounded = figures[(sheet.upper(), rounding["cell"].replace("$", ""))]
    digits = int(rounding["digits"])
    assert _near_half_step(unrounded, digits), f"{where}: {got!r} against {cached!r}"
    assert abs(got - cached) == pytest.approx(10**-digits)


def assert_formulas_agree(path: Path, figures: Figures, cached_from: Path | None = None) -> int:
    """Does every formula's recalculated figure equal the figure caserate_kit cached for it?

    ``cached_from`` is another workbook of the same layout whose cached figures to compare with.
    Returns the number of formulas checked.
    """
    book = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(cached_from or path, data_only=True)
    numbers = [
        abs(cell.value)
        for sheet in cached.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float)
    ]
    scale = max([1.0, *numbers])
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                where = f"{sheet.title}!{cell.coordinate} {cell.value}"
                got = figures[(sheet.title.upper(), cell.coordinate)]
                expected = cached[sheet.title][cell.coordinate].value
                assert_agrees(got, expected, where, scale, figures)
                checked += 1
    return checked


def test_admirable_budget_is_24030535_and_every_formula_agrees(tmp_path):
    """Does the Admirable workbook recalculate to $24,030,535, every figure as caserate_kit's?"""
    plan = admirable_plan()
    path = write(tmp_path, plan, penetration_rates=ADMIRABLE_PENETRATION)
    figures = recalculate(path)
    assert figure_of(figures, path, "TotalBudgetToTheDollar") == PUBLISHED_BUDGET
    assert figure_of(figures, path, "TotalBudget") == pytest.approx(plan.total_budget(), rel=1e-12)
    assert figure_of(figures, path, "ExpectedCases") == pytest.approx(plan.cases())
    assert figure_of(figures, path, "ServiceHours") == pytest.approx(151_500)
    pmpm = figure_of(figures, path, "PerMemberPerMonth")
    assert pmpm == pytest.approx(plan.per_member_per_month(), rel=1e-12)
    assert assert_formulas_agree(path, figures) > 100


def test_case_rates_and_scenarios_match_caserate_kit_by_level(tmp_path):
    """Are the case rates and the penetration scenarios' budgets caserate_kit's, level by level?"""
    plan = admirable_plan()
    path = write(tmp_path, plan, penetration_rates=ADMIRABLE_PENETRATION)
    figures = recalculate(path)
    sheet = openpyxl.load_workbook(path)["Case rates"]
    rates = {
        figures[("CASE RATES", f"A{row}")]: figures[("CASE RATES", f"E{row}")]
        for row in range(5, 5 + len(plan.levels))
    }
    assert rates == pytest.approx(plan.case_rates(), rel=1e-12)
    assert sheet["F5"].value.startswith("=ROUND(")
    scenarios = openpyxl.load_workbook(path)["Scenarios"]
    [label_row] = [c.row for c in scenarios["A"] if c.value == "Total budget to the dollar"]
    table = ck.scenario_table(plan, penetration_rates=ADMIRABLE_PENETRATION)
    shown = [figures[("SCENARIOS", f"{col}{label_row}")] for col in "BCD"]
    assert shown == [ck.round_dollars(total) for total in table["Total budget"]]


def test_changing_enrollees_in_excel_gives_the_plan_with_those_enrollees(tmp_path):
    """Type 45,000 enrollees in the workbook: is every figure that of a plan with 45,000?"""
    plan = admirable_plan()
    path = write(tmp_path, plan, penetration_rates=ADMIRABLE_PENETRATION)
    changed = plan.replace(enrollees=45_000)
    expected = write(tmp_path, changed, "expected.xlsx", penetration_rates=ADMIRABLE_PENETRATION)
    figures = recalculate(path, {named_cell(path, "Enrollees"): 45_000})
    budget = figure_of(figures, path, "TotalBudgetToTheDollar")
    assert budget == ck.round_dollars(changed.total_budget()) != PUBLISHED_BUDGET
    assert assert_formulas_agree(path, figures, cached_from=expected) > 100


def test_zontanos_model_sheets_agree_with_the_model(tmp_path):
    """Do Capacity, Staffing cost, Revenue and Dashboard recalculate to the model's figures?"""
    model = zontanos_first_draft()
    path = write(tmp_path, admirable_plan(), model=model)
    figures = recalculate(path)
    board = model.dashboard()
    assert figure_of(figures, path, "FtesNeeded") == pytest.approx(board.ftes_needed, rel=1e-12)
    assert figure_of(figures, path, "Margin") == pytest.approx(board.margin, rel=1e-12)
    answers = [figures[("DASHBOARD", cell)] for cell in ("B10", "B14")]
    assert answers == ["No", "No"]
    assert assert_formulas_agree(path, figures) > 150


def test_a_model_alone_makes_a_workbook_of_its_own_sheets(tmp_path):
    """Does a model-only workbook hold just the model's sheets, recalculating to its figures?"""
    model = zontanos_balanced()
    path = tmp_path / "model.xlsx"
    ck.write_model_workbook(model, path, provenance="Zontanos example from the course")
    assert openpyxl.load_workbook(path).sheetnames == [
        "Model inputs",
        "Capacity",
        "Staffing cost",
        "Revenue",
        "Dashboard",
    ]
    figures = recalculate(path)
    board = model.dashboard()
    assert figure_of(figures, path, "Margin") == pytest.approx(board.margin, rel=1e-12)
    assert figure_of(figures, path, "FtesNeeded") == pytest.approx(board.ftes_needed, rel=1e-12)
    assert assert_formulas_agree(path, figures) >= 100  # every formula of the five sheets
    with pytest.raises(ck.InvalidInputError, match="provenance"):
        ck.write_model_workbook(model, io.BytesIO(), provenance=" ")


def test_the_work_groups_changes_typed_in_excel_balance_the_model(tmp_path):
    """Type Zontanos' changes into Model inputs: is every figure the balanced model's?"""
    plan = admirable_plan()
    path = write(tmp_path, plan, model=zontanos_first_draft())
    expected = write(tmp_path, plan, "expected.xlsx", model=zontanos_balanced())
    book = openpyxl.load_workbook(path)["Model inputs"]
    level_rows = {c.value: c.row for c in book["A"] if c.value in {"B", "C", "D"}}
    names = {
        "productivity": "Productivity",
        "staffing.avg_direct_salary": "AvgDirectSalary",
        "overhead.travel": "OverheadTravel",
    }
    changes = {}
    for change in ZONTANOS_CHANGES.values():
        for key, value in change.items():
            if key.startswith("avg_hours."):
                changes[("Model inputs", f"C{level_rows[key[-1]]}")] = value
            else:
                changes[named_cell(path, names[key])] = value
    figures = recalculate(path, changes)
    assert [figures[("DASHBOARD", cell)] for cell in ("B10", "B14")] == ["Yes", "Yes"]
    assert assert_formulas_agree(path, figures, cached_from=expected) > 150


LEVEL_CODES = st.text(alphabet="ABCDXYZ0123456789+-@&<>'\"", min_size=1, max_size=4)


@st.composite
def plans(draw: st.DrawFn) -> tuple[ck.CaseRatePlan, dict[str, float] | None]:
    """A plan of 1 to 4 levels with any realistic figures, and maybe penetration scenarios."""
    codes = draw(st.lists(LEVEL_CODES, min_size=1, max_size=4, unique=True))
    hours = st.just(0.0) | st.floats(0.01, 500)
    text = st.text(alphabet="abcdefghij ,.&<>'\"-+=", max_size=20)
    levels = [ck.LevelOfCare(code, draw(text), draw(hours)) for code in codes]
    weights = draw(st.lists(st.integers(0, 100), min_size=len(codes), max_size=len(codes)))
    weights[draw(st.integers(0, len(codes) - 1))] += 1
    mix = {code: weight / sum(weights) for code, weight in zip(codes, weights, strict=True)}
    money = st.just(0.0) | st.floats(0.01, 1_000)
    rate = draw(st.one_of(money, st.fixed_dictionaries({code: money for code in codes})))
    share = st.sampled_from([0.0, 1.0]) | st.floats(1e-6, 1)  # none, all, or a real share
    plan = ck.CaseRatePlan(
        enrollees=draw(st.integers(1, 2_000_000)),
        penetration_rate=draw(share),
        levels=levels,
        case_mix=mix,
        rate_per_hour=rate,
        months=draw(st.sampled_from([1, 3, 6, 12, 18, 24])),
    )
    scenarios = draw(st.none() | st.dictionaries(st.sampled_from(["Low", "High", "=1"]), share))
    return plan, scenarios or None


@settings(max_examples=15)
@given(drawn=plans())
def test_any_plan_recalculates_to_caserate_kits_figures(tmp_path_factory, drawn):
    """Whatever the plan, does every formula recalculate to caserate_kit's figure?"""
    plan, scenarios = drawn
    path = write(tmp_path_factory.mktemp("drawn"), plan, penetration_rates=scenarios)
    figures = recalculate(path)
    total = figure_of(figures, path, "TotalBudget")
    assert total == pytest.approx(plan.total_budget(), rel=1e-9, abs=1e-6)
    assert assert_formulas_agree(path, figures) > 30


def test_service_codes_give_the_cost_per_hour(tmp_path):
    """With the service-code table, is the cost per hour its weighted average, live in Excel?"""
    codes = ADMIRABLE_SERVICE_CODES
    path = write(tmp_path, admirable_plan(), service_codes=codes)
    figures = recalculate(path)
    assert figure_of(figures, path, "RatePerHour") == pytest.approx(ck.cost_per_hour(codes))
    assert figure_of(figures, path, "TotalBudgetToTheDollar") == PUBLISHED_BUDGET
    sheet = openpyxl.load_workbook(path)["Cost per hour"]
    shares = {c.value: sheet.cell(c.row, 2).coordinate for c in sheet["A"] if c.row > 20}
    mix = ck.clinician_hours_mix(codes)
    assert {name: figures[("COST PER HOUR", shares[name])] for name in mix} == pytest.approx(mix)
    assert assert_formulas_agree(path, figures) > 100


def test_codes_without_volumes_give_the_plain_average(tmp_path):
    """Without annual hours, is the cost per hour the plain average of the billed rates?"""
    codes = [
        ck.ServiceCode("X", "Therapy", {"Masters level": 1.0}, 150.0),
        ck.ServiceCode("Y", "Support", {"Below masters": 1.0}, 55.5),
    ]
    plan = admirable_plan().replace(rate_per_hour=ck.cost_per_hour(codes, weighted=False))
    path = write(tmp_path, plan, service_codes=codes)
    figures = recalculate(path)
    assert figure_of(figures, path, "RatePerHour") == pytest.approx(102.75)
    assert assert_formulas_agree(path, figures) > 50


def test_codes_that_disagree_with_the_plan_are_refused(tmp_path):
    """Does a plan at $100 an hour with codes averaging $158.62 say what to do?"""
    plan = admirable_plan().replace(rate_per_hour=100.0)
    with pytest.raises(ck.MismatchError, match=r"\$158\.62.*\$100\.00.*cost_per_hour"):
        write(tmp_path, plan, service_codes=ADMIRABLE_SERVICE_CODES)
    assert not (tmp_path / "plan.xlsx").exists()


def test_mix_and_hours_scenarios_recalculate(tmp_path):
    """Do case-mix and hours scenarios, in every combination, agree with scenario_table?"""
    plan = admirable_plan()
    mixes = {"Plan": plan.case_mix, "Heavier": {"A": 0.1, "B": 0.37, "C": 0.38, "D": 0.15}}
    hours = {"Guidelines": {"A": 12.0, "B": 36.0, "C": 90.0, "D": 120.0}}
    path = write(tmp_path, plan, case_mixes=mixes, avg_hours=hours)
    figures = recalculate(path)
    assert assert_formulas_agree(path, figures) > 100
    sheet = openpyxl.load_workbook(path)["Scenarios"]
    [row] = [c.row for c in sheet["A"] if c.value == "Total budget"]
    table = ck.scenario_table(plan, case_mixes=mixes, avg_hours=hours)
    shown = [figures[("SCENARIOS", f"{col}{row}")] for col in "BC"]
    assert shown == pytest.approx(table["Total budget"].tolist(), rel=1e-12)


def _cell_with_name(book: openpyxl.Workbook, name: str) -> openpyxl.cell.Cell:
    [(sheet, cell)] = list(book.defined_names[name].destinations)
    return book[sheet][cell.replace("$", "")]


def test_figures_are_formulas_and_inputs_are_named(tmp_path):
    """Do the step sheets hold formulas, and do the named inputs hold the plan's figures?"""
    plan = admirable_plan()
    book = openpyxl.load_workbook(write(tmp_path, plan, model=zontanos_first_draft()))
    for sheet, cell in [("Cases", "B7"), ("Mix", "D5"), ("Hours", "D5"), ("Budget", "F5")]:
        assert book[sheet][cell].data_type == "f", (sheet, cell)
    assert book["Budget"]["F5"].value == "=D5*E5"
    assert book["Cases"]["B7"].value == "=Enrollees*PenetrationRate"
    inputs = {"Enrollees": 30_000, "PenetrationRate": 0.1, "Months": 12, "RatePerHour": 158.61739}
    for name, figure in inputs.items():
        cell = _cell_with_name(book, name)
        assert (cell.parent.title, cell.value) == ("Inputs", figure)
    for name in ("TotalBudget", "CaseMix", "AvgHours", "Consumers", "Productivity", "Margin"):
        assert name in book.defined_names


def test_money_and_shares_have_currency_and_percent_formats(tmp_path):
    """Are dollars shown with $, shares with %, and rounded dollars without cents?"""
    book = openpyxl.load_workbook(write(tmp_path, admirable_plan(), model=zontanos_first_draft()))
    for name in ("RatePerHour", "TotalBudget", "PerMemberPerMonth", "Margin", "AvgDirectSalary"):
        assert "$" in _cell_with_name(book, name).number_format, name
    for name in ("PenetrationRate", "Productivity", "BenefitsRate"):
        assert "%" in _cell_with_name(book, name).number_format, name
    rounded = _cell_with_name(book, "TotalBudgetToTheDollar").number_format
    assert "$" in rounded
    assert "." not in rounded
    assert book["Mix"]["C5"].number_format.endswith("%")


def test_budget_sheet_has_a_column_chart_of_the_levels(tmp_path):
    """Is there a column chart on the Budget sheet drawn from the levels' total costs?"""
    book = openpyxl.load_workbook(write(tmp_path, admirable_plan()))
    [chart] = book["Budget"]._charts
    assert (chart.tagname, chart.type) == ("barChart", "col")
    [series] = chart.series
    assert series.val.numRef.f == "Budget!$F$5:$F$8"
    assert series.cat.strRef.f == "Budget!$A$5:$A$8"


def test_provenance_is_on_the_inputs_sheet_as_text_and_a_note(tmp_path):
    """Does the Inputs sheet say where its figures come from?"""
    source = "Uploaded by the learner from budget.xlsx on 2026-12-07"
    book = openpyxl.load_workbook(write(tmp_path, admirable_plan(), provenance=source))
    sheet = book["Inputs"]
    assert sheet["B3"].value == source
    assert source in sheet["B3"].comment.text


def test_text_typed_by_a_user_stays_text(tmp_path):
    """Do a level, a description, a scenario and a provenance that look like formulas stay text?"""
    sneaky = '=HYPERLINK("http://x")'
    plan = ck.CaseRatePlan(
        1_000,
        0.1,
        (ck.LevelOfCare(sneaky, "+1 call", 10), ck.LevelOfCare("@B", "-x", 40)),
        {sneaky: 0.5, "@B": 0.5},
        100.0,
    )
    path = write(tmp_path, plan, provenance="=1+1", penetration_rates={"-Low": 0.09})
    book = openpyxl.load_workbook(path)
    inputs = book["Inputs"]
    for cell, text in [("A12", sneaky), ("B12", "+1 call"), ("A13", "@B"), ("B3", "=1+1")]:
        assert (inputs[cell].data_type, inputs[cell].value) == ("s", text)
    scenario = [c for c in book["Scenarios"]["A"] if c.value == "-Low"]
    assert scenario
    assert scenario[0].data_type == "s"
    formulas_written = [
        cell.value
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert not [text for text in formulas_written if "HYPERLINK" in text or "1+1" in text]
    assert recalculate(path)[("MIX", "A5")] == sneaky


def test_risk_reserve_sheet_holds_the_simulations_figures(tmp_path):
    """Does the Risk reserve sheet record settings, seed, percentiles and reserve as values?"""
    plan = admirable_plan()
    spread = ck.Uncertainty((0.09, 0.11), mix_concentration=200, hours_spread=0.1)
    summary = ck.risk_summary(plan, spread, n_scenarios=2_000, seed=2024, percentile=90)
    sheet = openpyxl.load_workbook(write(tmp_path, plan, risk=summary))["Risk reserve"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells
    assert all(cell.data_type != "f" for cell in cells)
    figures = {
        cell.value: sheet.cell(cell.row, 2).value for cell in sheet["A"] if cell.value is not None
    }
    assert figures["Seed of the random numbers"] == 2024
    assert figures["Simulated years"] == 2_000
    assert figures["Lowest penetration rate"] == 0.09
    # Excel keeps 15 to 17 significant digits; XlsxWriter writes 16.
    reserve = figures["Risk reserve (that cost minus the budget)"]
    assert reserve == pytest.approx(summary.reserve.reserve, rel=1e-15)
    at_percentile = figures["Cost at the 90th percentile"]
    assert at_percentile == pytest.approx(summary.reserve.cost_at_percentile, rel=1e-15)
    listed = {level: figures[level / 100] for level in summary.percentiles}
    assert listed == pytest.approx(summary.percentiles, rel=1e-15)
    assert 90.0 in summary.percentiles
    assert summary.reserve.summary() in figures


def test_risk_summary_is_the_seeded_simulation():
    """Is the summary's reserve that of simulate_total_cost with the same seed?"""
    plan = admirable_plan()
    spread = ck.Uncertainty(hours_spread=0.1)
    summary = ck.risk_summary(plan, spread, n_scenarios=1_000, seed=7)
    costs = ck.simulate_total_cost(plan, spread, 1_000, seed=7)
    assert summary.reserve == ck.risk_reserve(costs, plan.total_budget(), 95)
    assert summary.percentiles[50.0] == pytest.approx(
        float(sorted(costs)[499] + sorted(costs)[500]) / 2
    )


def test_a_risk_summary_of_another_plan_is_refused(tmp_path):
    """Does a simulation of the high-penetration plan refuse to go with the medium plan?"""
    other = ck.risk_summary(admirable_plan("High"), ck.Uncertainty(), n_scenarios=10)
    with pytest.raises(ck.MismatchError, match=r"risk was simulated for a budget of \$26,4"):
        write(tmp_path, admirable_plan(), risk=other)


@pytest.mark.parametrize(
    ("options", "field"),
    [({"provenance": " "}, "provenance"), ({"provenance": None}, "provenance")],
)
def test_a_missing_provenance_is_refused(tmp_path, options, field):
    """Must the workbook say where its inputs come from?"""
    with pytest.raises(ck.InvalidInputError, match="where the inputs come from") as caught:
        ck.write_plan_workbook(admirable_plan(), tmp_path / "plan.xlsx", **options)
    assert caught.value.field == field


def test_a_plan_without_enrollees_is_refused(tmp_path):
    """Does a plan with no enrollees (no per-member figures) say so?"""
    with pytest.raises(ck.OutOfRangeError, match="enrollees must be greater than zero"):
        write(tmp_path, admirable_plan().replace(enrollees=0))


def test_a_folder_that_does_not_exist_is_named(tmp_path):
    """Does writing into a missing folder say which file and what to do?"""
    target = tmp_path / "missing" / "plan.xlsx"
    with pytest.raises(
        ck.InvalidInputError, match=r"could not be written.*another folder"
    ) as caught:
        ck.write_plan_workbook(admirable_plan(), target, provenance=PROVENANCE)
    assert caught.value.field == "target"


def test_a_binary_file_receives_the_workbook():
    """Can the workbook go to an in-memory file, for a download button?"""
    out = io.BytesIO()
    ck.write_plan_workbook(admirable_plan(), out, provenance=PROVENANCE)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == [
        "Inputs",
        "Cases",
        "Mix",
        "Hours",
        "Cost per hour",
        "Case rates",
        "Budget",
        "Per enrollee & PMPM",
        "Scenarios",
    ]
