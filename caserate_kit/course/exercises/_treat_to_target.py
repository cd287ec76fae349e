"""Exercise 7, the logic: read typed scores and item answers; the prefilled examples.

The learner types a PHQ-9 or GAD-7 series as lines of "day score", or scores
one questionnaire from its item answers. This module turns what was typed into
numbers for :func:`caserate_kit.treat_to_target`, and names every problem by
line or item so that nothing typed is lost. Explaining the review is
:mod:`._treat_to_target_review`. Nothing here touches a widget.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import caserate_kit as ck

__all__ = [
    "ANSWER_SCALE",
    "EXAMPLES",
    "ITEM_TOPICS",
    "MAX_DAY",
    "PREDICTIONS",
    "Example",
    "Parsed",
    "merge_score",
    "parse_day",
    "parse_items",
    "parse_series",
    "parse_target",
    "series_text",
]

MAX_DAY = 365
"""The last day a score may be typed for: the exercise follows the first year of care."""
_MAX_LINES = 40
_TOKEN = re.compile(r"[^\s,;:=]+")
_FILLER = frozenset({"day", "days", "score", "scores", "total", "on", "at"})
_WHOLE = re.compile(r"[+-]?\d+(?:\.\d+)?")

ANSWER_SCALE = ("not at all", "several days", "more than half the days", "nearly every day")
"""What item answers 0 to 3 mean (over the last two weeks)."""
ITEM_TOPICS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "PHQ-9": (
            "Interest or pleasure",
            "Feeling down or hopeless",
            "Sleep trouble",
            "Tired or low energy",
            "Appetite",
            "Feeling bad about oneself",
            "Trouble concentrating",
            "Moving slowly, or restless",
            "Thoughts of self-harm",
        ),
        "GAD-7": (
            "Nervous, anxious or on edge",
            "Cannot stop worrying",
            "Worrying about many things",
            "Trouble relaxing",
            "Too restless to sit still",
            "Easily annoyed or irritable",
            "Afraid something awful may happen",
        ),
    }
)
"""Short topics of each questionnaire's items, in order (our own paraphrases)."""
PREDICTIONS = (
    ("30", "Day 30"),
    ("60", "Day 60"),
    ("90", "Day 90"),
    ("none", "None of them: the plan can stay"),
)
"""The prediction choices: the first checkpoint at which the care plan should change."""


@dataclass(frozen=True)
class Example:
    """A fictional prefilled series."""

    key: str
    label: str
    instrument: ck.Instrument
    target: int
    scores: tuple[tuple[int, int], ...]
    story: str


EXAMPLES = (
    Example(
        "jordan",
        "Jordan, PHQ-9 (from lesson 5)",
        ck.PHQ9,
        9,
        ((0, 19), (14, 18), (28, 17), (42, 13), (56, 9), (70, 6), (84, 3)),
        "Jordan started at level B after losing his job. He and his therapist set a target "
        "of 9 or lower and measured every two weeks.",
    ),
    Example(
        "idris",
        "Idris, PHQ-9 (from lesson 5)",
        ck.PHQ9,
        7,
        ((0, 15), (14, 14), (28, 14), (42, 13), (56, 13)),
        "Idris started at level B with a target of 7 or lower.",
    ),
    Example(
        "mei",
        "Mei, GAD-7",
        ck.GAD7,
        7,
        ((0, 16), (14, 11), (28, 7), (42, 5), (56, 4), (70, 3), (84, 3)),
        "Mei, 29, came in for constant worry during her nursing course. Her target is 7 or "
        "lower on the GAD-7.",
    ),
    Example(
        "tariq",
        "Tariq, PHQ-9",
        ck.PHQ9,
        6,
        ((0, 14), (14, 9), (28, 6), (42, 7), (56, 11), (70, 12)),
        "Tariq, 46, a bus driver, began therapy for depression after his divorce. His target is "
        "6 or lower.",
    ),
    Example(
        "lucia",
        "Lucia, GAD-7",
        ck.GAD7,
        9,
        ((0, 18), (14, 15), (28, 9), (45, 8), (58, 9), (75, 10), (88, 12)),
        "Lucia, 58, looks after her husband since his stroke and came in for anxiety. Her "
        "target is 9 or lower on the GAD-7.",
    ),
)
"""The prefilled series (all fictional); Jordan and Idris are lesson 5's."""


@dataclass(frozen=True)
class Parsed:
    """What was typed, read: a value when it is usable, else the problems found.

    ``note`` says what was done, when there is something to say.
    """

    value: Any
    problems: tuple[str, ...] = ()
    note: str = ""

    @property
    def ok(self) -> bool:
        """True when there are no problems."""
        return not self.problems


def series_text(scores: Sequence[tuple[int, int]]) -> str:
    """Scores as the text box shows them: one "day score" line each."""
    return "\n".join(f"{day} {score}" for day, score in scores)


def _number(token: str) -> float | None:
    return float(token) if _WHOLE.fullmatch(token) else None


_Line = tuple[int | None, int | None, list[str]]


def _read_line(n: int, tokens: list[str], inst: ck.Instrument) -> _Line:
    """The day and score on line ``n`` (None where unreadable) and what is wrong with it."""
    read = [_number(t) for t in tokens]
    numbers = [value for value in read if value is not None]
    if len(numbers) < len(tokens):
        word = tokens[read.index(None)]
        return (
            None,
            None,
            [
                f"Line {n}: \u201c{word}\u201d is not a number. Write the day, "
                "then the score, for example \u201c28 11\u201d."
            ],
        )
    if len(numbers) != 2:
        count = "only one number" if len(numbers) == 1 else f"{len(numbers)} numbers"
        return (
            None,
            None,
            [
                f"Line {n} has {count}. Write two: the day, then the score, for "
                "example \u201c28 11\u201d."
            ],
        )
    day, score = numbers
    day_ok = day.is_integer() and 0 <= day <= MAX_DAY
    score_ok = score.is_integer() and 0 <= score <= inst.max_total
    problems = []
    if not day_ok:
        problems.append(
            f"Line {n}: the day must be a whole number from 0 to {MAX_DAY}; {tokens[0]} is not."
        )
    if not score_ok:
        high = "is too high" if score > inst.max_total else "is not one"
        problems.append(
            f"Line {n}: a {inst.name} total is a whole number from 0 to "
            f"{inst.max_total}, so {tokens[1]} {high}. Check the sum of the "
            f"{inst.items} answers."
        )
    return (int(day) if day_ok else None), (int(score) if score_ok else None), problems


def parse_series(text: str, instrument: ck.Instrument) -> Parsed:
    """Read "day score" lines; ``value`` is the (day, score) pairs when all is well.

    Examples
    --------
    >>> parse_series("0 18\\nday 28: 11", ck.PHQ9).value
    ((0, 18), (28, 11))
    >>> parse_series("0 18\\n28 30", ck.PHQ9).problems[0][:44]
    'Line 2: a PHQ-9 total is a whole number from'
    """
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        return Parsed(
            None,
            (
                "Type at least the first (baseline) score as \u201cday score\u201d, "
                "for example \u201c0 18\u201d.",
            ),
        )
    if len(lines) > _MAX_LINES:
        return Parsed(None, (f"Keep to {_MAX_LINES} scores or fewer; there are {len(lines)}.",))
    problems: list[str] = []
    pairs: list[tuple[int, int | None, int]] = []  # (day, score, line) of each readable day
    for n, line in lines:
        tokens = [t for t in _TOKEN.findall(line) if t.lower() not in _FILLER]
        day, score, found = _read_line(n, tokens, instrument)
        problems += found
        if day is None:
            continue
        if pairs and day == pairs[-1][0]:
            problems.append(
                f"Line {n}: day {day} is listed twice (also on line {pairs[-1][2]}). "
                "Keep one score per day."
            )
        elif pairs and day < pairs[-1][0]:
            problems.append(
                f"Line {n}: day {day} is listed after day {pairs[-1][0]} "
                f"(line {pairs[-1][2]}). List the days in order, earliest "
                "first."
            )
        pairs.append((day, score, n))
    if problems:
        return Parsed(None, tuple(problems))
    return Parsed(tuple((day, score) for day, score, _n in pairs if score is not None))


def parse_target(text: str, instrument: ck.Instrument) -> Parsed:
    """Read the target score: a whole number from 0 to the instrument's maximum."""
    number = _number(text.strip())
    if number is None or not number.is_integer() or not 0 <= number <= instrument.max_total:
        shown = text.strip() or "nothing"
        return Parsed(
            None,
            (
                f"The target must be a whole number from 0 to "
                f"{instrument.max_total} for the {instrument.name}; {shown} is "
                "not.",
            ),
        )
    return Parsed(int(number))


def parse_day(text: str) -> Parsed:
    """Read the day a questionnaire was taken: a whole number from 0 to :data:`MAX_DAY`."""
    number = _number(text.strip())
    if number is None or not number.is_integer() or not 0 <= number <= MAX_DAY:
        shown = text.strip() or "nothing"
        return Parsed(
            None, (f"The day must be a whole number from 0 to {MAX_DAY}; {shown} is not.",)
        )
    return Parsed(int(number))


def parse_items(answers: Sequence[str], instrument: ck.Instrument) -> Parsed:
    """Read item answers (0 to 3 each); ``value`` is the total, from :func:`ck.phq9_total`.

    Examples
    --------
    >>> parse_items(["1", "2", "1", "0", "3", "1", "2", "0", "1"], ck.PHQ9).value
    11
    >>> parse_items(["2", "4", "", "1", "0", "1", "2"], ck.GAD7).problems[0]
    'Item 2 (Cannot stop worrying): answers are 0, 1, 2 or 3; 4 is not.'
    """
    topics = ITEM_TOPICS[instrument.name]
    problems, blank = [], []
    for n, (typed, topic) in enumerate(zip(answers, topics, strict=True), start=1):
        if not typed.strip():
            blank.append(str(n))
        elif typed.strip() not in ("0", "1", "2", "3"):
            problems.append(
                f"Item {n} ({topic}): answers are 0, 1, 2 or 3; {typed.strip()} is not."
            )
    if blank:
        items = "item" if len(blank) == 1 else "items"
        problems.append(f"Not answered yet: {items} {', '.join(blank)}.")
    if problems:
        return Parsed(None, tuple(problems))
    total_of = ck.phq9_total if instrument is ck.PHQ9 else ck.gad7_total
    return Parsed(total_of([int(typed) for typed in answers]))


def merge_score(text: str, day: int, total: int, instrument: ck.Instrument) -> Parsed:
    """Put ``total`` into the typed series at ``day`` (in order); ``value`` is the new text."""
    series = parse_series(text, instrument) if text.strip() else Parsed(())
    if not series.ok:
        return Parsed(None, ("Fix the series above first; then add this score.",))
    scores = dict(series.value)
    before = scores.get(day)
    scores[day] = total
    note = (
        f"Day {day} had a score of {before}; it is now {total}."
        if before is not None
        else f"Added {total} on day {day} to the series."
    )
    return Parsed(series_text(sorted(scores.items())), note=note)
