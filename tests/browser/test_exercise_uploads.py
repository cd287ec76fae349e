"""Exercise 1 with an agency's own numbers, in a real browser served as ``make serve`` serves it.

The learner chooses a file (made here from the course's template with numbers
changed); the page's figures become what caserate_kit computes for those
numbers; a file with problems lists them and changes nothing; a file over the
limit is refused by the page before a byte is sent; the model downloads as a
workbook whose Budget total is the page's. axe-core checks the section at the
page's width and a phone's, and a phone-width screenshot of it is saved.
"""

from __future__ import annotations

import io
import random
import string
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")
import openpyxl
from playwright.sync_api import expect

import caserate_kit as ck
from caserate_kit.course.exercises._calculator import build_plan, case_rate_rows
from caserate_kit.course.exercises._upload_read import MAX_UPLOAD_BYTES
from caserate_kit.course.exercises._uploads import (
    read_balancer_upload,
    read_calculator_upload,
    template_workbook,
)

from .conftest import AXE_OPTIONS, PHONE, save_screenshot
from .test_exercises_finance import open_exercise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PICKER = "Load your own numbers (CSV or Excel .xlsx)"
SECTION = ".ck-ex-own"
PUBLISHED_BUDGET = "$24,030,535"


def agency_file(enrollees: object, level_b_hours: object, notes_rows: int = 0) -> bytes:
    """The template with Population's enrollees and Level B's hours changed, and (given
    ``notes_rows``) an agency's "Notes" sheet of random text that makes the file large."""
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    book["Population"]["B2"] = enrollees
    book["Levels"]["C3"] = level_b_hours
    if notes_rows:
        notes = book.create_sheet("Notes")
        pick = random.Random(7)
        for _ in range(notes_rows):
            notes.append(["".join(pick.choices(string.ascii_letters, k=900))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def choose(page: Any, name: str, content: bytes) -> None:
    """Choose a file in the picker, as the learner does in the file dialog."""
    page.get_by_label(PICKER).set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": content}]
    )


def total_shown(page: Any) -> str:
    """The total budget the page states under the budget table."""
    return str(page.locator("p", has_text="Total budget").locator("strong").first.inner_text())


def section_axe(page: Any) -> str:
    """axe-core's report on the own-numbers section, at the page's width and a phone's."""
    from axe_playwright_python.sync_playwright import Axe

    reports = []
    size = page.viewport_size
    for viewport in (size, PHONE):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(200)
        result = Axe().run(page, context=SECTION, options=AXE_OPTIONS)
        if result.violations_count:
            reports.append(f"at {viewport['width']} px:\n{result.generate_report()}")
    page.set_viewport_size(size)
    return "\n".join(reports)


@pytest.mark.browser
def test_own_numbers_load_refuse_and_download(page, course_url):
    """A good file changes every figure, a bad one nothing, a big one is refused unsent, and the
    downloaded model's Budget total is the page's."""
    sent: list[int] = []
    names_sent: list[str] = []

    def watch(socket: Any) -> None:
        def frame(payload: str | bytes) -> None:
            sent.append(len(payload))
            if isinstance(payload, str) and "big.xlsx" in payload:
                names_sent.append(payload)

        socket.on("framesent", frame)

    page.on("websocket", watch)
    open_exercise(page, course_url, "exercise_01_case_rate_calculator")
    own = page.locator(SECTION)
    own.scroll_into_view_if_needed()
    expect(own.get_by_role("heading", name="Your own numbers")).to_be_visible()

    # A good file, large enough to travel in several parts (an agency's Notes sheet).
    good = agency_file(52_000, 36, notes_rows=300)
    assert len(good) > 150_000
    upload = read_calculator_upload(good, "budget.xlsx")
    assert upload.inputs is not None
    plan = build_plan(upload.inputs, upload.level_names)
    expected = ck.format_dollars(plan.total_budget())
    assert expected != PUBLISHED_BUDGET
    choose(page, "budget.xlsx", good)
    expect(
        own.get_by_role("status").filter(has_text="Loaded budget.xlsx: every figure")
    ).to_be_visible()
    expect(page.get_by_label("Enrollees (people covered)", exact=True)).to_have_value("52000")
    expect(page.get_by_label("Level B average hours", exact=True)).to_have_value("36")
    assert total_shown(page) == expected
    for row in case_rate_rows(plan):
        expect(page.get_by_role("cell", name=row[-1], exact=True).first).to_be_visible()
    expect(own.get_by_text("Sheet “Notes” was not read")).to_be_visible()
    expect(page.get_by_text("The figures are your own, loaded from budget.xlsx")).to_be_visible()
    assert max(sent) < 128 * 1024, "every message stays under 128 KiB"
    assert sum(size > 60_000 for size in sent) >= 2, "the file went in several parts"

    # A file with problems: each listed by sheet, row and column; nothing changes.
    choose(page, "bad.xlsx", agency_file("lots", "thirty"))
    alert = own.get_by_role("alert").filter(has_text="bad.xlsx was not loaded")
    expect(alert).to_be_visible()
    expect(alert.get_by_role("listitem")).to_have_count(2)
    expect(alert.get_by_role("listitem").first).to_contain_text(
        "Population, row 2, column Value (Enrollees): “lots”"
    )
    expect(alert.get_by_role("listitem").nth(1)).to_contain_text(
        "Levels, row 3, column Average hours: “thirty”"
    )
    expect(page.get_by_label("Enrollees (people covered)", exact=True)).to_have_value("52000")
    assert total_shown(page) == expected
    assert section_axe(page) == ""

    # A file over the limit: refused by the page itself, nothing sent.
    frames_before = len(sent)
    choose(page, "big.xlsx", b"x" * (MAX_UPLOAD_BYTES + 1))
    expect(
        own.get_by_role("status").filter(has_text="“big.xlsx” is 1,000,001 bytes")
    ).to_contain_text("the limit is 1 MB (1,000,000 bytes) a file. Nothing was sent.")
    page.wait_for_timeout(500)
    assert names_sent == [], "the page told the kernel nothing of the big file"
    assert all(size < 1_000 for size in sent[frames_before:])
    assert total_shown(page) == expected

    # The model as a workbook: its Budget total is the page's.
    with page.expect_download() as info:
        page.get_by_role("link", name="Download this model as an Excel workbook (.xlsx)").click()
    download = info.value
    assert download.suggested_filename == "case-rate-model-budget.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), data_only=True)
    sheet, cell = next(iter(book.defined_names["TotalBudgetToTheDollar"].destinations))
    assert sheet == "Budget"
    assert ck.format_dollars(book[sheet][cell.replace("$", "")].value) == total_shown(page)

    save_screenshot(page, "exercise_01_own_numbers", SECTION)
    page.set_viewport_size(PHONE)
    own.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    inside = own.evaluate(
        """card => {
             const edge = card.getBoundingClientRect().right
               - parseFloat(getComputedStyle(card).paddingRight) + 1;
             return Array.from(card.querySelectorAll('.ck-file > *'))
               .every(e => e.getBoundingClientRect().right <= edge);
           }"""
    )
    assert inside, "on a phone the picker fits inside its card"
    save_screenshot(page, "exercise_01_own_numbers_phone", SECTION)

    page.set_viewport_size({"width": 1100, "height": 900})
    page.get_by_role("button", name="Start again from the example").click()
    expect(page.get_by_label("Enrollees (people covered)", exact=True)).to_have_value("30000")
    expect(page.get_by_text("The figures are Admirable's example from lesson 4.")).to_be_visible()
    assert total_shown(page) == PUBLISHED_BUDGET


@pytest.mark.browser
def test_the_template_downloads_and_reads_back_as_the_example(page, course_url):
    """Does the template link give a workbook that loads as Admirable's own numbers?"""
    open_exercise(page, course_url, "exercise_01_case_rate_calculator")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the template (.xlsx)").click()
    download = info.value
    assert download.suggested_filename == "caserate-template.xlsx"
    content = Path(download.path()).read_bytes()
    upload = read_calculator_upload(content, "caserate-template.xlsx")
    assert upload.inputs is not None
    assert ck.format_dollars(build_plan(upload.inputs).total_budget()) == PUBLISHED_BUDGET
    with page.expect_download() as info:
        page.get_by_role("link", name="Levels template (.csv)").click()
    assert info.value.suggested_filename == "Levels.csv"


@pytest.mark.browser
def test_the_budget_balancer_takes_an_agencys_model(page, course_url):
    """Exercise 2: does a model file put its numbers in the boxes and the dashboard, a file with
    levels other than A to D get refused with nothing changed, and axe pass on the section?"""
    open_exercise(page, course_url, "exercise_02_budget_balancer")
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    book["Clinical plan"]["B2"] = 1_400
    out = io.BytesIO()
    book.save(out)
    upload = read_balancer_upload(out.getvalue(), "model.xlsx")
    assert upload.inputs is not None
    board = upload.inputs.model.dashboard()
    choose(page, "model.xlsx", out.getvalue())
    own = page.locator(SECTION)
    expect(
        own.get_by_role("status").filter(has_text="Loaded model.xlsx: every box")
    ).to_be_visible()
    expect(page.get_by_text(f"{board.ftes_needed:.1f} FTEs needed").first).to_be_visible()
    expect(page.get_by_text("The figures are your own, loaded from model.xlsx")).to_be_visible()

    for row, code in enumerate(("1", "2", "3", "4"), start=2):
        book["Plan levels"].cell(row, 1).value = code
    other = io.BytesIO()
    book.save(other)
    choose(page, "levels.xlsx", other.getvalue())
    alert = own.get_by_role("alert").filter(has_text="levels.xlsx was not loaded")
    expect(alert.get_by_role("listitem")).to_contain_text("works with levels A, B, C and D")
    expect(page.get_by_text(f"{board.ftes_needed:.1f} FTEs needed").first).to_be_visible()
    assert section_axe(page) == ""
    page.set_viewport_size(PHONE)
    own.scroll_into_view_if_needed()
    save_screenshot(page, "exercise_02_own_numbers_phone", SECTION)
