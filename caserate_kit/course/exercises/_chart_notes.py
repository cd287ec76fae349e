"""Exercise 5, the logic: sort chart statements by the core concept they support.

The statements and their key are data (``chart_notes.yaml``, fictional). This
module loads and checks them, draws a practice set, grades a sorting and
writes the feedback. Nothing here touches a widget, and nothing here is sent
to the page before the learner has checked a set.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ..._exceptions import InvalidInputError
from .._yaml import Text, load_yaml

__all__ = [
    "CATEGORIES",
    "CONCEPTS",
    "MIN_REWRITE_WORDS",
    "SET_SIZE",
    "WEAK",
    "WEAK_KINDS",
    "RewriteFeedback",
    "SortingResult",
    "Statement",
    "StatementResult",
    "draw_set",
    "grade_sorting",
    "load_statements",
    "pick_rewrite",
    "rewrite_feedback",
]

CONTENT = Path(__file__).resolve().with_name("chart_notes.yaml")
SET_SIZE = 8
"""How many statements one practice set shows."""
MIN_REWRITE_WORDS = 8
"""A rewrite needs at least this many words before the stronger version is shown."""

CONCEPTS = ("necessity", "functioning", "fit", "progress")
"""The four core concepts of lesson 1, in the lesson's order."""
WEAK = "weak"
CATEGORIES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "necessity": (
            "Medical necessity",
            "shows that treatment is needed now, to improve the "
            "condition, keep it stable or stop it from getting worse",
        ),
        "functioning": (
            "Current functioning",
            "shows what the person can and cannot do today, in terms anyone could check",
        ),
        "fit": (
            "Goals and interventions that fit",
            "ties what staff did to a treatment-plan goal "
            "and to the diagnosis and functional problems it treats",
        ),
        "progress": (
            "Progress",
            "shows how the person is responding to treatment, compared with before",
        ),
        WEAK: (
            "Will not justify payment",
            "social-service talk, vague or euphemistic language, "
            "strengths with no problem beside them, or no link to the authorized service or level",
        ),
    }
)
"""Answer key to (label, what a statement in that category does)."""
WEAK_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "social": "social-service talk",
        "vague": "vague or euphemistic language",
        "strengths": "strengths with no problem beside them",
        "unlinked": "no link to the authorized service or level",
    }
)
"""Why a weak statement will not justify payment."""

_NUMBER = re.compile(r"\d")
_GOAL = re.compile(r"\b(goal|goals|itp|plan|target)\b", re.IGNORECASE)
_WEAK_ONLY = ("kind", "stronger", "rewrite_note")


@dataclass(frozen=True)
class Statement:
    """One fictional chart statement and its key (kept in the kernel)."""

    id: str
    role: str
    setting: str
    text: str
    answer: str
    why: str
    kind: str | None = None
    stronger: str | None = None
    rewrite_note: str | None = None

    @property
    def label(self) -> str:
        """The name of the category the statement belongs to."""
        return CATEGORIES[self.answer][0]


class _StatementEntry(BaseModel):
    """One statement as the file writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    role: Text
    setting: Text
    text: Text
    answer: Text
    why: Text
    kind: Text | None = Field(None, validate_default=True)
    stronger: Text | None = Field(None, validate_default=True)
    rewrite_note: Text | None = Field(None, validate_default=True)

    @field_validator("answer")
    @classmethod
    def _category(cls, answer: str) -> str:
        if answer not in CATEGORIES:
            raise ValueError(f"must be one of {', '.join(CATEGORIES)}; got {answer!r}")
        return answer

    @field_validator(*_WEAK_ONLY)
    @classmethod
    def _weak_only(cls, value: str | None, info: ValidationInfo) -> str | None:
        answer = info.data.get("answer")
        if answer is None:  # the answer itself is wrong, and said so
            return value
        if answer != WEAK and value is not None:
            raise ValueError("belongs only to weak statements")
        if answer == WEAK and value is None and info.field_name in ("kind", "stronger"):
            raise ValueError("is needed for a weak statement")
        if info.field_name == "kind" and value is not None and value not in WEAK_KINDS:
            raise ValueError(f"must be one of {', '.join(WEAK_KINDS)}; got {value!r}")
        return value

    def statement(self) -> Statement:
        given = {
            name: " ".join(value.split())
            for name, value in self.model_dump().items()
            if value is not None
        }
        return Statement(**given)


class _StatementsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    statements: Annotated[tuple[_StatementEntry, ...], Field(min_length=1)]

    @field_validator("statements")
    @classmethod
    def _distinct_ids(cls, entries: tuple[_StatementEntry, ...]) -> tuple[_StatementEntry, ...]:
        ids = [entry.id for entry in entries]
        twice = sorted({name for name in ids if ids.count(name) > 1})
        if twice:
            raise ValueError(f"must each have an id of their own; {twice[0]!r} is used twice")
        return entries


def load_statements(path: Path | None = None) -> tuple[Statement, ...]:
    """Load and check the chart statements (default: the course's own file).

    Raises :class:`~caserate_kit.course._yaml.YamlFileError` naming the line,
    the statement and the field of every problem.

    Examples
    --------
    >>> statements = load_statements()
    >>> len(statements), sorted({s.answer for s in statements})
    (16, ['fit', 'functioning', 'necessity', 'progress', 'weak'])
    """
    return _load(path or CONTENT)


@cache
def _load(path: Path) -> tuple[Statement, ...]:
    checked = load_yaml(path, _StatementsFile, entries="statements")
    return tuple(entry.statement() for entry in checked.statements)


def draw_set(
    statements: Sequence[Statement],
    rng: random.Random,
    size: int = SET_SIZE,
    avoid: frozenset[str] = frozenset(),
) -> tuple[Statement, ...]:
    """Draw a shuffled set: one statement per concept, two weak ones, the rest at random.

    Statements whose ids are in ``avoid`` (the last set) are used only when no
    other fits, so that "Try another set" shows something new.
    """

    def ordered(items: Sequence[Statement]) -> list[Statement]:
        fresh = [s for s in items if s.id not in avoid]
        used = [s for s in items if s.id in avoid]
        rng.shuffle(fresh)
        rng.shuffle(used)
        return fresh + used

    quota = {**dict.fromkeys(CONCEPTS, 1), WEAK: 2}
    if size < sum(quota.values()) or size > len(statements):
        raise InvalidInputError("size", size, f"must be from 6 to {len(statements)}")
    chosen: list[Statement] = []
    for answer, count in quota.items():
        pool = ordered([s for s in statements if s.answer == answer])
        if len(pool) < count:
            raise InvalidInputError("statements", answer, f"needs at least {count} of this kind")
        chosen += pool[:count]
    chosen += ordered([s for s in statements if s not in chosen])[: size - len(chosen)]
    rng.shuffle(chosen)
    return tuple(chosen)


@dataclass(frozen=True)
class StatementResult:
    """One statement, the learner's choice, and the feedback that explains it."""

    statement: Statement
    chosen: str

    @property
    def correct(self) -> bool:
        """True when the learner chose the statement's category."""
        return self.chosen == self.statement.answer

    def feedback(self) -> dict[str, Any]:
        """The feedback shown under the statement: ``{verdict, title, lines}``."""
        statement = self.statement
        kind = f" ({WEAK_KINDS[statement.kind]})" if statement.kind else ""
        if self.correct:
            return {
                "verdict": "correct",
                "title": f"Correct: {statement.label}{kind}",
                "lines": [statement.why],
            }
        belongs = (
            "It will not justify payment"
            if statement.answer == WEAK
            else f"It supports {statement.label.lower()}"
        )
        chosen = CATEGORIES[self.chosen][0]
        return {
            "verdict": "incorrect",
            "title": f"Not quite: you chose {chosen}",
            "lines": [f"{belongs}{kind}.", statement.why],
        }


@dataclass(frozen=True)
class SortingResult:
    """A graded set: one result per statement, in the order shown."""

    items: tuple[StatementResult, ...]

    @property
    def correct(self) -> int:
        """How many statements were sorted correctly."""
        return sum(item.correct for item in self.items)

    @property
    def total(self) -> int:
        """How many statements the set holds."""
        return len(self.items)

    def summary(self) -> str:
        """One sentence for the live status line."""
        return f"You sorted {self.correct} of {self.total} statements correctly."

    def by_category(self) -> list[tuple[str, int, int]]:
        """(category label, sorted correctly, shown) for each category in the set."""
        rows = []
        for key, (label, _meaning) in CATEGORIES.items():
            shown = [item for item in self.items if item.statement.answer == key]
            if shown:
                rows.append((label, sum(item.correct for item in shown), len(shown)))
        return rows

    def next_step(self) -> str:
        """What to do next, in plain words."""
        missed = self.total - self.correct
        if not missed:
            return (
                "Every statement is in the right place. Try the rewrite below, then try "
                "another set."
            )
        return (
            f"Read why for the {missed} marked \u201cNot quite\u201d, then try the rewrite "
            "below. When you are ready, try another set."
        )


def grade_sorting(shown: Sequence[Statement], choices: Mapping[str, str]) -> SortingResult:
    """Grade the learner's choices (statement id to category key) for the statements shown.

    Examples
    --------
    >>> statements = {s.id: s for s in load_statements()}
    >>> shown = [statements["cn03"], statements["cn11"]]
    >>> result = grade_sorting(shown, {"cn03": "functioning", "cn11": "progress"})
    >>> result.summary()
    'You sorted 1 of 2 statements correctly.'
    """
    items = []
    for number, statement in enumerate(shown, start=1):
        chosen = choices.get(statement.id)
        if chosen is None or chosen not in CATEGORIES:
            reason = f"must be one of {[*CATEGORIES]}"
            raise InvalidInputError(f"statement {number}", chosen, reason)
        items.append(StatementResult(statement, chosen))
    return SortingResult(tuple(items))


def pick_rewrite(result: SortingResult, rng: random.Random) -> Statement:
    """A weak statement from the set to rewrite, preferring one the learner missed."""
    weak = [item for item in result.items if item.statement.answer == WEAK]
    if not weak:
        raise InvalidInputError("result", result.summary(), "has no weak statement to rewrite")
    missed = [item for item in weak if not item.correct]
    return rng.choice(missed or weak).statement


@dataclass(frozen=True)
class RewriteFeedback:
    """What to show after the learner asks to compare a rewrite."""

    ready: bool
    message: str
    tips: tuple[str, ...] = ()


def rewrite_feedback(draft: str) -> RewriteFeedback:
    """Check that a rewrite is a real try, and give two plain pointers about it.

    Examples
    --------
    >>> rewrite_feedback("Better now.").ready
    False
    >>> feedback = rewrite_feedback("Missed 3 of 5 workdays; practised the ITP goal 1 steps today.")
    >>> feedback.ready, len(feedback.tips)
    (True, 3)
    """
    words = len(draft.split())
    if words < MIN_REWRITE_WORDS:
        return RewriteFeedback(
            False,
            "Write your own version first: a sentence or two, at "
            f"least {MIN_REWRITE_WORDS} words (you have {words}). Then "
            "compare.",
        )
    number = (
        "You included a number (a count, a date or a score): a reviewer can check it."
        if _NUMBER.search(draft)
        else "Add something a reviewer could count or check: days missed, a score or a date."
    )
    goal = (
        "You tied it to a goal or to the plan."
        if _GOAL.search(draft)
        else "Tie it to a treatment-plan goal, for example \u201cITP goal 2\u201d."
    )
    check = (
        "Compare with the stronger version: does yours name the problem, what staff did "
        "and how the person responded?"
    )
    return RewriteFeedback(True, "Here is one stronger version.", (number, goal, check))
