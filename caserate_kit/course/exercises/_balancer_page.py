"""Exercise 2, the page: balance Zontanos' clinical-financial model one change at a time.

"Your own numbers" loads an agency's model (the course template, as ``.xlsx``
or CSV) in place of Zontanos' first draft, or lists every problem in the file
and changes nothing.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped, unused-ignore]
from matplotlib.figure import Figure

import caserate_kit as ck

from .._numbers import format_percent
from ..widgets import LiveStatus
from ..widgets._download_link import XLSX, DownloadLink
from ._balancer import (
    KNOBS,
    BalancerState,
    Knob,
    LogEntry,
    apply_knob,
    cautions,
    first_draft,
    knob_value,
    level_codes_problem,
    log_entry,
    next_step,
    verdict,
)
from ._calculator import mix_message
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
from ._own_numbers import Source, balancer_loaded_html, not_loaded, problems_html
from ._own_numbers_card import OwnNumbersCard

__all__ = ["BudgetBalancer", "budget_balancer"]

EXAMPLE = "Zontanos' first draft from lesson 5"
_CSV_TABLES = ("Clinical plan", "Plan levels", "Staffing", "Staff mix", "Overhead", "Other revenue")
"""The balancer's tables, each offered as a CSV template."""
_PICKER_HINT = (
    "The template filled in with your agency's model, as an Excel workbook, or one of its "
    "tables saved as a CSV file named after it (Staffing.csv). Up to {limit}. Nothing is "
    "saved: your numbers stay on this page until you leave it."
)

_GROUPS = {
    "Hours per case": "Average service hours the plan gives each consumer at a level.",
    "Clinician time": "What one FTE's 2,080 paid hours turn into: direct-service hours.",
    "Staff": "Who is on the payroll and what they are paid (benefits and payroll tax on top).",
    "Overhead": "Every cost that is not staff.",
}


def _box(label: str, value: float, step: float) -> widgets.FloatText:
    return float_box(label, value, step, label_width="13em", width="23em")


def _today() -> date:
    return date.today()


def _signed(amount: float) -> str:
    text = ck.format_dollars(amount)
    return text if text.startswith("-") or text == "$0" else "+" + text


class BudgetBalancer(ExercisePage):
    """The budget balancer: one box per input, the dashboard, a verdict and a change log.

    ``boxes[key]`` holds the box of each :data:`KNOBS` entry and ``mix[code]``
    the case-mix boxes (applied together with ``apply_mix_button``). A file
    reaches the page through :meth:`load_file` (the picker calls it).
    """

    def __init__(self) -> None:
        self.state: BalancerState = first_draft()
        self.source = Source(example=EXAMPLE)
        self.history: list[tuple[BalancerState, LogEntry]] = []
        self.boxes = {
            knob.key: _box(knob.label, knob_value(self.state, knob), knob.step) for knob in KNOBS
        }
        self.mix = {
            code: _box(f"Level {code} share of consumers (%)", share * 100, 1)
            for code, share in self.state.model.case_mix.items()
        }
        self.apply_mix_button = button("Apply the new case mix")
        self.undo_button = button("Undo the last change")
        self.reset_button = button("Reset to the first draft")
        self.chart = chart_output()
        self.chart_text = widgets.HTML()
        self.verdict = widgets.HTML()
        self.advice = widgets.HTML()
        self.messages = {group: widgets.HTML() for group in [*_GROUPS, "Case mix"]}
        self.log = widgets.HTML()
        self.source_line = LiveStatus(text=self.source.line())
        self.own = OwnNumbersCard(_CSV_TABLES, self.load_file, _PICKER_HINT)
        self.template_link, self.csv_links = self.own.template_link, self.own.csv_links
        self.picker, self.upload_result = self.own.picker, self.own.upload_result
        self.model_link = DownloadLink(
            "Download this model as an Excel workbook (.xlsx)",
            self._workbook_name(),
            self.model_workbook,
            XLSX,
        )
        for knob in KNOBS:
            self.boxes[knob.key].observe(self._changed(knob), names="value")
        self.apply_mix_button.on_click(lambda _: self.apply_mix())
        self.undo_button.on_click(lambda _: self.undo())
        self.reset_button.on_click(lambda _: self.reset())
        self.root = self._layout()
        self.redraw()

    def _layout(self) -> widgets.VBox:
        groups = []
        for name, lede in _GROUPS.items():
            boxes = [self.boxes[knob.key] for knob in KNOBS if knob.group == name]
            groups.append(section(name, lede, [*boxes, self.messages[name]]))
        groups.append(
            section(
                "Case mix",
                "The share of consumers at each level. Change the "
                "shares so they add up to 100%, then apply them as one change.",
                [*self.mix.values(), self.apply_mix_button, self.messages["Case mix"]],
            )
        )
        controls = widgets.VBox(groups)
        controls.add_class("ck-ex-side")
        board = section(
            "Where the plan stands",
            "Capacity against demand, and revenue against expense, after every change.",
            [self.verdict, self.chart, self.chart_text, self.advice, self.model_link],
        )
        board.add_class("ck-ex-grow")
        columns = widgets.HBox([controls, board])
        columns.add_class("ck-ex-cols")
        return page(
            [
                section(
                    "Balance Zontanos' first draft",
                    (
                        "Zontanos needs more clinicians than it has and spends more than it takes "
                        "in. "
                        "Change one input at a time, press Enter or leave the box, and watch the "
                        "dashboard. Every change goes in the log at the bottom."
                    ),
                    [self.source_line, widgets.HBox([self.undo_button, self.reset_button])],
                    intro=True,
                ),
                columns,
                section(
                    "Change log",
                    "Each change, and how far it moved the FTE gap and the "
                    "margin from the step before.",
                    [self.log],
                ),
                self._own_numbers_section(),
            ]
        )

    def _own_numbers_section(self) -> widgets.VBox:
        return self.own.card(
            "Balance your agency's own model: download the template, put your numbers in "
            "place of Zontanos' (levels A to D), and load the file here. Every box and the "
            "dashboard change to your numbers and the log starts again; a file with problems "
            "is listed line by line and changes nothing.",
        )

    # -- the model out, as a workbook ----------------------------------------------

    def _workbook_name(self) -> str:
        """``clinical-financial-model-zontanos.xlsx``, or named after the loaded file."""
        if self.source.is_example:
            return "clinical-financial-model-zontanos.xlsx"
        return self.source.workbook_name().replace("case-rate-model", "clinical-financial-model")

    def provenance(self) -> str:
        """Where the model on the page comes from, in words, for its workbook."""
        changed = ", then changed on the page" if self.history else ""
        if self.source.is_example:
            return f"{EXAMPLE}, the course's example{changed}"
        return self.source.provenance(changed=bool(self.history))

    def model_workbook(self) -> bytes:
        """The model on the page as an Excel workbook whose figures are formulas."""
        out = io.BytesIO()
        ck.write_model_workbook(self.state.model, out, provenance=self.provenance())
        return out.getvalue()

    # -- the learner's own numbers -----------------------------------------------

    def load_file(self, name: str, content: bytes) -> None:
        """Put a file's model on the page, or list every problem in it and change nothing."""
        from ._uploads import read_balancer_upload

        upload = read_balancer_upload(content, name, base=self.state)
        state = upload.inputs
        problems = list(upload.messages())
        if state is not None:
            codes_problem = level_codes_problem(list(state.model.case_mix))
            problems = [codes_problem] if codes_problem else []
        if state is None or problems:
            self.upload_result.value = problems_html(name, problems)
            self.picker.say(not_loaded(name, len(upload.problems) or len(problems)), "warn")
            return
        self.state, self.history = state, []
        self.source = Source(name, _today(), EXAMPLE)
        self._say("", "")
        self.redraw()
        self.upload_result.value = balancer_loaded_html(upload, name)
        self.picker.say(f"Loaded {name}: every box and the dashboard are now from it.", "good")

    # -- changes --------------------------------------------------------------

    def _changed(self, knob: Knob) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if not self.quiet:
                self.change(knob, float(change["new"]))

        return handler

    def change(self, knob: Knob, value: float) -> None:
        """Apply one typed value; a value the model cannot use is explained and put back."""
        if abs(value - knob_value(self.state, knob)) < 1e-9:
            return
        try:
            state, change, description = apply_knob(self.state, knob, value)
        except ck.InvalidInputError as error:
            label = knob.label.split(" (")[0]
            self._say(
                knob.group,
                message_html(
                    f"{label} {error.reason}; you typed {value:g}. The box is back at "
                    f"{knob_value(self.state, knob):g}, and nothing else changed.",
                    "bad",
                    alert=True,
                ),
            )
            self._set_boxes()
            return
        self._record(state, change, description)

    def apply_mix(self) -> None:
        """Apply the four case-mix boxes as one change, if they add up to 100%."""
        typed = {code: float(box.value) for code, box in self.mix.items()}
        problem = mix_message(typed)
        if problem is None and any(not 0 <= share <= 100 for share in typed.values()):
            problem = "Each share must be between 0% and 100%."
        if problem is not None:
            self._say(
                "Case mix",
                message_html(
                    f"{problem} The case mix was not applied; fix the shares and apply again.",
                    "bad",
                    alert=True,
                ),
            )
            return
        total = sum(typed.values())
        mix = {code: share / total for code, share in typed.items()}
        if all(abs(mix[c] - s) < 1e-9 for c, s in self.state.model.case_mix.items()):
            return
        old = ", ".join(f"{c} {format_percent(s)}" for c, s in self.state.model.case_mix.items())
        new = ", ".join(f"{c} {format_percent(s)}" for c, s in mix.items())
        change = {"case_mix": mix}
        model = self.state.model.replace(**change)
        self._record(
            replace(self.state, model=model),
            change,
            f"Case mix from {old} to {new}",
        )

    def _record(self, state: BalancerState, change: dict[str, Any], description: str) -> None:
        entry = log_entry(self.state.model, change, description)
        self.history.append((self.state, entry))
        self.state = state
        self._say("", "")
        self.redraw()

    def undo(self) -> None:
        """Take back the last change."""
        if self.history:
            self.state = self.history.pop()[0]
            self._say("", "")
            self.redraw()

    def reset(self) -> None:
        """Back to the first draft, with an empty log (and the example's figures)."""
        self.state, self.history = first_draft(), []
        self.source = Source(example=EXAMPLE)
        self.upload_result.value = ""
        self._say("", "")
        self.redraw()

    def _say(self, group: str, html: str) -> None:
        """Show ``html`` under ``group``'s inputs and clear every other group's message."""
        for name, box in self.messages.items():
            box.value = html if name == group else ""

    # -- drawing --------------------------------------------------------------

    def _set_boxes(self) -> None:
        with self.quietly():
            for knob in KNOBS:
                self.boxes[knob.key].value = knob_value(self.state, knob)
            for code, box in self.mix.items():
                box.value = round(self.state.model.case_mix[code] * 100, 6)

    def redraw(self) -> None:
        """Bring every box, the dashboard, the verdict, the advice, the log and the model's
        workbook up to date."""
        self._set_boxes()
        self.model_link.refresh(self._workbook_name())
        line = self.source.line()
        if line != self.source_line.text:
            self.source_line.say(line)
        board = self.state.model.dashboard()
        kind, text = verdict(board)
        self.verdict.value = message_html(f"<strong>{text}</strong>", kind)
        notes = "".join(f"<p>{note}</p>" for note in cautions(self.state))
        self.advice.value = message_html(
            f"<strong>What to try next.</strong> {next_step(self.state)}", "info"
        ) + (message_html(notes, "warn") if notes else "")

        def draw(compact: bool) -> Figure:
            # wide: the dashboard lays itself out (tight_layout), as it always has
            fig = chart_figure(True, (6.2, 4.6), 6.8) if compact else Figure(figsize=(6.2, 4.6))
            ck.plot_dashboard(board, fig=fig, compact=compact)
            fig.axes[0].set_ylabel("Direct-service FTEs")
            fig.axes[1].set_ylabel("Dollars a year")
            return fig

        summary = (
            f"Left panel: {board.ftes_needed:.1f} FTEs needed (hatched bar) against "
            f"{board.ftes_on_payroll:.1f} on the payroll. Right panel: expense of "
            f"{ck.format_dollars(board.expense)} (hatched bar) against revenue of "
            f"{ck.format_dollars(board.revenue)}."
        )
        show_chart(self.chart, draw, "Dashboard chart. " + summary)
        self.chart_text.value = f"<p>{summary}</p>"
        self._draw_log()

    def _draw_log(self) -> None:
        if not self.history:
            self.log.value = "<p>No changes yet. The first draft is the starting point.</p>"
            return
        rows = [
            [
                str(number),
                entry.description,
                f"{entry.fte_gap_change:+.1f}",
                _signed(entry.margin_change),
                f"{entry.fte_gap:+.1f}",
                ck.format_dollars(entry.margin),
                "Yes" if entry.balanced else "No",
            ]
            for number, (_, entry) in enumerate(self.history, start=1)
        ]
        self.log.value = table_html(
            "Changes so far (negative gap change: fewer FTEs to hire)",
            [
                "#",
                "Change",
                "FTE gap change",
                "Margin change",
                "FTE gap after",
                "Margin after",
                "Balanced?",
            ],
            rows,
            numeric=(0, 2, 3, 4, 5),
        )


def budget_balancer() -> BudgetBalancer:
    """Build exercise 2, the budget balancer; the notebook's last line shows it."""
    return BudgetBalancer()
