"""One attempt's variant of a quiz: the items drawn, their order and their numbers.

The same bank and seed always give the same variant, so an attempt can be
rebuilt from its seed and the bank version. The variant stays in the
kernel; the page only ever sees :meth:`Variant.question_view`, which holds
no answers, no correct flags, no feedback and no item ids.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ..._exceptions import InvalidInputError
from .._numbers import Unit, number_hint
from ._apart import most_together
from ._calculations import calculation_answer, draw_values, fill_prompt
from ._schema import (
    Bank,
    CalculationItem,
    Item,
    MultipleSelectItem,
    NumericItem,
    OrderingItem,
    SingleChoiceItem,
    TrueFalseItem,
    is_typed,
)

__all__ = [
    "TRUE_FALSE_CHOICES",
    "ShownOption",
    "Variant",
    "VariantItem",
    "draw_counts",
    "draw_variant",
    "missed_objectives",
    "new_seed",
    "present",
]

TRUE_FALSE_CHOICES: Final[tuple[tuple[bool, str], ...]] = ((True, "True"), (False, "False"))
"""The two choices of a true/false item, always shown in this order."""

_OPTION_KEYS: Final = "abcdefghijklmnopqrstuvwxyz"
_DRAW_TRIES: Final = 100
_APART_TRIES: Final = 1_000
"""Whole draws tried before keeping ``not_with`` pairs apart (and taking typed items)
item by item."""


@dataclass(frozen=True)
class ShownOption:
    """An option (or step) as displayed: its key, its text, and where it is in the bank.

    ``index`` is the position in the item's ``options`` or ``steps`` (the
    right order, for steps); for a true/false item, 0 is True and 1 is False.
    """

    key: str
    text: str
    index: int


@dataclass(frozen=True)
class VariantItem:
    """One question of a variant, with what the kernel needs to grade it."""

    key: str
    item: Item
    prompt: str
    options: tuple[ShownOption, ...] = ()
    values: Mapping[str, float] = field(default_factory=dict)
    answer: float | None = None

    @property
    def shown_type(self) -> str:
        """The type the page sees: calculation items are shown as numeric."""
        return "numeric" if isinstance(self.item, CalculationItem) else self.item.type

    @property
    def unit(self) -> Unit | None:
        """The unit of a numeric answer, or None for other questions."""
        if isinstance(self.item, NumericItem | CalculationItem):
            return self.item.unit
        return None

    def option(self, key: object) -> ShownOption | None:
        """The displayed option with ``key``, or None when there is none."""
        return next((o for o in self.options if o.key == key), None)

    def view(self) -> dict[str, Any]:
        """The JSON-safe question the page shows (no answer, flag or feedback)."""
        shown: dict[str, Any] = {"key": self.key, "type": self.shown_type, "prompt": self.prompt}
        if self.options:
            shown["options"] = [{"key": o.key, "text": o.text} for o in self.options]
        if self.unit is not None:
            shown["unit"] = "" if self.unit == "none" else self.unit  # the page's word for none
            shown["hint"] = number_hint(self.unit)
        return shown


@dataclass(frozen=True)
class Variant:
    """The questions of one attempt, in the order shown (keys q1, q2, ...)."""

    bank: Bank
    seed: int
    items: tuple[VariantItem, ...]

    @property
    def quiz_id(self) -> str:
        """The bank's quiz id."""
        return self.bank.id

    @property
    def bank_version(self) -> str:
        """The version (content hash) of the bank the variant was drawn from."""
        return self.bank.version

    @property
    def item_ids(self) -> dict[str, str]:
        """Question key to bank item id, for the attempt's record (never for the page)."""
        return {shown.key: shown.item.id for shown in self.items}

    def item(self, key: str) -> VariantItem:
        """The question with ``key``."""
        for shown in self.items:
            if shown.key == key:
                return shown
        raise KeyError(key)

    def question_view(self) -> dict[str, Any]:
        """Everything the page needs to show the quiz, and nothing that gives answers away."""
        quiz = self.bank.quiz
        return {
            "quiz_id": quiz.id,
            "title": quiz.title,
            "pass_mark": quiz.pass_mark,
            "time_estimate_minutes": quiz.time_estimate_minutes,
            "questions": [shown.view() for shown in self.items],
        }


def new_seed() -> int:
    """A fresh random seed for a new attempt (63 bits, so it fits a signed 64-bit column)."""
    return secrets.randbits(63)


def draw_counts(bank: Bank, focus: Iterable[str] = ()) -> dict[str, int]:
    """How many items each objective gives an attempt, leaning toward ``focus``.

    Without a focus, the bank's blueprint (``quiz.draw``). A retake passes the
    objectives the learner missed last time: each of them draws one item more,
    taken from an objective the learner got all right (largest first; each
    gives at most one and keeps at least one), as long as the missed
    objective has items to spare (items that can share an attempt, when
    ``not_with`` keeps some apart). The total never changes, so a retake is
    as long as the first try and counts the same.

    Examples
    --------
    A bank that draws 4, 3 and 3; the learner missed the second objective:

    >>> from types import SimpleNamespace as NS
    >>> bank = NS(objectives=[NS(id="a"), NS(id="b"), NS(id="c")],
    ...           draw_count={"a": 4, "b": 3, "c": 3}.get,
    ...           items_for=lambda name: [NS(id=f"{name}{n}") for n in range(8)], apart={})
    >>> draw_counts(bank), draw_counts(bank, ["b"])
    ({'a': 4, 'b': 3, 'c': 3}, {'a': 3, 'b': 4, 'c': 3})
    """
    counts = {o.id: bank.draw_count(o.id) for o in bank.objectives}
    missed = [name for name in counts if name in set(focus)]
    donors = sorted(
        (name for name in counts if name not in missed and counts[name] > 1),
        key=lambda name: -counts[name],
    )
    for name in missed:
        if not donors or counts[name] + 1 > most_together(bank, name):
            continue
        counts[donors.pop(0)] -= 1
        counts[name] += 1
    return counts


def missed_objectives(result: Mapping[str, Any]) -> tuple[str, ...]:
    """The objectives an attempt's stored result shows as missed (any question wrong).

    >>> missed_objectives({"objectives": [
    ...     {"id": "a", "correct": 2, "total": 2}, {"id": "b", "correct": 1, "total": 3}]})
    ('b',)
    """
    scores = result.get("objectives")
    if not isinstance(scores, list):
        return ()
    return tuple(
        str(score["id"])
        for score in scores
        if isinstance(score, Mapping)
        and isinstance(score.get("correct"), int)
        and isinstance(score.get("total"), int)
        and score["correct"] < score["total"]
    )


def draw_variant(bank: Bank, seed: int, focus: Iterable[str] = ()) -> Variant:
    """Draw one attempt's questions from ``bank``, reproducibly from ``seed`` and ``focus``.

    Each objective gives ``quiz.draw[objective]`` items (all its items when
    ``draw`` does not name it), or one more or one fewer on a retake that
    focuses on missed objectives (:func:`draw_counts`), drawn without
    replacement; then the questions are shuffled, the options of single-choice
    and multiple-select items are shuffled, ordering steps are shuffled (never
    shown already in order when there are three or more) and calculation
    numbers are drawn.

    Two rules hold in every attempt: no two items marked ``not_with`` each
    other, and at least ``quiz.typed_per_attempt`` typed items (numeric or
    calculation), so that right-or-wrong results remembered over many tries
    cannot pass a post-test without the numbers. A draw that breaks either
    rule is drawn again whole, with the same random source, so that every
    allowed set is as likely as any other and the attempt stays reproducible
    from its seed (:func:`~._apart.draw_outcomes` counts the same sets). A
    bank with neither rule keeps its first draw, as before they existed.

    Raises
    ------
    InvalidInputError
        If ``seed`` is not a whole number.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidInputError("seed", seed, "must be a whole number")
    rng = random.Random(seed)
    chosen = _draw_items(bank, draw_counts(bank, focus), rng)
    rng.shuffle(chosen)
    shown = tuple(present(item, f"q{number}", rng) for number, item in enumerate(chosen, 1))
    return Variant(bank=bank, seed=seed, items=shown)


def _draw_items(bank: Bank, counts: Mapping[str, int], rng: random.Random) -> list[Item]:
    """``counts[objective]`` items of each objective, no two of them kept apart, with at
    least ``quiz.typed_per_attempt`` typed items.

    Whole draws are tried until one keeps both rules; a bank with neither takes
    the first. A bank whose rules fail in nearly every draw falls back to
    :func:`_draw_apart`.
    """
    least = bank.quiz.typed_per_attempt
    for _ in range(_APART_TRIES):
        chosen: list[Item] = []
        for objective in bank.objectives:
            pool = list(bank.items_for(objective.id))
            chosen.extend(rng.sample(pool, min(counts[objective.id], len(pool))))
        if sum(map(is_typed, chosen)) >= least and bank.kept_apart(i.id for i in chosen):
            return chosen
    return _draw_apart(bank, counts, rng)


def _draw_apart(bank: Bank, counts: Mapping[str, int], rng: random.Random) -> list[Item]:
    """Objective by objective, items in random order (the typed ones the attempt still
    needs for ``quiz.typed_per_attempt`` first), skipping any kept apart from one already
    taken; an objective those leave short (a bank ``validate`` refuses) is filled with the
    rest, so that an attempt always has its length."""
    chosen: list[Item] = []
    for objective in bank.objectives:
        pool = list(bank.items_for(objective.id))
        rng.shuffle(pool)
        needed = bank.quiz.typed_per_attempt - sum(map(is_typed, chosen))
        first = [item for item in pool if is_typed(item)][: max(0, needed)]
        pool = first + [item for item in pool if all(item is not f for f in first)]
        wanted = min(counts[objective.id], len(pool))
        taken: list[Item] = []
        for item in pool:
            if len(taken) < wanted and bank.kept_apart(i.id for i in [*chosen, *taken, item]):
                taken.append(item)
        held = {item.id for item in taken}
        taken.extend([item for item in pool if item.id not in held][: wanted - len(taken)])
        chosen.extend(taken)
    return chosen


def present(item: Item, key: str, rng: random.Random) -> VariantItem:
    """``item`` as shown under ``key``: options or steps shuffled, calculation numbers drawn."""
    if isinstance(item, SingleChoiceItem | MultipleSelectItem):
        order = list(range(len(item.options)))
        rng.shuffle(order)
        return VariantItem(key, item, item.prompt, _shown([o.text for o in item.options], order))
    if isinstance(item, TrueFalseItem):
        texts = [text for _, text in TRUE_FALSE_CHOICES]
        return VariantItem(key, item, item.prompt, _shown(texts, range(len(texts))))
    if isinstance(item, OrderingItem):
        order = _shuffled_steps(len(item.steps), rng)
        return VariantItem(key, item, item.prompt, _shown([s.text for s in item.steps], order))
    if isinstance(item, NumericItem):
        return VariantItem(key, item, item.prompt, answer=item.answer)
    values, answer = _draw_answerable(item, rng)
    return VariantItem(key, item, fill_prompt(item, values), values=values, answer=answer)


def _shown(texts: Sequence[str], order: Iterable[int]) -> tuple[ShownOption, ...]:
    """The options in display ``order`` (bank positions), keyed a, b, c, ..."""
    return tuple(
        ShownOption(_OPTION_KEYS[position], texts[index], index)
        for position, index in enumerate(order)
    )


def _shuffled_steps(count: int, rng: random.Random) -> list[int]:
    order = list(range(count))
    rng.shuffle(order)
    while count >= 3 and order == sorted(order):
        rng.shuffle(order)
    return order


def _draw_answerable(item: CalculationItem, rng: random.Random) -> tuple[dict[str, float], float]:
    for _ in range(_DRAW_TRIES):
        values = draw_values(item, rng)
        try:
            return values, calculation_answer(item, values)
        except (InvalidInputError, ArithmeticError):
            continue
    raise InvalidInputError(
        f"parameters of item {item.id}", dict(item.parameters), "never gave a valid answer"
    )
