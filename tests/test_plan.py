"""The eight steps as one plan object."""

import pytest

import caserate_kit as ck

LEVELS = (ck.LevelOfCare("A", "Low", 10), ck.LevelOfCare("B", "High", 40))


def make_plan(**changes):
    inputs = {
        "enrollees": 1_000,
        "penetration_rate": 0.1,
        "levels": LEVELS,
        "case_mix": {"A": 0.5, "B": 0.5},
        "rate_per_hour": 100.0,
    }
    inputs.update(changes)
    return ck.CaseRatePlan(**inputs)


def test_plan_works_the_steps_in_order():
    """Do 100 cases at 50/50 between 10 and 40 hours at $100 cost $250,000?"""
    plan = make_plan()
    assert plan.cases() == pytest.approx(100)
    assert plan.service_hours() == pytest.approx({"A": 500, "B": 2_000})
    assert plan.total_budget() == pytest.approx(250_000)
    assert plan.average_case_rate() == pytest.approx(2_500)


def test_replace_answers_a_what_if_without_changing_the_plan():
    """Does a what-if at 11% leave the original plan as it was?"""
    plan = make_plan()
    higher = plan.replace(penetration_rate=0.11)
    assert higher.total_budget() == pytest.approx(275_000)
    assert plan.total_budget() == pytest.approx(250_000)


def test_mix_in_another_order_is_put_in_level_order():
    """Is a mix given as B, A stored in the levels' order A, B?"""
    plan = make_plan(case_mix={"B": 0.5, "A": 0.5})
    assert list(plan.case_mix) == ["A", "B"]


def test_mix_naming_other_levels_is_refused():
    """Does a mix that names a level the plan does not have say so?"""
    with pytest.raises(ck.MismatchError, match="case_mix"):
        make_plan(case_mix={"A": 0.5, "C": 0.5})


def test_repeated_level_codes_are_refused():
    """Are two levels both called A refused?"""
    with pytest.raises(ck.MismatchError, match="repeat"):
        make_plan(levels=(LEVELS[0], LEVELS[0]), case_mix={"A": 1.0})


def test_plan_without_levels_is_refused():
    """Is a plan with no levels refused?"""
    with pytest.raises(ck.InvalidInputError, match="levels"):
        make_plan(levels=(), case_mix={"A": 1.0})


def test_penetration_above_one_is_refused_by_the_plan():
    """Is a penetration rate of 10 (meaning 10%) refused by the plan?"""
    with pytest.raises(ck.OutOfRangeError, match="penetration_rate"):
        make_plan(penetration_rate=10)


def test_rate_per_level_is_used_level_by_level():
    """Does a plan with a rate per level use each level's own rate?"""
    plan = make_plan(rate_per_hour={"A": 100.0, "B": 200.0})
    assert plan.case_rates() == {"A": 1_000.0, "B": 8_000.0}
