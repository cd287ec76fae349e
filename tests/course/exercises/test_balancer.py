"""Exercise 2, the budget balancer: one change at a time on Zontanos' model."""

from __future__ import annotations

import re

import pytest

import caserate_kit as ck
from caserate_kit.course.exercises import budget_balancer
from caserate_kit.course.exercises._balancer import (
    KNOBS,
    apply_knob,
    cautions,
    first_draft,
    knob_value,
    log_entry,
    next_step,
    verdict,
)

KNOB = {knob.key: knob for knob in KNOBS}
# The six small changes of ZONTANOS_CHANGES, as the learner would type them.
LESSON_STEPS = [
    ("avg_hours.B", 30),
    ("avg_hours.C", 85),
    ("avg_hours.D", 115),
    ("productivity", 63),
    ("staff_mix.bachelors", 30),
    ("overhead.travel", 160_000),
]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def balancer():
    return budget_balancer()


def test_first_draft_matches_zontanos_first_draft():
    """Does the starting state reproduce lesson 5's first-draft dashboard?"""
    board = first_draft().model.dashboard()
    assert str(board) == str(ck.examples.zontanos_first_draft().dashboard())


def test_staff_mix_share_reproduces_the_draft_average_salary():
    """Does 25% case managers give the draft's average direct-service salary of $72,930?"""
    assert first_draft().average_salary() == pytest.approx(72_930)


def test_the_six_lesson_changes_balance_the_model():
    """Do the lesson's six changes, typed one at a time, give zontanos_balanced()'s dashboard?"""
    state = first_draft()
    for key, value in LESSON_STEPS:
        state = apply_knob(state, KNOB[key], value)[0]
    assert str(state.model.dashboard()) == str(ck.examples.zontanos_balanced().dashboard())


def test_a_value_out_of_range_is_refused_with_its_range():
    """Is a productivity of 150% refused with the allowed range named?"""
    with pytest.raises(ck.OutOfRangeError, match="between 30% and 90%"):
        apply_knob(first_draft(), KNOB["productivity"], 150)


def test_knob_value_shows_percentages_as_typed():
    """Is productivity shown as 60 (per cent), not 0.6?"""
    assert knob_value(first_draft(), KNOB["productivity"]) == 60


def test_log_entry_measures_the_change_against_the_step_before():
    """Does Level B from 36 to 30 hours cut the FTE gap by 2.0 and add $197,468?"""
    before = first_draft()
    _, change, description = apply_knob(before, KNOB["avg_hours.B"], 30)
    entry = log_entry(before.model, change, description)
    assert round(entry.fte_gap_change, 1) == -2.0
    assert ck.format_dollars(entry.margin_change) == "$197,468"


def test_verdict_of_the_first_draft_is_not_balanced():
    """Does the first draft's verdict say 'Not balanced yet' with both answers?"""
    kind, words = verdict(first_draft().model.dashboard())
    assert kind == "warn"
    assert words.startswith("Not balanced yet")
    assert "hire 6.5 FTEs" in words
    assert "$613,614" in words


def test_verdict_of_the_balanced_model_starts_with_balanced():
    """Does the balanced model's verdict start with 'Balanced:'?"""
    kind, words = verdict(ck.examples.zontanos_balanced().dashboard())
    assert kind == "ok"
    assert words.startswith("Balanced: ")


def test_next_step_names_the_capacity_gap_first():
    """When staff are short, does the advice name the FTE gap and a step that closes most?"""
    advice = next_step(first_draft())
    assert "6.5 FTEs short" in advice
    assert "closes most of it" in advice


def test_next_step_never_suggests_hours_below_what_the_case_rate_pays_for():
    """Once Level B is at Admirable's 30 hours, does the advice leave Level B alone?"""
    state = apply_knob(first_draft(), KNOB["avg_hours.B"], 30)[0]
    assert "Level B hours" not in next_step(state)


def test_cautions_flag_hours_below_the_case_rate():
    """Is planning Level C at 70 hours flagged as less care than the payer pays for?"""
    state = apply_knob(first_draft(), KNOB["avg_hours.C"], 70)[0]
    assert any("below the 80 hours" in note for note in cautions(state))


def test_typing_a_value_logs_one_change_and_redraws(balancer):
    """Does typing 30 in Level B's box add one log line and change the verdict's figures?"""
    balancer.boxes["avg_hours.B"].value = 30
    assert len(balancer.history) == 1
    assert "Level B hours per case from 36 hours to 30 hours" in text(balancer.log.value)
    assert "hire 4.5 FTEs" in text(balancer.verdict.value)


def test_a_bad_value_is_explained_and_put_back(balancer):
    """Does typing 150 for productivity explain the range and put 60 back in the box?"""
    balancer.boxes["productivity"].value = 150
    assert "you typed 150" in text(balancer.messages["Clinician time"].value)
    assert balancer.boxes["productivity"].value == 60
    assert not balancer.history


def test_a_case_mix_that_does_not_add_up_is_not_applied(balancer):
    """Is a 105% case mix refused with how far over it is, leaving the model unchanged?"""
    balancer.mix["A"].value = 25
    balancer.apply_mix()
    assert "5 points over" in text(balancer.messages["Case mix"].value)
    assert not balancer.history


def test_a_case_mix_that_adds_up_is_one_change(balancer):
    """Are four changed shares adding up to 100% applied as one logged change?"""
    balancer.mix["A"].value = 25
    balancer.mix["B"].value = 32
    balancer.apply_mix()
    assert len(balancer.history) == 1
    assert balancer.state.model.case_mix["A"] == 0.25


def test_balancing_on_the_page_says_balanced(balancer):
    """After the lesson's six changes typed into the boxes, does the page say 'Balanced:'?"""
    for key, value in LESSON_STEPS:
        balancer.boxes[key].value = value
    assert text(balancer.verdict.value).startswith("Balanced:")
    assert len(balancer.history) == 6


def test_undo_takes_back_the_last_change_and_its_box(balancer):
    """Does Undo remove the last log line and put the box back?"""
    balancer.boxes["avg_hours.C"].value = 85
    balancer.undo()
    assert not balancer.history
    assert balancer.boxes["avg_hours.C"].value == 90


def test_reset_returns_to_the_first_draft(balancer):
    """Does Reset clear the log and restore the first draft's boxes?"""
    balancer.boxes["productivity"].value = 63
    balancer.reset()
    assert not balancer.history
    assert balancer.boxes["productivity"].value == 60


def test_next_step_once_balanced_compares_with_zontanos_changes():
    """Once balanced, does the advice list the work groups' own six changes to compare?"""
    state = first_draft()
    for key, value in LESSON_STEPS:
        state = apply_knob(state, KNOB[key], value)[0]
    advice = next_step(state)
    assert all(name in advice for name in ck.examples.ZONTANOS_CHANGES)
