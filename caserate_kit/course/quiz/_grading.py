"""Grading: pure functions from a variant and the learner's responses to a result.

Responses are keyed by question key (``q1``, ``q2``, ...):

- single choice and true/false: the chosen option key (``"b"``);
- multiple select: a list of option keys (all-or-nothing: right only when
  exactly the correct options are chosen);
- numeric and calculation: the text as typed (``"$4,759"``);
- ordering: a list of every option key, in the learner's order
  (all-or-nothing).

A missing or unreadable response is graded wrong with a line that says why;
grading never raises because of what a learner sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from .._numbers import NotANumberError, format_number, parse_number
from ._schema import (
    CalculationItem,
    MultipleSelectItem,
    NumericItem,
    OrderingItem,
    SingleChoiceItem,
    TrueFalseItem,
)
from ._variants import TRUE_FALSE_CHOICES, Variant, VariantItem

__all__ = [
    "NO_ANSWER",
    "REVIEW_HINT",
    "AttemptResult",
    "ItemResult",
    "ObjectiveScore",
    "grade_attempt",
    "grade_item",
    "is_accepted",
]

NO_ANSWER: Final = "(no answer)"
_NOT_ANSWERED: Final = "You did not answer this question."
_CHOOSE_ONE: Final = "Your answer could not be read. Choose one of the options."
_CHOOSE_SOME: Final = "Your answer could not be read. Choose one or more of the options."
_ORDER_ALL: Final = "Your answer could not be read. Put every step in order, each one once."
_TYPE_NUMBER: Final = "Your answer could not be read. Type a number."
_MISSED: Final = "You left out at least one option that applies."
_ANSWER_PROBLEMS: Final = frozenset(
    {_NOT_ANSWERED, _CHOOSE_ONE, _CHOOSE_SOME, _ORDER_ALL, _TYPE_NUMBER}
)
"""Feedback about the form of an answer, not its content: always shown."""
_CLOSE: Final = 1e-9
REVIEW_HINT: Final = "Go back over this part of the lesson before you try a new version."
"""Shown under a question answered wrong while the answers are held back."""


@dataclass(frozen=True)
class ItemResult:
    """The grade of one question.

    ``feedback`` is one or more lines to show the learner; ``correct_answer``
    is shown only when answers may be shown (see :meth:`AttemptResult.result_view`).
    The options of a multiple-select question are a tuple of texts, one per option,
    in the order shown.
    """

    key: str
    item_id: str
    prompt: str
    correct: bool
    feedback: tuple[str, ...]
    rationale: str
    your_answer: str | tuple[str, ...]
    correct_answer: str | tuple[str, ...]

    def view(self, show_answers: bool) -> dict[str, Any]:
        """The JSON-safe result of this question for the page.

        A question answered wrong, while answers may not be shown, says only
        that it is wrong (and why an answer could not be read), with a pointer
        back to the lesson: no rationale (it usually states the answer) and no
        verdict on each option chosen or each step placed, which a script
        could collect over retakes until it passes without reading a word.
        """
        shown: dict[str, Any] = {
            "key": self.key,
            "prompt": self.prompt,
            "correct": self.correct,
            "feedback": list(self.feedback),
            "rationale": self.rationale if show_answers or self.correct else "",
            "your_answer": _json(self.your_answer),
        }
        if show_answers:
            shown["correct_answer"] = _json(self.correct_answer)
        elif not self.correct:
            kept = [line for line in self.feedback if line in _ANSWER_PROBLEMS]
            shown["feedback"] = [*kept, REVIEW_HINT]
        return shown


@dataclass(frozen=True)
class ObjectiveScore:
    """How an attempt went on one objective: questions right of those drawn for it.

    ``section`` is the anchor of the lesson heading that teaches the objective
    (``None`` when the bank names none).
    """

    id: str
    text: str
    section: str | None
    correct: int
    total: int

    @property
    def missed(self) -> bool:
        """Whether any question of this objective was answered wrong."""
        return self.correct < self.total

    def view(self) -> dict[str, Any]:
        """The JSON-safe score of this objective."""
        return {
            "id": self.id,
            "text": self.text,
            "section": self.section,
            "correct": self.correct,
            "total": self.total,
        }


@dataclass(frozen=True)
class AttemptResult:
    """The grade of a whole attempt, question by question and objective by objective."""

    quiz_id: str
    bank_version: str
    seed: int
    pass_mark: float
    show_answers_after_pass: bool
    items: tuple[ItemResult, ...]
    objectives: tuple[ObjectiveScore, ...] = ()

    @property
    def total(self) -> int:
        """The number of questions."""
        return len(self.items)

    @property
    def correct_count(self) -> int:
        """The number of questions answered right."""
        return sum(result.correct for result in self.items)

    @property
    def score(self) -> float:
        """The share of questions answered right, 0 to 1."""
        return self.correct_count / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        """Whether the score reaches the pass mark."""
        return self.total > 0 and self.score >= self.pass_mark - _CLOSE

    @property
    def answers_allowed(self) -> bool:
        """Whether the right answers may be shown: the quiz allows it and the learner passed."""
        return self.passed and self.show_answers_after_pass

    def result_view(self, show_answers: bool) -> dict[str, Any]:
        """The JSON-safe result for the page; right answers only when ``show_answers``."""
        return {
            "quiz_id": self.quiz_id,
            "score": self.score,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "correct_count": self.correct_count,
            "total": self.total,
            "objectives": [score.view() for score in self.objectives],
            "items": [result.view(show_answers) for result in self.items],
        }


def grade_attempt(variant: Variant, responses: Mapping[str, object]) -> AttemptResult:
    """Grade every question of ``variant``; a question with no response is wrong."""
    quiz = variant.bank.quiz
    items = tuple(grade_item(shown, responses.get(shown.key)) for shown in variant.items)
    return AttemptResult(
        quiz_id=quiz.id,
        bank_version=variant.bank_version,
        seed=variant.seed,
        pass_mark=quiz.pass_mark,
        show_answers_after_pass=quiz.show_answers_after_pass,
        items=items,
        objectives=_objective_scores(variant, items),
    )


def _objective_scores(variant: Variant, items: Sequence[ItemResult]) -> tuple[ObjectiveScore, ...]:
    """Each objective the variant drew from, in bank order, with the questions right."""
    right: dict[str, list[bool]] = {}
    for shown, result in zip(variant.items, items, strict=True):
        right.setdefault(shown.item.objective, []).append(result.correct)
    return tuple(
        ObjectiveScore(o.id, o.text, o.section, sum(right[o.id]), len(right[o.id]))
        for o in variant.bank.objectives
        if o.id in right
    )


def grade_item(shown: VariantItem, response: object) -> ItemResult:
    """Grade one question from the learner's response (see the module notes)."""
    item = shown.item
    if isinstance(item, SingleChoiceItem):
        return _grade_one_choice(shown, _single_choice(item), response)
    if isinstance(item, TrueFalseItem):
        return _grade_one_choice(shown, _true_false(item), response)
    if isinstance(item, MultipleSelectItem):
        return _grade_multiple(shown, item, response)
    if isinstance(item, OrderingItem):
        return _grade_ordering(shown, item, response)
    return _grade_number(shown, item, response)


def _json(answer: str | tuple[str, ...]) -> str | list[str]:
    return list(answer) if isinstance(answer, tuple) else answer


def _result(
    shown: VariantItem,
    correct: bool,
    feedback: Sequence[str],
    yours: str | tuple[str, ...],
    right: str | tuple[str, ...],
) -> ItemResult:
    return ItemResult(
        key=shown.key,
        item_id=shown.item.id,
        prompt=shown.prompt,
        correct=correct,
        feedback=tuple(feedback),
        rationale=shown.item.rationale,
        your_answer=yours,
        correct_answer=right,
    )


def _is_blank(response: object) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    return isinstance(response, list | tuple) and not response


Judge = Callable[[int], tuple[bool, str]]
"""From an option's position in the bank: whether it is correct, and its feedback."""


def _single_choice(item: SingleChoiceItem) -> Judge:
    return lambda index: (item.options[index].correct, item.options[index].feedback)


def _true_false(item: TrueFalseItem) -> Judge:
    def judge(index: int) -> tuple[bool, str]:
        value = TRUE_FALSE_CHOICES[index][0]
        return value == item.answer, item.feedback.true if value else item.feedback.false

    return judge


def _grade_one_choice(shown: VariantItem, judge: Judge, response: object) -> ItemResult:
    right = next(o.text for o in shown.options if judge(o.index)[0])
    if _is_blank(response):
        return _result(shown, False, [_NOT_ANSWERED], NO_ANSWER, right)
    chosen = shown.option(response) if isinstance(response, str) else None
    if chosen is None:
        return _result(shown, False, [_CHOOSE_ONE], _shown_text(response), right)
    correct, feedback = judge(chosen.index)
    return _result(shown, correct, [feedback], chosen.text, right)


def _chosen_keys(shown: VariantItem, response: object) -> list[str] | None:
    """The option keys in ``response``, or None when it is not a list of distinct known keys."""
    keys = [response] if isinstance(response, str) else response
    if not isinstance(keys, list | tuple) or not all(isinstance(k, str) for k in keys):
        return None
    if len(set(keys)) != len(keys) or any(shown.option(k) is None for k in keys):
        return None
    return list(keys)


def _grade_multiple(shown: VariantItem, item: MultipleSelectItem, response: object) -> ItemResult:
    right_options = [o for o in shown.options if item.options[o.index].correct]
    right = tuple(o.text for o in right_options)
    if _is_blank(response):
        return _result(shown, False, [_NOT_ANSWERED], NO_ANSWER, right)
    keys = _chosen_keys(shown, response)
    if keys is None:
        return _result(shown, False, [_CHOOSE_SOME], _shown_text(response), right)
    chosen = [o for o in shown.options if o.key in keys]
    correct = {o.key for o in chosen} == {o.key for o in right_options}
    feedback = [f"“{o.text}”: {item.options[o.index].feedback}" for o in chosen]
    if any(o not in chosen for o in right_options):
        feedback.append(_MISSED)
    return _result(shown, correct, feedback, tuple(o.text for o in chosen), right)


def _numbered(texts: Sequence[str]) -> str:
    return "; ".join(f"{n}. {text}" for n, text in enumerate(texts, 1))


def _positions(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"Position {numbers[0]} is"
    listed = ", ".join(str(n) for n in numbers[:-1])
    return f"Positions {listed} and {numbers[-1]} are"


def _grade_ordering(shown: VariantItem, item: OrderingItem, response: object) -> ItemResult:
    right = _numbered([step.text for step in item.steps])
    if _is_blank(response):
        return _result(shown, False, [_NOT_ANSWERED], NO_ANSWER, right)
    keys = _chosen_keys(shown, response)
    if keys is None or len(keys) != len(shown.options) or isinstance(response, str):
        return _result(shown, False, [_ORDER_ALL], _shown_text(response), right)
    placed = [shown.option(key) for key in keys]
    order = [o.index for o in placed if o is not None]
    yours = _numbered([item.steps[i].text for i in order])
    wrong = [position for position, index in enumerate(order, 1) if index != position - 1]
    if not wrong:
        return _result(shown, True, ["Every step is in the right place."], yours, right)
    feedback = [f"{_positions(wrong)} not in the right place."]
    feedback += [
        f"Position {p}, “{item.steps[order[p - 1]].text}”: {item.steps[order[p - 1]].feedback}"
        for p in wrong
    ]
    return _result(shown, False, feedback, yours, right)


def is_accepted(item: NumericItem | CalculationItem, answer: float, text: str) -> bool:
    """Whether typing ``text`` answers ``answer`` within the item's tolerance.

    Raises
    ------
    NotANumberError
        If ``text`` cannot be read as a number.
    """
    value = parse_number(text, item.unit)
    allowed = item.allowed_difference(answer)
    return abs(value - answer) <= allowed + _CLOSE * max(1.0, abs(answer))


def _typed_text(response: object) -> str | None:
    if isinstance(response, str):
        return response
    if isinstance(response, int | float) and not isinstance(response, bool):
        try:
            return repr(response)
        except ValueError:  # an integer too long to write out
            return None
    return None


def _grade_number(
    shown: VariantItem, item: NumericItem | CalculationItem, response: object
) -> ItemResult:
    answer = shown.answer if shown.answer is not None else 0.0
    right = format_number(answer, item.unit)
    if _is_blank(response):
        return _result(shown, False, [_NOT_ANSWERED], NO_ANSWER, right)
    text = _typed_text(response)
    if text is None:
        return _result(shown, False, [_TYPE_NUMBER], _shown_text(response), right)
    try:
        correct = is_accepted(item, answer, text)
    except NotANumberError as error:
        return _result(shown, False, [str(error)], text.strip(), right)
    feedback = item.feedback.correct if correct else item.feedback.incorrect
    return _result(shown, correct, [feedback], text.strip(), right)


def _shown_text(response: object) -> str:
    """A short, safe rendering of an unreadable response."""
    try:
        text = response if isinstance(response, str) else repr(response)
    except Exception:  # a response whose repr fails is still only unreadable
        text = "(unreadable)"
    return text if len(text) <= 80 else text[:80] + "…"
