"""Exercise 1 with an agency's own numbers: loading a file, refusing one, and the model's workbook.

The page is driven as the file picker drives it (:meth:`load_file` with a
file's name and bytes); the files are the course's template with numbers
changed, and every expected figure is worked out by caserate_kit.
"""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest

import caserate_kit as ck
from caserate_kit.course.exercises import _calculator_page, case_rate_calculator
from caserate_kit.course.exercises._calculator import (
    admirable_inputs,
    build_plan,
    case_rate_rows,
)
from caserate_kit.course.exercises._calculator_page import CaseRateCalculator
from caserate_kit.course.exercises._own_numbers import MAX_PAGE_LEVELS, Source
from caserate_kit.course.exercises._uploads import (
    csv_templates,
    read_calculator_upload,
    template_workbook,
)
from caserate_kit.course.widgets import DownloadLink

TODAY = date(2025, 12, 7)
PUBLISHED_BUDGET = "$24,030,535"


def text(html: str) -> str:
    """The words of an HTML fragment: blocks apart, inline tags removed, spaces collapsed."""
    blocks = re.sub(r"</?(p|li|ul|div)\b[^>]*>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", "", blocks).split())


def agency_workbook(
    enrollees: float | str = 52_000,
    levels: list[tuple[str, str, float, float]] | None = None,
    extra_sheets: dict[str, list[list[object]]] | None = None,
) -> bytes:
    """The template with the enrollees (and, given, the levels) changed, as .xlsx bytes."""
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    book["Population"]["B2"] = enrollees
    if levels is not None:
        sheet = book["Levels"]
        sheet.delete_rows(2, sheet.max_row)
        for code, name, hours, share in levels:
            sheet.append([code, name, hours, share])
            sheet.cell(sheet.max_row, 4).number_format = "0.00%"
    for title, rows in (extra_sheets or {}).items():
        extra = book.create_sheet(title)
        for row in rows:
            extra.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FIVE_LEVELS = [
    ("1", "Check-ins", 6, 0.25),
    ("2", "Outpatient", 20, 0.30),
    ("3", "Intensive outpatient", 60, 0.25),
    ("4", "Community support", 90, 0.15),
    ("5", "Assertive community treatment", 150, 0.05),
]


@pytest.fixture
def calculator(monkeypatch) -> CaseRateCalculator:
    monkeypatch.setattr(_calculator_page, "_today", lambda: TODAY)
    return case_rate_calculator()


def expected_plan(content: bytes, name: str) -> ck.CaseRatePlan:
    """The plan caserate_kit makes of a file's numbers, as the page should show it."""
    upload = read_calculator_upload(content, name)
    assert upload.inputs is not None, upload.problems
    return build_plan(upload.inputs, upload.level_names)


def shown_total(calculator: CaseRateCalculator) -> str:
    found = re.search(r"Total budget <strong>([^<]+)</strong>", calculator.per_member.value)
    assert found is not None
    return found.group(1)


def test_a_loaded_workbook_puts_its_numbers_in_every_box_and_figure(calculator):
    content = agency_workbook(52_000)
    calculator.load_file("budget.xlsx", content)
    plan = expected_plan(content, "budget.xlsx")
    assert calculator.enrollees.value == 52_000
    assert shown_total(calculator) == ck.format_dollars(plan.total_budget())
    assert shown_total(calculator) != PUBLISHED_BUDGET
    assert f"The plan's {plan.cases():,.0f} cases" in text(calculator.service_hours.value)
    assert ck.format_dollars(plan.total_budget()) in text(calculator.scenarios.value)
    loaded = text(calculator.upload_result.value)
    assert loaded.startswith("Loaded budget.xlsx: 52,000 enrollees, 4 levels of care (A: ")
    assert "Read from the file: Population, Levels and Service codes." in loaded
    assert (
        calculator.picker.status == "Loaded budget.xlsx: every figure on the page is now from it."
    )
    assert calculator.source_line.text == (
        "The figures are your own, loaded from budget.xlsx on December 7, 2025."
    )


def test_a_file_with_levels_of_its_own_gets_boxes_and_names_of_its_own(calculator):
    content = agency_workbook(40_000, FIVE_LEVELS)
    calculator.load_file("levels.xlsx", content)
    plan = expected_plan(content, "levels.xlsx")
    assert list(calculator.mix) == ["1", "2", "3", "4", "5"]
    assert [box.description for box in calculator.hours_row.children][-1] == (
        "Level 5 average hours"
    )
    assert calculator.hours["5"].value == 150
    assert calculator.mix["5"].value == pytest.approx(5)
    assert "Level 5: Assertive community treatment" in text(calculator.levels_list.value)
    rows = [row[0] for row in case_rate_rows(plan)]
    assert rows[2] == "3: Intensive outpatient"
    assert all(row in text(calculator.case_rates.value) for row in rows)
    assert shown_total(calculator) == ck.format_dollars(plan.total_budget())
    assert "5 levels of care (1: Check-ins; 2: Outpatient;" in text(calculator.upload_result.value)
    assert calculator.rate_note.value == "", "the note on Admirable's cost per hour goes"
    calculator.mix["1"].value = 26.0  # the new boxes redraw the page as the old ones did
    assert "1 points over 100%" in text(calculator.step_messages[4].value)


def test_a_file_with_problems_lists_every_one_and_changes_nothing(calculator):
    before = {
        name: getattr(calculator, name).value
        for name in ("budget", "case_rates", "scenarios", "per_member", "source_line")
        if hasattr(getattr(calculator, name), "value")
    }
    bad = [
        ("A", "Recovery", -5, 0.2),
        ("B", "Low", "thirty", 0.37),
        ("C", "High", 80, 0.33),
        ("D", "Wrap", 110, 0.05),
    ]
    calculator.load_file("bad.xlsx", agency_workbook("lots", bad))
    result = calculator.upload_result.value
    assert 'role="alert"' in result
    assert text(result).startswith("bad.xlsx was not loaded. Nothing on the page changed.")
    items = re.findall(r"<li>(.*?)</li>", result)
    assert len(items) == 3
    assert items[0].startswith("Population, row 2, column Value (Enrollees): “lots”")
    assert items[1].startswith("Levels, row 2, column Average hours: “-5” is below zero")
    assert items[2].startswith("Levels, row 3, column Average hours: “thirty”")
    assert calculator.enrollees.value == 30_000
    assert calculator.picker.status == (
        "bad.xlsx was not loaded: 3 problems, listed below. Nothing on the page changed."
    )
    for name, value in before.items():
        assert getattr(calculator, name).value == value, name


def test_a_file_with_too_many_levels_for_the_page_is_refused(calculator):
    share = 1 / (MAX_PAGE_LEVELS + 1)
    many = [(f"L{i}", f"Level {i}", 10, share) for i in range(MAX_PAGE_LEVELS + 1)]
    calculator.load_file("many.xlsx", agency_workbook(52_000, many))
    assert f"this page shows at most {MAX_PAGE_LEVELS}" in calculator.upload_result.value
    assert list(calculator.mix) == ["A", "B", "C", "D"]


def test_an_agencys_notes_sheet_is_left_unread_with_a_note(calculator):
    content = agency_workbook(52_000, extra_sheets={"Notes": [["Prepared by finance"]]})
    calculator.load_file("budget.xlsx", content)
    assert "Sheet “Notes” was not read" in calculator.upload_result.value
    assert calculator.enrollees.value == 52_000


def test_a_csv_of_one_table_keeps_the_rest_and_says_so(calculator):
    levels = csv_templates()["Levels.csv"].replace(b"10,", b"12,", 1)
    calculator.enrollees.value = 35_000.0
    calculator.load_file("Levels.csv", levels)
    assert calculator.enrollees.value == 35_000, "Population was not in the file"
    assert calculator.hours["A"].value == 12
    assert "the page kept its own: enrollees, penetration rates and scenario; cost per hour." in (
        text(calculator.upload_result.value)
    )


def test_start_again_from_the_example_restores_admirable(calculator):
    calculator.load_file("levels.xlsx", agency_workbook(40_000, FIVE_LEVELS))
    calculator.reset_button.click()
    assert calculator.inputs() == admirable_inputs()
    assert list(calculator.mix) == ["A", "B", "C", "D"]
    assert shown_total(calculator) == PUBLISHED_BUDGET
    assert "Recovery maintenance and health management" in calculator.levels_list.value
    assert calculator.upload_result.value == ""
    assert calculator.source_line.text == "The figures are Admirable's example from lesson 4."
    assert calculator.rate_note.value != ""


def test_the_source_line_says_when_the_learner_has_typed_changes(calculator):
    calculator.enrollees.value = 31_000.0
    assert calculator.source_line.text == (
        "The figures are Admirable's example from lesson 4, with changes you typed."
    )


def model(calculator: CaseRateCalculator) -> openpyxl.Workbook:
    """The model's workbook as the page's link gives it, read with its cached figures."""
    return openpyxl.load_workbook(io.BytesIO(calculator.model_workbook()), data_only=True)


def cached(book: openpyxl.Workbook, name: str) -> object:
    sheet, cell = next(iter(book.defined_names[name].destinations))
    return book[sheet][cell.replace("$", "")].value


def provenance(book: openpyxl.Workbook) -> str:
    found = [
        str(cell.value)
        for row in book["Inputs"].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and ("example" in cell.value or "Loaded" in cell.value)
    ]
    assert found
    return found[0]


def test_the_examples_workbook_has_the_pages_total_and_says_it_is_the_example(calculator):
    book = model(calculator)
    assert ck.format_dollars(cached(book, "TotalBudgetToTheDollar")) == shown_total(calculator)
    assert "Admirable example from the course" in provenance(book)


def test_a_loaded_files_workbook_has_its_total_and_says_who_loaded_it_when(calculator):
    calculator.load_file("budget.xlsx", agency_workbook(52_000, FIVE_LEVELS))
    assert calculator.model_link.filename == "case-rate-model-budget.xlsx"
    book = model(calculator)
    assert ck.format_dollars(cached(book, "TotalBudgetToTheDollar")) == shown_total(calculator)
    assert "Loaded by the learner from budget.xlsx on December 7, 2025" in provenance(book)
    budget = [cell.value for row in book["Budget"].iter_rows() for cell in row]
    assert "Assertive community treatment" in budget, "the file's level names go with it"


def test_the_workbook_follows_the_last_inputs_that_worked_and_says_they_were_changed(calculator):
    calculator.load_file("budget.xlsx", agency_workbook(52_000))
    calculator.enrollees.value = 60_000.0
    book = model(calculator)
    assert ck.format_dollars(cached(book, "TotalBudgetToTheDollar")) == shown_total(calculator)
    assert (
        "Loaded by the learner from budget.xlsx on December 7, 2025, then changed on the page"
        in provenance(book)
    )
    calculator.mix["A"].value = 0.0  # the mix no longer adds up: the figures stay
    assert ck.format_dollars(cached(model(calculator), "TotalBudgetToTheDollar")) == (
        shown_total(calculator)
    )


def test_a_change_on_the_page_makes_the_link_build_the_workbook_again(calculator):
    version = calculator.model_link.version
    calculator.enrollees.value = 31_000.0
    assert calculator.model_link.version > version


def test_the_page_builds_no_workbook_or_template_until_a_link_is_chosen():
    page = case_rate_calculator()
    links = [page.model_link, page.template_link, *page.csv_links]
    assert all(isinstance(link, DownloadLink) and link._href is None for link in links)


def test_the_template_links_give_the_template_and_its_csv_files():
    page = case_rate_calculator()
    assert page.template_link.href().startswith(
        "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,UEsD"
    )
    assert [link.filename for link in page.csv_links] == [
        "Population.csv",
        "Levels.csv",
        "Service codes.csv",
    ]
    assert page.csv_links[1].href().startswith("data:text/csv;base64,")


def test_the_picker_takes_the_readers_limit():
    from caserate_kit.course.exercises._upload_read import MAX_UPLOAD_BYTES

    page = case_rate_calculator()
    assert page.picker.max_bytes == MAX_UPLOAD_BYTES == 1_000_000
    assert page.picker.label == "Load your own numbers (CSV or Excel .xlsx)"


def test_source_names_the_model_workbook_after_the_file():
    assert Source().workbook_name() == "case-rate-model-admirable.xlsx"
    assert Source("My budget (v2).xlsx", TODAY).workbook_name() == (
        "case-rate-model-My-budget-v2.xlsx"
    )
    assert Source("<>.csv", TODAY).workbook_name() == "case-rate-model-own-numbers.xlsx"


def test_names_from_the_file_are_shown_as_text_never_as_markup(calculator):
    levels = [("A", "<b>Bold</b> & co", 10, 0.5), ("B", "Plain", 20, 0.5)]
    calculator.load_file("<i>x</i>.xlsx", agency_workbook(1_000, levels))
    assert "<b>" not in calculator.levels_list.value
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in calculator.levels_list.value
    assert "<i>" not in calculator.upload_result.value
    assert "&lt;i&gt;" in calculator.upload_result.value


def test_build_plan_describes_levels_by_the_names_given():
    plan = build_plan(admirable_inputs(), {"A": "Mine"})
    assert case_rate_rows(plan)[0][0] == "A: Mine"
    assert case_rate_rows(plan)[1][0] == "B"
