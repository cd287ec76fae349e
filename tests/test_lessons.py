"""Facts the lessons teach, checked like code: each is found in the lesson as a learner reads it.

nbval runs every lesson and compares its outputs with the stored ones; these tests say which
facts those outputs (and the lessons' own text) must hold, and compute the figures again.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import caserate_kit as ck
from caserate_kit.examples import ADMIRABLE_SERVICE_CODES, LEVEL_B_COHORTS, admirable_plan

LESSONS = Path(__file__).resolve().parents[1] / "lessons"


def reading(stem: str) -> str:
    """What a learner reads in a lesson: its text and the Markdown and HTML its cells show."""
    notebook = nbformat.read(LESSONS / f"{stem}.ipynb", as_version=4)
    parts = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append(data.get("text/markdown", "") or data.get("text/html", ""))
    return re.sub(r"\s+", " ", " ".join(parts))


@pytest.fixture(scope="module")
def lesson_3() -> str:
    return reading("03_what_case_rates_are")


@pytest.fixture(scope="module")
def lesson_4() -> str:
    return reading("04_setting_case_rates")


def test_lesson_3_shows_level_b_provably_missed_the_target_for_10_to_50_hours(lesson_3: str):
    """Does lesson 3 give the 74.6% ceiling (computed again here) and say Level B missed?"""
    at_most = ck.cohort_share_within_range(LEVEL_B_COHORTS, 10, 50)[1]
    assert f"**{at_most:.1%}** of Level B was inside" in lesson_3
    assert "Level B **missed** the 75% target" in lesson_3
    assert f"at most {ck.clients_in_range(LEVEL_B_COHORTS[0], 10, 50)[1]} can be" in lesson_3


def test_lesson_3_leaves_the_15_to_100_hour_range_to_client_level_data(lesson_3: str):
    """For Admirable's own Level B range, does the lesson give both bounds and say why the
    table cannot settle it?"""
    low, high = ck.cohort_share_within_range(LEVEL_B_COHORTS, 15, 100)
    assert f"{low:.1%} to {high:.1%}" in lesson_3
    assert "the table cannot settle it" in lesson_3


def test_lesson_4_by_hand_total_is_the_budget(lesson_4: str):
    """Does the weighted-average worked by hand total the budget's $24,030,535?"""
    dollars = sum(c.billed_per_hour * (c.annual_hours or 0) for c in ADMIRABLE_SERVICE_CODES)
    budget = ck.format_dollars(admirable_plan().total_budget())
    assert ck.format_dollars(dollars) == budget
    assert f"Doing that for all ten codes gives {budget}" in lesson_4


@pytest.mark.parametrize(
    ("retired", "today"),
    [("90801", "90791"), ("90804", "90832"), ("90806", "90837"), ("90862", "99212")],
)
def test_lesson_4_says_which_codes_left_cpt_and_what_replaced_them(
    lesson_4: str, retired: str, today: str
):
    """Is each of the example's retired CPT codes named with today's code, and the year?"""
    note = lesson_4[lesson_4.index("**About the codes.**") :][:900]
    assert "January 1, 2013" in note
    assert retired in note
    assert today in note


def test_lesson_4_names_the_incentives_tiered_rates_create(lesson_4: str):
    """Does lesson 4 teach upcoding, level creep, concurrent review and under-service, with
    the two rates that make upcoding pay?"""
    rates = admirable_plan().case_rates()
    for term in ("**upcoding**", "**level creep**", "**concurrent review**", "**under-service**"):
        assert term in lesson_4
    assert f"Level C brings {ck.format_dollars(rates['C'])}" in lesson_4
    assert f"Level B, {ck.format_dollars(rates['B'])}" in lesson_4


def test_lesson_6_tells_the_two_uses_of_case_rates_apart() -> None:
    """Does lesson 6 set its limited-risk case rates beside lessons 3 to 5's whole levels, name
    the move from volume to value, and say that providers can bring a design to payers?"""
    lesson_6 = reading("06_coordination_and_shared_risk")
    assert "In the **limited-risk** way this lesson describes" in lesson_6
    assert "**whole level of care is paid**" in lesson_6
    assert "stable Level A clients included" in lesson_6
    assert "from **volume** (each visit) to **value**" in lesson_6
    assert "bring it to the payers they work with" in lesson_6
    assert "Plans usually keep case rates for" not in lesson_6


def test_lesson_1_names_the_reviews_and_todays_decision_time_frames() -> None:
    """Does lesson 1 name prospective, concurrent and retrospective review, the notice of
    adverse benefit determination and peer-to-peer review, and the Medicaid managed care
    decision limits for rating periods from 2026 (7 calendar days, 72 hours expedited, each
    extendable by 14 days)?"""
    lesson_1 = reading("01_how_managed_care_decides")
    for term in (
        "**prospective review**",
        "**concurrent review**",
        "**retrospective review**",
        "**notice of adverse benefit determination**",
        "**peer-to-peer review**",
    ):
        assert term in lesson_1
    assert "rating periods that begin on or after January 1, 2026" in lesson_1
    assert "standard authorization request within 7 calendar days" in lesson_1
    flowing = " ".join(lesson_1.split())
    assert "within 72 hours (42 CFR 438.210(d)" in flowing
    assert "extended by up to 14 calendar days" in flowing


def test_lesson_2_uses_todays_decision_time_frame_not_about_two_weeks() -> None:
    """Does lesson 2's re-authorization advice rest on the 7-day limit, leaving the tracker's
    14 days of lead, rather than on "about two weeks to process"?"""
    lesson_2 = reading("02_documenting_level_of_care")
    assert "about two weeks to process" not in lesson_2
    assert (
        "has 7 calendar days to decide a standard request (for rating periods from January 1, 2026"
        in lesson_2
    )
    assert "asks for the request 14 days before the sessions run out" in lesson_2
