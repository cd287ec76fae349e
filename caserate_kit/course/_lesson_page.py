"""The header every lesson opens with: outcomes, audience, time and CE hours.

Time and CE hours are computed, never typed: from the words in the lesson's
Markdown cells and the length of its post-test (``quizzes/lesson-0N.yaml``),
by the formula in ``course.toml`` (see :mod:`._ce_hours`).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from .._exceptions import InvalidInputError, OutOfRangeError
from ._catalog import LESSONS, Lesson
from ._ce_hours import count_words, format_ce_hours, home_study_hours, study_minutes
from ._config import course_id, load_config
from ._paths import course_root

__all__ = ["LessonFacts", "LessonHeader", "lesson_facts", "lesson_header"]


@dataclass(frozen=True)
class LessonFacts:
    """A lesson's computed size: words, post-test items, minutes and CE hours."""

    lesson: Lesson
    words: int
    test_items: int
    minutes: float
    ce_hours: float | None
    """None while the lesson and its post-test are shorter than the minimum award."""


def _lesson(number: int) -> Lesson:
    for lesson in LESSONS:
        if lesson.number == number:
            return lesson
    raise InvalidInputError("lesson number", number, f"must be 1 to {len(LESSONS)}")


def _test_items(lesson: Lesson) -> int:
    from ._banks import load_bank

    path = course_root() / "quizzes" / f"{course_id(lesson)}.yaml"
    if not path.exists():
        return 0
    bank = load_bank(path)
    return sum(bank.draw_count(objective.id) for objective in bank.objectives)


def lesson_facts(number: int) -> LessonFacts:
    """Words, post-test length, study minutes and CE hours of lesson ``number``."""
    lesson = _lesson(number)
    formula = load_config().hours_formula
    words = count_words(course_root() / "lessons" / lesson.notebook)
    items = _test_items(lesson)
    try:
        hours: float | None = home_study_hours(words, items, formula=formula)
    except OutOfRangeError:
        hours = None
    return LessonFacts(lesson, words, items, study_minutes(words, items, formula=formula), hours)


@dataclass(frozen=True)
class LessonHeader:
    """The header as HTML; notebooks and Voila display it through ``_repr_html_``."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def lesson_header(number: int) -> LessonHeader:
    """The opening panel of a lesson, for display in the notebook."""
    facts = lesson_facts(number)
    outcomes = "".join(f"<li>{html.escape(o)}</li>" for o in facts.lesson.outcomes)
    minutes = 5 * math.ceil(facts.minutes / 5)
    test = f"{facts.test_items}-question post-test" if facts.test_items else "post-test"
    credit = (
        f"{format_ce_hours(facts.ce_hours)} (home study)"
        if facts.ce_hours is not None
        else "none yet: the lesson and its post-test are shorter than the minimum award"
    )
    return LessonHeader(
        '<section class="lesson-header" aria-labelledby="lesson-outcomes">'
        '<h2 id="lesson-outcomes">What you will be able to do</h2>'
        f"<ul>{outcomes}</ul>"
        f"<p><strong>Who this lesson is for:</strong> {html.escape(facts.lesson.audience)}</p>"
        f"<p><strong>Time:</strong> about {minutes} minutes, including the {test}. "
        f"<strong>Credit:</strong> {credit}.</p>"
        "</section>"
    )
