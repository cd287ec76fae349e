"""Test-wise learners: the simulation finds cues when they are there, and the banks have none.

The last test runs every strategy over thousands of drawn attempts of every
shipped bank and prints the pass rates under "figures" at the end of the run.
"""

import random
import textwrap

import pytest

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course._paths import quizzes_dir
from caserate_kit.course.quiz import draw_variant, load_bank
from caserate_kit.course.quiz._guessers import (
    STRATEGIES,
    cue_order,
    pass_rate,
    pass_rates,
    retake_pass_rate,
)

SINGLE = """\
  - id: q-{n}
    type: single
    objective: basics
    prompt: Question {n}?
    rationale: Because.
    options:
      - {{text: "{key}", correct: true, feedback: "Yes."}}
      - {{text: "{other}", feedback: "No."}}
"""
TRUE_FALSE = """\
  - id: tf-{n}
    type: true_false
    objective: basics
    prompt: Statement {n}.
    answer: {answer}
    feedback: {{true: "T.", false: "F."}}
    rationale: Because.
"""


def bank_of(tmp_path, items, draw):
    text = textwrap.dedent(
        f"""\
        schema_version: 1
        quiz:
          id: guessing
          title: Guessing
          time_estimate_minutes: 5
          draw: {{basics: {draw}}}
        objectives:
          - id: basics
            text: Name the basics
        items:
        """
    )
    path = tmp_path / "bank.yaml"
    path.write_text(text + "".join(items), encoding="utf-8")
    return load_bank(path)


def test_a_bank_whose_key_is_the_longest_option_is_passed_by_the_longest_guesser(tmp_path):
    """Does the simulation find the cue: key always longest, so 'longest' always passes?"""
    items = [SINGLE.format(n=n, key="The longer right one", other="Short") for n in range(6)]
    bank = bank_of(tmp_path, items, 5)
    assert pass_rate(bank, "longest", 200) == 1.0
    assert pass_rate(bank, "random", 400) < 0.5


def test_a_bank_of_false_statements_is_passed_by_answering_false(tmp_path):
    """Does 'false' pass a bank whose statements are all false, and 'cues' one with absolutes?"""
    items = [TRUE_FALSE.format(n=n, answer="false") for n in range(6)]
    assert pass_rate(bank_of(tmp_path, items, 5), "false", 200) == 1.0


def test_random_guessing_matches_the_binomial_chance(tmp_path):
    """With two options and 4 of 5 needed, does random guessing pass 6 times in 32?"""
    items = [SINGLE.format(n=n, key=f"Right {n}", other=f"Wrong {n}") for n in range(5)]
    rate = pass_rate(bank_of(tmp_path, items, 5), "random", 4_000, seed=3)
    assert rate == pytest.approx(6 / 32, abs=0.02)


def test_ten_retakes_raise_the_chance_as_independent_tries_would(tmp_path):
    """Does the ten-retake rate agree with 1 - (1 - p)^10 for a one-objective bank?"""
    items = [SINGLE.format(n=n, key=f"Right {n}", other=f"Wrong {n}") for n in range(5)]
    bank = bank_of(tmp_path, items, 5)
    once = 6 / 32
    assert retake_pass_rate(bank, "random", 3, 2_000, seed=5) == pytest.approx(
        1 - (1 - once) ** 3, abs=0.03
    )


def test_steps_are_put_in_the_order_their_numbers_or_letters_suggest(tmp_path):
    """Does the cue-following guesser sort steps by their numbers, else alphabetically?"""
    item = textwrap.dedent(
        """\
          - id: order-1
            type: ordering
            objective: basics
            prompt: Order these.
            rationale: Because.
            steps:
              - {text: "Day 2: plan", feedback: "."}
              - {text: "Day 10: review", feedback: "."}
              - {text: "Day 30: close", feedback: "."}
        """
    )
    bank = bank_of(tmp_path, [textwrap.indent(item, "")], 1)
    shown = draw_variant(bank, 7).items[0]
    texts = [shown.option(key).text for key in cue_order(shown)]
    assert texts == ["Day 2: plan", "Day 10: review", "Day 30: close"]
    assert pass_rate(bank, "longest", 50) == 1.0


LESSON_BANKS = [f"lesson-{lesson.number:02d}" for lesson in LESSONS]


@pytest.mark.parametrize("quiz", LESSON_BANKS)
def test_no_test_wise_strategy_passes_a_shipped_bank(quiz, record_property):
    """Does each strategy pass a drawn attempt at most 1% of the time, and 10 tries at most 5%?"""
    bank = load_bank(quizzes_dir() / f"{quiz}.yaml")
    rng = random.Random(quiz)
    first = pass_rates(bank, 2_000, seed=rng.getrandbits(32))
    found = {}
    for name in STRATEGIES:
        once = first[name]
        ten = retake_pass_rate(bank, name, 10, 200, seed=rng.getrandbits(32))
        found[name] = (once, ten)
        record_property(
            f"figure: test-wise {quiz} {name:>7}", f"{once:.2%} a try, {ten:.1%} in ten"
        )
    assert all(once <= 0.01 and ten <= 0.05 for once, ten in found.values()), found
