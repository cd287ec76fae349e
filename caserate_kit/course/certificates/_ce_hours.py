"""CE hours for a home-study lesson, estimated from its length.

A home-study lesson has no clock to read, so its CE hours are estimated from
what the learner must do: read the text, answer the post-test and work any
exercises. The shape of the estimate is the word-count formula of the
AICPA/NASBA *Statement on Standards for Continuing Professional Education
Programs* (words / 180 + questions x 1.85 minutes + audio/video minutes,
in 50-minute credits rounded down to the half credit). Behavioral-health
boards count a 60-minute hour in quarter hours, so here::

    minutes = words / words_per_minute
              + test_items * minutes_per_test_item
              + exercise_minutes
    hours   = minutes / 60, rounded DOWN to the quarter hour

with 200 words a minute (a little faster than NASBA's 180, so the estimate
errs low) and 1.85 minutes a test item. Rounding down means no one is ever
awarded more time than the material takes. A lesson shorter than the
minimum award (a quarter hour) earns no CE hours and is refused.

Instruction (reading, with the worked examples and checks the lesson shows,
and any exercises) must carry at least two thirds of the counted minutes, so
the post-test counts for at most half as many minutes as the instruction:
a post-test longer than that is still taken, but its extra minutes earn no
credit. A thin lesson earns less, never a test-heavy hour.

Worked example: 6,000 words and a 10-item post-test take
6000 / 200 + 10 x 1.85 = 30 + 18.5 = 48.5 minutes, of which the post-test may
count 15 (half of 30): 45 minutes, 0.75 hours, awarded as 0.75 CE hours.

:class:`StudyTime` keeps the parts apart: instruction (reading, with the worked
examples and checks the lesson shows, and any exercises) must carry at least
two thirds of the counted minutes (:data:`MIN_INSTRUCTION_SHARE`), the
post-test the rest; and it words the computation for the learner
(:meth:`StudyTime.explanation`).
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..._exceptions import InvalidInputError, OutOfRangeError
from ..._validate import require_count, require_non_negative, require_positive
from .._config import QUARTER_HOUR, HoursFormula

__all__ = [
    "MIN_INSTRUCTION_SHARE",
    "StudyTime",
    "count_words",
    "format_ce_hours",
    "home_study_hours",
    "markdown_word_count",
    "study_minutes",
]


def _exact(value: float) -> Fraction:
    """The decimal a person wrote (``1.85``), as an exact fraction."""
    return Fraction(repr(float(value)))


def study_minutes(
    words: int,
    test_items: int,
    exercise_minutes: float = 0,
    formula: HoursFormula | None = None,
) -> float:
    """Estimated minutes to read a lesson, take its post-test and do its exercises.

    Examples
    --------
    >>> study_minutes(6000, test_items=10)
    48.5
    """
    formula = formula or HoursFormula()
    instruction, test = _parts(words, test_items, exercise_minutes, formula)
    return float(instruction + test)


MIN_INSTRUCTION_SHARE = Fraction(2, 3)
"""The least share of a lesson's counted minutes that instruction must carry (reading,
worked examples, checks, exercises); the post-test carries the rest."""


def _counted_test(instruction: Fraction, test: Fraction) -> Fraction:
    """The post-test minutes that count: at most what keeps instruction at two thirds."""
    return min(test, instruction * (1 - MIN_INSTRUCTION_SHARE) / MIN_INSTRUCTION_SHARE)


def _parts(
    words: int, items: int, exercise: float, formula: HoursFormula
) -> tuple[Fraction, Fraction]:
    """Minutes of instruction (reading and exercises) and of post-test."""
    words = require_count("words", words)
    items = require_count("test_items", items)
    extra = require_non_negative("exercise_minutes", exercise)
    instruction = Fraction(words) / _exact(formula.words_per_minute) + _exact(extra)
    return instruction, items * _exact(formula.minutes_per_test_item)


def _minutes(words: int, items: int, exercise: float, formula: HoursFormula) -> Fraction:
    """The minutes that count toward CE hours (the post-test capped)."""
    instruction, test = _parts(words, items, exercise, formula)
    return instruction + _counted_test(instruction, test)


@dataclass(frozen=True)
class StudyTime:
    """A home-study lesson's counted minutes, by kind: reading, exercises, post-test.

    Parameters
    ----------
    words
        Words the learner reads (see :func:`count_words`).
    test_items
        Items in the post-test.
    exercise_minutes
        Minutes of linked exercises counted for the lesson, if any.
    formula
        The constants; the defaults match the example ``course.toml``.

    Examples
    --------
    >>> time = StudyTime(6000, test_items=10)
    >>> time.reading_minutes, time.test_minutes, time.counted_test_minutes
    (30.0, 18.5, 15.0)
    >>> time.total_minutes, time.ce_hours, time.instruction_share
    (45.0, 0.75, 0.6666666666666666)
    >>> round(StudyTime(6000, test_items=10).uncapped_instruction_share, 3)
    0.619
    >>> time.instruction_shortfall_minutes
    7.0
    """

    words: int
    test_items: int
    exercise_minutes: float = 0
    formula: HoursFormula = field(default_factory=HoursFormula)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", require_count("words", self.words))
        object.__setattr__(self, "test_items", require_count("test_items", self.test_items))
        minutes = require_non_negative("exercise_minutes", self.exercise_minutes)
        object.__setattr__(self, "exercise_minutes", minutes)

    @property
    def _reading(self) -> Fraction:
        return Fraction(self.words) / _exact(self.formula.words_per_minute)

    @property
    def _instruction(self) -> Fraction:
        return self._reading + _exact(self.exercise_minutes)

    @property
    def _test(self) -> Fraction:
        return self.test_items * _exact(self.formula.minutes_per_test_item)

    @property
    def _counted(self) -> Fraction:
        return _counted_test(self._instruction, self._test)

    @property
    def reading_minutes(self) -> float:
        """Minutes to read the lesson: its words at ``words_per_minute``."""
        return float(self._reading)

    @property
    def test_minutes(self) -> float:
        """Minutes of post-test: its items at ``minutes_per_test_item``."""
        return float(self._test)

    @property
    def counted_test_minutes(self) -> float:
        """The post-test minutes that count: at most half the instruction minutes."""
        return float(self._counted)

    @property
    def instruction_minutes(self) -> float:
        """Minutes of instruction: reading and exercises."""
        return float(self._instruction)

    @property
    def study_minutes(self) -> float:
        """How long the lesson takes: all of its reading, exercises and post-test."""
        return float(self._instruction + self._test)

    @property
    def total_minutes(self) -> float:
        """All the counted minutes: instruction and the post-test minutes that count."""
        return float(self._instruction + self._counted)

    @property
    def instruction_share(self) -> float:
        """Instruction's share of the counted minutes (0 when nothing is counted)."""
        total = self._instruction + self._counted
        return float(self._instruction / total) if total else 0.0

    @property
    def uncapped_instruction_share(self) -> float:
        """Instruction's share if every post-test minute counted (how thin the lesson is)."""
        total = self._instruction + self._test
        return float(self._instruction / total) if total else 0.0

    @property
    def meets_instruction_share(self) -> bool:
        """Whether instruction carries at least :data:`MIN_INSTRUCTION_SHARE` of the minutes."""
        total = self._instruction + self._counted
        return bool(total) and self._instruction >= MIN_INSTRUCTION_SHARE * total

    @property
    def instruction_shortfall_minutes(self) -> float:
        """Minutes of instruction to add for every post-test minute to count (0 if they do)."""
        share = MIN_INSTRUCTION_SHARE
        needed = share * self._test / (1 - share) - self._instruction
        return float(max(needed, Fraction(0)))

    @property
    def ce_hours(self) -> float | None:
        """CE hours (:func:`home_study_hours`); None below the minimum award."""
        try:
            return home_study_hours(
                self.words, self.test_items, self.exercise_minutes, self.formula
            )
        except OutOfRangeError:
            return None

    def formula_text(self) -> str:
        """The formula in words, with the parts this lesson has.

        >>> StudyTime(6000, 10).formula_text()
        'CE hours = (reading minutes + post-test minutes, counting at most half the reading
        minutes) ÷ 60, rounded down to the quarter hour'
        """
        parts = ["reading minutes", "exercise minutes"]
        if not self.exercise_minutes:
            parts.remove("exercise minutes")
        instruction = " and ".join(parts)
        return (
            f"CE hours = ({' + '.join(parts)} + post-test minutes, counting at most half the "
            f"{instruction}) ÷ 60, rounded down to the quarter hour"
        )

    def figures_text(self) -> str:
        """The formula's figures for this lesson, from words and items to CE hours.

        >>> StudyTime(6000, 10).figures_text()
        '6,000 words at 200 words a minute (30 minutes) + 10 questions at 1.85 minutes each
        (18.5 minutes, of which 15 count) = 45 minutes, or 0.75 hours, so 0.75 CE hours'
        >>> StudyTime(8000, 10).figures_text()
        '8,000 words at 200 words a minute (40 minutes) + 10 questions at 1.85 minutes each
        (18.5 minutes) = 58.5 minutes, or 0.97 hours, so 0.75 CE hours'
        """
        formula = self.formula
        figures = [
            f"{self.words:,} words at {formula.words_per_minute:g} words a minute "
            f"({_minutes_text(self._reading)} minutes)"
        ]
        if self.exercise_minutes:
            figures.append(f"{_minutes_text(_exact(self.exercise_minutes))} minutes of exercises")
        questions = "question" if self.test_items == 1 else "questions"
        counted = ""
        if self._counted < self._test:
            counted = f", of which {_minutes_text(self._counted)} count"
        figures.append(
            f"{self.test_items} {questions} at {formula.minutes_per_test_item:g} minutes each "
            f"({_minutes_text(self._test)} minutes{counted})"
        )
        total = self._instruction + self._counted
        hours = math.floor(total / 60 * 100) / 100  # cut, not rounded: never shown above
        award = self.ce_hours
        outcome = (
            f"so {format_ce_hours(award)}"
            if award is not None
            else f"less than the smallest award ({format_ce_hours(formula.minimum_hours)}), "
            "so no CE hours yet"
        )
        summed = f"{_minutes_text(total)} minutes, or {hours:.2f} hours"
        return f"{' + '.join(figures)} = {summed}, {outcome}"

    def explanation(self) -> str:
        """One plain sentence: how this lesson's CE hours are computed, formula and figures.

        >>> StudyTime(8000, 10).explanation()
        'CE hours = (reading minutes + post-test minutes, counting at most half the reading
        minutes) ÷ 60, rounded down to the quarter hour: 8,000 words at 200 words a minute
        (40 minutes) + 10 questions at 1.85 minutes each (18.5 minutes) = 58.5 minutes, or
        0.97 hours, so 0.75 CE hours.'
        """
        return f"{self.formula_text()}: {self.figures_text()}."


def _minutes_text(minutes: Fraction) -> str:
    """Minutes to one decimal, without a trailing ".0": ``30``, ``15.4``, ``1,234.5``."""
    return f"{float(minutes):,.1f}".removesuffix(".0")


def home_study_hours(
    words: int,
    test_items: int,
    exercise_minutes: float = 0,
    formula: HoursFormula | None = None,
) -> float:
    """CE hours for a home-study lesson, rounded down to the quarter hour.

    Parameters
    ----------
    words
        Words the learner reads (see :func:`count_words`).
    test_items
        Items in the post-test.
    exercise_minutes
        Minutes of worked exercises, if the lesson has them.
    formula
        The constants; the defaults match the example ``course.toml``.

    Examples
    --------
    6,000 words and 10 items: 30 minutes of reading, and of the post-test's 18.5
    minutes only 15 (half of 30) count: 45 minutes, 0.75 hours.

    >>> home_study_hours(6000, test_items=10)
    0.75

    3,000 words and 10 items: 15 + 7.5 = 22.5 minutes, 0.375 hours.

    >>> home_study_hours(3000, test_items=10)
    0.25

    9,000 words, 12 items and a 15-minute exercise: 45 + 22.2 + 15 = 82.2 minutes.

    >>> home_study_hours(9000, test_items=12, exercise_minutes=15)
    1.25
    """
    formula = formula or HoursFormula()
    minutes = _minutes(words, test_items, exercise_minutes, formula)
    hours = math.floor(minutes / 60 / QUARTER_HOUR) * QUARTER_HOUR
    if hours < _exact(formula.minimum_hours):
        raise OutOfRangeError(
            "study time",
            f"{float(minutes):.1f} minutes",
            f"is too short for CE credit: the smallest award is {formula.minimum_hours} hours "
            f"({float(_exact(formula.minimum_hours) * 60):g} minutes)",
        )
    return float(hours)


def format_ce_hours(hours: float) -> str:
    """CE hours as a certificate shows them.

    Examples
    --------
    >>> format_ce_hours(1), format_ce_hours(0.75), format_ce_hours(1.5)
    ('1.0 CE hours', '0.75 CE hours', '1.5 CE hours')
    """
    value = require_positive("ce_hours", hours)
    text = f"{value:.1f}" if value.is_integer() else f"{value:.2f}".rstrip("0")
    return f"{text} CE hours"


_REMOVE = [
    re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[`~]*[ \t]*$", re.M | re.S),  # fenced code
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S),  # inline code
    re.compile(r"\$\$.+?\$\$", re.S),  # display math
    re.compile(r"\\\[.+?\\\]|\\\(.+?\\\)", re.S),  # \[ ... \] and \( ... \)
    re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.S),  # LaTeX environments
    # Inline math as pandoc reads it: "$" then no space ... no space then "$" not before
    # a digit, so "$1,586 and $2,000" stays text.
    re.compile(r"(?<![\\$])\$(?=\S)(?:[^$\\\n]|\\.)+?(?<=\S)\$(?!\d)"),
    re.compile(r"!\[[^\]]*\]\([^)]*\)"),  # images
    re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.M),  # link definitions
    re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>|https?://\S+"),  # bare links
    re.compile(r"</?[A-Za-z][^<>]*>"),  # HTML tags (their text stays)
]
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+(?:['\u2019.,\-][^\W_]+)*")


def markdown_word_count(text: str) -> int:
    """Words a reader sees in Markdown: no code, LaTeX, HTML tags or link targets.

    Examples
    --------
    >>> markdown_word_count("## Case rates\\n\\nA **case rate** pays $1,586 per [case](x.md).")
    9
    >>> markdown_word_count("The PMPM is $\\\\frac{B}{M \\\\times 12}$, see `pmpm()`.")
    4
    """
    text = text.replace("\\$", " ")
    for pattern in _REMOVE:
        text = pattern.sub(" ", text)
    text = html.unescape(_LINK.sub(r"\1", text))
    return len(_WORD.findall(text))


_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_HEADER_CLASS = "ck-lesson-header"


def _output_words(output: Any) -> int:
    """Words a reader sees in one stored output: rendered prose and tables, not code.

    The lesson header (time and CE hours) is left out, so that the estimate
    does not depend on itself.
    """
    data = output.get("data", {}) if isinstance(output, dict) else {}
    html_text = "".join(data.get("text/html", ""))
    if _HEADER_CLASS in html_text:
        return 0
    if "text/markdown" in data:
        return markdown_word_count("".join(data["text/markdown"]))
    if html_text:
        return len(_WORD.findall(html.unescape(_TAG.sub(" ", html_text))))
    return 0


def count_words(notebook_path: Path | str) -> int:
    """Words a learner reads in a lesson notebook: its Markdown cells and the prose and
    tables its code cells display (the code itself is hidden and not counted).

    Parameters
    ----------
    notebook_path
        The ``.ipynb`` file, with its outputs stored.
    """
    path = Path(notebook_path)
    try:
        notebook: Any = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InvalidInputError(
            "notebook_path", str(path), f"must be a readable Jupyter notebook ({error})"
        ) from error
    total = 0
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            total += markdown_word_count(source if isinstance(source, str) else "".join(source))
        elif cell.get("cell_type") == "code":
            total += sum(_output_words(output) for output in cell.get("outputs", []))
    return total
