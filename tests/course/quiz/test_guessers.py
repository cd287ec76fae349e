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
    exact_pass_rate,
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
NUMERIC = """\
  - id: n-{n}
    type: numeric
    objective: {objective}
    prompt: Type the figure of question {n}.
    answer: 4759
    unit: dollars
    feedback: {{correct: "Yes.", incorrect: "No."}}
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


def assert_exact_matches_drawn(bank, seed):
    """Each strategy's exact chance of a pass agrees with 3,000 drawn and graded attempts."""
    sampled = pass_rates(bank, 3_000, seed=seed)
    for name in STRATEGIES:
        exact = exact_pass_rate(bank, name, samples=200)
        assert sampled[name] == pytest.approx(exact, abs=0.035), name


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
    """Does the three-retake rate agree with 1 - (1 - p)^3 for a one-objective bank, sampled
    and computed exactly?"""
    items = [SINGLE.format(n=n, key=f"Right {n}", other=f"Wrong {n}") for n in range(5)]
    bank = bank_of(tmp_path, items, 5)
    once = 6 / 32
    expected = 1 - (1 - once) ** 3
    assert retake_pass_rate(bank, "random", 3, 2_000, seed=5) == pytest.approx(expected, abs=0.03)
    assert exact_pass_rate(bank, "random", 1, samples=400) == pytest.approx(once, abs=0.02)
    assert exact_pass_rate(bank, "random", 3, samples=400) == pytest.approx(expected, abs=0.03)


def test_the_exact_chances_agree_with_drawn_attempts_on_a_mixed_bank(tmp_path):
    """On a bank with cues in some items, two objectives and a draw, do the exact chances and
    thousands of drawn attempts agree for every strategy, first try and ten tries?"""
    cued = [SINGLE.format(n=n, key="The longer right one", other="Short") for n in range(4)]
    fair = [SINGLE.format(n=10 + n, key=f"Right {n}", other=f"Wrong {n}") for n in range(4)]
    statements = [TRUE_FALSE.format(n=n, answer="false") for n in range(3)]
    text = textwrap.dedent(
        """\
        schema_version: 1
        quiz:
          id: mixed
          title: Mixed
          time_estimate_minutes: 5
          draw: {basics: 3, more: 3}
        objectives:
          - id: basics
            text: Name the basics
          - id: more
            text: Name some more
        items:
        """
    )
    body = "".join(cued + statements) + "".join(fair).replace(
        "objective: basics", "objective: more"
    )
    path = tmp_path / "mixed.yaml"
    path.write_text(text + body, encoding="utf-8")
    bank = load_bank(path)
    assert_exact_matches_drawn(bank, seed=11)
    # Every cued item and statement right, a coin toss for 2 of 3 fair ones: half the time.
    assert exact_pass_rate(bank, "longest", samples=200) == pytest.approx(0.5, abs=0.05)
    ten = retake_pass_rate(bank, "random", 10, 1_000, seed=3)
    assert ten == pytest.approx(exact_pass_rate(bank, "random", 10, samples=200), abs=0.04)


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
    """Does each strategy pass a try at most 1% of the time and ten tries at most 5%, computed
    exactly, and do a thousand drawn attempts per strategy stay under 1% too?"""
    bank = load_bank(quizzes_dir() / f"{quiz}.yaml")
    seed = random.Random(quiz).getrandbits(32)
    sampled = pass_rates(bank, 1_000, seed=seed)
    found = {}
    for name in STRATEGIES:
        once = exact_pass_rate(bank, name, 1, seed=seed)
        ten = exact_pass_rate(bank, name, 10, seed=seed)
        found[name] = (once, ten, sampled[name])
        record_property(
            f"figure: test-wise {quiz} {name:>7}",
            f"{once:.3%} a try, {ten:.2%} within ten tries ({sampled[name]:.1%} of 1,000 drawn)",
        )
    assert all(
        once <= 0.01 and ten <= 0.05 and drawn <= 0.01 for once, ten, drawn in found.values()
    )


def test_the_exact_chances_follow_the_draw_that_keeps_not_with_pairs_apart(tmp_path):
    """With cued items kept apart from each other (and one from an item of another
    objective), do the exact chances still agree with thousands of drawn attempts, and are
    they lower for the longest-option guesser than if the pairs were drawn together?"""
    apart = {0: "q-1, q-20", 2: "q-3"}
    cued = [
        SINGLE.format(n=n, key="The longer right one", other="Short").replace(
            "    options:",
            f"    not_with: [{apart[n]}]\n    options:" if n in apart else "    options:",
        )
        for n in range(4)
    ]
    fair = [SINGLE.format(n=10 + n, key=f"Right {n}", other=f"Wrong {n}") for n in range(3)]
    more = [SINGLE.format(n=20 + n, key=f"Right {n}", other=f"Wrong {n}") for n in range(4)]
    text = textwrap.dedent(
        """\
        schema_version: 1
        quiz:
          id: apart
          title: Apart
          time_estimate_minutes: 5
          draw: {basics: 4, more: 1}
        objectives:
          - id: basics
            text: Name the basics
          - id: more
            text: Name some more
        items:
        """
    )
    body = "".join(cued + fair) + "".join(more).replace("objective: basics", "objective: more")
    path = tmp_path / "apart.yaml"
    path.write_text(text + body, encoding="utf-8")
    bank = load_bank(path)
    assert_exact_matches_drawn(bank, seed=13)
    together = tmp_path / "together.yaml"
    together.write_text(path.read_text().replace("not_with", "# not_with"), encoding="utf-8")
    free = exact_pass_rate(load_bank(together), "longest", samples=200)
    assert exact_pass_rate(bank, "longest", samples=200) < free - 0.1


def test_the_exact_chances_follow_a_draw_that_asks_for_typed_items(tmp_path):
    """With one typed item asked of every attempt (which no guesser can answer), do the
    exact chances still agree with thousands of drawn attempts, first try and ten tries,
    and are they lower than if the bank did not ask for it?"""
    cued = [SINGLE.format(n=n, key="The longer right one", other="Short") for n in range(4)]
    statements = [TRUE_FALSE.format(n=n, answer="false") for n in range(2)]
    fair = [SINGLE.format(n=10 + n, key=f"Right {n}", other=f"Wrong {n}") for n in range(4)]
    numbers = [NUMERIC.format(n=1, objective="basics"), NUMERIC.format(n=2, objective="more")]
    text = textwrap.dedent(
        """\
        schema_version: 1
        quiz:
          id: typed
          title: Typed
          time_estimate_minutes: 5
          draw: {basics: 3, more: 3}
          typed_per_attempt: 1
        objectives:
          - id: basics
            text: Name the basics
          - id: more
            text: Name some more
        items:
        """
    )
    more = "".join(fair).replace("objective: basics", "objective: more")
    path = tmp_path / "typed.yaml"
    path.write_text(text + "".join([*cued, *statements, numbers[0]]) + more + numbers[1])
    bank = load_bank(path)
    assert_exact_matches_drawn(bank, seed=17)
    ten = retake_pass_rate(bank, "longest", 10, 1_000, seed=5)
    assert ten == pytest.approx(exact_pass_rate(bank, "longest", 10, samples=200), abs=0.04)
    free = tmp_path / "free.yaml"
    free.write_text(path.read_text().replace("typed_per_attempt: 1", ""), encoding="utf-8")
    without = exact_pass_rate(load_bank(free), "longest", samples=200)
    assert exact_pass_rate(bank, "longest", samples=200) < without - 0.05
