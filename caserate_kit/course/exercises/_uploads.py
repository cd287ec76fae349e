"""An agency's own numbers for exercises 1 and 2, from an uploaded CSV or Excel file.

Give :func:`read_calculator_upload` or :func:`read_balancer_upload` the file's
bytes and name (as an ipywidgets ``FileUpload`` holds them); each returns an
:class:`Upload`: the exercise's inputs, or every problem found, each naming
the sheet, the row (as the spreadsheet numbers it: the column names are
row 1) and the column. Nothing is written to disk and nothing in the file
is run.

Layout
------
An Excel workbook (``.xlsx``) holds one table a sheet; a CSV file holds one
table and is named after it (``Levels.csv``). A workbook's other sheets (an
agency's notes) are not read, and :attr:`Upload.notes` says so; one whose
name is close to a table's (``Level``) is refused as a likely misspelling.
An ``Item | Value`` table has one item a row. A table the file leaves out
keeps the numbers the exercise already has (``base``). :func:`template_workbook`
and :func:`csv_templates` give the layout filled in with the course's examples.

Case-rate calculator (:class:`CalculatorInputs`):

* ``Population`` (Item | Value): Enrollees; Low, Medium and High penetration
  rate; Scenario for the plan; Cost per hour (blank: worked out from Service codes).
* ``Levels``: Level | Description | Average hours | Share of cases.
* ``Service codes``: Code | Description | Prescriber | RN | Masters level |
  Below masters | Rate per hour | Annual hours. The cost per hour is its rates
  weighted by annual hours; with a Cost per hour typed too, the two must agree
  to the cent.

Budget balancer (:class:`BalancerState`):

* ``Clinical plan`` (Item | Value): Consumers a year; Productivity; Leave
  hours a year; Training hours a year; Paid hours per FTE.
* ``Plan levels``: Level | Share of cases | Hours per case | Case rate.
* ``Staffing`` (Item | Value): Direct-service FTEs on the payroll; Benefits
  rate; Payroll tax rate; Support FTEs; Average support salary; Contractor fees.
* ``Staff mix``: Role | Share of direct FTEs | Salary, one row for each of
  Prescribers, Nurses, Master's-level clinicians, Bachelor's-level case managers.
* ``Overhead`` and ``Other revenue`` (Item | Value): one dollar line a row.

Limits (see :mod:`._upload_read`): 1 MB a file, 500 rows a table; at most
:data:`MAX_PROBLEMS` problems are listed, then how many more there are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Generic, TypeVar

import caserate_kit as ck

from ._balancer import BalancerState, first_draft
from ._calculator import CalculatorInputs, admirable_inputs
from ._upload_check import Checked, Exercise, check_upload
from ._upload_read import MAX_ROWS, MAX_UPLOAD_BYTES, read_upload
from ._upload_schemas import (
    ClinicalPlan,
    Levels,
    OtherRevenueSheet,
    OverheadSheet,
    PlanLevels,
    Population,
    ServiceCodes,
    Sheet,
    StaffingSheet,
    StaffMix,
)
from ._upload_template import csv_templates, template_workbook

__all__ = [
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "Upload",
    "csv_templates",
    "read_balancer_upload",
    "read_calculator_upload",
    "template_workbook",
]

MAX_PROBLEMS = 20
"""The most problems listed at once; the rest are counted."""

T = TypeVar("T")
Content = bytes | bytearray | memoryview


@dataclass(frozen=True)
class Upload(Generic[T]):
    """What an upload gave: the inputs (``None`` when it cannot be used) and every problem.

    ``tables`` names the tables read from the file; ``level_names`` holds the
    Levels table's descriptions, by level code, when the file gives them;
    ``notes`` says what in the file was left unread (an agency's own sheets).
    """

    inputs: T | None
    problems: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    level_names: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def messages(self) -> list[str]:
        """The problems to show: at most :data:`MAX_PROBLEMS`, then how many more there are."""
        shown = list(self.problems[:MAX_PROBLEMS])
        more = len(self.problems) - len(shown)
        if more:
            shown.append(f"… and {more} more problem{'s' if more > 1 else ''}.")
        return shown


def _checked(content: Content, name: str, exercise: Exercise) -> Checked:
    return check_upload(read_upload(content, name), exercise)


def _share(points: float) -> float:
    """Percentage points as a share, exactly as written (37 is 0.37)."""
    return float(Decimal(repr(points)) / 100)


# -- the case-rate calculator ---------------------------------------------------------------


def read_calculator_upload(
    content: Content, name: str, base: CalculatorInputs | None = None
) -> Upload[CalculatorInputs]:
    """Read the case-rate calculator's inputs from an uploaded file.

    Parameters
    ----------
    content, name
        The file's bytes and its name (``.xlsx`` or ``.csv``).
    base
        The inputs the file's tables replace (Admirable's by default).

    Examples
    --------
    >>> upload = read_calculator_upload(b"Level,Average hours\\nA,10\\n", "Levels.csv")
    >>> upload.inputs is None, upload.messages()
    (True, ['Levels: row 1 has no column Share of cases. Row 1 holds: Level, Average hours. ...'])
    """
    tables, problems, notes = _checked(content, name, "calculator")
    if problems:
        return Upload(None, tuple(problems))
    base = base or admirable_inputs()
    population, levels, codes = (tables.get(n) for n in ("Population", "Levels", "Service codes"))
    assert isinstance(population, Population | None)
    assert isinstance(levels, Levels | None)
    assert isinstance(codes, ServiceCodes | None)
    rate, problem = _rate_per_hour(population, codes, base.rate_per_hour)
    if problem:
        return Upload(None, (problem,), tuple(tables))
    inputs = replace(base, rate_per_hour=rate)
    if population is not None:
        inputs = replace(
            inputs,
            enrollees=population.enrollees,
            penetration=population.penetration(),
            scenario=population.scenario,
        )
    names: dict[str, str] = {}
    if levels is not None:
        inputs = replace(
            inputs,
            mix={row.level: row.share for row in levels.rows},
            hours={row.level: row.average_hours for row in levels.rows},
        )
        names = {row.level: row.description for row in levels.rows if row.description}
    return Upload(inputs, (), tuple(tables), names, tuple(notes))


def _service_codes(codes: ServiceCodes) -> list[ck.ServiceCode]:
    result = []
    for row in codes.rows:
        mix = row.clinician_mix()
        total = math.fsum(mix.values())
        shares = {name: share / total for name, share in mix.items()}
        result.append(
            ck.ServiceCode(row.code, row.description, shares, row.rate_per_hour, row.annual_hours)
        )
    return result


def _rate_per_hour(
    population: Population | None, codes: ServiceCodes | None, current: float
) -> tuple[float, str | None]:
    """The cost per hour: typed in Population, or worked out from Service codes (both: agreeing)."""
    typed = current if population is None else population.cost_per_hour
    if codes is None:
        if typed is None:
            return current, (
                "Population: Cost per hour is blank and the file has no Service codes table "
                "to work it out from. Type the cost of one hour of service, or add the "
                "Service codes sheet."
            )
        return typed, None
    worked_out = ck.cost_per_hour(_service_codes(codes))
    if population is None or typed is None:
        return worked_out, None
    if ck.round_dollars(typed, cents=True) != ck.round_dollars(worked_out, cents=True):
        return typed, (
            f"Population: Cost per hour, {ck.format_dollars(typed, cents=True)}, is not the "
            f"{ck.format_dollars(worked_out, cents=True)} the Service codes table works out "
            "(its rates weighted by annual hours). Correct one of them, or leave Cost per "
            "hour blank to use the Service codes figure."
        )
    return typed, None


# -- the budget balancer --------------------------------------------------------------------


def read_balancer_upload(
    content: Content, name: str, base: BalancerState | None = None
) -> Upload[BalancerState]:
    """Read the budget balancer's model from an uploaded file.

    Parameters
    ----------
    content, name
        The file's bytes and its name (``.xlsx`` or ``.csv``).
    base
        The state the file's tables replace (Zontanos' first draft by default).

    Examples
    --------
    >>> upload = read_balancer_upload(b"Item,Value\\nTravel,\\"$160,000\\"\\n", "Overhead.csv")
    >>> upload.inputs.model.overhead.travel, upload.inputs.model.overhead.occupancy
    (160000.0, 0.0)
    """
    tables, problems, notes = _checked(content, name, "balancer")
    if problems:
        return Upload(None, tuple(problems))
    state = _balancer_state(tables, base or first_draft())
    return Upload(state, (), tuple(tables), notes=tuple(notes))


def _scaled(shares: Mapping[str, float]) -> dict[str, float]:
    """Shares scaled to add up to exactly 1 (the check allows half a hundredth of a point)."""
    total = math.fsum(shares.values())
    return {code: share / total for code, share in shares.items()}


def _balancer_state(tables: Mapping[str, Sheet], base: BalancerState) -> BalancerState:
    model, state = base.model, base
    changes: dict[str, object] = {}
    if isinstance(plan := tables.get("Clinical plan"), ClinicalPlan):
        changes.update(
            consumers=plan.consumers,
            productivity=_share(plan.productivity),
            leave_hours=plan.leave_hours,
            training_hours=plan.training_hours,
            paid_hours=plan.paid_hours,
        )
    if isinstance(levels := tables.get("Plan levels"), PlanLevels):
        changes.update(
            case_mix=_scaled({row.level: _share(row.share) for row in levels.rows}),
            avg_hours={row.level: row.hours_per_case for row in levels.rows},
            case_rates={row.level: row.case_rate for row in levels.rows},
        )
    staffing = model.staffing
    if isinstance(staff := tables.get("Staffing"), StaffingSheet):
        staffing = replace(
            staffing,
            direct_ftes_on_payroll=staff.direct_ftes_on_payroll,
            benefits_rate=_share(staff.benefits_rate),
            payroll_tax_rate=_share(staff.payroll_tax_rate),
            support_ftes=staff.support_ftes,
            avg_support_salary=staff.avg_support_salary,
            contractor_fees=staff.contractor_fees,
        )
    if isinstance(mix := tables.get("Staff mix"), StaffMix):
        staffing = replace(staffing, avg_direct_salary=mix.average_salary())
        by_role = {row.role: row for row in mix.rows}
        state = replace(
            state,
            bachelors=_share(by_role["Bachelor's-level case managers"].share),
            masters_salary=by_role["Master's-level clinicians"].salary,
            staff_mix={role: (_share(row.share), row.salary) for role, row in by_role.items()},
        )
    if isinstance(overhead := tables.get("Overhead"), OverheadSheet):
        changes["overhead"] = ck.Overhead(**overhead.model_dump())
    if isinstance(other := tables.get("Other revenue"), OtherRevenueSheet):
        changes["other_revenue"] = ck.OtherRevenue(**other.model_dump())
    return replace(state, model=model.replace(staffing=staffing, **changes))
