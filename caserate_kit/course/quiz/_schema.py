"""Question banks: the versioned schema of a bank file.

One YAML file per lesson in ``quizzes/`` holds the quiz settings, the
objectives it tests and the items (questions) it draws from. The format is
described for authors in ``docs/question-banks.md``; reading a file, and the
checks that go beyond the shape of each field, are in :mod:`._loader`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictStr,
    StringConstraints,
    field_validator,
    model_validator,
)

from ..._exceptions import CaseRateKitError
from .._numbers import Unit
from .._yaml import Problem, Text

__all__ = [
    "COUNTABLE_BELOW",
    "ITEM_TYPES",
    "SUPPORTED_SCHEMA_VERSIONS",
    "AnswerFeedback",
    "Bank",
    "BankError",
    "CalculationItem",
    "ChoiceOption",
    "Item",
    "MultipleSelectItem",
    "NumericItem",
    "Objective",
    "OrderingItem",
    "OrderingStep",
    "ParameterRange",
    "Problem",
    "QuizSettings",
    "SingleChoiceItem",
    "TrueFalseFeedback",
    "TrueFalseItem",
    "is_typed",
]

SUPPORTED_SCHEMA_VERSIONS: Final[tuple[int, ...]] = (1,)
"""The ``schema_version`` values this version of the course reads."""

ID_PATTERN: Final = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
NAME_PATTERN: Final = r"^[a-z][a-z0-9_]*$"
MAX_STEPS: Final = 1_000_000_000
"""The most values a calculation parameter's range may hold."""

Identifier = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN)]
Name = Annotated[StrictStr, StringConstraints(pattern=NAME_PATTERN)]
Number = Annotated[float, Strict()]
Count = Annotated[int, Strict()]


def _as_text(value: object) -> object:
    """Let an example answer be written as a number (4759) or as text ("$4,759")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    return value


def _name_or_number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"must be a parameter name or a number; got {value!r}")
    return value


ExampleAnswer = Annotated[StrictStr, BeforeValidator(_as_text)]
NameOrNumber = Annotated[str | float, BeforeValidator(_name_or_number)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuizSettings(_Model):
    """The ``quiz:`` section: what the quiz is called and how it is run."""

    id: Identifier
    lesson: Annotated[Count, Field(ge=1)] | None = None
    title: Text
    pass_mark: Number = 0.8
    time_estimate_minutes: Annotated[Count, Field(gt=0)]
    show_answers_after_pass: StrictBool = True
    draw: dict[Identifier, Annotated[Count, Field(ge=0)]] = Field(default_factory=dict)
    typed_per_attempt: Annotated[Count, Field(ge=0)] = 0
    """The fewest numeric or calculation items every attempt holds (0: no minimum)."""

    @field_validator("pass_mark")
    @classmethod
    def _share(cls, value: float) -> float:
        if not 0 < value <= 1:
            raise ValueError(
                f"must be a share more than 0 and at most 1 (write 80% as 0.8); got {value:g}"
            )
        return value


class Objective(_Model):
    """A learning objective that items test."""

    id: Identifier
    text: Text
    section: Identifier | None = None
    """The lesson section that teaches it: the id of the cell that starts with its heading."""


class ChoiceOption(_Model):
    """One option of a single-choice or multiple-select item."""

    text: Text
    correct: StrictBool = False
    feedback: Text


class OrderingStep(_Model):
    """One step of an ordering item; the bank lists the steps in the right order."""

    text: Text
    feedback: Text


class TrueFalseFeedback(_Model):
    """What a learner reads after choosing True, or False."""

    true: Text
    false: Text

    @model_validator(mode="before")
    @classmethod
    def _yaml_booleans(cls, data: Any) -> Any:
        # YAML reads the keys ``true:`` and ``false:`` as booleans.
        if isinstance(data, Mapping):
            return {str(k).lower() if isinstance(k, bool) else k: v for k, v in data.items()}
        return data


class AnswerFeedback(_Model):
    """What a learner reads after a right, or a wrong, numeric answer."""

    correct: Text
    incorrect: Text


class _ItemBase(_Model):
    id: Identifier
    objective: Identifier
    prompt: Text
    rationale: Text
    not_with: tuple[Identifier, ...] = ()
    """Items never drawn into the same attempt as this one (either of the two may name
    the other): one that prints this item's answer, or gives away its reasoning."""


def _distinct(texts: list[str], what: str) -> None:
    seen: set[str] = set()
    for text in texts:
        if text.casefold() in seen:
            raise ValueError(f"must all be different; {what} {text!r} appears twice")
        seen.add(text.casefold())


class SingleChoiceItem(_ItemBase):
    """Choose one option; exactly one option is correct."""

    type: Literal["single"]
    options: Annotated[tuple[ChoiceOption, ...], Field(min_length=2, max_length=26)]

    @field_validator("options")
    @classmethod
    def _one_correct(cls, options: tuple[ChoiceOption, ...]) -> tuple[ChoiceOption, ...]:
        _distinct([o.text for o in options], "the option")
        marked = sum(o.correct for o in options)
        if marked != 1:
            raise ValueError(
                f"must have exactly one option marked correct: true; {marked} are marked"
            )
        return options


class MultipleSelectItem(_ItemBase):
    """Select all that apply; graded all-or-nothing."""

    type: Literal["multiple"]
    options: Annotated[tuple[ChoiceOption, ...], Field(min_length=2, max_length=26)]

    @field_validator("options")
    @classmethod
    def _some_correct(cls, options: tuple[ChoiceOption, ...]) -> tuple[ChoiceOption, ...]:
        _distinct([o.text for o in options], "the option")
        if not any(o.correct for o in options):
            raise ValueError("must have at least one option marked correct: true; none is")
        return options


class TrueFalseItem(_ItemBase):
    """A statement the learner marks True or False."""

    type: Literal["true_false"]
    answer: StrictBool
    feedback: TrueFalseFeedback


class _NumberAnswer(_ItemBase):
    tolerance: Annotated[Number, Field(ge=0)] = 0.0
    tolerance_percent: Annotated[Number, Field(ge=0)] | None = None
    unit: Unit = "none"
    feedback: AnswerFeedback

    @field_validator("tolerance", "tolerance_percent")
    @classmethod
    def _finite_tolerance(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError(f"must be a finite number; got {value!r}")
        return value

    def allowed_difference(self, answer: float) -> float:
        """How far a learner's number may be from ``answer`` and still be right."""
        relative = abs(answer) * (self.tolerance_percent or 0.0) / 100
        return max(self.tolerance, relative)


class NumericItem(_NumberAnswer):
    """A number typed by the learner, with a fixed answer."""

    type: Literal["numeric"]
    answer: Number
    accept: tuple[ExampleAnswer, ...] = ()
    reject: tuple[ExampleAnswer, ...] = ()

    @field_validator("answer")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError(f"must be a finite number; got {value!r}")
        return value


class ParameterRange(_Model):
    """The numbers a calculation parameter is drawn from: min, min + step, ... max."""

    min: Number
    max: Number
    step: Annotated[Number, Field(gt=0)] = 1.0
    format: Literal["number", "dollars", "percent"] = "number"

    @model_validator(mode="after")
    def _ordered(self) -> ParameterRange:
        if not (math.isfinite(self.min) and math.isfinite(self.max)):
            raise ValueError(f"must have finite min and max; got {self.min:g} and {self.max:g}")
        if self.min > self.max:
            raise ValueError(f"must have min no larger than max; got {self.min:g} > {self.max:g}")
        if (self.max - self.min) / self.step > MAX_STEPS:
            raise ValueError(
                f"must have at most {MAX_STEPS:,} steps from min to max; use a larger step"
            )
        return self


class CalculationItem(_NumberAnswer):
    """Numbers drawn per attempt; the answer comes from a named calculation."""

    type: Literal["calculation"]
    parameters: Annotated[dict[Name, ParameterRange], Field(min_length=1)]
    function: Text
    arguments: Annotated[dict[StrictStr, NameOrNumber], Field(min_length=1)]


class OrderingItem(_ItemBase):
    """Steps shown shuffled; the learner puts them in order (all-or-nothing)."""

    type: Literal["ordering"]
    steps: Annotated[tuple[OrderingStep, ...], Field(min_length=2, max_length=26)]

    @field_validator("steps")
    @classmethod
    def _distinct_steps(cls, steps: tuple[OrderingStep, ...]) -> tuple[OrderingStep, ...]:
        _distinct([s.text for s in steps], "the step")
        return steps


Item = (
    SingleChoiceItem
    | MultipleSelectItem
    | TrueFalseItem
    | NumericItem
    | CalculationItem
    | OrderingItem
)
"""Any item of a bank."""


COUNTABLE_BELOW: Final = 12
"""A numeric item whose answer is a whole number below this could be found by typing 0, 1,
2... on successive retakes, so it does not count toward ``quiz.typed_per_attempt``."""


def is_typed(item: Item) -> bool:
    """Whether the learner answers ``item`` by typing a number that retakes cannot find: a
    calculation (new numbers every attempt), or a numeric item whose answer is not a small
    whole number (:data:`COUNTABLE_BELOW`)."""
    if isinstance(item, CalculationItem):
        return True
    if not isinstance(item, NumericItem):
        return False
    whole = float(item.answer).is_integer()
    return not (whole and 0 <= item.answer < COUNTABLE_BELOW)


ITEM_TYPES: Final[Mapping[str, type[Item]]] = {
    "single": SingleChoiceItem,
    "multiple": MultipleSelectItem,
    "true_false": TrueFalseItem,
    "numeric": NumericItem,
    "calculation": CalculationItem,
    "ordering": OrderingItem,
}
"""The value of an item's ``type:`` field, to the model that reads the item."""


@dataclass(frozen=True)
class Bank:
    """A checked question bank.

    Parameters
    ----------
    path
        The file it was read from.
    version
        A short hash of the file's bytes; attempts store it, so that an
        attempt can be checked against the exact bank it was drawn from.
    quiz, objectives, items
        The file's sections.
    """

    path: Path
    version: str
    quiz: QuizSettings
    objectives: tuple[Objective, ...]
    items: tuple[Item, ...]

    @property
    def id(self) -> str:
        """The quiz id (``quiz.id``)."""
        return self.quiz.id

    def items_for(self, objective: str) -> tuple[Item, ...]:
        """The items that test ``objective``, in bank order."""
        return tuple(item for item in self.items if item.objective == objective)

    def draw_count(self, objective: str) -> int:
        """How many items of ``objective`` each attempt draws (all, unless ``draw`` says)."""
        return self.quiz.draw.get(objective, len(self.items_for(objective)))

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id``."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @functools.cached_property
    def apart(self) -> Mapping[str, frozenset[str]]:
        """Item id to the ids of the items it is never drawn with (``not_with``, both ways).

        Only items with a ``not_with`` on either side are keys.
        """
        pairs: dict[str, set[str]] = {}
        for item in self.items:
            for other in item.not_with:
                pairs.setdefault(item.id, set()).add(other)
                pairs.setdefault(other, set()).add(item.id)
        return {item_id: frozenset(others) for item_id, others in pairs.items()}

    def kept_apart(self, item_ids: Iterable[str]) -> bool:
        """Whether no two of ``item_ids`` are marked ``not_with`` each other."""
        seen: set[str] = set()
        for item_id in item_ids:
            if self.apart.get(item_id, frozenset()) & seen:
                return False
            seen.add(item_id)
        return True


class BankError(CaseRateKitError, ValueError):
    """A question bank (or a folder of them) has problems; ``problems`` lists them all."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        count = len(problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the question banks:"
        super().__init__("\n".join([heading, *map(str, problems)]))
