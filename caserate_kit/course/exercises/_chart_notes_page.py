"""Exercise 5, the page: sort chart statements, read why, rewrite a weak one.

The page receives each statement's text, author and setting under a per-set
key (``s1``, ``s2`` ...). The key to the sorting stays in this object; the
page sees feedback only after the learner checks the set.
"""

from __future__ import annotations

import html
import random
from collections.abc import Sequence

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]

from ..widgets import ChoiceGroups, LiveStatus, group
from ._chart_notes import (
    CATEGORIES,
    SET_SIZE,
    SortingResult,
    Statement,
    draw_set,
    grade_sorting,
    load_statements,
    pick_rewrite,
    rewrite_feedback,
)
from ._clinical_ui import (
    bullet_list,
    button_row,
    clinical_page,
    html_box,
    missing_message,
    quote,
    stacked,
)
from ._layout import ExercisePage, button, message_html, section, table_html

__all__ = ["ChartNoteReview", "chart_note_review"]

_OPTIONS = tuple((key, label) for key, (label, _meaning) in CATEGORIES.items())
_WAITING = (
    "Check your sorting first. A weak statement from your set will then appear here "
    "for you to rewrite."
)


def _intro_html() -> str:
    rows = "".join(
        f"<dt>{html.escape(label)}</dt><dd>{html.escape(meaning.capitalize())}.</dd>"
        for label, meaning in CATEGORIES.values()
    )
    return (
        "<p>A reviewer reads a chart asking one question: does this record justify what the plan "
        "paid for? Each statement below comes from a fictional chart. Decide which of lesson 1's "
        "four core concepts it supports, or whether it will not justify payment at all.</p>"
        f'<dl class="ck-ex-defs">{rows}</dl>'
        "<p>Each set holds 8 statements drawn from 16, written by staff in different roles and "
        "settings. Nothing you choose here is recorded.</p>"
    )


class ChartNoteReview(ExercisePage):
    """The chart-note review exercise; display it in a notebook or Voila page.

    Parameters
    ----------
    statements : sequence of Statement, optional
        The statements to draw from (default: the course's own).
    seed : int, optional
        Fixes the sets drawn, for tests and for a trainer who wants the same sets.
    """

    def __init__(
        self, statements: Sequence[Statement] | None = None, seed: int | None = None
    ) -> None:
        self._rng = random.Random(seed)
        self._statements = tuple(statements or load_statements())
        self._keys: dict[str, Statement] = {}
        self._result: SortingResult | None = None
        self._rewrite: Statement | None = None

        self.groups = ChoiceGroups()
        self.status = LiveStatus()
        self.check_button = button("Check my sorting", primary=True)
        self.new_set_button = button("Try another set")
        self.results = html_box("")
        self.rewrite_prompt = html_box(message_html(_WAITING))
        self.draft = stacked(
            widgets.Textarea(
                description="Your stronger version",
                disabled=True,
                placeholder=(
                    "Name the problem, what staff did, the goal it served and the response."
                ),
                layout=widgets.Layout(width="100%"),
            )
        )
        self.compare_button = button("Compare with a stronger version")
        self.compare_button.disabled = True
        self.rewrite_result = html_box("")

        self.check_button.on_click(lambda _button: self.check())
        self.new_set_button.on_click(lambda _button: self.new_set())
        self.compare_button.on_click(lambda _button: self.compare())
        self.root = clinical_page(
            [
                section("How to sort", "", [html_box(_intro_html())], intro=True),
                section(
                    "Sort the statements",
                    "Choose one category for each statement, then choose "
                    "\u201cCheck my sorting\u201d.",
                    [
                        self.groups,
                        button_row(self.check_button, self.new_set_button),
                        self.status,
                        self.results,
                    ],
                    number=1,
                ),
                section(
                    "Rewrite a weak statement",
                    "Try it yourself before you look at a stronger version.",
                    [self.rewrite_prompt, self.draft, self.compare_button, self.rewrite_result],
                    number=2,
                ),
            ]
        )
        self.new_set()

    @property
    def shown(self) -> tuple[Statement, ...]:
        """The statements of the current set, in the order shown."""
        return tuple(self._keys.values())

    def new_set(self) -> None:
        """Draw a new set (avoiding the last one where possible) and clear everything."""
        last = frozenset(s.id for s in self._keys.values())
        drawn = draw_set(self._statements, self._rng, SET_SIZE, avoid=last)
        self._keys = {f"s{i}": statement for i, statement in enumerate(drawn, start=1)}
        self._result = None
        self._rewrite = None
        self.groups.load(
            [
                group(key, s.text, _OPTIONS, detail=f"{s.role} \u00b7 {s.setting}")
                for key, s in self._keys.items()
            ]
        )
        self.check_button.disabled = False
        self.results.value = ""
        self.rewrite_prompt.value = message_html(_WAITING)
        self.draft.value = ""
        self.draft.disabled = True
        self.compare_button.disabled = True
        self.rewrite_result.value = ""
        if last:
            self.status.say(
                f"A new set of {len(drawn)} statements is ready. Start with statement 1."
            )
        else:
            self.status.say("")

    def check(self) -> None:
        """Grade the sorting, or say which statements still need a choice."""
        if self._result is not None:
            self.status.say(
                "This set is checked. Choose \u201cTry another set\u201d for new statements."
            )
            return
        missing = self.groups.missing()
        if missing:
            self.status.say(
                missing_message(missing, len(self._keys), "statement", "a category"), "warn"
            )
            return
        choices = {self._keys[key].id: value for key, value in self.groups.values.items()}
        result = grade_sorting(self.shown, choices)
        self._result = result
        ids = {statement.id: key for key, statement in self._keys.items()}
        with self.groups.hold_sync():
            self.groups.feedback = {ids[i.statement.id]: i.feedback() for i in result.items}
            self.groups.locked = True
        self.check_button.disabled = True
        tone = "good" if result.correct == result.total else "info"
        self.status.say(f"{result.summary()} The feedback is under each statement.", tone)
        rows = [[label, f"{right} of {shown}"] for label, right, shown in result.by_category()]
        self.results.value = table_html(
            "Your sorting by category", ["Category", "Sorted correctly"], rows, (1,)
        ) + message_html(html.escape(result.next_step()))
        self._offer_rewrite(result)

    def _offer_rewrite(self, result: SortingResult) -> None:
        self._rewrite = pick_rewrite(result, self._rng)
        number = next(i for i, s in enumerate(self.shown, start=1) if s is self._rewrite)
        self.rewrite_prompt.value = (
            f"<p>Statement {number} will not justify payment. Rewrite it so that it supports "
            "the level of care: keep to what could have happened, and add the problem, the "
            "intervention, the goal and the response.</p>"
            + quote(self._rewrite.text, f"{self._rewrite.role} \u00b7 {self._rewrite.setting}")
        )
        self.draft.disabled = False
        self.compare_button.disabled = False
        self.rewrite_result.value = ""

    def compare(self) -> None:
        """Show a stronger version once the learner has written their own."""
        if self._rewrite is None:
            self.rewrite_result.value = message_html(_WAITING, "warn")
            return
        feedback = rewrite_feedback(self.draft.value)
        if not feedback.ready:
            self.rewrite_result.value = message_html(html.escape(feedback.message), "warn")
            return
        note = self._rewrite.rewrite_note
        self.rewrite_result.value = (
            "<h3>One stronger version</h3>"
            + quote(self._rewrite.stronger or "")
            + (message_html(html.escape(note), "warn") if note else "")
            + "<h3>About your version</h3>"
            + bullet_list(feedback.tips)
        )


def chart_note_review(seed: int | None = None) -> ChartNoteReview:
    """Build the chart-note review exercise (exercise 5) for a notebook or Voila page.

    Examples
    --------
    >>> exercise = chart_note_review(seed=3)
    >>> len(exercise.groups.groups), exercise.groups.locked
    (8, False)
    """
    return ChartNoteReview(seed=seed)
