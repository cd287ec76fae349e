"""Exercises 5 to 7 in a real browser, served by Voila as ``make serve`` serves the course.

Each test opens one exercise page, answers as a learner would (clicking, typing,
the keyboard), checks that the feedback follows, runs axe-core on the whole page,
checks that each radio group is named by its question, and saves screenshots to
``artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from caserate_kit.course._rubric import RUBRIC_NOTICE

from .conftest import PAGE_RENDER_MS, axe_report, save_screenshot
from .test_early_posttest import HeldScript


def assert_no_axe_violations(page: Any) -> None:
    assert axe_report(page) == ""


def screenshot(page: Any, name: str) -> Path:
    """Save the whole page (title and exercise) as ``artifacts/screenshots/<name>.png``."""
    return save_screenshot(page, name, "main")


CATEGORY_LABELS = [
    "Medical necessity",
    "Current functioning",
    "Goals and interventions that fit",
    "Progress",
    "Will not justify payment",
]
FIRST_HEADINGS = {
    "exercise_05_chart_note_review": "Sort the statements",
    "exercise_06_level_of_care_practice": "Rate each dimension and choose a level",
    "exercise_07_treat_to_target": "Read the chart and predict",
}


def open_exercise(page: Any, course_url: str, name: str) -> Any:
    """Open ``notebooks/<name>.ipynb`` and wait until its widgets have rendered."""
    page.goto(
        f"{course_url}voila/render/notebooks/{name}.ipynb",
        wait_until="commit",
        timeout=PAGE_RENDER_MS,
    )
    page.get_by_role("heading", name=FIRST_HEADINGS[name]).wait_for(timeout=PAGE_RENDER_MS)
    page.locator(".ck-groups-group").first.wait_for(timeout=PAGE_RENDER_MS)
    # The page's early copy (drawn by the server) has gone: the widgets have taken over.
    page.locator(".ck-early-widgets").wait_for(state="detached", timeout=PAGE_RENDER_MS)
    return page


def status(page: Any) -> Any:
    """The exercise's live status line (a polite live region)."""
    return page.locator(".ck-live")


@pytest.mark.browser
def test_statements_sorted_before_voilas_scripts_arrive_are_checked(page, course_url):
    """With Voila's script held back, the learner sorts all eight statements in the page's
    early copy and presses Check; once the widgets take over, is the sorting checked?"""
    script = HeldScript(page)
    page.goto(
        f"{course_url}voila/render/notebooks/exercise_05_chart_note_review.ipynb",
        wait_until="commit",
        timeout=PAGE_RENDER_MS,
    )
    early = page.locator(".ck-early-widgets")
    groups = early.locator(".ck-groups-group")
    groups.first.wait_for(timeout=PAGE_RENDER_MS)
    for index in range(8):
        groups.nth(index).get_by_role("radio", name=CATEGORY_LABELS[index % 5]).check()
    early.get_by_role("button", name="Check my sorting").click()
    script.release()
    early.wait_for(state="detached", timeout=PAGE_RENDER_MS)
    expect(status(page)).to_have_text(re.compile(r"^You sorted \d of 8 statements correctly\."))
    live = page.locator(".ck-groups-group")
    for index in range(8):
        chosen = live.nth(index).get_by_role("radio", name=CATEGORY_LABELS[index % 5])
        expect(chosen).to_be_checked()


@pytest.mark.browser
def test_chart_note_review_sorts_checks_and_offers_a_rewrite(page, course_url):
    """Exercise 5: is each statement a named group, the sorting checked, the rewrite offered?"""
    open_exercise(page, course_url, "exercise_05_chart_note_review")
    groups = page.locator(".ck-groups-group")
    expect(groups).to_have_count(8)
    screenshot(page, "exercise_05_chart_note_review")
    # Each statement is a group named by the statement itself, holding the five categories.
    for index in range(8):
        statement = groups.nth(index).locator(".ck-groups-legend-text").inner_text()
        named = page.get_by_role("group", name=f"{index + 1}. {statement}", exact=True)
        expect(named.get_by_role("radio")).to_have_count(5)
        expect(named.get_by_role("radio", name=CATEGORY_LABELS[4])).to_have_count(1)
    page.get_by_role("button", name="Check my sorting").click()
    expect(status(page)).to_have_text(re.compile("^Nothing is chosen yet"))
    # The keyboard: Tab into the first group, arrows choose within it.
    groups.nth(0).get_by_role("radio", name=CATEGORY_LABELS[0]).focus()
    page.keyboard.press("ArrowRight")
    expect(groups.nth(0).get_by_role("radio", name=CATEGORY_LABELS[1])).to_be_checked()
    for index in range(1, 8):
        groups.nth(index).get_by_role("radio", name=CATEGORY_LABELS[index % 5]).check()
    page.get_by_role("button", name="Check my sorting").click()
    expect(status(page)).to_have_text(re.compile(r"^You sorted \d of 8 statements correctly\."))
    expect(page.locator(".ck-groups-feedback:visible")).to_have_count(8)
    expect(groups.nth(0).get_by_role("radio").first).to_be_disabled()
    draft = page.get_by_label("Your stronger version")
    draft.fill("Doing better.")
    page.get_by_role("button", name="Compare with a stronger version").click()
    expect(page.get_by_text("Write your own version first")).to_be_visible()
    draft.fill("Missed 4 of 5 workdays this week; practised the ITP goal 1 steps and he did two.")
    page.get_by_role("button", name="Compare with a stronger version").click()
    expect(page.get_by_role("heading", name="One stronger version")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "exercise_05_after_checking")
    first = groups.nth(0).locator(".ck-groups-legend-text").inner_text()
    page.get_by_role("button", name="Try another set").click()
    expect(status(page)).to_have_text("A new set of 8 statements is ready. Start with statement 1.")
    expect(groups.nth(0).get_by_role("radio").first).to_be_enabled()
    assert groups.nth(0).locator(".ck-groups-legend-text").inner_text() != first


@pytest.mark.browser
def test_level_of_care_practice_rates_compares_and_moves_on(page, course_url):
    """Exercise 6: is the notice shown, a placement compared with a chart, and the next loaded?"""
    open_exercise(page, course_url, "exercise_06_level_of_care_practice")
    expect(page.get_by_text(RUBRIC_NOTICE)).to_be_visible()
    expect(page.get_by_text("Vignette 1 of 8 (fictional)")).to_be_visible()
    screenshot(page, "exercise_06_level_of_care_practice")
    safety = page.get_by_role(
        "group", name="Safety risk: How likely is harm to self or others right now?", exact=True
    )
    expect(safety.get_by_role("radio")).to_have_count(4)
    safety.get_by_label(re.compile("^2: Passing thoughts")).check()
    page.get_by_role("button", name="Check my placement").click()
    expect(status(page)).to_have_text(re.compile("^Still to answer: Daily functioning;"))
    for dimension in (
        "Daily functioning",
        "Symptom burden",
        "Support at home",
        "Engagement and response to care",
    ):
        group = page.get_by_role("group", name=re.compile(f"^{dimension}:"))
        group.get_by_role("radio").nth(1).check()
    level = page.get_by_role("group", name="Level of care: which level does the rubric point to?")
    level.get_by_label("B: Low-intensity community care").check()
    page.get_by_role("button", name="Check my placement").click()
    expect(status(page)).to_have_text(re.compile(r"^Your ratings match on \d of 5 dimensions"))
    expect(page.locator(".ck-groups-feedback:visible")).to_have_count(6)
    chart = page.get_by_role("img", name=re.compile("^Bar chart of your rubric ratings"))
    expect(chart).to_be_visible()
    expect(page.get_by_text("The chart sets your ratings beside the vignette's")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "exercise_06_after_checking")
    page.get_by_role("button", name="Next vignette").click()
    expect(page.get_by_text("Vignette 2 of 8 (fictional)")).to_be_visible()
    expect(safety.get_by_role("radio").nth(1)).not_to_be_checked()


@pytest.mark.browser
def test_treat_to_target_names_bad_scores_and_reveals_after_a_prediction(page, course_url):
    """Exercise 7: are bad scores named, the review revealed after a prediction, examples loaded?"""
    open_exercise(page, course_url, "exercise_07_treat_to_target")
    chart = page.get_by_role("img", name=re.compile("^Line chart of PHQ-9 scores"))
    expect(chart).to_be_visible()
    screenshot(page, "exercise_07_treat_to_target")
    scores = page.get_by_label("Scores by day: one line each, the day then the score")
    scores.fill("0 19\n28 30\n14 12")
    scores.press("Tab")
    message = page.locator(".ck-ex-msg", has_text="Not updated yet")
    expect(message).to_contain_text(
        "Line 2: a PHQ-9 total is a whole number from 0 to 27, so 30 is too high."
    )
    expect(message).to_contain_text("Line 3: day 14 is listed after day 28 (line 2).")
    expect(scores).to_have_value("0 19\n28 30\n14 12")
    expect(chart).to_be_visible()
    screenshot(page, "exercise_07_bad_scores")
    page.get_by_label("Start from").select_option(label="Tariq, PHQ-9")
    expect(page.get_by_text("The chart shows 6 PHQ-9 scores")).to_be_visible()
    page.get_by_role("button", name="Reveal the review").click()
    expect(status(page)).to_have_text(re.compile("^Choose your prediction first"))
    question = "At which review should the care plan first change?"
    prediction = page.get_by_role("group", name=question, exact=True)
    prediction.get_by_label("Day 60").check()
    page.get_by_role("button", name="Reveal the review").click()
    expect(status(page)).to_have_text(re.compile("^Right: change the plan at day 60"))
    expect(page.get_by_role("table", name=re.compile("^Treat-to-target review"))).to_be_visible()
    screenshot(page, "exercise_07_after_reveal")
    for number, answer in enumerate(["2", "2", "1", "1", "1", "1", "1", "1", "0"], start=1):
        page.get_by_label(re.compile(f"^{number}\\. ")).fill(answer)
    expect(page.get_by_text("Total: 10 of 27")).to_be_visible()
    page.get_by_label("Day it was taken").fill("84")
    page.get_by_role("button", name="Add this score to the series").click()
    expect(page.get_by_text("Added 10 on day 84 to the series.")).to_be_visible()
    expect(scores).to_have_value(re.compile("70 12\n84 10$"))
    assert_no_axe_violations(page)
    screenshot(page, "exercise_07_after_adding_a_score")
