"""Exercise 1, the case-rate calculator: its logic, its check and its page without a browser."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

import caserate_kit as ck
from caserate_kit.course.exercises import case_rate_calculator
from caserate_kit.course.exercises._calculator import (
    admirable_inputs,
    budget_rows,
    build_plan,
    case_rate_rows,
    chart_summary,
    input_problems,
    mix_message,
    penetration_rows,
    scenario_rows,
)
from caserate_kit.course.exercises._calculator_check import check_answer, make_question


def text(html: str) -> str:
    """The words of an HTML fragment, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def calculator():
    return case_rate_calculator()


# -- logic ----------------------------------------------------------------------


def test_admirable_inputs_reproduce_the_published_case_rates():
    """Does the prefilled form give lesson 4's case rates, $1,586 to $17,448?"""
    rows = case_rate_rows(build_plan(admirable_inputs()))
    assert [row[-1] for row in rows] == ["$1,586", "$4,759", "$12,689", "$17,448"]


def test_admirable_inputs_reproduce_the_published_budget_total():
    """Does the budget table's total row show the published $24,030,535 for 3,000 cases?"""
    total = budget_rows(build_plan(admirable_inputs()))[-1]
    assert (total[0], total[2], total[-1]) == ("All levels", "3,000", "$24,030,535")


def test_penetration_rows_mark_the_scenario_the_plan_uses():
    """Does the step 2 table give 2,700, 3,000 and 3,300 cases and mark Medium as used?"""
    rows = penetration_rows(admirable_inputs())
    assert [row[2] for row in rows] == ["2,700", "3,000", "3,300"]
    assert rows[1][0] == "Medium (used for the plan)"


def test_scenario_rows_put_low_medium_and_high_side_by_side():
    """Do the side-by-side budgets match lesson 4's $21,627,481, $24,030,535 and $26,433,588?"""
    rows = {
        row[0]: row[1:] for row in scenario_rows(build_plan(admirable_inputs()), admirable_inputs())
    }
    assert rows["Total budget"] == ["$21,627,481", "$24,030,535", "$26,433,588"]
    assert rows["Change from the plan"] == ["-$2,403,053", "$0", "+$2,403,053"]


def test_mix_message_says_how_far_short_the_mix_is():
    """Does a mix adding up to 90% say it is 10 points short?"""
    message = mix_message({"A": 20, "B": 27, "C": 33, "D": 10})
    assert message is not None
    assert "90%" in message
    assert "10 points short" in message


def test_mix_message_says_how_far_over_the_mix_is():
    """Does a mix adding up to 104.5% say it is 4.5 points over?"""
    message = mix_message({"A": 20, "B": 41.5, "C": 33, "D": 10})
    assert message is not None
    assert "4.5 points over" in message


def test_input_problems_name_the_step_and_the_value_typed():
    """Is a penetration rate of 150% reported under step 2 with the value typed?"""
    inputs = admirable_inputs()
    bad = replace(inputs, penetration={**inputs.penetration, "High": 150.0})
    assert input_problems(bad) == [
        (2, "The high penetration rate must be between 0% and 100%; the box says 150%.")
    ]


def test_good_inputs_have_no_problems():
    """Are Admirable's inputs accepted as they are?"""
    assert input_problems(admirable_inputs()) == []


def test_chart_summary_names_the_largest_and_smallest_level():
    """Does the chart sentence say Level C takes 52% and Level A the smallest share?"""
    summary = chart_summary(build_plan(admirable_inputs()))
    assert "Level C takes the largest share" in summary
    assert "52%" in summary
    assert "Level A takes the smallest" in summary


# -- the check ------------------------------------------------------------------


def test_first_question_asks_for_level_b_at_36_hours():
    """Does the first check ask for Level B's case rate at 36 hours instead of 30?"""
    question = make_question(ck.examples.admirable_plan())
    assert "Level B case needed 36 hours instead of 30" in question.prompt


def test_the_prompt_does_not_contain_the_answer():
    """Is the answer ($5,710) kept out of the question the page shows?"""
    question = make_question(ck.examples.admirable_plan())
    assert "5,710" not in question.prompt
    assert "5710" not in question.prompt


def test_a_right_answer_typed_with_dollar_sign_and_commas_is_accepted():
    """Is "$5,710" accepted for 36 x $158.62, with the working shown?"""
    feedback = check_answer(make_question(ck.examples.admirable_plan()), "$5,710")
    assert feedback.kind == "ok"
    assert "36 hours" in feedback.message


def test_the_first_wrong_answer_gets_a_hint_not_the_answer():
    """Does a first wrong try get a hint, without the answer?"""
    feedback = check_answer(make_question(ck.examples.admirable_plan()), "5,000")
    assert feedback.kind == "bad"
    assert "Hint" in feedback.message
    assert "5,710" not in feedback.message


def test_the_second_wrong_answer_shows_the_working():
    """After one wrong try, does the next wrong try show the working and the answer?"""
    feedback = check_answer(make_question(ck.examples.admirable_plan()), "5,000", 1)
    assert "$5,710" in feedback.message
    assert "new question" in feedback.message


def test_the_current_case_rate_is_recognised_as_a_common_mistake():
    """Does typing Level B's current $4,759 say that is the rate at 30 hours?"""
    feedback = check_answer(make_question(ck.examples.admirable_plan()), "4759")
    assert "case rate now, at 30 hours" in feedback.message


def test_text_that_is_not_a_number_does_not_count_as_a_try():
    """Is "about five grand" refused with advice, and not counted as a wrong try?"""
    feedback = check_answer(make_question(ck.examples.admirable_plan()), "about five grand")
    assert feedback.kind == "unread"
    assert not feedback.counts


@pytest.mark.parametrize("number", range(1, 10))
def test_every_later_question_accepts_its_own_worked_answer(number):
    """Does each generated question accept the figure its own working arrives at?"""
    question = make_question(ck.examples.admirable_plan(), number)
    shown = question.working.rsplit("= ", 1)[1].split(" ")[0]
    assert check_answer(question, shown).kind == "ok"


# -- the page (no browser) ------------------------------------------------------


def test_changing_hours_updates_the_case_rate_table(calculator):
    """When Level B's hours go to 36, does the case-rate table show $5,710?"""
    calculator.hours["B"].value = 36
    assert "$5,710" in text(calculator.case_rates.value)


def test_changing_penetration_updates_budget_and_chart_summary(calculator):
    """When the plan uses the high rate, do the budget line and chart sentence follow?"""
    calculator.scenario.value = "High"
    assert "$26,433,588" in text(calculator.per_member.value)
    assert "$26,433,588" in calculator.chart_text.value
    assert "alt=" in calculator.chart.outputs[0]["data"]["text/html"]


def test_a_bad_mix_keeps_the_last_good_results_and_says_so(calculator):
    """With Level B at 27%, do the old results stay, with a message saying how far off?"""
    calculator.mix["B"].value = 27
    assert "10 points short" in text(calculator.step_messages[4].value)
    assert "last inputs that worked" in text(calculator.stale.value)
    assert "$24,030,535" in text(calculator.per_member.value)


def test_reset_brings_back_the_admirable_example(calculator):
    """After several changes, does Reset restore Admirable's $24,030,535 and clear messages?"""
    calculator.hours["C"].value = 90
    calculator.mix["A"].value = 50
    calculator.reset()
    assert "$24,030,535" in text(calculator.per_member.value)
    assert calculator.stale.value == ""
    assert calculator.mix["A"].value == 20


def test_checking_on_the_page_gives_feedback(calculator):
    """Does typing 5710 and pressing Check show a 'Correct' message?"""
    calculator.answer.value = "5710"
    calculator.check()
    assert "Correct" in text(calculator.feedback.value)


def page_widgets(root):
    """Every widget in the page's tree."""
    found = [root]
    for child in getattr(root, "children", ()):
        found.extend(page_widgets(child))
    return found


def test_no_widget_trait_holds_the_answer(calculator):
    """Before the learner answers, is the key absent from every widget on the page?"""
    for widget in page_widgets(calculator.root):
        state = str(widget.get_state())
        assert "5,710" not in state
        assert "5710.2" not in state
