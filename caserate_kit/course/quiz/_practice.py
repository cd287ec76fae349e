"""A refresher: a few questions drawn across the lessons a learner passed, mostly ones missed.

Practice after a pass (spaced retrieval) keeps what was learned; it never
changes a score, a pass or CE credit. :func:`draw_practice` takes, for each
lesson passed, its bank and the ids of the items the learner answered
wrong on its post-test; it draws the missed items first, taking turns
between lessons so that the set is mixed, then fills up with other items
of the same lessons, never two items a bank marks ``not_with`` each other.
Questions are shown and graded as in a post-test,
with the right answers after submitting (the lessons were passed).
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ._grading import ItemResult, grade_item
from ._schema import Bank, Item
from ._variants import VariantItem, present

__all__ = ["PRACTICE_ID", "Practice", "draw_practice"]

PRACTICE_ID: Final = "refresher"
"""The quiz id a refresher's view carries (it is no post-test)."""
_MINUTES_PER_QUESTION: Final = 1.85


@dataclass(frozen=True)
class Practice:
    """One refresher: its questions, and the lesson (quiz id) each came from."""

    seed: int
    items: tuple[VariantItem, ...]
    sources: Mapping[str, str]
    """Question key to the quiz id of the bank it came from."""

    def view(self) -> dict[str, Any]:
        """What the page shows: the questions, no answers, marked as practice."""
        minutes = max(1, round(len(self.items) * _MINUTES_PER_QUESTION))
        return {
            "quiz_id": PRACTICE_ID,
            "title": "Practice questions",
            "time_estimate_minutes": minutes,
            "questions": [shown.view() for shown in self.items],
            "practice": True,
        }

    def grade(self, responses: Mapping[str, object]) -> tuple[ItemResult, ...]:
        """Every question graded from the learner's responses (a missing one is wrong)."""
        return tuple(grade_item(shown, responses.get(shown.key)) for shown in self.items)

    def result_view(self, results: Sequence[ItemResult]) -> dict[str, Any]:
        """The graded refresher for the page, with the right answers."""
        right = sum(result.correct for result in results)
        return {
            "quiz_id": PRACTICE_ID,
            "practice": True,
            "score": right / len(results) if results else 0.0,
            "passed": True,
            "correct_count": right,
            "total": len(results),
            "items": [result.view(show_answers=True) for result in results],
        }

    def record(self, results: Sequence[ItemResult]) -> dict[str, Any]:
        """What the records keep: each question's lesson, item and whether it was right."""
        return {
            "seed": self.seed,
            "items": [
                {"quiz_id": self.sources[r.key], "item_id": r.item_id, "correct": r.correct}
                for r in results
            ],
        }


def _taking_turns(groups: Sequence[list[tuple[str, Item]]]) -> list[tuple[str, Item]]:
    """One from each group in turn, until all are used."""
    mixed: list[tuple[str, Item]] = []
    for position in range(max((len(group) for group in groups), default=0)):
        mixed.extend(group[position] for group in groups if position < len(group))
    return mixed


def _kept_apart(
    ranked: Sequence[tuple[str, Item]], apart: Mapping[str, frozenset[str]], count: int
) -> list[tuple[str, Item]]:
    """The first ``count`` of ``ranked``, passing over any item marked ``not_with`` one
    already taken."""
    chosen: list[tuple[str, Item]] = []
    taken: set[str] = set()
    for quiz_id, item in ranked:
        if len(chosen) >= count:
            break
        if not apart.get(item.id, frozenset()) & taken:
            chosen.append((quiz_id, item))
            taken.add(item.id)
    return chosen


def draw_practice(pools: Sequence[tuple[Bank, Collection[str]]], count: int, seed: int) -> Practice:
    """Draw a refresher of up to ``count`` questions from ``pools`` (bank, missed item ids).

    Examples
    --------
    With no lesson passed there is nothing to draw:

    >>> draw_practice([], 6, seed=1).items
    ()
    """
    rng = random.Random(seed)
    missed: list[list[tuple[str, Item]]] = []
    others: list[list[tuple[str, Item]]] = []
    for bank, wrong in pools:
        first = [(bank.id, item) for item in bank.items if item.id in set(wrong)]
        rest = [(bank.id, item) for item in bank.items if item.id not in set(wrong)]
        rng.shuffle(first)
        rng.shuffle(rest)
        missed.append(first)
        others.append(rest)
    apart = {key: value for bank, _ in pools for key, value in bank.apart.items()}
    chosen = _kept_apart(_taking_turns(missed) + _taking_turns(others), apart, count)
    rng.shuffle(chosen)
    items, sources = [], {}
    for number, (quiz_id, item) in enumerate(chosen, 1):
        key = f"q{number}"
        items.append(present(item, key, rng))
        sources[key] = quiz_id
    return Practice(seed, tuple(items), sources)
