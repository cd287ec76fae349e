"""The calculations that calculation items may name, and how their numbers are drawn."""

import math
import random

import pytest

import caserate_kit as ck
from caserate_kit.course.quiz._calculations import (
    CALCULATIONS,
    UnknownCalculationError,
    budget_line,
    calculate,
    calculation_answer,
    calculation_problems,
    days_left,
    draw_values,
    fill_prompt,
    format_value,
    highest_values,
    hours_left,
    kept_in_corridor,
    lowest_values,
    placeholders,
    points_to_step_down,
    rubric_total,
    score_drop,
    service_hours,
    share_above,
    share_of,
)
from caserate_kit.course.quiz._schema import CalculationItem, ParameterRange


def calculation_item(**changes):
    """A valid case-rate calculation item, with ``changes`` applied to its fields."""
    fields = {
        "id": "calc-1",
        "type": "calculation",
        "objective": "rates",
        "prompt": "Episodes average {hours} hours at {rate} an hour. What is the case rate?",
        "rationale": "Hours times the rate per hour.",
        "parameters": {
            "hours": {"min": 10, "max": 120, "step": 5},
            "rate": {"min": 90, "max": 200, "step": 0.01, "format": "dollars"},
        },
        "function": "case_rate",
        "arguments": {"avg_hours": "hours", "rate_per_hour": "rate"},
        "tolerance": 1,
        "unit": "dollars",
        "feedback": {"correct": "Right.", "incorrect": "Multiply."},
    }
    fields.update(changes)
    return CalculationItem.model_validate(fields)


def test_the_registry_names_the_calculations_the_lessons_teach():
    """Are case rates, cases, PMPM, budget lines, service hours and capacity all available?"""
    expected = {
        "case_rate",
        "cases_from_penetration",
        "per_member_per_month",
        "per_enrollee",
        "budget_line",
        "service_hours",
        "productive_hours",
        "caseload",
        "ftes_needed",
        "days_left",
        "hours_left",
        "share_above",
        "kept_in_corridor",
        "share_of",
        "score_drop",
        "rubric_total",
        "points_to_step_down",
    }
    assert set(CALCULATIONS) == expected


def test_the_registry_calls_the_toolkit_functions_themselves():
    """Is each registered case-rate and population function the one in caserate_kit?"""
    assert CALCULATIONS["case_rate"].function is ck.case_rate
    assert CALCULATIONS["cases_from_penetration"].function is ck.cases_from_penetration
    assert CALCULATIONS["per_member_per_month"].function is ck.per_member_per_month


def test_the_registry_cannot_be_changed_by_a_caller():
    """Is the registry read-only, so no code can add a function at run time?"""
    with pytest.raises(TypeError):
        CALCULATIONS["eval"] = CALCULATIONS["case_rate"]


def test_required_and_optional_arguments_come_from_the_function_signature():
    """Does PMPM need total and enrollees, with months optional?"""
    entry = CALCULATIONS["per_member_per_month"]
    assert entry.required == ("total", "enrollees")
    assert entry.optional == ("months",)


def test_every_calculation_gives_a_finite_number_for_typical_inputs():
    """Does each registered function return a finite number for sensible inputs?"""
    typical = {
        "avg_hours": 30,
        "rate_per_hour": 158.62,
        "enrollees": 30_000,
        "penetration_rate": 0.1,
        "total": 24_000_000,
        "cases": 1_200,
        "case_rate": 4_759,
        "direct_hours_per_fte": 1_140,
        "avg_hours_per_case": 30,
        "service_hours": 36_000,
        "limit_days": 60,
        "days_passed": 7,
        "amount": 46_500,
        "threshold": 30_000,
        "share": 0.8,
        "result": 34_200,
        "band": 6_000,
        "part": 9,
        "whole": 15,
        "limit_hours": 72,
        "hours_passed": 19,
        "baseline": 24,
        "current": 19,
        "safety": 2,
        "functioning": 3,
        "symptoms": 3,
        "support": 3,
        "engagement": 2,
    }
    for name, entry in CALCULATIONS.items():
        arguments = {arg: typical[arg] for arg in entry.required}
        assert math.isfinite(calculate(name, arguments)), name


def test_calculate_gives_the_admirable_level_b_case_rate():
    """Do 30 hours at $158.62 give $4,758.60 (shown as $4,759)?"""
    assert calculate("case_rate", {"avg_hours": 30, "rate_per_hour": 158.62}) == pytest.approx(
        4758.6
    )


def test_budget_line_and_service_hours_multiply_by_the_cases():
    """Are 1,200 cases x $4,759 and 1,200 cases x 30 hours what the lesson says?"""
    assert budget_line(1_200, 4_759) == 5_710_800
    assert service_hours(1_200, 30) == 36_000


def test_days_left_is_the_limit_less_the_days_passed_and_never_below_zero():
    """Does an appeal noticed 7 days ago have 53 of its 60 days left, and are 61 days
    passed of a 60-day limit refused rather than given as a negative number?"""
    assert days_left(60, 7) == 53
    assert days_left(30, 30) == 0
    with pytest.raises(ck.InvalidInputError, match="days_passed must be at most the limit, 60"):
        days_left(60, 61)


def test_hours_left_counts_an_expedited_limit_in_clock_hours():
    """Does an expedited appeal received 19 hours ago have 53 of its 72 hours left, and
    are 73 hours passed of a 72-hour limit refused?"""
    assert hours_left(72, 19) == 53
    assert hours_left(72, 72) == 0
    with pytest.raises(ck.InvalidInputError, match="hours_passed must be at most the limit, 72"):
        hours_left(72, 73)


def test_share_of_gives_the_part_of_a_whole_and_refuses_a_part_above_it():
    """Are Priya S.'s 9 missed shifts of 15 a share of 0.6, and are 16 of 15, or a whole of
    0, refused?"""
    assert share_of(9, 15) == pytest.approx(0.6)
    assert share_of(0, 15) == 0
    with pytest.raises(ck.InvalidInputError, match="part must be at most the whole, 15"):
        share_of(16, 15)
    with pytest.raises(ck.InvalidInputError, match="whole must be greater than zero"):
        share_of(0, 0)


def test_a_score_drop_is_a_share_of_the_first_score_as_the_toolkit_computes_it():
    """Does Imani C.'s PHQ-9, 24 at intake and 19 now, give a drop of about 21%; does every
    pair of PHQ-9 scores give what ck.percent_change gives; and are a first score of 0 and
    a score that is not whole refused?"""
    answer = calculate("score_drop", {"baseline": 24, "current": 19})
    assert f"{answer:.0%}" == "21%"
    for baseline in range(1, 28):
        for current in range(28):
            assert score_drop(baseline, current) == ck.percent_change(baseline, current)
    with pytest.raises(ck.InvalidInputError, match="baseline must be above 0"):
        score_drop(0, 5)
    with pytest.raises(ck.InvalidInputError, match="current must be a whole score"):
        score_drop(20, 9.5)


def test_the_rubric_total_is_the_sum_of_the_five_ratings():
    """Are Dana R.'s ratings at discharge (3, 3, 3, 2, 2) and at her 90-day review
    (1, 2, 2, 2, 1) totals of 13 and 8, as drawn numbers (floats) too, and are a rating of
    5, or of 2.5, refused?"""
    assert rubric_total(3, 3, 3, 2, 2) == 13
    assert rubric_total(1.0, 2.0, 2.0, 2.0, 1.0) == 8
    with pytest.raises(ck.InvalidInputError, match="support must be a rating from 1 to 4"):
        rubric_total(1, 1, 1, 5, 1)
    with pytest.raises(ck.InvalidInputError, match="symptoms must be a whole rating from 1"):
        rubric_total(1, 1, 2.5, 1, 1)


def test_points_to_step_down_reach_the_top_of_the_band_below():
    """With no floor set, must a total of 13 (level C) fall 2 points to 11 (B), 8 (B) fall
    1 to 7 (A), and 11 fall 4; and are a total already in level A, a rating of 4 and a
    safety rating of 3 (floors, which the total alone does not lift) refused?"""
    assert points_to_step_down(2, 3, 3, 3, 2) == 2
    assert points_to_step_down(1, 2, 2, 2, 1) == 1
    assert points_to_step_down(2, 3, 2, 2, 2) == 4
    assert points_to_step_down(2, 3, 3, 3, 3) == 3
    with pytest.raises(ck.InvalidInputError, match="no level to step down to"):
        points_to_step_down(1, 2, 2, 1, 1)
    with pytest.raises(ck.InvalidInputError, match="set a floor"):
        points_to_step_down(1, 1, 1, 4, 1)
    with pytest.raises(ck.InvalidInputError, match="set a floor"):
        points_to_step_down(3, 2, 2, 2, 2)


def test_stop_loss_and_the_risk_corridor_share_only_what_is_past_the_threshold():
    """Do lesson 6's harder-year figures come out: adults 7 and 10, at $36,000 and
    $46,500 with a $30,000 attachment point and 80% paid above it, give the plan's $18,000;
    a $34,200 loss with a $6,000 band, half shared, leaves $20,100; and a $12,000 surplus
    leaves $9,000?"""
    assert share_above(36_000, 30_000, 0.8) + share_above(46_500, 30_000, 0.8) == (
        pytest.approx(18_000)
    )
    assert share_above(29_999, 30_000, 0.8) == 0
    assert kept_in_corridor(34_200, 6_000, 0.5) == pytest.approx(20_100)
    assert kept_in_corridor(12_000, 6_000, 0.5) == pytest.approx(9_000)
    assert kept_in_corridor(5_000, 6_000, 0.5) == 5_000
    with pytest.raises(ck.InvalidInputError, match="share must be a share between 0 and 1"):
        share_above(51_000, 30_000, 80)


def test_an_unknown_calculation_name_is_refused():
    """Is a name outside the registry refused, naming the field and the value?"""
    with pytest.raises(UnknownCalculationError, match="function must be one of"):
        calculate("__import__", {})


def test_a_missing_argument_is_refused_before_the_function_runs():
    """Is case_rate without rate_per_hour refused with a message naming it?"""
    with pytest.raises(ck.InvalidInputError, match="rate_per_hour"):
        calculate("case_rate", {"avg_hours": 30})


def test_drawn_values_stay_on_the_steps_of_their_range():
    """Are drawn hours multiples of 5 from 10 to 120, and rates whole cents from $90 to $200?"""
    item = calculation_item()
    rng = random.Random(7)
    for _ in range(200):
        values = draw_values(item, rng)
        assert 10 <= values["hours"] <= 120
        assert values["hours"] % 5 == 0
        assert 90 <= values["rate"] <= 200
        assert round(values["rate"], 2) == values["rate"]


def test_the_lowest_and_highest_values_are_the_ends_the_steps_reach():
    """With min 10, max 23 and step 5, are the ends 10 and 20?"""
    item = calculation_item(
        parameters={
            "hours": {"min": 10, "max": 23, "step": 5},
            "rate": {"min": 90, "max": 90},
        }
    )
    assert lowest_values(item) == {"hours": 10, "rate": 90}
    assert highest_values(item) == {"hours": 20, "rate": 90}


def test_the_answer_comes_from_the_named_function_and_literal_arguments():
    """Does a literal rate in the arguments reach the function unchanged?"""
    item = calculation_item(arguments={"avg_hours": "hours", "rate_per_hour": 100})
    assert calculation_answer(item, {"hours": 30, "rate": 999}) == 3000


def test_the_prompt_shows_each_value_in_its_format():
    """Is the rate shown as dollars and cents and the hours as a plain number?"""
    item = calculation_item()
    shown = fill_prompt(item, {"hours": 30, "rate": 158.6})
    assert shown == "Episodes average 30 hours at $158.60 an hour. What is the case rate?"


def test_a_percent_parameter_is_shown_to_the_precision_of_its_step():
    """With a step of half a percent, is 0.075 shown as 7.5%?"""
    parameter = ParameterRange(min=0.05, max=0.15, step=0.005, format="percent")
    assert format_value(parameter, 0.075) == "7.5%"


def test_placeholders_are_listed_in_the_order_they_appear():
    """Does the prompt's list of {names} keep their order?"""
    assert placeholders("{b} then {a} then {b}") == ["b", "a", "b"]


def test_a_well_formed_calculation_item_has_no_problems():
    """Does the case-rate item above pass every calculation check?"""
    assert list(calculation_problems(calculation_item())) == []


def test_a_range_with_no_valid_answer_names_the_numbers_that_fail():
    """Does a penetration range written as 5 to 15 (not 0.05 to 0.15) report the failing numbers?"""
    item = calculation_item(
        prompt="{people} people, {share} need care. How many cases?",
        parameters={"people": {"min": 1000, "max": 2000}, "share": {"min": 5, "max": 15}},
        function="cases_from_penetration",
        arguments={"enrollees": "people", "penetration_rate": "share"},
    )
    [(where, message)] = calculation_problems(item)
    assert where == ("parameters",)
    assert "with people = 1,000 and share = 5" in message
    assert "penetration_rate must be a share between 0 and 1" in message
