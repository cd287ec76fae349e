"""Exercise 2 with an agency's own numbers: its staff mix, its levels, and the page.

The files are the course's template with numbers changed; every expected
figure is worked out by caserate_kit from the uploaded numbers.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date

import openpyxl
import pytest

import caserate_kit as ck
from caserate_kit.course.exercises import _balancer_page, budget_balancer
from caserate_kit.course.exercises._balancer import (
    KNOBS,
    apply_knob,
    first_draft,
    level_codes_problem,
)
from caserate_kit.course.exercises._balancer_page import BudgetBalancer
from caserate_kit.course.exercises._uploads import read_balancer_upload, template_workbook

TODAY = date(2025, 12, 7)
BACHELORS = next(knob for knob in KNOBS if knob.key == "staff_mix.bachelors")
STAFF_MIX = b"""Role,Share of direct FTEs,Salary
Prescribers,10%,200000
Nurses,0%,90000
Master's-level clinicians,30%,70000
Bachelor's-level case managers,60%,50000
"""


def text(html: str) -> str:
    blocks = re.sub(r"</?(p|li|ul|div)\b[^>]*>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", "", blocks).split())


def agency_model(consumers: object = 1_400, codes: tuple[str, ...] = ("A", "B", "C", "D")) -> bytes:
    """The template with the consumers (and the Plan levels' codes) changed, as .xlsx bytes."""
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    book["Clinical plan"]["B2"] = consumers
    for row, code in enumerate(codes, start=2):
        book["Plan levels"].cell(row, 1).value = code
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def balancer(monkeypatch) -> BudgetBalancer:
    monkeypatch.setattr(_balancer_page, "_today", lambda: TODAY)
    return budget_balancer()


# -- the logic's two gaps, closed ----------------------------------------------------------


def test_an_uploaded_staff_mix_is_the_one_the_case_managers_share_moves():
    """Moving 5 points to case managers from an agency's mix changes *its* average salary."""
    state = read_balancer_upload(STAFF_MIX, "Staff mix.csv").inputs
    assert state is not None
    assert state.average_salary() == pytest.approx(state.model.staffing.avg_direct_salary)
    after = apply_knob(state, BACHELORS, 65)[0]
    expected = math.fsum([0.10 * 200_000, 0.0 * 90_000, 0.25 * 70_000, 0.65 * 50_000])
    assert after.model.staffing.avg_direct_salary == pytest.approx(expected)


def test_the_draft_still_moves_its_own_mix():
    after = apply_knob(first_draft(), BACHELORS, 30)[0]
    assert after.model.staffing.avg_direct_salary == pytest.approx(
        ck.examples.zontanos_balanced().staffing.avg_direct_salary
    )


def test_the_case_managers_share_cannot_take_more_than_the_masters_share_holds():
    mix = STAFF_MIX.replace(b"10%", b"30%").replace(b"0%,9", b"10%,9").replace(b"60%", b"30%")
    state = read_balancer_upload(mix, "Staff mix.csv").inputs
    assert state is not None
    assert apply_knob(state, BACHELORS, 60)[0].mix_now()["Master's-level clinicians"][0] == 0
    with pytest.raises(ck.InvalidInputError) as refused:
        apply_knob(state, BACHELORS, 70)
    assert "must be at most 60%, the case managers' and master's-level clinicians' shares" in (
        str(refused.value)
    )


def test_levels_other_than_a_to_d_are_named_as_the_problem():
    assert level_codes_problem(["D", "C", "B", "A"]) is None
    problem = level_codes_problem(["1", "2", "3", "4"])
    assert problem is not None
    assert problem.startswith("Plan levels: the budget balancer works with levels A, B, C and D")
    assert "the file has 1, 2, 3 and 4" in problem


# -- the page ---------------------------------------------------------------------------------


def test_a_loaded_model_puts_its_numbers_in_every_box_and_the_dashboard(balancer):
    content = agency_model(1_400)
    state = read_balancer_upload(content, "model.xlsx").inputs
    assert state is not None
    balancer.change(BACHELORS, 30)
    assert balancer.history
    balancer.load_file("model.xlsx", content)
    board = state.model.dashboard()
    assert balancer.boxes["staffing.direct_ftes_on_payroll"].value == (
        state.model.staffing.direct_ftes_on_payroll
    )
    assert f"{board.ftes_needed:.1f} FTEs needed" in balancer.chart_text.value
    loaded = text(balancer.upload_result.value)
    assert loaded.startswith("Loaded model.xlsx: 1,400 consumers a year")
    assert f"The plan needs {board.ftes_needed:.1f} FTEs" in loaded
    assert balancer.history == [], "the log starts again"
    assert balancer.source_line.text == (
        "The figures are your own, loaded from model.xlsx on December 7, 2025."
    )
    assert balancer.picker.status.startswith("Loaded model.xlsx")


def test_a_model_with_levels_other_than_a_to_d_is_refused_and_nothing_changes(balancer):
    before = (balancer.state, balancer.chart_text.value)
    balancer.load_file("model.xlsx", agency_model(1_400, ("1", "2", "3", "4")))
    assert (balancer.state, balancer.chart_text.value) == before
    assert 'role="alert"' in balancer.upload_result.value
    assert "works with levels A, B, C and D" in balancer.upload_result.value


def test_a_file_with_problems_lists_them_and_changes_nothing(balancer):
    before = balancer.state
    balancer.load_file("model.xlsx", agency_model("many"))
    assert balancer.state == before
    items = re.findall(r"<li>(.*?)</li>", balancer.upload_result.value)
    assert len(items) == 1
    assert items[0].startswith("Clinical plan, row 2, column Value (Consumers a year): “many”")
    assert balancer.picker.tone == "warn"


def test_reset_after_a_load_gives_the_first_draft_back(balancer):
    balancer.load_file("model.xlsx", agency_model(1_400))
    balancer.reset_button.click()
    assert balancer.state == first_draft()
    assert balancer.upload_result.value == ""
    assert balancer.source_line.text == "The figures are Zontanos' first draft from lesson 5."


def test_the_balancer_builds_no_template_until_a_link_is_chosen():
    page = budget_balancer()
    assert all(link._href is None for link in [page.template_link, *page.csv_links])
    assert [link.filename for link in page.csv_links][-1] == "Other revenue.csv"


# -- the model out, as a workbook ----------------------------------------------------------


def _named(book: openpyxl.Workbook, name: str) -> object:
    [(sheet, cell)] = list(book.defined_names[name].destinations)
    return book[sheet][cell.replace("$", "")].value


def _inputs_text(book: openpyxl.Workbook) -> str:
    return " ".join(
        str(value)
        for row in book["Model inputs"].iter_rows(values_only=True)
        for value in row
        if value
    )


def test_the_model_downloads_as_a_workbook_of_the_page_figures(balancer):
    """Does the page's workbook hold the model on the page (its margin and FTEs), say where it
    comes from, and follow a change and a loaded file?"""
    book = openpyxl.load_workbook(io.BytesIO(balancer.model_workbook()), data_only=True)
    board = balancer.state.model.dashboard()
    assert _named(book, "Margin") == pytest.approx(board.margin)
    assert _named(book, "FtesNeeded") == pytest.approx(board.ftes_needed)
    assert "Zontanos' first draft from lesson 5, the course's example" in _inputs_text(book)
    assert balancer.model_link.filename == "clinical-financial-model-zontanos.xlsx"
    version = balancer.model_link.version
    balancer.change(BACHELORS, 30)
    assert balancer.model_link.version > version
    changed = openpyxl.load_workbook(io.BytesIO(balancer.model_workbook()), data_only=True)
    assert _named(changed, "Margin") == pytest.approx(balancer.state.model.dashboard().margin)
    assert "then changed on the page" in _inputs_text(changed)
    balancer.load_file("agency model.xlsx", agency_model(1_400))
    assert balancer.model_link.filename == "clinical-financial-model-agency-model.xlsx"
    loaded = openpyxl.load_workbook(io.BytesIO(balancer.model_workbook()), data_only=True)
    assert "Loaded by the learner from agency model.xlsx" in _inputs_text(loaded)
    assert _named(loaded, "Margin") == pytest.approx(balancer.state.model.dashboard().margin)
