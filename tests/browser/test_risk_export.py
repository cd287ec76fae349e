"""Exercise 3's scenario summary download in a real browser, served as ``make serve`` serves it.

The learner runs the simulation, chooses the link, and the workbook that arrives
holds on its "Risk reserve" sheet the figures the page shows; a new run gives a
new workbook; axe-core finds nothing wrong with the page and its link.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")
import openpyxl
from playwright.sync_api import expect

import caserate_kit as ck

from .conftest import STEP_MS, axe_report
from .test_exercises_finance import commit, open_exercise, screenshot

LINK = "Download this scenario summary with the model (.xlsx)"
RESERVE = "Risk reserve (that cost minus the budget)"


def found(pattern: str, words: str) -> tuple[str, ...]:
    """The groups of ``pattern`` in ``words``, which must hold it."""
    match = re.search(pattern, words)
    assert match, f"{pattern!r} not in {words!r}"
    return match.groups()


def shown_figure(page: Any, label: str) -> str:
    """The amount the page's "The reserve in figures" table gives for ``label``."""
    row = page.locator(".ck-ex-table tr", has_text=label)
    return str(row.locator("td").nth(1).inner_text()).strip()


def page_figures(page: Any, percentile: int) -> dict[str, str]:
    """The run's figures as the page words them: dollars, seed and simulated years."""
    # The status says "Done" last of all, once the table and the chart's words are drawn.
    status = page.locator(".ck-ex-msg-ok", has_text="simulated years in").inner_text()
    years, seed = found(r"Done: ([\d,]+) simulated years .*\(seed (\d+)\)", status)
    chart = page.locator("p", has_text="nine in ten fall between").inner_text()
    low, high = found(r"between (\$[\d,]+) and (\$[\d,]+)", chart)
    at_percentile = f"Cost at the {percentile}th percentile"
    return {
        "5th": low,
        "95th": high,
        at_percentile: shown_figure(page, at_percentile),
        RESERVE: shown_figure(page, RESERVE),
        "The plan's budget": shown_figure(page, "The plan's budget"),
        "years": years,
        "seed": seed,
    }


def download_figures(page: Any, percentile: int) -> dict[str, str]:
    """Choose the link; the downloaded workbook's figures, worded as the page words them."""
    link = page.get_by_role("link", name=LINK)
    expect(link).to_have_attribute("download", "admirable-risk-reserve.xlsx")
    with page.expect_download(timeout=STEP_MS) as pending:
        link.click()
    download = pending.value
    assert download.suggested_filename == "admirable-risk-reserve.xlsx"
    # Playwright keeps the file under a name without ".xlsx", which openpyxl refuses.
    workbook = io.BytesIO(Path(download.path()).read_bytes())
    sheet = openpyxl.load_workbook(workbook)["Risk reserve"]
    values = {cell.value: sheet.cell(cell.row, 2).value for cell in sheet["A"] if cell.value}
    at_percentile = f"Cost at the {percentile}th percentile"
    return {
        "5th": ck.format_dollars(values[0.05]),
        "95th": ck.format_dollars(values[0.95]),
        at_percentile: ck.format_dollars(values[percentile / 100]),
        RESERVE: ck.format_dollars(values[RESERVE]),
        "The plan's budget": ck.format_dollars(values["The plan's budget"]),
        "years": f"{values['Simulated years']:,}",
        "seed": str(values["Seed of the random numbers"]),
    }


@pytest.mark.browser
def test_the_scenario_summary_downloads_with_the_pages_figures(page, course_url):
    """Exercise 3: does the downloaded workbook hold the run's figures as the page shows them,
    before and after a new run, and does axe find nothing wrong with the link?"""
    open_exercise(page, course_url, "exercise_03_risk_reserve")
    first = page_figures(page, 95)
    assert download_figures(page, 95) == first
    assert first["The plan's budget"] == "$24,030,535"
    commit(page, "Percentile to cover", "90")
    expect(page.get_by_text("To cover 90% of the simulated years")).to_be_visible()
    second = page_figures(page, 90)
    assert second[RESERVE] != first[RESERVE]
    assert download_figures(page, 90) == second
    assert axe_report(page) == ""
    screenshot(page, "exercise_03_scenario_download")
