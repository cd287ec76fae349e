"""What-if tables over penetration, mix and hours."""

import pytest

import caserate_kit as ck
from caserate_kit.examples import ADMIRABLE_PENETRATION, admirable_plan


def test_penetration_scenarios_move_the_budget_by_ten_percent():
    """Does 9% or 11% instead of 10% change Admirable's budget by a tenth each way?"""
    plan = admirable_plan()
    table = ck.scenario_table(plan, penetration_rates=ADMIRABLE_PENETRATION)
    assert table["Penetration"].tolist() == ["Low", "Medium", "High"]
    change = table.set_index("Penetration")["Change from plan"]
    assert change["Low"] == pytest.approx(-0.1 * plan.total_budget())
    assert change["High"] == pytest.approx(0.1 * plan.total_budget())


def test_every_combination_gets_a_row():
    """Do 3 penetration rates and 2 mixes give 6 rows?"""
    plan = admirable_plan()
    heavier = {"A": 0.15, "B": 0.37, "C": 0.35, "D": 0.13}
    table = ck.scenario_table(
        plan,
        penetration_rates=ADMIRABLE_PENETRATION,
        case_mixes={"Plan": plan.case_mix, "Heavier": heavier},
    )
    assert len(table) == 6
    assert {"Penetration", "Case mix"} <= set(table.columns)
    assert "Hours" not in table.columns


def test_heavier_mix_costs_more():
    """Does moving cases to the intensive levels raise the budget?"""
    plan = admirable_plan()
    heavier = {"A": 0.15, "B": 0.37, "C": 0.35, "D": 0.13}
    table = ck.scenario_table(plan, case_mixes={"Heavier": heavier})
    assert table.loc[0, "Change from plan"] > 0


def test_hours_scenario_changes_case_rates():
    """Do 10% more hours at every level cost 10% more?"""
    plan = admirable_plan()
    more = {code: hours * 1.1 for code, hours in plan.avg_hours().items()}
    table = ck.scenario_table(plan, avg_hours={"More hours": more})
    assert table.loc[0, "Total budget"] == pytest.approx(1.1 * plan.total_budget())


def test_hours_scenario_missing_a_level_is_refused():
    """Does an hours scenario that leaves out a level say which?"""
    with pytest.raises(ck.MismatchError, match="missing D"):
        ck.scenario_table(admirable_plan(), avg_hours={"Short": {"A": 1, "B": 1, "C": 1}})


def test_bad_mix_scenario_is_refused():
    """Is a mix scenario that does not add up to 100% refused?"""
    with pytest.raises(ck.MixError):
        ck.scenario_table(
            admirable_plan(), case_mixes={"Bad": {"A": 0.5, "B": 0.1, "C": 0.1, "D": 0.1}}
        )


def test_empty_scenario_set_is_refused():
    """Is an empty set of penetration scenarios refused instead of ignored?"""
    with pytest.raises(ck.InvalidInputError, match="Penetration"):
        ck.scenario_table(admirable_plan(), penetration_rates={})
