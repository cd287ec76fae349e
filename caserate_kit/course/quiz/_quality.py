"""Item-quality warnings: the cues a test-wise learner uses, found before learners do.

:func:`quality_warnings` reads a checked bank and names what standard
item-writing rules (NBME, Haladyna) warn against and a trainer can fix:

- the keyed option is the longest one in more than one single-choice item in
  four (a guesser who picks the longest option gets those right);
- one option far longer than another in the same item;
- the key stored in the same position in most items (a printed copy shows
  the habit, although learners see the options shuffled);
- true/false keys far from balanced, and absolute words ("always", "only",
  "enough") in a true/false statement;
- an ordering item whose steps order themselves (alphabetically, by the
  numbers in them, or by their length);
- "all of the above" or "none of the above" among the options;
- a percent answer written as a whole number (35 for 35%, which is 3,500%)
  or a question that asks for a percent but does not take one;
- an objective that names no lesson section, or that has fewer than twice
  as many items as an attempt draws from it.

A warning never stops a bank from loading; ``caserate-course validate
--strict`` treats warnings as problems, and the shipped banks pass it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Final

from .._yaml import Loc
from ._schema import (
    Bank,
    CalculationItem,
    Item,
    MultipleSelectItem,
    NumericItem,
    OrderingItem,
    SingleChoiceItem,
    TrueFalseItem,
)

__all__ = [
    "ABSOLUTE",
    "ABSOLUTE_WORDS",
    "LONGEST_KEY_SHARE",
    "first_number",
    "key_is_longest",
    "longest_key_count",
    "orders_itself",
    "quality_warnings",
    "text_length",
    "true_false_counts",
]

LONGEST_KEY_SHARE: Final = 0.25
"""At most this share of single-choice items may have the key as the longest option."""
LENGTH_RATIO: Final = 2.5
"""An option this many times longer than another in the same item is far apart ..."""
LENGTH_GAP: Final = 60
"""... when it is also at least this many characters longer."""
SAME_POSITION_SHARE: Final = 0.6
TRUE_FALSE_BALANCE: Final = (0.4, 0.6)
"""The share of true keys among true/false items that counts as balanced ..."""
ABSOLUTE_WORDS: Final = (
    "always",
    "never",
    "only",
    "all",
    "none",
    "every",
    "everyone",
    "nothing",
    "no one",
    "enough",
    "entirely",
    "completely",
    "guarantee",
    "guarantees",
    "guaranteed",
    "impossible",
    "certainly",
)
"""Words that mark a true/false statement as false to a test-wise reader."""
ABSOLUTE: Final = re.compile(r"\b(" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)
"""Finds the words of :data:`ABSOLUTE_WORDS` in a text, in any case."""
_ABOVE: Final = re.compile(r"\b(all|none) of the above\b", re.IGNORECASE)
_NUMBER: Final = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_ASKS_PERCENT: Final = re.compile(
    r"\b(what|which) (percent|percentage|share)\b|\bas a (percent|percentage)\b|\bin percent\b",
    re.IGNORECASE,
)


def text_length(text: str) -> int:
    """A text's length as a reader sees it, runs of spaces and line breaks counted once."""
    return len(" ".join(text.split()))


def key_is_longest(item: SingleChoiceItem) -> bool:
    """Whether the keyed option is at least as long as every other option."""
    key = next(o for o in item.options if o.correct)
    return all(text_length(key.text) >= text_length(o.text) for o in item.options)


def longest_key_count(bank: Bank) -> tuple[int, int]:
    """Single-choice items whose key is the longest option, and all single-choice items."""
    singles = [item for item in bank.items if isinstance(item, SingleChoiceItem)]
    return sum(key_is_longest(item) for item in singles), len(singles)


def true_false_counts(bank: Bank) -> tuple[int, int]:
    """How many true/false items are keyed true, and how many false."""
    keys = [item.answer for item in bank.items if isinstance(item, TrueFalseItem)]
    return sum(keys), len(keys) - sum(keys)


def first_number(text: str) -> float | None:
    """The first number written in ``text`` (commas allowed), or None."""
    match = _NUMBER.search(text)
    return float(match.group().replace(",", "")) if match else None


def orders_itself(texts: Sequence[str]) -> str | None:
    """How steps given in their right order could be ordered without the lesson, or None.

    Three cues are checked: alphabetical order, ascending (or descending) order of
    the first number in each step, and ascending (or descending) length.

    >>> orders_itself(["Level A care", "Level B care", "Level C care"])
    'alphabetically'
    >>> orders_itself(["Ask for the chart", "Read the plan", "Call the reviewer"]) is None
    True
    """
    if len(texts) < 3:
        return None
    folded = [t.casefold() for t in texts]
    if folded == sorted(folded):
        return "alphabetically"
    numbers = [first_number(t) for t in texts]
    if all(n is not None for n in numbers):
        known = [n for n in numbers if n is not None]
        if known in (sorted(known), sorted(known, reverse=True)) and len(set(known)) > 1:
            return "by the numbers in them"
    lengths = [text_length(t) for t in texts]
    if len(set(lengths)) == len(lengths) and lengths in (sorted(lengths), sorted(lengths)[::-1]):
        return "by their length"
    return None


def quality_warnings(bank: Bank) -> Iterator[tuple[Loc, str]]:
    """Every item-quality warning of ``bank``, as (field path, message)."""
    yield from _longest_keys(bank)
    yield from _key_positions(bank)
    yield from _true_false_balance(bank)
    yield from _blueprint(bank)
    for index, item in enumerate(bank.items):
        for where, message in _item_warnings(item):
            yield ("items", index, *where), message


def _longest_keys(bank: Bank) -> Iterator[tuple[Loc, str]]:
    longest, singles = longest_key_count(bank)
    allowed = math.ceil(singles * LONGEST_KEY_SHARE)
    if longest > allowed:
        ids = [
            item.id
            for item in bank.items
            if isinstance(item, SingleChoiceItem) and key_is_longest(item)
        ]
        yield (
            ("items",),
            (
                f"the key is the longest option in {longest} of {singles} single-choice items "
                f"(at most {allowed}, one in four): a learner who picks the longest option "
                f"gets them right; shorten the key or lengthen a distractor in some of "
                f"{', '.join(ids)}"
            ),
        )


def _key_positions(bank: Bank) -> Iterator[tuple[Loc, str]]:
    positions = [
        next(n for n, o in enumerate(item.options, 1) if o.correct)
        for item in bank.items
        if isinstance(item, SingleChoiceItem)
    ]
    if len(positions) < 4:
        return
    position, count = Counter(positions).most_common(1)[0]
    if count / len(positions) > SAME_POSITION_SHARE:
        yield (
            ("items",),
            (
                f"the key is option {position} in {count} of {len(positions)} single-choice "
                "items; learners see the options shuffled, but a printed copy shows the "
                "habit: vary where the key is written"
            ),
        )


def _true_false_balance(bank: Bank) -> Iterator[tuple[Loc, str]]:
    true, false = true_false_counts(bank)
    total = true + false
    low, high = TRUE_FALSE_BALANCE
    if total >= 3 and abs(true - false) > 1 and not low <= true / total <= high:
        yield (
            ("items",),
            (
                f"{true} of the {total} true/false items are true and {false} false: a "
                f"learner who always answers {'false' if false > true else 'true'} gains; "
                "balance the keys"
            ),
        )


def _blueprint(bank: Bank) -> Iterator[tuple[Loc, str]]:
    for index, objective in enumerate(bank.objectives):
        if objective.section is None:
            yield (
                ("objectives", index),
                (
                    f"objective {objective.id!r} names no lesson section; add section: with "
                    "the id of the lesson cell whose heading teaches it, so results can link to it"
                ),
            )
        have, drawn = len(bank.items_for(objective.id)), bank.draw_count(objective.id)
        if have < 2 * drawn:
            yield (
                ("objectives", index),
                (
                    f"objective {objective.id!r} has {have} items and each attempt draws "
                    f"{drawn}: a retake repeats most questions; write at least {2 * drawn}"
                ),
            )


def _item_warnings(item: Item) -> Iterator[tuple[Loc, str]]:
    if isinstance(item, SingleChoiceItem | MultipleSelectItem):
        yield from _option_warnings(item)
    elif isinstance(item, TrueFalseItem):
        found = sorted({m.group().lower() for m in ABSOLUTE.finditer(item.prompt)})
        if found:
            words = ", ".join(f"“{word}”" for word in found)
            yield (
                ("prompt",),
                (
                    f"the statement uses {words}: absolute words tell a test-wise learner the "
                    "answer; qualify the claim or make it a single-choice item with a situation"
                ),
            )
    elif isinstance(item, OrderingItem):
        cue = orders_itself([step.text for step in item.steps])
        if cue is not None:
            yield (
                ("steps",),
                (
                    f"the steps are in the right order when sorted {cue}: a learner can order "
                    "them without the lesson; reword the steps"
                ),
            )
    if isinstance(item, NumericItem | CalculationItem):
        yield from _percent_warnings(item)


def _option_warnings(item: SingleChoiceItem | MultipleSelectItem) -> Iterator[tuple[Loc, str]]:
    lengths = [text_length(o.text) for o in item.options]
    longest, shortest = max(lengths), min(lengths)
    if longest >= LENGTH_RATIO * shortest and longest - shortest >= LENGTH_GAP:
        yield (
            ("options",),
            (
                f"option lengths are far apart ({shortest} to {longest} characters): the odd "
                "one out draws the eye; make the options alike in length and detail"
            ),
        )
    for index, option in enumerate(item.options):
        if _ABOVE.search(option.text):
            yield (
                ("options", index, "text"),
                "“all/none of the above” rewards partial knowledge; write a real option",
            )
    if isinstance(item, MultipleSelectItem) and all(o.correct for o in item.options):
        yield (
            ("options",),
            "every option is correct: a learner who ticks everything passes it; add a "
            "plausible wrong option",
        )


def _percent_warnings(item: NumericItem | CalculationItem) -> Iterator[tuple[Loc, str]]:
    if item.unit == "percent" and isinstance(item, NumericItem) and abs(item.answer) > 1:
        shown = f"{item.answer:g}"
        yield (
            ("answer",),
            (
                f"the answer {shown} with unit percent means {item.answer * 100:,.0f}%; "
                f"percent answers are written as shares ({shown}% is {item.answer / 100:g})"
            ),
        )
    if item.unit != "percent" and _ASKS_PERCENT.search(item.prompt):
        yield (
            ("unit",),
            (
                "the question asks for a percent, but the unit is "
                f"{item.unit}: set unit: percent so that 35% and 0.35 are both read right"
            ),
        )
