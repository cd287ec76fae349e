"""Exercise 1, the page: the eight steps as a guided form with live tables and a chart.

It starts with Admirable's example; "Your own numbers" loads an agency's file
(the course template, as ``.xlsx`` or CSV) into every box and figure, or lists
every problem in it and changes nothing; the model on the page downloads as an
Excel workbook whose figures are formulas.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
from matplotlib.figure import Figure

import caserate_kit as ck

from ..widgets import LiveStatus
from ..widgets._download_link import XLSX, DownloadLink
from ._calculator import (
    SCENARIOS,
    CalculatorInputs,
    admirable_inputs,
    budget_rows,
    build_plan,
    case_rate_rows,
    chart_summary,
    input_problems,
    penetration_rows,
    scenario_rows,
)
from ._calculator_check import Question, check_answer, make_question
from ._layout import (
    TIMES,
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
from ._own_numbers import (
    ADMIRABLE_NAMES,
    Source,
    chart_names,
    level_problems,
    loaded_html,
    model_workbook,
    not_loaded,
    problems_html,
)
from ._own_numbers_card import OwnNumbersCard

__all__ = ["CaseRateCalculator", "case_rate_calculator"]

_FEEDBACK_KIND = {"ok": "ok", "bad": "bad", "unread": "warn"}
_CSV_TABLES = ("Population", "Levels", "Service codes")
"""The calculator's tables, each offered as a CSV template."""
_PICKER_HINT = (
    "The template filled in with your figures, as an Excel workbook, or one of its tables "
    "saved as a CSV file named after it (Levels.csv). Up to {limit}. Nothing is saved: your "
    "numbers stay on this page until you leave it."
)
_RATE_NOTE = (
    "<p>The source prints $158.62; the form carries $158.61739 so that the published case "
    "rates come out to the dollar.</p>"
)


def _row(*children: widgets.Widget) -> widgets.HBox:
    box = widgets.HBox(list(children))
    box.add_class("ck-ex-row")
    return box


def _today() -> date:
    return date.today()


class CaseRateCalculator(ExercisePage):
    """The case-rate calculator: inputs of steps 1 to 6, results of step 7, scenarios and a check.

    The controls are attributes (``enrollees``, ``penetration[name]``, ``scenario``,
    ``mix[code]``, ``hours[code]``, ``rate``), so a test can set a value and
    read the tables (``case_rates.value``, ``budget.value``...) as a learner would.
    A file reaches the page through :meth:`load_file` (the picker calls it).
    """

    def __init__(self) -> None:
        start = admirable_inputs()
        self.source = Source()
        self.level_names: dict[str, str] = dict(ADMIRABLE_NAMES)
        self._loaded = start
        self._plan_inputs = start
        self.plan = build_plan(start)
        self._question_number = 0
        self._question: Question = make_question(self.plan, 0)
        self._wrong = 0

        self.enrollees = float_box("Enrollees (people covered)", start.enrollees, 100)
        self.penetration = {
            name: float_box(f"{name} penetration rate (%)", rate, 0.5)
            for name, rate in start.penetration.items()
        }
        self.scenario = widgets.Dropdown(
            options=list(SCENARIOS),
            value=start.scenario,
            description="Rate the plan uses",
            style={"description_width": "15em"},
            layout=widgets.Layout(width="26em"),
        )
        self.mix: dict[str, widgets.FloatText] = {}
        self.hours: dict[str, widgets.FloatText] = {}
        self.mix_row, self.hours_row = _row(), _row()
        self._level_boxes(start)
        self.rate = float_box("Cost per hour ($)", start.rate_per_hour, 0.01)
        self.reset_button = button("Start again from the example")
        self.source_line = LiveStatus(text=self.source.line())

        self.step_messages = {step: widgets.HTML() for step in (1, 2, 4, 5, 6)}
        self.levels_list = widgets.HTML()
        self.rate_note = widgets.HTML(_RATE_NOTE)
        self.penetration_table = widgets.HTML()
        self.service_hours = widgets.HTML()
        self.stale = widgets.HTML()
        self.case_rates = widgets.HTML()
        self.budget = widgets.HTML()
        self.per_member = widgets.HTML()
        self.chart = chart_output()
        self.chart_text = widgets.HTML()
        self.scenarios = widgets.HTML()
        self.model_link = DownloadLink(
            "Download this model as an Excel workbook (.xlsx)",
            self.source.workbook_name(),
            self.model_workbook,
            XLSX,
        )

        self.question = widgets.HTML()
        self.answer = widgets.Text(
            description="Your answer",
            placeholder="for example 5,000",
            style={"description_width": "initial"},
        )
        self.check_button = button("Check my answer", primary=True)
        self.new_question_button = button("New question")
        self.feedback = widgets.HTML()

        self.own = OwnNumbersCard(_CSV_TABLES, self.load_file, _PICKER_HINT)
        self.template_link, self.csv_links = self.own.template_link, self.own.csv_links
        self.picker, self.upload_result = self.own.picker, self.own.upload_result

        for control in self._controls():
            control.observe(self.update, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.check_button.on_click(lambda _: self.check())
        self.new_question_button.on_click(lambda _: self.next_question())
        self.root = self._layout()
        self._draw_levels()
        self.update()

    def _controls(self) -> list[widgets.Widget]:
        return [
            self.enrollees,
            *self.penetration.values(),
            self.scenario,
            *self.mix.values(),
            *self.hours.values(),
            self.rate,
        ]

    def _level_boxes(self, inputs: CalculatorInputs) -> None:
        """One share box and one hours box for each level of ``inputs`` (the old ones go)."""
        old = [*self.mix.values(), *self.hours.values()]
        self.mix = {
            code: float_box(f"Level {code} share of cases (%)", share, 1)
            for code, share in inputs.mix.items()
        }
        self.hours = {
            code: float_box(f"Level {code} average hours", hours, 1)
            for code, hours in inputs.hours.items()
        }
        self.mix_row.children = list(self.mix.values())
        self.hours_row.children = list(self.hours.values())
        for box in old:
            box.unobserve(self.update, names="value")
            box.close()

    def _layout(self) -> widgets.VBox:
        msg = self.step_messages
        return page(
            [
                section(
                    "Rebuild Admirable's case rates",
                    (
                        "The form starts with Admirable's figures from lesson 4. Change any input "
                        "and every table and the chart below follow. Then check yourself, and "
                        "try your agency's own numbers at the end."
                    ),
                    [self.source_line, self.reset_button],
                    intro=True,
                ),
                section("Population", "Who is covered by the plan?", [self.enrollees, msg[1]], 1),
                section(
                    "Penetration rate",
                    "The share of enrollees expected to need care this "
                    "year, estimated as a low, medium and high rate.",
                    [
                        _row(*self.penetration.values()),
                        self.scenario,
                        msg[2],
                        self.penetration_table,
                    ],
                    2,
                ),
                section(
                    "Categories and levels of care",
                    "Community-based services are paid one case rate per level of care.",
                    [self.levels_list],
                    3,
                ),
                section(
                    "Case mix",
                    "The share of cases expected at each level; the shares must add up to 100%.",
                    [self.mix_row, msg[4]],
                    4,
                ),
                section(
                    "Hours per level",
                    "The service hours an average case at each level uses over the year.",
                    [self.hours_row, msg[5], self.service_hours],
                    5,
                ),
                section(
                    "Cost per hour",
                    "The average cost of one hour of service, weighted by "
                    "how much each service code is used.",
                    [self.rate, msg[6], self.rate_note],
                    6,
                ),
                section(
                    "Case rates and budget",
                    f"Case rate = average hours {TIMES} cost per hour; "
                    f"budget = cases at each level {TIMES} that level's case rate.",
                    [
                        self.stale,
                        self.case_rates,
                        self.budget,
                        self.per_member,
                        self.model_link,
                        self.chart,
                        self.chart_text,
                    ],
                    7,
                ),
                section(
                    "Performance metrics",
                    "How the payer checks that people still get timely, "
                    "adequate care once it pays per episode rather than per visit.",
                    [
                        widgets.HTML(
                            "<p>Step 8 changes no figure above. Admirable checks, for "
                            "example, that at least 75% of consumers at each level "
                            "receive hours inside the level's range.</p>"
                        )
                    ],
                    8,
                ),
                section(
                    "Low, medium and high penetration side by side",
                    "The same case rates "
                    "with each penetration rate: only the number of cases changes.",
                    [self.scenarios],
                ),
                section(
                    "Check yourself",
                    "Work out a figure the page does not show, then check "
                    "it. A wrong answer gets a hint first.",
                    [
                        self.question,
                        self.answer,
                        _row(self.check_button, self.new_question_button),
                        self.feedback,
                    ],
                ),
                self._own_numbers_section(),
            ]
        )

    def _own_numbers_section(self) -> widgets.VBox:
        return self.own.card(
            "Run the eight steps on your agency's figures: download the template, put your "
            "numbers in place of Admirable's, and load the file here. Every box, table and "
            "chart above changes to your numbers; a file with problems is listed line by line "
            "and changes nothing.",
        )

    # -- reading and redrawing ----------------------------------------------

    def inputs(self) -> CalculatorInputs:
        """What the form holds now."""
        return CalculatorInputs(
            enrollees=float(self.enrollees.value),
            penetration={name: float(box.value) for name, box in self.penetration.items()},
            scenario=str(self.scenario.value),
            mix={code: float(box.value) for code, box in self.mix.items()},
            hours={code: float(box.value) for code, box in self.hours.items()},
            rate_per_hour=float(self.rate.value),
        )

    def update(self, *_: Any) -> None:
        """Check the inputs; redraw every result when they work, else keep the last results."""
        if self.quiet:
            return
        inputs = self.inputs()
        problems = input_problems(inputs)
        for step, box in self.step_messages.items():
            texts = [text for where, text in problems if where == step]
            box.value = message_html(" ".join(texts), "bad", alert=True) if texts else ""
        if not any(step in (1, 2) for step, _ in problems):
            self.penetration_table.value = table_html(
                "Expected cases at each penetration rate",
                ["Scenario", "Penetration rate", "Expected cases"],
                penetration_rows(inputs),
                numeric=(1, 2),
            )
        if not any(step == 4 for step, _ in problems):
            self.step_messages[4].value = message_html("The shares add up to 100%.", "ok")
        self._say_source(inputs)
        if problems:
            steps = ", ".join(sorted({str(step) for step, _ in problems}))
            self.stale.value = message_html(
                f"<strong>These results are from the last inputs that worked.</strong> Fix the "
                f"input named in step {steps} and they will update.",
                "warn",
            )
            return
        self.stale.value = ""
        self.plan = build_plan(inputs, self.level_names)
        self._plan_inputs = inputs
        self.model_link.refresh(self.source.workbook_name())
        self._draw(inputs)
        self._refresh_question()

    def _say_source(self, inputs: CalculatorInputs) -> None:
        line = self.source.line(changed=inputs != self._loaded)
        if line != self.source_line.text:
            self.source_line.say(line)

    def _draw_levels(self) -> None:
        """Step 3's list of levels, and step 6's note on the example's cost per hour."""
        items = "".join(
            f"<li><strong>Level {html.escape(code)}</strong>"
            + (f": {html.escape(name)}" if (name := self.level_names.get(code)) else "")
            + "</li>"
            for code in self.mix
        )
        self.levels_list.value = f"<ul>{items}</ul>"
        self.rate_note.value = _RATE_NOTE if self.source.is_example else ""

    def _draw(self, inputs: CalculatorInputs) -> None:
        plan = self.plan
        hours = plan.service_hours()
        self.service_hours.value = (
            f"<p>The plan's {plan.cases():,.0f} cases need {sum(hours.values()):,.0f} hours of "
            f"service in all.</p>"
        )
        self.case_rates.value = table_html(
            f"Case rates: average hours {TIMES} cost per hour",
            ["Level", "Average hours", "Cost per hour", "Case rate"],
            case_rate_rows(plan),
            numeric=(1, 2, 3),
        )
        self.budget.value = table_html(
            f"Budget by level ({inputs.scenario.lower()} penetration)",
            ["Level", "Case mix", "Cases", "Case rate", "Total cost"],
            budget_rows(plan),
            numeric=(1, 2, 3, 4),
            total_last=True,
        )
        self.per_member.value = (
            f"<p>Total budget <strong>{ck.format_dollars(plan.total_budget())}</strong>: "
            f"{ck.format_dollars(plan.per_member_per_month(), cents=True)} per member per "
            f"month.</p>"
        )
        self.scenarios.value = table_html(
            "Budget at each penetration rate",
            ["Figure", *inputs.penetration],
            scenario_rows(plan, inputs),
            numeric=(1, 2, 3),
        )
        self._draw_chart()

    def _draw_chart(self) -> None:
        plan = self.plan
        table = plan.budget_table()
        short = chart_names(self.level_names)
        by_level = table.assign(Description=[short.get(str(c), "") for c in table.index])

        def draw(compact: bool) -> Figure:
            fig = chart_figure(compact, (8, 4.2), 4.2)
            ax = ck.plot_budget_by_level(by_level, ax=fig.add_subplot(), compact=compact)
            ax.set_title(f"Budget by level of care ({plan.cases():,.0f} cases)")
            return fig

        summary = chart_summary(plan)
        show_chart(self.chart, draw, "Bar chart: budget by level of care. " + summary)
        self.chart_text.value = f"<p>{summary}</p>"

    # -- the learner's own numbers -----------------------------------------------

    def model_workbook(self) -> bytes:
        """The model on the page (the last inputs that worked) as an Excel workbook."""
        changed = self._plan_inputs != self._loaded
        provenance = self.source.provenance(changed=changed)
        return model_workbook(self.plan, self._plan_inputs, provenance)

    def load_file(self, name: str, content: bytes) -> None:
        """Put a file's numbers on the page, or list every problem in it and change nothing."""
        from ._uploads import read_calculator_upload

        upload = read_calculator_upload(content, name, base=self._plan_inputs)
        inputs = upload.inputs
        problems = upload.messages() if inputs is None else level_problems(inputs)
        if inputs is None or problems:
            self.upload_result.value = problems_html(name, problems)
            self.picker.say(not_loaded(name, len(upload.problems) or len(problems)), "warn")
            return
        names = dict(upload.level_names) if "Levels" in upload.tables else self.level_names
        self._put(inputs, names, Source(name, _today()))
        self.upload_result.value = loaded_html(upload, name, inputs, names, self.plan)
        self.picker.say(f"Loaded {name}: every figure on the page is now from it.", "good")

    def _put(self, inputs: CalculatorInputs, names: dict[str, str], source: Source) -> None:
        """Show ``inputs`` in every box (levels of their own), then redraw the page once."""
        with self.quietly():
            if list(inputs.mix) != list(self.mix):
                self._level_boxes(inputs)
                for box in [*self.mix.values(), *self.hours.values()]:
                    box.observe(self.update, names="value")
            self.enrollees.value = inputs.enrollees
            for name, box in self.penetration.items():
                box.value = inputs.penetration[name]
            self.scenario.value = inputs.scenario
            for code, box in self.mix.items():
                box.value = inputs.mix[code]
            for code, box in self.hours.items():
                box.value = inputs.hours[code]
            self.rate.value = inputs.rate_per_hour
        self.level_names = names
        self.source = source
        self._loaded = inputs
        self._draw_levels()
        self.update()

    # -- actions --------------------------------------------------------------

    def reset(self) -> None:
        """Put Admirable's figures back in every box and start the check afresh."""
        self._question_number = 0
        self.upload_result.value = ""
        self._put(admirable_inputs(), dict(ADMIRABLE_NAMES), Source())

    def _refresh_question(self) -> None:
        question = make_question(self.plan, self._question_number)
        if question.prompt != self._question.prompt or not self.question.value:
            self._question, self._wrong = question, 0
            self.answer.value = ""
            self.feedback.value = ""
            self.question.value = f"<p><strong>Question:</strong> {question.prompt}</p>"

    def next_question(self) -> None:
        """Ask a new what-if question about the current plan."""
        self._question_number += 1
        self._refresh_question()

    def check(self) -> None:
        """Grade the answer box against the question kept in the kernel."""
        result = check_answer(self._question, self.answer.value, self._wrong)
        if result.kind == "bad":
            self._wrong += 1
        self.feedback.value = message_html(result.message, _FEEDBACK_KIND[result.kind], alert=True)


def case_rate_calculator() -> CaseRateCalculator:
    """Build exercise 1, the case-rate calculator; the notebook's last line shows it."""
    return CaseRateCalculator()
