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
- a numeric answer printed in the prompt, options or steps of another item
  that the two items' ``not_with`` does not keep out of the same attempt, or
  in its own prompt (a number of the question that the grader accepts: a
  script that types the question's numbers in turn finds it);
- an objective that names no lesson section, or that has fewer than twice
  as many items (that can share an attempt) as an attempt draws from it.

A warning never stops a bank from loading; ``caserate-course validate
--strict`` treats warnings as problems, and the shipped banks pass it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Final

from .._numbers import NotANumberError, format_number
from .._yaml import Loc
from ._apart import most_together
from ._grading import is_accepted
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
    "SIGNIFICANT_DIGITS",
    "copied_answer",
    "first_number",
    "key_is_longest",
    "longest_key_count",
    "orders_itself",
    "printed_values",
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
SIGNIFICANT_DIGITS: Final = 3
"""A numeric answer with fewer digits (7, 35, 7.5%) is not looked for in other items:
small numbers turn up everywhere without giving anything away."""
_DIGITS_KEPT: Final = 400
"""More whole digits than any float has (about 309): longer numbers are never an answer."""
_DECIMALS_KEPT: Final = 20
_PRINTED: Final = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\w|[.,]\d)(\s*(?:%|percent\b))?",
    re.IGNORECASE,
)
_COPIED: Final = re.compile(r"\d[\d,]*(?:\.\d+)?(%?)")
"""A number as a learner could copy it from a prompt (digits, commas, decimals, a percent)."""
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


def printed_values(text: str) -> list[tuple[Decimal, bool]]:
    """Each number written in ``text``, and whether it is a percent (then as a share).

    >>> printed_values("1,110 cases at $4,758.52, 37% of 3,000")
    [(Decimal('1110'), False), (Decimal('4758.52'), False), (Decimal('0.37'), True), \
(Decimal('3000'), False)]
    """
    values = []
    for match in _PRINTED.finditer(text):
        number = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
        percent = match.group(3) is not None
        values.append((number / 100 if percent else number, percent))
    return values


def quality_warnings(bank: Bank) -> Iterator[tuple[Loc, str]]:
    """Every item-quality warning of ``bank``, as (field path, message)."""
    yield from _longest_keys(bank)
    yield from _key_positions(bank)
    yield from _true_false_balance(bank)
    yield from _blueprint(bank)
    yield from _printed_answers(bank)
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
        together = most_together(bank, objective.id)
        if together < 2 * drawn:
            apart = f" (at most {together} can share an attempt)" if together < have else ""
            yield (
                ("objectives", index),
                (
                    f"objective {objective.id!r} has {have} items{apart} and each attempt "
                    f"draws {drawn}: a retake repeats most questions; write at least "
                    f"{2 * drawn}{' that can share an attempt' if apart else ''}"
                ),
            )


def _printed_answers(bank: Bank) -> Iterator[tuple[Loc, str]]:
    """A numeric answer printed in another item that may share an attempt with it."""
    for index, item in enumerate(bank.items):
        decimals = _answer_decimals(item) if isinstance(item, NumericItem) else None
        if not isinstance(item, NumericItem) or decimals is None:
            continue
        answer = _rounded(item.answer, decimals)
        if answer is None or _significant_digits(answer) < SIGNIFICANT_DIGITS:
            continue
        kept = bank.apart.get(item.id, frozenset())
        percent = item.unit == "percent"
        for other in bank.items:
            if other.id == item.id or other.id in kept:
                continue
            where = _where_printed(other, answer, decimals, percent)
            if where is None:
                continue
            shown = format_number(item.answer, item.unit)
            yield (
                ("items", index, "answer"),
                (
                    f"the answer {shown} is printed in {where} of item {other.id!r}: a learner "
                    f"who draws both can copy it; add not_with: [{other.id}] to this item, or "
                    "reword one of them"
                ),
            )


def _answer_decimals(item: NumericItem) -> int | None:
    """The decimals the answer is asked to (from its tolerance, else as written), negative
    for tens, hundreds...: "to the nearest thousand" is -3. None for an endless tolerance."""
    allowed = item.allowed_difference(item.answer)
    if not math.isfinite(allowed):
        return None
    if allowed > 0:
        decimals = -math.floor(math.log10(2 * allowed))
    else:
        exponent = Decimal(repr(item.answer)).normalize().as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return min(max(decimals, -_DIGITS_KEPT), _DECIMALS_KEPT)


def _rounded(value: float | Decimal, decimals: int) -> Decimal | None:
    """``abs(value)`` rounded half up to ``decimals`` places, or None past what a float holds."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    with localcontext(prec=_DIGITS_KEPT + _DECIMALS_KEPT):
        try:
            return abs(number).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        except InvalidOperation:
            return None


def _significant_digits(number: Decimal) -> int:
    """The digits of ``number`` from its first non-zero one (990 has 3, 0.075 has 2)."""
    return len("".join(map(str, number.as_tuple().digits)).lstrip("0"))


def _where_printed(other: Item, answer: Decimal, decimals: int, percent: bool) -> str | None:
    """Where ``other`` shows the learner ``answer`` at ``decimals`` places (a percent, when
    ``percent``): "the prompt", "option 2", "step 3"; None when it does not."""
    shown = [("the prompt", other.prompt)]
    if isinstance(other, SingleChoiceItem | MultipleSelectItem):
        shown += [(f"option {n}", o.text) for n, o in enumerate(other.options, 1)]
    elif isinstance(other, OrderingItem):
        shown += [(f"step {n}", step.text) for n, step in enumerate(other.steps, 1)]
    for where, text in shown:
        for value, is_percent in printed_values(text):
            if is_percent == percent and _rounded(value, decimals) == answer:
                return where
    return None


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
    if isinstance(item, NumericItem):
        yield from _own_answer_warnings(item)


def copied_answer(item: NumericItem) -> str | None:
    """A number printed in the item's own prompt that the grader accepts as its answer, as
    a learner would type it, or None.

    >>> from caserate_kit.course.quiz._schema import NumericItem
    >>> item = NumericItem.model_construct(answer=12.0, tolerance=0.0, unit="none")
    >>> copied_answer(item.model_copy(update={"prompt": "In a 12-week plan, how many weeks?"}))
    '12'
    >>> copied_answer(item.model_copy(update={"prompt": "Units 1,200 a year; 100 a month?"}))
    """
    for match in _COPIED.finditer(item.prompt):
        number = match.group().rstrip("%").replace(",", "")
        for text in dict.fromkeys((number, number + match.group(1))):
            try:
                if is_accepted(item, item.answer, text):
                    return text
            except NotANumberError:
                continue
    return None


def _own_answer_warnings(item: NumericItem) -> Iterator[tuple[Loc, str]]:
    copied = copied_answer(item)
    if copied is not None:
        yield (
            ("answer",),
            (
                f"the answer {format_number(item.answer, item.unit)} is printed in this item's "
                f"own prompt (typing “{copied}” is marked right): a learner, or a script, who "
                "types the question's numbers in turn finds it without the lesson; change the "
                "numbers, or ask for a figure the prompt does not give"
            ),
        )


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
