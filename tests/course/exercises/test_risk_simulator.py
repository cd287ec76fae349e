"""Exercise 3, the risk reserve simulator: settings, runs and the prediction questions."""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import replace

import numpy as np
import openpyxl
import pytest

import caserate_kit as ck
from caserate_kit.course.exercises import _risk_page, risk_reserve_simulator
from caserate_kit.course.exercises._risk_simulator import (
    PREDICTIONS,
    chart_summary,
    figure_rows,
    grade_prediction,
    lesson_settings,
    run_simulation,
    settings_problems,
)

PLAN = ck.examples.admirable_plan()
QUESTION = {question.key: question for question in PREDICTIONS}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def lesson_run():
    return run_simulation(lesson_settings(), PLAN)


@pytest.fixture
def simulator():
    return risk_reserve_simulator()


def test_lesson_settings_reproduce_lesson_5s_reserve(lesson_run):
    """Do lesson 5's ranges and seed give the same 95th-percentile reserve as the toolkit?"""
    costs = ck.simulate_total_cost(
        PLAN,
        ck.Uncertainty((0.09, 0.11), mix_concentration=200, hours_spread=0.10),
        100_000,
        seed=2024,
    )
    expected = ck.risk_reserve(costs, PLAN.total_budget(), 95)
    assert lesson_run.reserve.reserve == pytest.approx(expected.reserve)


def test_the_same_settings_give_the_same_answer():
    """Is the simulation seeded, so two runs of the same settings agree to the dollar?"""
    first = run_simulation(lesson_settings(), PLAN).reserve.reserve
    assert run_simulation(lesson_settings(), PLAN).reserve.reserve == first


def test_a_range_that_misses_the_plans_rate_is_refused():
    """Is 10.5% to 11% refused because it leaves out the plan's 10%?"""
    problems = settings_problems(replace(lesson_settings(), low_penetration=10.5), PLAN)
    assert problems
    assert "include the plan's own rate, 10%" in problems[0]


def test_a_reversed_range_asks_to_swap_the_ends():
    """Is 12% to 8% refused with advice to swap the ends?"""
    bad = replace(lesson_settings(), low_penetration=12, high_penetration=8)
    assert "swap them" in settings_problems(bad, PLAN)[0]


def test_a_percentile_of_100_is_refused():
    """Is a percentile of 100 refused with the allowed range?"""
    problems = settings_problems(replace(lesson_settings(), percentile=100), PLAN)
    assert problems == ["The percentile must be from 50 to below 100; the box says 100."]


def test_figure_rows_show_budget_and_reserve(lesson_run):
    """Does the figures table show the $24,030,535 budget and the reserve in dollars?"""
    rows = dict(figure_rows(lesson_run))
    assert rows["The plan's budget"] == "$24,030,535"
    assert rows["Risk reserve (that cost minus the budget)"] == ck.format_dollars(
        lesson_run.reserve.reserve
    )


def test_chart_summary_names_the_three_marks(lesson_run):
    """Does the chart sentence name the budget line, the percentile line and the reserve band?"""
    summary = chart_summary(lesson_run)
    assert "solid line" in summary
    assert "dashed" in summary
    assert "hatched band" in summary


def test_the_99th_percentile_raises_the_reserve(lesson_run):
    """Is 'goes up' the right prediction for moving from the 95th to the 99th percentile?"""
    right, words = grade_prediction(QUESTION["percentile"], "up", lesson_run, PLAN)
    assert right
    assert words.startswith("Right")


def test_a_wrong_prediction_is_explained(lesson_run):
    """Does predicting 'goes down' for the 99th percentile say what really happens, and why?"""
    right, words = grade_prediction(QUESTION["percentile"], "down", lesson_run, PLAN)
    assert not right
    assert "the reserve goes up" in words
    assert "costly years" in words


def test_a_wider_penetration_range_raises_the_reserve(lesson_run):
    """Is 'goes up' right for widening the penetration range by a point at each end?"""
    assert grade_prediction(QUESTION["range"], "up", lesson_run, PLAN)[0]


def test_fixed_hours_lower_the_reserve(lesson_run):
    """Is 'goes down' right for holding hours at the plan?"""
    assert grade_prediction(QUESTION["hours"], "down", lesson_run, PLAN)[0]


def test_no_choice_asks_for_one(lesson_run):
    """Does checking with nothing chosen ask the learner to choose first?"""
    right, words = grade_prediction(QUESTION["hours"], "", lesson_run, PLAN)
    assert not right
    assert words.startswith("Choose one")


def test_changing_the_percentile_on_the_page_updates_the_summary(simulator):
    """Does typing 99 in the percentile box change the plain-words summary?"""
    simulator.percentile.value = 99
    assert "To cover 99% of the simulated years" in text(simulator.summary.value)


def test_bad_settings_on_the_page_keep_the_last_results(simulator):
    """Does a range that misses 10% show a message and keep the last summary?"""
    before = simulator.summary.value
    simulator.low.value = 10.5
    assert "last settings that worked" in text(simulator.status.value)
    assert simulator.summary.value == before


def test_predicting_on_the_page_gives_feedback(simulator):
    """Does choosing 'up' and checking the first question say 'Right'?"""
    simulator.prediction.value = "up"
    simulator.check()
    assert text(simulator.feedback.value).startswith("Right")


def test_the_prediction_control_refuses_an_unknown_choice(simulator):
    """Is a value that is not one of the three choices refused by the widget?"""
    from traitlets import TraitError

    with pytest.raises(TraitError):
        simulator.prediction.value = "sideways"


# -- the scenario summary download -------------------------------------------------


def downloaded(simulator) -> dict[object, object]:
    """The workbook the page's link makes: each label on its Risk reserve sheet to its figure."""
    href = simulator.download.href()
    assert href.startswith("data:application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(href.split(",", 1)[1])))
    sheet = book["Risk reserve"]
    return {cell.value: sheet.cell(cell.row, 2).value for cell in sheet["A"] if cell.value}


def test_the_download_holds_the_figures_the_page_shows(simulator):
    """Does the link's workbook hold the run's reserve, percentiles, seed and years, to the
    dollar, as the page writes them?"""
    assert simulator.downloads.children == (simulator.download,)
    assert simulator.download.label == "Download this scenario summary with the model (.xlsx)"
    figures = downloaded(simulator)
    result = simulator.result
    reserve = result.reserve
    shown = html.unescape(text(simulator.figures.value))
    for label, figure in [
        ("The plan's budget", reserve.budget),
        ("Average simulated year", reserve.expected_cost),
        ("Cost at the 95th percentile", reserve.cost_at_percentile),
        ("Risk reserve (that cost minus the budget)", reserve.reserve),
    ]:
        assert ck.round_dollars(figures[label]) == ck.round_dollars(figure), label
        assert f"{label} {ck.format_dollars(figures[label])}" in shown
    assert figures["The plan's budget"] == pytest.approx(PLAN.total_budget())
    low, high = np.percentile(result.costs, [5, 95])
    chart = text(simulator.chart_text.value)
    for level, figure in ((0.05, low), (0.95, high), (0.95, reserve.cost_at_percentile)):
        assert ck.round_dollars(figures[level]) == ck.round_dollars(figure)
        assert ck.format_dollars(figures[level]) in chart
    assert figures["Seed of the random numbers"] == result.settings.seed
    assert figures["Simulated years"] == result.settings.n_scenarios
    status = text(simulator.status.value)
    assert f"{figures['Simulated years']:,} simulated years" in status
    assert f"(seed {figures['Seed of the random numbers']})" in status
    assert figures["Lowest penetration rate"] == pytest.approx(simulator.low.value / 100)
    assert figures["Highest penetration rate"] == pytest.approx(simulator.high.value / 100)
    assert figures["Hours per case may vary by plus or minus"] == pytest.approx(0.10)
    assert figures["Case-mix concentration (larger: less spread)"] == 200
    assert figures["Share of simulated years covered"] == pytest.approx(0.95)
    assert reserve.summary() in figures


def test_a_new_run_refreshes_the_download(simulator):
    """After the percentile changes to 90, does the link make a workbook of the new run?"""
    before = simulator.download.version
    assert "Cost at the 95th percentile" in downloaded(simulator)
    simulator.percentile.value = 90
    assert simulator.download.version == before + 1
    figures = downloaded(simulator)
    assert "Cost at the 95th percentile" not in figures
    reserve = simulator.result.reserve
    assert ck.round_dollars(figures["Cost at the 90th percentile"]) == ck.round_dollars(
        reserve.cost_at_percentile
    )
    assert ck.round_dollars(figures["Risk reserve (that cost minus the budget)"]) == (
        ck.round_dollars(reserve.reserve)
    )
    assert ck.format_dollars(reserve.reserve) in text(simulator.figures.value)


def test_bad_settings_keep_the_last_runs_download(simulator):
    """Does a refused range leave the link on the last run that worked (9% to 11%)?"""
    before = simulator.download.version
    simulator.low.value = 10.5
    assert simulator.download.version == before
    assert downloaded(simulator)["Lowest penetration rate"] == pytest.approx(0.09)


def test_before_a_run_there_is_no_download(monkeypatch):
    """When the first run is refused, is the link absent (and no workbook made) until a run
    works?"""
    refused = replace(lesson_settings(), low_penetration=10.5)
    monkeypatch.setattr(_risk_page, "lesson_settings", lambda: refused)
    simulator = risk_reserve_simulator()
    assert simulator.result is None
    assert simulator.downloads.children == ()
    with pytest.raises(ck.InvalidInputError, match="simulation has not been run yet"):
        simulator.workbook()
    simulator.low.value = 9
    assert simulator.downloads.children == (simulator.download,)
    assert downloaded(simulator)["Lowest penetration rate"] == pytest.approx(0.09)


def test_the_workbook_is_the_plans_model_with_the_runs_settings(lesson_run):
    """Is the rest of the workbook Admirable's model, its Inputs naming the exercise's run?"""
    book = openpyxl.load_workbook(io.BytesIO(_risk_page.run_workbook(PLAN, lesson_run)))
    assert {"Inputs", "Risk reserve"} <= set(book.sheetnames)
    inputs = " ".join(
        str(cell.value) for row in book["Inputs"].iter_rows() for cell in row if cell.value
    )
    assert "exercise 3's risk reserve simulator" in inputs
    assert "Medium (as in lesson 5)" in inputs
