"""Exercise 1, the check: a what-if figure the learner works out by hand.

Each question changes one input of the learner's current plan (a level's
hours, the cost per hour or the penetration rate) and asks for one figure that
the page does not show. The answer lives in the :class:`Question` object in the
kernel; the page only ever sees the prompt and, after an attempt, the feedback.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import caserate_kit as ck

from .._numbers import NotANumberError, Unit, format_number, parse_number
from ._layout import TIMES

__all__ = ["Feedback", "Question", "check_answer", "make_question"]

HINT_AFTER = 1
"""Wrong tries that get a hint; the next wrong try shows the working."""


@dataclass(frozen=True)
class Question:
    """One check question and, kept in the kernel, its answer and explanation."""

    prompt: str
    unit: Unit
    answer: float = field(repr=False)
    tolerance: float = field(repr=False)
    hint: str = field(repr=False)
    working: str = field(repr=False)
    traps: tuple[tuple[float, str], ...] = field(default=(), repr=False)
    """Common wrong answers, each with what it suggests the learner did."""


@dataclass(frozen=True)
class Feedback:
    """The result of one attempt: ``kind`` is ``ok``, ``bad`` or ``unread`` (not a number)."""

    kind: str
    message: str
    counts: bool = True
    """Whether the attempt counts as a try (a box that is not a number does not)."""


def _money(amount: float) -> str:
    return ck.format_dollars(amount)


def _hours_question(plan: ck.CaseRatePlan, code: str, new_hours: float) -> Question:
    rate = plan.rates_per_hour()[code]
    old_hours = plan.avg_hours()[code]
    answer = ck.case_rate(new_hours, rate)
    shown_rate = ck.format_dollars(rate, cents=True)
    return Question(
        prompt=(
            f"Suppose the average Level {code} case needed {new_hours:g} hours instead of "
            f"{old_hours:g}. With the cost per hour above ({shown_rate}), what would Level "
            f"{code}'s case rate be? Answer in dollars."
        ),
        unit="dollars",
        answer=answer,
        tolerance=max(2.0, answer * 0.0005),
        hint=(
            f"A case rate is the average hours of a case times the cost per hour. "
            f"Use the new hours, {new_hours:g}."
        ),
        working=f"{new_hours:g} hours {TIMES} {shown_rate} = {_money(answer)}",
        traps=(
            (
                ck.case_rate(old_hours, rate),
                f"That is Level {code}'s case rate now, at {old_hours:g} hours; the question "
                f"asks about {new_hours:g} hours.",
            ),
        ),
    )


def _rate_question(plan: ck.CaseRatePlan, code: str, new_rate: float) -> Question:
    hours = plan.avg_hours()[code]
    answer = ck.case_rate(hours, new_rate)
    old_rate = plan.rates_per_hour()[code]
    return Question(
        prompt=(
            f"Suppose an hour of service cost {ck.format_dollars(new_rate, cents=True)} "
            f"instead of {ck.format_dollars(old_rate, cents=True)}. With Level {code}'s "
            f"{hours:g} average hours, what would its case rate be? Answer in dollars."
        ),
        unit="dollars",
        answer=answer,
        tolerance=max(2.0, answer * 0.0005),
        hint=f"Multiply Level {code}'s average hours, {hours:g}, by the new cost per hour.",
        working=(
            f"{hours:g} hours {TIMES} {ck.format_dollars(new_rate, cents=True)} = {_money(answer)}"
        ),
        traps=(
            (
                ck.case_rate(hours, old_rate),
                f"That is Level {code}'s case rate at the old cost per hour.",
            ),
        ),
    )


def _cases_question(plan: ck.CaseRatePlan, code: str, new_rate: float) -> Question:
    cases = ck.cases_from_penetration(plan.enrollees, new_rate)
    share = plan.case_mix[code]
    answer = cases * share
    rate_text, share_text = format_number(new_rate, "percent"), format_number(share, "percent")
    return Question(
        prompt=(
            f"Suppose the penetration rate turned out to be {rate_text} instead of "
            f"{format_number(plan.penetration_rate, 'percent')}. How many Level {code} "
            f"cases would the plan expect? Answer in cases."
        ),
        unit="cases",
        answer=answer,
        tolerance=1.0,
        hint=(
            f"First the cases at all levels: enrollees {TIMES} {rate_text}. Then "
            f"Level {code}'s share of them, {share_text}."
        ),
        working=(
            f"{plan.enrollees:,.0f} {TIMES} {rate_text} = {cases:,.0f} cases; "
            f"{cases:,.0f} {TIMES} {share_text} = {answer:,.0f} Level {code} cases"
        ),
        traps=(
            (
                cases,
                f"That is the number of cases at all levels; take Level {code}'s share "
                f"({share_text}) of it.",
            ),
            (
                plan.cases_by_level()[code],
                f"That is the number of Level {code} cases at the plan's own penetration rate.",
            ),
            (
                answer * 100,
                "That is 100 times too many: write a percentage such as "
                f"{rate_text} as {new_rate:g} before multiplying.",
            ),
        ),
    )


def make_question(plan: ck.CaseRatePlan, number: int = 0) -> Question:
    """Question ``number`` for ``plan``: the first asks about Level B's hours, later ones vary.

    Examples
    --------
    >>> question = make_question(ck.examples.admirable_plan())
    >>> question.prompt.split(".")[0]
    'Suppose the average Level B case needed 36 hours instead of 30'
    """
    codes = plan.codes
    if number == 0 and "B" in codes:
        return _hours_question(plan, "B", plan.avg_hours()["B"] + 6)
    pick = random.Random(number)
    code = pick.choice(codes)
    kind = number % 3
    if kind == 1:
        step = pick.choice((-10.0, -5.0, 5.0, 10.0, 20.0))
        new_hours = max(plan.avg_hours()[code] + step, plan.avg_hours()[code] / 2)
        return _hours_question(plan, code, round(new_hours, 1))
    if kind == 2:
        rate = plan.rates_per_hour()[code]
        new_rate = round(rate + pick.choice((-15.0, -10.0, 10.0, 20.0)), 2)
        return _rate_question(plan, code, new_rate if new_rate > 0 else round(rate * 1.1, 2))
    shift = pick.choice((-0.02, -0.01, 0.01, 0.02))
    new_rate = min(1.0, max(0.01, round(plan.penetration_rate + shift, 4)))
    return _cases_question(plan, code, new_rate)


def check_answer(question: Question, typed: str, wrong_so_far: int = 0) -> Feedback:
    """Grade what the learner typed; explain a wrong answer, first with a hint.

    Parameters
    ----------
    question
        The question asked.
    typed
        What the learner typed (``$5,710`` and ``5710`` both read).
    wrong_so_far
        Wrong tries already made on this question.

    Examples
    --------
    >>> question = make_question(ck.examples.admirable_plan())
    >>> check_answer(question, "$5,710").kind
    'ok'
    >>> check_answer(question, "lots").message
    '“lots” is not a number. Type digits, for example 1,250.'
    """
    try:
        value = parse_number(typed, question.unit)
    except NotANumberError as error:
        return Feedback("unread", str(error), counts=False)
    if abs(value - question.answer) <= question.tolerance:
        return Feedback("ok", f"Correct. {question.working}.")
    shown = format_number(value, "dollars" if question.unit == "dollars" else "cases")
    note = next(
        (
            text
            for trap, text in question.traps
            if abs(value - trap) <= max(question.tolerance, abs(trap) * 0.0005)
        ),
        "",
    )
    if wrong_so_far < HINT_AFTER:
        extra = f" {note}" if note else ""
        return Feedback(
            "bad", f"Not quite: you typed {shown}.{extra} Hint: {question.hint} Try again."
        )
    extra = f" {note}" if note else ""
    return Feedback(
        "bad",
        f"Not quite: you typed {shown}.{extra} The working: "
        f"{question.working}. Try a new question to practise again.",
    )
