"""Exercise 6, the page: rate fictional vignettes on the teaching rubric, choose a level.

The page receives the vignette's text and the rubric's public anchors. The
ratings each vignette was written to show stay in this object until the
learner checks.
"""

from __future__ import annotations

import html
import random
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from .._rubric import RUBRIC_DIMENSIONS, RUBRIC_LEVELS, RUBRIC_NOTICE
from ..widgets import ChoiceGroups, LiveStatus, group
from ._clinical_ui import button_row, clinical_page, html_box, notice
from ._layout import (
    ExercisePage,
    button,
    chart_figure,
    chart_output,
    message_html,
    section,
    show_chart,
)
from ._placement import (
    LEVEL_KEY,
    PlacementCheck,
    Vignette,
    check_placement,
    load_vignettes,
    plot_ratings,
)

__all__ = ["LevelOfCarePractice", "level_of_care_practice"]

_CHART_ALT = "Bar chart of your rubric ratings beside the vignette's, one pair per dimension."
_BEFORE_CHECK = "Check your placement to see your ratings beside the vignette's."


def _groups() -> list[dict[str, Any]]:
    made = [
        group(
            d.key,
            f"{d.name}: {d.question}",
            [(str(n), f"{n}: {anchor}") for n, anchor in enumerate(d.anchors, start=1)],
            layout="column",
        )
        for d in RUBRIC_DIMENSIONS
    ]
    levels = [(code, f"{code}: {name}") for code, name in RUBRIC_LEVELS.items()]
    made.append(group(LEVEL_KEY, "Level of care: which level does the rubric point to?", levels))
    return made


def _intro_html() -> str:
    levels = "".join(
        f"<dt>Level {code}</dt><dd>{html.escape(name)}</dd>" for code, name in RUBRIC_LEVELS.items()
    )
    return (
        notice(
            f"{html.escape(RUBRIC_NOTICE)}. It was made up for this course, has not been "
            "tested, and must never be used to place a real person."
        )
        + "<p>Read a fictional vignette, rate each of the rubric's five dimensions from 1 (least "
        "need) to 4 (most need), then choose the level of care. The feedback compares your "
        "ratings and level with the ones the vignette was written to show, and explains each "
        "difference.</p>"
        "<p><strong>The rule.</strong> Add up the five ratings: 5 to 7 points to level A, 8 to 11 "
        "to B, 12 to 15 to C and 16 to 20 to D. Then the floors: any rating of 4, or a safety "
        "rating of 3, means at least level C; a safety rating of 4 means level D and a same-day "
        "crisis evaluation. The result is the least intensive level the ratings allow.</p>"
        f'<dl class="ck-ex-defs">{levels}</dl>'
    )


def _missing(groups: Sequence[dict[str, Any]], missing: Sequence[int]) -> str:
    """Name the groups still to answer, e.g. 'Still to answer: Safety risk and Level of care.'"""
    if len(missing) == len(groups):
        return "Nothing is chosen yet. Rate each dimension and choose a level, then check again."
    names = [groups[n - 1]["legend"].split(":")[0] for n in missing]
    return f"Still to answer: {'; '.join(names)}. Your other choices are kept."


def _vignette_html(vignette: Vignette, number: int, total: int) -> str:
    return (
        '<div class="ck-ex-vignette">'
        f'<p class="ck-ex-lede">Vignette {number} of {total} (fictional)</p>'
        f"<h3>{html.escape(vignette.name)}</h3>"
        f"<p><em>{html.escape(vignette.context)}</em></p>"
        f"<p>{html.escape(vignette.text)}</p></div>"
    )


class LevelOfCarePractice(ExercisePage):
    """The level-of-care practice exercise; display it in a notebook or Voila page.

    Parameters
    ----------
    vignettes : sequence of Vignette, optional
        The vignettes to practise on (default: the course's own), shown in a shuffled order.
    seed : int, optional
        Fixes the order, for tests and for a trainer who wants the same order.
    """

    def __init__(
        self, vignettes: Sequence[Vignette] | None = None, seed: int | None = None
    ) -> None:
        self._order = list(vignettes or load_vignettes())
        random.Random(seed).shuffle(self._order)
        self._index = -1
        self._check: PlacementCheck | None = None

        self.vignette_box = html_box("")
        self.groups = ChoiceGroups(numbered=False)
        self.status = LiveStatus()
        self.check_button = button("Check my placement", primary=True)
        self.next_button = button("Next vignette")
        self.chart = chart_output()
        self.caption = html_box(message_html(_BEFORE_CHECK))

        self.check_button.on_click(lambda _button: self.check())
        self.next_button.on_click(lambda _button: self.next_vignette())
        self.root = clinical_page(
            [
                section("How this works", "", [html_box(_intro_html())], intro=True),
                section("Read the vignette", "", [self.vignette_box], number=1),
                section(
                    "Rate each dimension and choose a level",
                    "Choose one answer in each group, then choose \u201cCheck my placement\u201d.",
                    [
                        self.groups,
                        button_row(self.check_button, self.next_button),
                        self.status,
                    ],
                    number=2,
                ),
                section(
                    "Compare",
                    "Your ratings beside the ones the vignette was written to show.",
                    [self.chart, self.caption],
                    number=3,
                ),
            ]
        )
        self.next_vignette()

    @property
    def vignette(self) -> Vignette:
        """The vignette on screen."""
        return self._order[self._index]

    def next_vignette(self) -> None:
        """Show the next vignette (back to the first after the last) with a clean form."""
        self._index = (self._index + 1) % len(self._order)
        self._check = None
        total = len(self._order)
        self.vignette_box.value = _vignette_html(self.vignette, self._index + 1, total)
        self.groups.load(_groups())
        self.check_button.disabled = False
        self.chart.outputs = ()
        self.caption.value = message_html(_BEFORE_CHECK)
        if self._index == 0 and self.status.text:
            self.status.say(f"You have seen all {total} vignettes; here is the first again.")
        elif self._index:
            self.status.say(
                f"Vignette {self._index + 1} of {total}: {self.vignette.name}. "
                "Your choices were cleared."
            )

    def check(self) -> None:
        """Compare the learner's ratings and level with the vignette's, or say what is missing."""
        if self._check is not None:
            self.status.say("This vignette is checked. Choose \u201cNext vignette\u201d to go on.")
            return
        missing = self.groups.missing()
        if missing:
            self.status.say(_missing(self.groups.groups, missing), "warn")
            return
        result = check_placement(self.vignette, self.groups.values)
        self._check = result
        notes = {c.dimension.key: c.feedback() for c in result.comparisons}
        notes[LEVEL_KEY] = result.level_feedback()
        with self.groups.hold_sync():
            self.groups.feedback = notes
            self.groups.locked = True
        self.check_button.disabled = True
        tone = "good" if result.level_correct else "info"
        self.status.say(f"{result.summary()} The feedback is under each group.", tone)

        def draw(compact: bool) -> Figure:
            figure = chart_figure(compact, (8, 4.4), 6.4)
            plot_ratings(result, figure.subplots(), compact=compact)
            return figure

        show_chart(self.chart, draw, _CHART_ALT)
        self.caption.value = f"<p>{html.escape(result.chart_summary())}</p>" + message_html(
            "Next: read the feedback under any group marked \u201cYou rated\u201d, then choose "
            "\u201cNext vignette\u201d."
        )


def level_of_care_practice(seed: int | None = None) -> LevelOfCarePractice:
    """Build the level-of-care practice exercise (exercise 6) for a notebook or Voila page.

    Examples
    --------
    >>> exercise = level_of_care_practice(seed=1)
    >>> [g["key"] for g in exercise.groups.groups][-1]
    'level'
    """
    return LevelOfCarePractice(seed=seed)
