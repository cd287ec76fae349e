"""Test-wise learners: how far cues alone get someone who never read the lesson.

Each strategy answers a drawn question from what the page shows (the prompt,
the options, the steps) and nothing else:

``longest``
    the longest option; options at least as long as the average for
    select-all; "False" for a true/false statement; steps in the order a cue
    suggests (:func:`cue_order`).
``cues``
    like ``longest``, but a true/false statement is "False" only when it
    holds an absolute word ("always", "only", "enough"...), else "True".
``false``
    "False" for every true/false statement, a random guess elsewhere.
``random``
    a random option, a random set of options, a random order.

None of them can type a number, so numeric questions count against them.
:func:`pass_rate` draws thousands of attempts and grades each one with the
real grader; :func:`retake_pass_rate` takes up to ten tries in a row, each
retake drawn as the course draws it. :func:`exact_pass_rate` computes the same
chances without sampling attempts: each item's chance of being guessed right
(the item shown and graded many times), then the draw of each objective's
items (a random subset, among those that keep ``not_with`` pairs apart and
hold the typed items ``quiz.typed_per_attempt`` asks for:
:func:`~._apart.draw_outcomes`) and the retakes (a chain over the objectives
missed), exactly. The sampled rates check the exact ones; the exact ones bound a bank.
"""

from __future__ import annotations

import functools
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from ._apart import draw_outcomes
from ._grading import AttemptResult, grade_attempt, grade_item
from ._quality import ABSOLUTE, first_number, text_length
from ._schema import Bank
from ._variants import VariantItem, draw_counts, draw_variant, present

__all__ = [
    "STRATEGIES",
    "Strategy",
    "cue_order",
    "exact_pass_rate",
    "item_chances",
    "pass_rate",
    "pass_rates",
    "retake_pass_rate",
]

Strategy = Callable[[VariantItem, random.Random], object]
"""From a question as shown (and a random source): the response a guesser gives."""


def cue_order(shown: VariantItem) -> list[str]:
    """The order a guesser puts steps in: by the numbers in them if every step has
    one, else alphabetically."""
    options = list(shown.options)
    numbers = [first_number(o.text) for o in options]
    if all(n is not None for n in numbers):
        ranked = sorted(zip(numbers, range(len(options)), strict=True))
        return [options[i].key for _, i in ranked]
    return [o.key for o in sorted(options, key=lambda o: o.text.casefold())]


def _random(shown: VariantItem, rng: random.Random) -> object:
    keys = [o.key for o in shown.options]
    if shown.shown_type in ("single", "true_false"):
        return rng.choice(keys)
    if shown.shown_type == "multiple":
        chosen = [key for key in keys if rng.random() < 0.5]
        return chosen or [rng.choice(keys)]
    if shown.shown_type == "ordering":
        rng.shuffle(keys)
        return keys
    return ""


def _true_false_key(value: bool, shown: VariantItem) -> str:
    return shown.options[0 if value else 1].key  # True is shown first, then False


def _longest(shown: VariantItem, rng: random.Random, *, read_absolutes: bool = False) -> object:
    kind = shown.shown_type
    if kind == "true_false":
        value = read_absolutes and ABSOLUTE.search(shown.prompt) is None
        return _true_false_key(value, shown)
    if kind == "single":
        return max(shown.options, key=lambda o: text_length(o.text)).key
    if kind == "multiple":
        lengths = [text_length(o.text) for o in shown.options]
        average = sum(lengths) / len(lengths)
        return [o.key for o, n in zip(shown.options, lengths, strict=True) if n >= average]
    if kind == "ordering":
        return cue_order(shown)
    return ""


def _cues(shown: VariantItem, rng: random.Random) -> object:
    return _longest(shown, rng, read_absolutes=True)


def _always_false(shown: VariantItem, rng: random.Random) -> object:
    if shown.shown_type == "true_false":
        return _true_false_key(False, shown)
    return _random(shown, rng)


STRATEGIES: Final[Mapping[str, Strategy]] = {
    "longest": _longest,
    "cues": _cues,
    "false": _always_false,
    "random": _random,
}
"""The test-wise strategies, by name (see the module notes)."""


def _attempt(
    bank: Bank, strategy: Strategy, rng: random.Random, focus: tuple[str, ...] = ()
) -> AttemptResult:
    variant = draw_variant(bank, rng.getrandbits(63), focus)
    responses = {shown.key: strategy(shown, rng) for shown in variant.items}
    return grade_attempt(variant, responses)


def pass_rate(bank: Bank, strategy: str, attempts: int = 2_000, seed: int = 0) -> float:
    """The share of ``attempts`` drawn first tries that ``strategy`` passes."""
    return pass_rates(bank, attempts, seed, (strategy,))[strategy]


def pass_rates(
    bank: Bank, attempts: int = 2_000, seed: int = 0, strategies: Iterable[str] = STRATEGIES
) -> dict[str, float]:
    """Each strategy's share of passes on the same ``attempts`` drawn first tries."""
    rng = random.Random(seed)
    names = list(strategies)
    passed = dict.fromkeys(names, 0)
    for _ in range(attempts):
        variant = draw_variant(bank, rng.getrandbits(63))
        for name in names:
            responses = {shown.key: STRATEGIES[name](shown, rng) for shown in variant.items}
            passed[name] += grade_attempt(variant, responses).passed
    return {name: count / attempts for name, count in passed.items()}


def retake_pass_rate(
    bank: Bank, strategy: str, retakes: int = 10, learners: int = 500, seed: int = 0
) -> float:
    """The share of ``learners`` who pass within ``retakes`` tries.

    Each retake is drawn as the course draws it: one question more from each
    objective the guesser missed on the try before.
    """
    rng = random.Random(seed)
    guess = STRATEGIES[strategy]
    passed = 0
    for _ in range(learners):
        focus: tuple[str, ...] = ()
        for _ in range(retakes):
            result = _attempt(bank, guess, rng, focus)
            if result.passed:
                passed += 1
                break
            focus = tuple(score.id for score in result.objectives if score.missed)
    return passed / learners


# Exact chances ----------------------------------------------------------------------------

_CLOSE: Final = 1e-9


def item_chances(bank: Bank, strategy: str, samples: int = 32, seed: int = 0) -> dict[str, float]:
    """Each item's chance that ``strategy`` answers it right, over ``samples`` showings."""
    rng = random.Random(seed)
    guess = STRATEGIES[strategy]
    chances = {}
    for item in bank.items:
        right = 0
        for _ in range(samples):
            shown = present(item, "q1", rng)
            right += grade_item(shown, guess(shown, rng)).correct
        chances[item.id] = right / samples
    return chances


def _outcomes(
    bank: Bank, chances: Mapping[str, float], focus: frozenset[str]
) -> dict[tuple[bool, frozenset[str]], float]:
    """One try drawn with ``focus``: the chance of each (passed, objectives missed)."""
    counts = draw_counts(bank, focus)
    total = sum(min(counts[o.id], len(bank.items_for(o.id))) for o in bank.objectives)
    result: dict[tuple[bool, frozenset[str]], float] = defaultdict(float)
    for (right, missed), chance in draw_outcomes(bank, counts, chances).chances.items():
        passed = total > 0 and right / total >= bank.quiz.pass_mark - _CLOSE
        result[(passed, missed)] += chance
    return result


def exact_pass_rate(
    bank: Bank, strategy: str, tries: int = 1, samples: int = 32, seed: int = 0
) -> float:
    """The chance that ``strategy`` passes within ``tries`` tries, each retake drawn as the
    course draws it (one more question from each objective missed the try before)."""
    chances = item_chances(bank, strategy, samples, seed)
    outcomes = functools.cache(lambda focus: _outcomes(bank, chances, focus))
    waiting: dict[frozenset[str], float] = {frozenset(): 1.0}
    passed = 0.0
    for _ in range(tries):
        following: dict[frozenset[str], float] = defaultdict(float)
        for focus, chance in waiting.items():
            for (ok, missed), share in outcomes(focus).items():
                if ok:
                    passed += chance * share
                else:
                    following[missed] += chance * share
        waiting = following
    return passed
