"""Exercises 1 to 4 in a real browser, served by Voila as ``make serve`` serves the course.

Each test opens one exercise page, changes an input as a learner would (typing,
Tab, clicking), checks that the result follows, runs axe-core on the whole page
and saves a screenshot to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from .conftest import PAGE_RENDER_MS, axe_report, save_screenshot
from .test_early_posttest import HeldScript


def assert_no_axe_violations(page: Any) -> None:
    assert axe_report(page) == ""


def screenshot(page: Any, name: str) -> Path:
    """Save the whole page (title and exercise) as ``artifacts/screenshots/<name>.png``."""
    return save_screenshot(page, name, "main")


FIRST_HEADINGS = {
    "exercise_01_case_rate_calculator": "Rebuild Admirable's case rates",
    "exercise_02_budget_balancer": "Balance Zontanos' first draft",
    "exercise_03_risk_reserve": "How large a reserve should Admirable hold?",
    "exercise_04_authorization_tracker": "Keep Dana's sessions paid for",
}


def open_exercise(page: Any, course_url: str, name: str) -> Any:
    """Open ``notebooks/<name>.ipynb`` and wait until its widgets have rendered."""
    page.goto(
        f"{course_url}voila/render/notebooks/{name}.ipynb",
        wait_until="commit",
        timeout=PAGE_RENDER_MS,
    )
    page.get_by_role("heading", name=FIRST_HEADINGS[name]).wait_for(timeout=PAGE_RENDER_MS)
    page.locator(".ck-ex-chart img").first.wait_for(timeout=PAGE_RENDER_MS)
    # The page's early copy (drawn by the server) has gone: the widgets have taken over.
    page.locator(".ck-early-widgets").wait_for(state="detached", timeout=PAGE_RENDER_MS)
    return page


def commit(page: Any, label: str, value: str) -> None:
    """Type ``value`` into the box labelled ``label`` and leave it, as a learner would."""
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Tab")


@pytest.mark.browser
def test_case_rate_calculator_follows_its_inputs(page, course_url):
    """Exercise 1: do the tables follow a changed input, a bad mix warn, and axe pass?"""
    open_exercise(page, course_url, "exercise_01_case_rate_calculator")
    screenshot(page, "exercise_01_case_rate_calculator")
    page.get_by_label("Your answer").fill("5710")
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text("Correct.")).to_be_visible()
    commit(page, "Level B average hours", "36")
    expect(page.get_by_role("cell", name="$5,710").first).to_be_visible()
    commit(page, "Level B share of cases (%)", "27")
    expect(page.get_by_text("10 points short of 100%")).to_be_visible()
    expect(page.get_by_text("These results are from the last inputs that worked")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "exercise_01_after_changes")


@pytest.mark.browser
def test_budget_balancer_logs_a_change_and_redraws(page, course_url):
    """Exercise 2: does one typed change reach the log and the verdict, and axe pass?"""
    open_exercise(page, course_url, "exercise_02_budget_balancer")
    screenshot(page, "exercise_02_budget_balancer")
    expect(page.get_by_text("hire 6.5 FTEs")).to_be_visible()
    commit(page, "Level B hours per case", "30")
    expect(
        page.get_by_role("cell", name="Level B hours per case from 36 hours to 30 hours")
    ).to_be_visible()
    expect(page.get_by_text("hire 4.5 FTEs").first).to_be_visible()
    commit(page, "Productivity (% of time at work)", "150")
    expect(page.get_by_text("you typed 150")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "exercise_02_after_changes")


@pytest.mark.browser
def test_risk_simulator_reruns_and_grades_a_prediction(page, course_url):
    """Exercise 3: does the percentile rerun the summary, a prediction get graded, axe pass?"""
    open_exercise(page, course_url, "exercise_03_risk_reserve")
    screenshot(page, "exercise_03_risk_reserve")
    mix = page.get_by_role("group", name="How far the case mix may wander from the plan")
    expect(mix.get_by_role("radio")).to_have_count(4)
    commit(page, "Percentile to cover", "90")
    expect(page.get_by_text("To cover 90% of the simulated years")).to_be_visible()
    question = page.get_by_role("group", name="What happens to the reserve if you cover the 99th")
    question.get_by_label("The reserve goes up").check()
    page.get_by_role("button", name="Check my prediction").click()
    expect(page.get_by_text("Right: the reserve goes up")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "exercise_03_after_prediction")


@pytest.mark.browser
def test_authorization_tracker_adds_sessions_and_refuses_bad_ones(page, course_url):
    """Exercise 4: is a session added, a bad one refused with a reason, and axe clean?"""
    open_exercise(page, course_url, "exercise_04_authorization_tracker")
    screenshot(page, "exercise_04_authorization_tracker")
    expect(page.get_by_text("Re-authorization is due.")).to_be_visible()
    page.get_by_label("Date of the session").fill("2026-04-17")
    page.get_by_role("button", name="Add the session").click()
    expect(page.get_by_text("15 sessions entered")).to_be_visible()
    expect(page.get_by_role("cell", name="14 (88%)")).to_be_visible()
    commit(page, "Units", "0")
    page.get_by_role("button", name="Add the session").click()
    expect(page.get_by_text("Units must be more than zero")).to_be_visible()
    expect(page.get_by_text("15 sessions entered")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "exercise_04_after_changes")


@pytest.mark.browser
def test_the_calculator_works_before_voilas_scripts_arrive(page, course_url):
    """With Voila's script held back, the server's early copy of exercise 1 is all there is:
    the learner changes a figure, moves on, types an answer and presses Check. When the
    widgets take over, do the figure, the answer, the focus and the Check all carry over?"""
    script = HeldScript(page)
    page.goto(
        f"{course_url}voila/render/notebooks/exercise_01_case_rate_calculator.ipynb",
        wait_until="commit",
        timeout=PAGE_RENDER_MS,
    )
    early = page.locator(".ck-early-widgets")
    early.get_by_label("Enrollees (people covered)").fill("40000", timeout=PAGE_RENDER_MS)
    early.get_by_label("Enrollees (people covered)").press("Tab")
    expect(early.get_by_label("Low penetration rate (%)")).to_be_focused()
    early.get_by_label("Your answer").fill("5710")
    early.get_by_role("button", name="Check my answer").click()
    early.get_by_label("Level A average hours").focus()
    expect(page.locator(".jupyter-widgets input").first).to_have_value("40000")
    assert page.locator(".ck-early-root").count() == 1, "nothing but the copy before the script"
    assert_no_axe_violations(page)  # the copy is as accessible as the widgets

    script.release()
    early.wait_for(state="detached", timeout=PAGE_RENDER_MS)
    expect(page.get_by_label("Enrollees (people covered)")).to_have_value("40000")
    expect(page.get_by_label("Level A average hours")).to_be_focused()
    expect(
        page.get_by_role("region", name="Expected cases at each penetration rate").get_by_role(
            "cell", name="4,000"
        )
    ).to_be_visible()  # 10% of 40,000
    expect(page.get_by_text("Correct.")).to_be_visible()
