"""Exercise 7, the page: a PHQ-9 or GAD-7 series, a prediction, then the review.

The learner picks a prefilled example or types scores, reads the chart, and
predicts at which review checkpoint the care plan should first change. The
review (:func:`caserate_kit.treat_to_target`) is worked out in the kernel and
shown only after the prediction. Typing mistakes are named and the last good
chart stays on screen.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
from matplotlib.figure import Figure

import caserate_kit as ck

from ..widgets import ChoiceGroups, LiveStatus, group
from ._clinical_ui import bullet_list, button_row, clinical_page, html_box, stacked
from ._item_scorer import ItemScorer
from ._layout import (
    ExercisePage,
    button,
    chart_figure,
    chart_output,
    message_html,
    section,
    show_chart,
    table_html,
)
from ._treat_to_target import (
    EXAMPLES,
    PREDICTIONS,
    Parsed,
    merge_score,
    parse_series,
    parse_target,
    series_text,
)
from ._treat_to_target_review import chart_summary, check_prediction, outcome_lines, review_rows

__all__ = ["TreatToTargetPractice", "treat_to_target_practice"]

OWN = "own"


def _wide() -> dict[str, Any]:
    """Label width and a fresh layout for the form's wide controls."""
    return {"style": {"description_width": "14rem"}, "layout": widgets.Layout(width="36rem")}


_PREDICT = "prediction"
_BEFORE_REVEAL = "Make your prediction above, then reveal the review to see it here."
_INTRO = (
    "<p>Treat to target means agreeing on a goal score, measuring often, and changing the care "
    "plan when a review finds the goal missed. Lesson 5 follows Jordan and Idris this way.</p>"
    + '<ul class="ck-ex-list"><li>The <strong>baseline</strong> is the first score.</li>'
    "<li>A <strong>response</strong> is a drop of at least half from the baseline; "
    "<strong>remission</strong> is a total below 5.</li>"
    "<li>Reviews fall at days 30, 60 and 90. The score that counts at a review is the latest one "
    "taken in the two weeks up to it. If it is above the target, the plan should change.</li>"
    "</ul><p>Pick an example or type your own scores, read the chart, predict the review at which "
    "the plan should first change, then reveal the review. Everyone here is fictional, and "
    "nothing you type is recorded.</p>"
)


class TreatToTargetPractice(ExercisePage):
    """The treat-to-target exercise; display it in a notebook or Voila page.

    Parameters
    ----------
    example : str
        The key of the prefilled series to start from (see ``EXAMPLES``).
    """

    def __init__(self, example: str = EXAMPLES[0].key) -> None:
        self._review: ck.TreatToTargetReview | None = None
        self._revealed = False
        self._loading = False
        choices = [(e.label, e.key) for e in EXAMPLES] + [("My own scores (a blank series)", OWN)]
        self.example = widgets.Dropdown(description="Start from", options=choices, **_wide())
        self.story = html_box("")
        self.instrument = widgets.Dropdown(
            description="Questionnaire",
            options=[
                ("PHQ-9 (depression, 0 to 27)", "PHQ-9"),
                ("GAD-7 (anxiety, 0 to 21)", "GAD-7"),
            ],
            **_wide(),
        )
        self.target = widgets.Text(
            description="Target (met at or below)", continuous_update=False, **_wide()
        )
        self.scores = stacked(
            widgets.Textarea(
                description="Scores by day: one line each, the day then the score",
                continuous_update=False,
                rows=8,
                layout=widgets.Layout(width="24rem"),
            )
        )
        self.update_button = button("Update the chart")
        self.input_message = html_box("")
        self.chart = chart_output()
        self.caption = html_box("")
        self.prediction = ChoiceGroups(numbered=False)
        self.reveal_button = button("Reveal the review", primary=True)
        self.status = LiveStatus()
        self.review_box = html_box(message_html(_BEFORE_REVEAL))
        self.scorer = ItemScorer(on_add=self._add_score)

        self.example.value = example
        self.example.observe(lambda change: self.load_example(change["new"]), names="value")
        for control in (self.instrument, self.target, self.scores):
            control.observe(lambda _change: self._changed(), names="value")
        self.update_button.on_click(lambda _button: self.refresh(announce=True))
        self.reveal_button.on_click(lambda _button: self.reveal())
        hint = html_box(
            "<p>Write each questionnaire on its own line: the day since care started, "
            "then the total, for example \u201c28 11\u201d. Put the days in order, "
            "baseline first.</p>"
        )
        self.root = clinical_page(
            [
                section("How this works", "", [html_box(_INTRO)], intro=True),
                section(
                    "Choose or type a series",
                    "",
                    [
                        self.example,
                        self.story,
                        self.instrument,
                        self.target,
                        self.scores,
                        hint,
                        self.update_button,
                        self.input_message,
                    ],
                    number=1,
                ),
                section(
                    "Read the chart and predict",
                    "",
                    [
                        self.chart,
                        self.caption,
                        self.prediction,
                        button_row(self.reveal_button),
                        self.status,
                    ],
                    number=2,
                ),
                section("The review", "", [self.review_box], number=3),
                section(
                    "Score a questionnaire from its answers",
                    "Optional: total one questionnaire and add it to the series.",
                    [self.scorer.box],
                    number=4,
                ),
            ]
        )
        self.load_example(example)

    @property
    def review(self) -> ck.TreatToTargetReview | None:
        """The review of the series on screen (None until one is valid)."""
        return self._review

    def load_example(self, key: str) -> None:
        """Fill in a prefilled series, or clear the scores for the learner's own."""
        self._loading = True
        try:
            if key == OWN:
                self.scores.value = ""
                self.story.value = message_html("Type your own scores below, one line each.")
            else:
                chosen = next(e for e in EXAMPLES if e.key == key)
                self.instrument.value = chosen.instrument.name
                self.target.value = str(chosen.target)
                self.scores.value = series_text(chosen.scores)
                self.story.value = f"<p>{html.escape(chosen.story)} (Fictional.)</p>"
        finally:
            self._loading = False
        self.refresh(announce=self._review is not None)

    def _changed(self) -> None:
        if not self._loading:
            self.refresh(announce=True)

    def refresh(self, announce: bool = False) -> None:
        """Read what is typed; redraw, or name each problem and keep the last good chart."""
        inst = ck.INSTRUMENTS[self.instrument.value]
        self.scorer.set_instrument(inst)
        series = parse_series(self.scores.value, inst)
        target = parse_target(self.target.value, inst)
        problems = [*series.problems, *target.problems]
        review = None
        if not problems:
            try:
                review = ck.treat_to_target(series.value, target=target.value, instrument=inst)
            except ck.InvalidInputError as error:
                problems = [str(error)]
        if review is None:
            self._show_problems(problems, blank=not self.scores.value.strip(), announce=announce)
            return
        self.input_message.value = ""
        same = self._review is not None and (
            self._review.scores,
            self._review.target,
            self._review.instrument,
        ) == (review.scores, review.target, review.instrument)
        if same:
            return
        self._review, self._revealed = review, False
        self.prediction.load(
            [group(_PREDICT, "At which review should the care plan first change?", PREDICTIONS)]
        )
        self.review_box.value = message_html(_BEFORE_REVEAL)
        self._draw()
        if announce:
            self.status.say(
                f"Chart updated: {len(review.scores)} {inst.name} scores. Make a new "
                "prediction, then reveal the review."
            )

    def _show_problems(self, problems: list[str], blank: bool, announce: bool) -> None:
        kept = (
            " The chart still shows the last scores that could be read."
            if self._review is not None
            else ""
        )
        listed = "<br>".join(html.escape(p) for p in problems)
        self.input_message.value = message_html(
            f"<strong>Not updated yet.</strong>{kept}<br>{listed}", "info" if blank else "warn"
        )
        if announce and not blank:
            count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
            self.status.say(f"{count} in what you typed: {problems[0]}", "warn")

    def _draw(self) -> None:
        review = self._review
        if review is None:
            return

        def draw(compact: bool) -> Figure:
            figure = chart_figure(compact, (8, 4.6), 4.4)
            ax = ck.plot_score_trajectory(review, ax=figure.subplots(), compact=compact)
            if not self._revealed:
                ax.set_title(
                    f"{review.instrument.name} score over time\n(predict, then reveal the review)",
                    pad=16,
                )
            return figure

        alt = (
            f"Line chart of {review.instrument.name} scores by day, with the target and the "
            "checkpoints."
        )
        show_chart(self.chart, draw, alt)
        self.caption.value = f"<p>{html.escape(chart_summary(review, self._revealed))}</p>"

    def reveal(self) -> None:
        """Check the prediction and show the review, or say what is needed first."""
        review = self._review
        if review is None:
            self.status.say(
                "Fix the scores first: the message under the scores box says how.", "warn"
            )
            return
        if self._revealed:
            self.status.say(
                "The review is shown below. Change a score or pick another example "
                "to predict again."
            )
            return
        choice = self.prediction.values.get(_PREDICT)
        if choice is None:
            self.status.say(
                "Choose your prediction first: at which review should the plan first change?",
                "warn",
            )
            return
        feedback = check_prediction(review, choice)
        with self.prediction.hold_sync():
            self.prediction.feedback = {_PREDICT: feedback}
            self.prediction.locked = True
        self._revealed = True
        self._draw()
        header = [
            "Checkpoint",
            "Score used (day)",
            "Severity",
            "Target met",
            "Response",
            "What to do",
        ]
        self.review_box.value = (
            table_html(
                f"Treat-to-target review (target: {review.target} or lower)",
                header,
                review_rows(review),
            )
            + bullet_list(outcome_lines(review))
            + message_html(
                "Next: pick another example, or change one score and predict again. "
                "For instance, what happens if the day-60 score meets the target?"
            )
        )
        tone = "good" if feedback["verdict"] == "correct" else "info"
        self.status.say(f"{feedback['title']}. The review is shown below the chart.", tone)

    def _add_score(self, day: int, total: int) -> Parsed:
        merged = merge_score(self.scores.value, day, total, ck.INSTRUMENTS[self.instrument.value])
        if merged.ok:
            self.scores.value = merged.value
        return merged


def treat_to_target_practice(example: str = EXAMPLES[0].key) -> TreatToTargetPractice:
    """Build the treat-to-target exercise (exercise 7) for a notebook or Voila page.

    Examples
    --------
    >>> exercise = treat_to_target_practice()
    >>> exercise.review.change_plan_at, exercise.review_box.value.count("<table")
    (30, 0)
    """
    return TreatToTargetPractice(example)
