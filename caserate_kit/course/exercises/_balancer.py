"""Exercise 2, the logic: change Zontanos' model one input at a time and judge the result.

Each input the learner may change is a :class:`Knob`. :func:`apply_knob` turns
the number typed into a change of the model (checked, with a plain message
when it cannot be used); :func:`log_entry` measures what the change did with
:func:`caserate_kit.compare_changes`; :func:`verdict` and :func:`next_step`
say where the model stands and what to try next.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import caserate_kit as ck
from caserate_kit.examples._zontanos import _DRAFT_STAFF_MIX

from .._numbers import format_percent

__all__ = [
    "KNOBS",
    "LEVEL_CODES",
    "BalancerState",
    "Knob",
    "LogEntry",
    "apply_knob",
    "cautions",
    "first_draft",
    "knob_value",
    "level_codes_problem",
    "log_entry",
    "next_step",
    "verdict",
]

_MASTERS, _BACHELORS = "Master's-level clinicians", "Bachelor's-level case managers"

LEVEL_CODES = ("A", "B", "C", "D")
"""The levels the balancer's boxes, advice and cautions know (Admirable's, which Zontanos uses)."""


@dataclass(frozen=True)
class Knob:
    """One input the learner may change: where it lives in the model, its label, unit and range."""

    key: str
    label: str
    group: str
    unit: str
    low: float
    high: float
    step: float = 1.0


def _knobs() -> tuple[Knob, ...]:
    hours = tuple(
        Knob(f"avg_hours.{code}", f"Level {code} hours per case", "Hours per case", "hours", 1, 400)
        for code in LEVEL_CODES
    )
    lines = (
        "occupancy",
        "supplies",
        "travel",
        "training",
        "depreciation",
        "working_capital",
        "other",
    )
    overhead = tuple(
        Knob(
            f"overhead.{line}",
            f"{line.replace('_', ' ').capitalize()} ($ a year)",
            "Overhead",
            "dollars",
            0,
            5_000_000,
            1_000,
        )
        for line in lines
    )
    return (
        *hours,
        Knob(
            "productivity", "Productivity (% of time at work)", "Clinician time", "percent", 30, 90
        ),
        Knob("leave_hours", "Leave (hours a year)", "Clinician time", "hours", 0, 600, 8),
        Knob("training_hours", "Training (hours a year)", "Clinician time", "hours", 0, 300, 8),
        Knob(
            "staffing.direct_ftes_on_payroll",
            "Direct-service FTEs on the payroll",
            "Staff",
            "FTEs",
            1,
            200,
            0.5,
        ),
        Knob(
            "staff_mix.bachelors",
            "Case managers' share of direct FTEs (%)",
            "Staff",
            "percent",
            0,
            85,
        ),
        Knob(
            "staff_mix.masters_salary",
            "Master's-level clinician salary ($)",
            "Staff",
            "dollars",
            20_000,
            200_000,
            1_000,
        ),
        *overhead,
    )


KNOBS = _knobs()
"""Every input the exercise offers, in the order of the page."""


@dataclass(frozen=True)
class BalancerState:
    """The model, and the staff mix its average direct-service salary comes from.

    ``staff_mix`` is the mix the model started from (role to share of direct
    FTEs, 0 to 1, and salary): Zontanos' draft, or an agency's own.
    ``bachelors`` is the bachelor's-level case managers' share of direct FTEs
    now (0 to 1), taken from or given back to the master's-level clinicians'
    share; ``masters_salary`` is the master's-level clinicians' salary now.
    """

    model: ck.ClinicalFinancialModel
    bachelors: float
    masters_salary: float
    staff_mix: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: dict(_DRAFT_STAFF_MIX), repr=False
    )

    def mix_now(self) -> dict[str, tuple[float, float]]:
        """The staff mix with the case managers' share and master's salary as they are now."""
        base = self.staff_mix
        shift = self.bachelors - base[_BACHELORS][0]
        mix = dict(base)
        mix[_MASTERS] = (base[_MASTERS][0] - shift, self.masters_salary)
        mix[_BACHELORS] = (self.bachelors, base[_BACHELORS][1])
        return mix

    def most_bachelors(self) -> float:
        """The largest case managers' share: all of the master's-level share moved over."""
        return self.staff_mix[_MASTERS][0] + self.staff_mix[_BACHELORS][0]

    def average_salary(self) -> float:
        """Average direct-service salary over the staff mix as it is now."""
        return math.fsum(share * salary for share, salary in self.mix_now().values())


def first_draft() -> BalancerState:
    """Zontanos' first draft, which balances on neither question."""
    return BalancerState(
        ck.examples.zontanos_first_draft(),
        _DRAFT_STAFF_MIX[_BACHELORS][0],
        _DRAFT_STAFF_MIX[_MASTERS][1],
    )


def knob_value(state: BalancerState, knob: Knob) -> float:
    """The knob's value as the page shows it (percentages as 60 for 60%)."""
    if knob.key == "staff_mix.bachelors":
        return round(state.bachelors * 100, 6)
    if knob.key == "staff_mix.masters_salary":
        return state.masters_salary
    name, _, part = knob.key.partition(".")
    value: Any = getattr(state.model, name)
    if part:
        value = value[part] if isinstance(value, Mapping) else getattr(value, part)
    return round(float(value) * 100, 6) if knob.unit == "percent" else float(value)


def _signed(amount: float) -> str:
    text = ck.format_dollars(amount)
    return text if text.startswith("-") else "+" + text


def _shown(value: float, unit: str) -> str:
    if unit == "dollars":
        return ck.format_dollars(value)
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:g}" + (f" {unit}" if unit in ("hours", "FTEs") else "")


def apply_knob(
    state: BalancerState, knob: Knob, value: float
) -> tuple[BalancerState, dict[str, Any], str]:
    """Apply one change: the new state, the model change and a description of it.

    Raises
    ------
    caserate_kit.InvalidInputError
        When ``value`` is outside the knob's range; the message names the input
        and the value, in plain words.

    Examples
    --------
    >>> knob = next(k for k in KNOBS if k.key == "avg_hours.B")
    >>> apply_knob(first_draft(), knob, 30)[1:]
    ({'avg_hours.B': 30.0}, 'Level B hours per case from 36 hours to 30 hours')
    """
    if not math.isfinite(value) or not knob.low <= value <= knob.high:
        raise ck.OutOfRangeError(
            knob.label,
            value,
            f"must be between {_shown(knob.low, knob.unit)} and {_shown(knob.high, knob.unit)}",
        )
    old = knob_value(state, knob)
    label = knob.label.split(" (")[0]
    description = f"{label} from {_shown(old, knob.unit)} to {_shown(value, knob.unit)}"
    if knob.key.startswith("staff_mix."):
        if knob.key.endswith("bachelors"):
            most = round(state.most_bachelors() * 100, 6)
            if value > most:
                raise ck.OutOfRangeError(
                    knob.label,
                    value,
                    f"must be at most {most:g}%, the case managers' and master's-level "
                    "clinicians' shares together",
                )
            state = replace(state, bachelors=value / 100)
        else:
            state = replace(state, masters_salary=float(value))
        change: dict[str, Any] = {"staffing.avg_direct_salary": state.average_salary()}
    else:
        change = {knob.key: value / 100 if knob.unit == "percent" else float(value)}
    model = state.model.replace(**change)  # raises when the model refuses it
    return replace(state, model=model), change, description


@dataclass(frozen=True)
class LogEntry:
    """One line of the change log: what changed and how far it moved the two answers."""

    description: str
    fte_gap_change: float
    margin_change: float
    fte_gap: float
    margin: float
    balanced: bool


def log_entry(
    before: ck.ClinicalFinancialModel, change: Mapping[str, Any], description: str
) -> LogEntry:
    """Measure one change against the model it was made on."""
    row = ck.compare_changes(before, {description: change}).iloc[0]
    return LogEntry(
        description,
        float(row["FTE gap change"]),
        float(row["Margin change"]),
        float(row["FTE gap"]),
        float(row["Margin"]),
        bool(row["Capacity balanced"] and row["Budget balanced"]),
    )


def verdict(board: ck.Dashboard) -> tuple[str, str]:
    """The kind of message (``ok`` or ``warn``) and the plain-words answer to both questions."""
    capacity, budget = board.messages()
    if board.capacity_balanced and board.budget_balanced:
        return "ok", (
            f"Balanced: you need {board.ftes_needed:.1f} clinician FTEs and have "
            f"{board.ftes_on_payroll:.1f}, and revenue exceeds expenses by "
            f"{ck.format_dollars(board.margin)}."
        )
    return "warn", f"Not balanced yet. {capacity} {budget}"


def _candidates(state: BalancerState) -> dict[str, tuple[Knob, float]]:
    """Small, defensible single steps from the current state."""
    by_key = {knob.key: knob for knob in KNOBS}
    paid_for = ck.examples.admirable_plan().avg_hours()
    steps: dict[str, tuple[Knob, float]] = {}
    for code, hours in state.model.avg_hours.items():
        target = max(paid_for[code], round(hours * 0.95))
        if target < hours:
            steps[f"Level {code} hours per case from {hours:g} to {target:g}"] = (
                by_key[f"avg_hours.{code}"],
                target,
            )
    productivity = round(state.model.productivity * 100, 6)
    if productivity < 65:
        steps[f"Productivity from {productivity:g}% to {min(productivity + 1, 65):g}%"] = (
            by_key["productivity"],
            min(productivity + 1, 65),
        )
    if state.bachelors < 0.40:
        share = round(state.bachelors * 100 + 5, 6)
        steps[f"Case managers' share of direct FTEs up to {share:g}%"] = (
            by_key["staff_mix.bachelors"],
            share,
        )
    for line, amount in asdict(state.model.overhead).items():
        if amount >= 10_000:
            cut = round(amount * 0.9, -3)
            name = line.replace("_", " ").capitalize()
            steps[f"{name} cut by {ck.format_dollars(amount - cut)}"] = (
                by_key[f"overhead.{line}"],
                cut,
            )
    return steps


def next_step(state: BalancerState) -> str:
    """What to try next: the gap still open and the small step that closes most of it."""
    board = state.model.dashboard()
    if board.capacity_balanced and board.budget_balanced:
        theirs = "; ".join(ck.examples.ZONTANOS_CHANGES)
        return (
            "Both questions are answered yes. Compare your log with the six small changes "
            f"Zontanos' work groups chose: {theirs}. Which of your changes would be easiest "
            "to explain to staff, and to undo if monitoring shows harm?"
        )
    if board.fte_gap < -board.fte_tolerance:
        return (
            f"You have {-board.fte_gap:.1f} more FTEs than the plan needs. Lower the FTEs on "
            "the payroll (for example, leave vacancies unfilled) or plan more care."
        )
    short_staffed = not board.capacity_balanced
    scored = []
    for name, (knob, value) in _candidates(state).items():
        after = apply_knob(state, knob, value)[0].model.dashboard()
        gain = (board.fte_gap - after.fte_gap) if short_staffed else (after.margin - board.margin)
        scored.append((gain, name, after))
    if not scored:
        return "No small step is left that keeps care at what the case rates pay for."
    gain, name, after = max(scored)
    if short_staffed:
        return (
            f"The capacity gap is the one to close first: {board.fte_gap:.1f} FTEs short. "
            f"The single small step that closes most of it from here: {name} "
            f"({-gain:+.1f} FTEs, {_signed(after.margin - board.margin)} on the margin). "
            "Or choose your own change, one input at a time."
        )
    return (
        f"Capacity is in balance; the budget is {ck.format_dollars(-board.margin)} short. "
        f"The single small step that helps most from here: {name} "
        f"({_signed(gain)} on the margin). Or choose your own change."
    )


def level_codes_problem(codes: Sequence[str]) -> str | None:
    """Why a plan with these level codes cannot go on the balancer's page, or ``None``.

    The page has one hours box per level of :data:`LEVEL_CODES`, and its advice
    and cautions compare each level with the hours Admirable's case rates pay for.

    >>> level_codes_problem(["A", "B", "C", "D"]) is None
    True
    >>> level_codes_problem(["1", "2", "3"])
    'Plan levels: the budget balancer works with levels A, B, C and D ... has 1, 2 and 3. ...'
    """
    if sorted(codes) == sorted(LEVEL_CODES):
        return None
    shown = list(codes)
    found = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return (
        "Plan levels: the budget balancer works with levels A, B, C and D (the levels its case "
        f"rates and cautions know), one row each; the file has {found}. Name your levels A to "
        "D, the closest match to each, and load the file again."
    )


def cautions(state: BalancerState) -> list[str]:
    """Warnings about choices that balance the books at the expense of care or staff."""
    notes = []
    paid_for = ck.examples.admirable_plan().avg_hours()
    for code, hours in state.model.avg_hours.items():
        if hours < paid_for[code]:
            notes.append(
                f"Level {code} is planned at {hours:g} hours, below the "
                f"{paid_for[code]:g} hours Admirable's case rate pays for: those "
                "consumers would get less care than the payer pays for."
            )
    if state.model.productivity > 0.65:
        productivity = format_percent(state.model.productivity)
        notes.append(
            f"Productivity of {productivity} is above the 60 to 65% "
            "most centers expect; it risks burnout and turnover."
        )
    return notes
