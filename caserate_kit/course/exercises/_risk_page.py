"""Exercise 3, the page: choose the uncertainty, run the simulation, predict the reserve.

After a run, the page offers Admirable's model as an Excel workbook whose
"Risk reserve" sheet records that run: the same settings, seed and figures.
"""

from __future__ import annotations

import io
import time
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
from matplotlib.figure import Figure

import caserate_kit as ck

from ..widgets import ChoiceGroup
from ..widgets._download_link import XLSX, DownloadLink
from ._layout import (
    ExercisePage,
    button,
    chart_figure,
    chart_output,
    float_box,
    message_html,
    page,
    section,
    show_chart,
    table_html,
)
from ._risk_simulator import (
    CHOICES,
    MIX_SPREADS,
    PREDICTIONS,
    RiskRun,
    RiskSettings,
    chart_summary,
    figure_rows,
    grade_prediction,
    lesson_settings,
    run_simulation,
    settings_problems,
    uncertainty,
)

__all__ = ["DOWNLOAD_LABEL", "RiskReserveSimulator", "risk_reserve_simulator", "run_workbook"]

DOWNLOAD_LABEL = "Download this scenario summary with the model (.xlsx)"
"""The link to the last run's workbook."""

WORKBOOK_NAME = "admirable-risk-reserve.xlsx"
"""The name the workbook is saved under."""


def run_workbook(plan: ck.CaseRatePlan, result: RiskRun) -> bytes:
    """The plan's workbook with a "Risk reserve" sheet of ``result``'s settings and figures.

    The summary is simulated again from the run's settings and seed, so its
    figures are the run's own, to the cent.
    """
    settings = result.settings
    summary = ck.risk_summary(
        plan,
        uncertainty(settings),
        n_scenarios=settings.n_scenarios,
        seed=settings.seed,
        percentile=settings.percentile,
    )
    spread = MIX_SPREADS[settings.mix_spread][0]
    provenance = (
        f"Admirable example from the course, with a run of exercise 3's risk reserve "
        f"simulator (case-mix spread: {spread})"
    )
    out = io.BytesIO()
    ck.write_plan_workbook(plan, out, provenance=provenance, risk=summary)
    return out.getvalue()


class RiskReserveSimulator(ExercisePage):
    """The risk reserve simulator: settings, a run, the chart, the summary and predictions.

    Controls: ``low``, ``high``, ``mix_spread`` (a :class:`ChoiceGroup`),
    ``hours_spread`` and ``percentile``; ``run_button`` runs again. After the
    first run that works, ``downloads`` holds ``download``, the link to
    :meth:`workbook`; each run that works refreshes it.
    """

    def __init__(self) -> None:
        self.plan = ck.examples.admirable_plan()
        start = lesson_settings()
        self.result: RiskRun | None = None
        self._question = 0
        self.low = float_box("Lowest penetration rate (%)", start.low_penetration, 0.5)
        self.high = float_box("Highest penetration rate (%)", start.high_penetration, 0.5)
        self.mix_spread = ChoiceGroup(
            "How far the case mix may wander from the plan",
            [(key, label) for key, (label, _) in MIX_SPREADS.items()],
            start.mix_spread,
        )
        self.hours_spread = float_box("Hours spread (± %)", start.hours_spread, 1)
        self.percentile = float_box("Percentile to cover", start.percentile, 1)
        self.run_button = button(f"Run {start.n_scenarios:,} simulated years", primary=True)
        self.reset_button = button("Reset to lesson 5's ranges")
        self.status = widgets.HTML()
        self.figures = widgets.HTML()
        self.summary = widgets.HTML()
        self.chart = chart_output()
        self.chart_text = widgets.HTML()
        self.download = DownloadLink(DOWNLOAD_LABEL, WORKBOOK_NAME, self.workbook, XLSX)
        self.downloads = widgets.Box([])
        self.downloads.add_class("ck-downloads")
        self.question = widgets.HTML()
        self.prediction = ChoiceGroup("", CHOICES)
        self.check_button = button("Check my prediction", primary=True)
        self.next_button = button("Next question")
        self.feedback = widgets.HTML()
        for control in (self.low, self.high, self.mix_spread, self.hours_spread, self.percentile):
            control.observe(self.run, names="value")
        self.run_button.on_click(lambda _: self.run())
        self.reset_button.on_click(lambda _: self.reset())
        self.check_button.on_click(lambda _: self.check())
        self.next_button.on_click(lambda _: self.next_question())
        self.root = self._layout()
        self._ask()
        self.run()

    def _layout(self) -> widgets.VBox:
        budget = ck.format_dollars(self.plan.total_budget())
        return page(
            [
                section(
                    "How large a reserve should Admirable hold?",
                    (
                        f"Admirable's {budget} budget rests on averages. Choose how far a real "
                        "year "
                        "may stray from them; the simulation plays out many years from a fixed "
                        "seed, "
                        "so the same settings always give the same answer."
                    ),
                    [],
                    intro=True,
                ),
                section(
                    "Choose the uncertainty",
                    "Penetration varies within the range, most "
                    "often at the plan's 10%; the case mix and each level's hours vary "
                    "around the plan.",
                    [
                        self.low,
                        self.high,
                        self.mix_spread,
                        self.hours_spread,
                        self.percentile,
                        widgets.HBox([self.run_button, self.reset_button]),
                        self.status,
                    ],
                    1,
                ),
                section(
                    "What the simulation says",
                    "The reserve is the cost at your percentile minus the budget.",
                    [self.summary, self.figures, self.downloads, self.chart, self.chart_text],
                    2,
                ),
                section(
                    "Predict, then check",
                    "Decide what a change will do before you see it. "
                    "The page runs the change for you when you check.",
                    [
                        self.question,
                        self.prediction,
                        widgets.HBox([self.check_button, self.next_button]),
                        self.feedback,
                    ],
                    3,
                ),
            ]
        )

    def settings(self) -> RiskSettings:
        """The settings the controls hold now."""
        return RiskSettings(
            float(self.low.value),
            float(self.high.value),
            str(self.mix_spread.value),
            float(self.hours_spread.value),
            float(self.percentile.value),
        )

    def run(self, *_: Any) -> None:
        """Check the settings and run; bad settings keep the last results on the page."""
        if self.quiet:
            return
        settings = self.settings()
        problems = settings_problems(settings, self.plan)
        if problems:
            kept = (
                " The results below are from the last settings that worked." if self.result else ""
            )
            self.status.value = message_html(" ".join(problems) + kept, "bad", alert=True)
            return
        self.status.value = message_html(f"Simulating {settings.n_scenarios:,} years…", "info")
        started = time.perf_counter()
        self.result = run_simulation(settings, self.plan)
        seconds = time.perf_counter() - started
        self._offer_download()  # before the new figures show, so the link never lags them
        self._draw(self.result)
        took = "under a second" if seconds < 1 else f"{seconds:.1f} seconds"
        self.status.value = message_html(
            f"Done: {settings.n_scenarios:,} simulated years in {took} (seed {settings.seed}).",
            "ok",
        )

    def _draw(self, result: RiskRun) -> None:
        self.summary.value = message_html(f"<strong>{result.reserve.summary()}</strong>", "info")
        self.figures.value = table_html(
            "The reserve in figures", ["Figure", "Amount"], figure_rows(result), numeric=(1,)
        )

        def draw(compact: bool) -> Figure:
            fig = chart_figure(compact, (8.5, 5.2), 5.0)
            ax = ck.plot_cost_distribution(
                result.costs, result.reserve, ax=fig.add_subplot(), compact=compact
            )
            if not compact:  # a phone's legend is already under the chart
                ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize="small")
            return fig

        text = chart_summary(result)
        show_chart(self.chart, draw, "Histogram of simulated yearly costs. " + text)
        self.chart_text.value = f"<p>{text}</p>"

    def _offer_download(self) -> None:
        """Show the link (first run) and make it build the new run's workbook when chosen."""
        if not self.downloads.children:
            self.downloads.children = (self.download,)
        self.download.refresh()

    def workbook(self) -> bytes:
        """The last run that worked, with Admirable's model, as an Excel workbook."""
        if self.result is None:
            reason = "has not been run yet: run it, then download its summary"
            raise ck.InvalidInputError("simulation", None, reason)
        return run_workbook(self.plan, self.result)

    def reset(self) -> None:
        """Put lesson 5's ranges back (runs once)."""
        start = lesson_settings()
        with self.quietly():
            self.low.value, self.high.value = start.low_penetration, start.high_penetration
            self.hours_spread.value, self.percentile.value = start.hours_spread, start.percentile
            self.mix_spread.value = start.mix_spread
        self.run()

    def _ask(self) -> None:
        question = PREDICTIONS[self._question % len(PREDICTIONS)]
        number = self._question % len(PREDICTIONS) + 1
        self.question.value = f"<h3>Question {number} of {len(PREDICTIONS)}</h3>"
        self.prediction.legend = question.prompt
        self.prediction.value = ""
        self.feedback.value = ""

    def next_question(self) -> None:
        """Ask the next prediction question."""
        self._question += 1
        self._ask()

    def check(self) -> None:
        """Grade the prediction by running the changed settings."""
        if self.result is None:
            self.feedback.value = message_html("Run the simulation first.", "warn", alert=True)
            return
        question = PREDICTIONS[self._question % len(PREDICTIONS)]
        right, text = grade_prediction(question, self.prediction.value, self.result, self.plan)
        if not self.prediction.value:
            kind = "warn"
        else:
            kind = "ok" if right else "bad"
            if question.changed(self.result.settings) != self.result.settings:
                text += (
                    " Try it yourself: make the change above and compare, then go on to "
                    "the next question."
                )
        self.feedback.value = message_html(text, kind, alert=True)


def risk_reserve_simulator() -> RiskReserveSimulator:
    """Build exercise 3, the risk reserve simulator; the notebook's last line shows it."""
    return RiskReserveSimulator()
