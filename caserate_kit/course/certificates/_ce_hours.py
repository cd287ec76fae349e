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

Worked example: 6,000 words and a 10-item post-test take
6000 / 200 + 10 x 1.85 = 30 + 18.5 = 48.5 minutes, which is 0.81 hours,
awarded as 0.75 CE hours.
"""

from __future__ import annotations

import html
import json
import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..._exceptions import InvalidInputError, OutOfRangeError
from ..._validate import require_count, require_non_negative, require_positive
from .._config import QUARTER_HOUR, HoursFormula

__all__ = [
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
    return float(_minutes(words, test_items, exercise_minutes, formula or HoursFormula()))


def _minutes(words: int, items: int, exercise: float, formula: HoursFormula) -> Fraction:
    words = require_count("words", words)
    items = require_count("test_items", items)
    extra = require_non_negative("exercise_minutes", exercise)
    reading = Fraction(words) / _exact(formula.words_per_minute)
    return reading + items * _exact(formula.minutes_per_test_item) + _exact(extra)


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
    6,000 words and 10 items: 30 + 18.5 = 48.5 minutes, 0.81 hours.

    >>> home_study_hours(6000, test_items=10)
    0.75

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
