"""Exercises 1 and 2 with an agency's own numbers: where the figures come from, what to say.

The calculator page (:mod:`._calculator_page`) starts with Admirable's example,
the budget balancer (:mod:`._balancer_page`) with Zontanos' first draft; each
may load a learner's file (:mod:`._uploads`). This module keeps the words for
that: where the page's figures come from (:class:`Source`, also the provenance
written into the model's workbook), what a loaded file held
(:func:`loaded_html`, :func:`balancer_loaded_html`), what was wrong with one
that was refused (:func:`problems_html`), and the workbook of the calculator's
model (:func:`model_workbook`). Nothing here touches a widget.
"""

from __future__ import annotations

import html
import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING

import caserate_kit as ck

from .._numbers import format_percent
from ._balancer import BalancerState
from ._calculator import CalculatorInputs

if TYPE_CHECKING:  # reading uploads needs pydantic, imported when a file comes
    from ._uploads import Upload

__all__ = [
    "ADMIRABLE_NAMES",
    "EXAMPLE_PROVENANCE",
    "MAX_PAGE_LEVELS",
    "Source",
    "balancer_loaded_html",
    "chart_names",
    "level_problems",
    "loaded_html",
    "model_workbook",
    "not_loaded",
    "problems_html",
]

EXAMPLE_PROVENANCE = "Admirable example from the course"
"""Where the example's figures come from, as the model's workbook says it."""

MAX_PAGE_LEVELS = 12
"""The most levels of care the page shows boxes for."""

ADMIRABLE_NAMES: Mapping[str, str] = {
    level.code: level.description for level in ck.examples.ADMIRABLE_LEVELS
}
"""Admirable's levels of care, by code."""

_SHORT_NAMES = {
    "A": "Recovery\nmaintenance",
    "B": "Low\nintensity",
    "C": "High\nintensity",
    "D": "Wraparound\n(ACT level)",
}


def _day(when: date) -> str:
    """A date as people write it: ``December 7, 2025``."""
    return f"{when:%B} {when.day}, {when.year}"


def _listed(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Source:
    """Where the page's figures come from: the example, or a file the learner loaded.

    ``example`` names the page's example as the top of the page says it.
    """

    file_name: str | None = None
    loaded_on: date | None = None
    example: str = "Admirable's example from lesson 4"

    @property
    def is_example(self) -> bool:
        """Whether the figures are Admirable's example."""
        return self.file_name is None

    def provenance(self, changed: bool = False) -> str:
        """In words, for the model's workbook; ``changed`` adds that the learner typed changes."""
        if self.file_name is None or self.loaded_on is None:
            words = EXAMPLE_PROVENANCE
        else:
            words = f"Loaded by the learner from {self.file_name} on {_day(self.loaded_on)}"
        return words + (", then changed on the page" if changed else "")

    def line(self, changed: bool = False) -> str:
        """One sentence for the top of the page, saying whose figures the page shows."""
        if self.file_name is None or self.loaded_on is None:
            words = f"The figures are {self.example}"
        else:
            words = (
                f"The figures are your own, loaded from {self.file_name} on {_day(self.loaded_on)}"
            )
        return words + (", with changes you typed." if changed else ".")

    def workbook_name(self) -> str:
        """The file name of the model's workbook: ``case-rate-model-admirable.xlsx``."""
        if self.file_name is None:
            return "case-rate-model-admirable.xlsx"
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", PurePath(self.file_name).stem).strip("-")
        return f"case-rate-model-{stem[:40] or 'own-numbers'}.xlsx"


def level_problems(inputs: CalculatorInputs) -> list[str]:
    """What keeps loaded inputs off the page even though the file reads well."""
    count = len(inputs.mix)
    if count <= MAX_PAGE_LEVELS:
        return []
    return [
        f"Levels: {count} levels of care; this page shows at most {MAX_PAGE_LEVELS}. Keep the "
        "levels your case rates use, or combine small ones, and load the file again."
    ]


def not_loaded(file_name: str, count: int) -> str:
    """The status line for a refused file: how many problems, and that nothing changed.

    >>> not_loaded("budget.xlsx", 1)
    'budget.xlsx was not loaded: 1 problem, listed below. Nothing on the page changed.'
    """
    problems = f"{count} problem{'s' if count != 1 else ''}"
    return f"{file_name} was not loaded: {problems}, listed below. Nothing on the page changed."


def problems_html(file_name: str, messages: Sequence[str]) -> str:
    """An alert listing every problem of a refused file; it says nothing on the page changed."""
    items = "".join(f"<li>{html.escape(message)}</li>" for message in messages)
    return (
        '<div class="ck-ex-msg ck-ex-msg-bad" role="alert">'
        f"<p><strong>{html.escape(file_name)} was not loaded.</strong> Nothing on the page "
        "changed. Correct the file as each line says, then load it again:</p>"
        f'<ul class="ck-ex-problems">{"".join(items)}</ul></div>'
    )


def _levels_text(inputs: CalculatorInputs, names: Mapping[str, str]) -> str:
    shown = [f"{code}: {names[code]}" if names.get(code) else code for code in inputs.mix]
    return f"{len(shown)} level{'s' if len(shown) != 1 else ''} of care ({'; '.join(shown)})"


def _kept(tables: Sequence[str]) -> list[str]:
    """What a file that leaves tables out leaves as the page had it."""
    kept = []
    if "Population" not in tables:
        kept.append("enrollees, penetration rates and scenario")
    if "Levels" not in tables:
        kept.append("levels, shares of cases and hours")
    if "Population" not in tables and "Service codes" not in tables:
        kept.append("cost per hour")
    return kept


def loaded_html(
    upload: Upload[CalculatorInputs],
    file_name: str,
    inputs: CalculatorInputs,
    names: Mapping[str, str],
    plan: ck.CaseRatePlan,
) -> str:
    """What a loaded file put on the page, the tables it left to the page, and what was unread."""
    rate = inputs.penetration[inputs.scenario]
    summary = (
        f"<strong>Loaded {html.escape(file_name)}</strong>: {inputs.enrollees:,.0f} enrollees, "
        f"{html.escape(_levels_text(inputs, names))}, {inputs.scenario.lower()} penetration "
        f"rate {format_percent(rate / 100, 2)} ({plan.cases():,.0f} cases), cost per hour "
        f"{ck.format_dollars(inputs.rate_per_hour, cents=True)}. Total budget "
        f"{ck.format_dollars(plan.total_budget())}."
    )
    lines = [summary, f"Read from the file: {_listed(list(upload.tables))}."]
    kept = _kept(upload.tables)
    if kept:
        lines.append(
            f"The file has no table for these, so the page kept its own: {'; '.join(kept)}."
        )
    lines.extend(html.escape(note) for note in upload.notes)
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return f'<div class="ck-ex-msg ck-ex-msg-ok" role="status">{paragraphs}</div>'


def balancer_loaded_html(upload: Upload[BalancerState], file_name: str) -> str:
    """What a file put on the budget balancer's page, with the dashboard's two answers."""
    state = upload.inputs
    assert state is not None
    model, board = state.model, state.model.dashboard()
    mix = "; ".join(f"{code} {format_percent(share)}" for code, share in model.case_mix.items())
    summary = (
        f"<strong>Loaded {html.escape(file_name)}</strong>: {model.consumers:,.0f} consumers a "
        f"year (case mix {mix}), {model.staffing.direct_ftes_on_payroll:g} direct-service FTEs on "
        f"the payroll, productivity {format_percent(model.productivity)}. The plan needs "
        f"{board.ftes_needed:.1f} FTEs; revenue less expense is {ck.format_dollars(board.margin)}."
    )
    from ._upload_check import TABLES  # loaded with the upload that came

    lines = [summary, f"Read from the file: {_listed(list(upload.tables))}."]
    kept = [s.name for s in TABLES if s.exercise == "balancer" and s.name not in upload.tables]
    if kept:
        lines.append(f"The file has no {_listed(kept)} table, so the page kept its own.")
    lines.extend(html.escape(note) for note in upload.notes)
    lines.append("The change log starts again from these numbers.")
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return f'<div class="ck-ex-msg ck-ex-msg-ok" role="status">{paragraphs}</div>'


def chart_names(names: Mapping[str, str]) -> dict[str, str]:
    """Each level's name folded onto at most two short lines, for the chart's axis."""
    if dict(names) == dict(ADMIRABLE_NAMES):
        return dict(_SHORT_NAMES)
    short = {}
    for code, name in names.items():
        lines = textwrap.wrap(name.replace("$", r"\$"), 14)
        if len(lines) > 2:
            lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), 14, placeholder="…")]
        short[code] = "\n".join(lines)
    return short


def model_workbook(plan: ck.CaseRatePlan, inputs: CalculatorInputs, provenance: str) -> bytes:
    """The plan as an Excel workbook whose figures are formulas, with the page's scenarios."""
    rates = {name: rate / 100 for name, rate in inputs.penetration.items()}
    out = io.BytesIO()
    ck.write_plan_workbook(plan, out, provenance=provenance, penetration_rates=rates)
    return out.getvalue()
