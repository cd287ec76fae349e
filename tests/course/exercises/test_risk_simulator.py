"""Exercise 3, the risk reserve simulator: settings, runs and the prediction questions."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

import caserate_kit as ck
from caserate_kit.course.exercises import risk_reserve_simulator
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
