"""The case-rate plan (and the clinical-financial model) as an Excel workbook that calculates.

:func:`write_plan_workbook` writes one sheet per rate-setting step, each
figure an Excel formula that works from the Inputs sheet, so that a finance
lead can take the model home and keep working: change the enrollees and the
budget follows. The formulas do what caserate_kit does, in the same order,
and every formula carries the figure caserate_kit computed, so a viewer that
does not recalculate shows the same numbers as the course.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import IO

from xlsxwriter.exceptions import FileCreateError  # type: ignore[import-untyped, unused-ignore]

from ._clinical_financial import ClinicalFinancialModel
from ._cost_per_hour import ServiceCode, cost_per_hour
from ._exceptions import InvalidInputError, MismatchError
from ._money import format_dollars, round_dollars
from ._plan import CaseRatePlan
from ._scenarios import scenario_table
from ._validate import require_positive
from ._workbook_budget import write_budget
from ._workbook_cells import Book
from ._workbook_inputs import write_inputs
from ._workbook_model import write_model
from ._workbook_plan import write_steps
from ._workbook_risk import RiskSummary, write_risk
from ._workbook_scenarios import write_scenarios

__all__ = ["write_model_workbook", "write_plan_workbook"]


def _require(name: str, value: object, kind: type) -> None:
    if not isinstance(value, kind):
        raise InvalidInputError(name, value, f"must be a {kind.__name__}")


def _with_code_rate(plan: CaseRatePlan, codes: Sequence[ServiceCode]) -> CaseRatePlan:
    """The plan at the service codes' cost per hour, which must agree with its own to the cent."""
    if not codes:
        raise InvalidInputError("service_codes", list(codes), "must hold a code, or be left out")
    rate = cost_per_hour(codes, weighted=all(code.annual_hours is not None for code in codes))
    if isinstance(plan.rate_per_hour, Mapping):
        reason = "give one cost per hour for all levels, but the plan has a rate for each level"
        raise MismatchError("service_codes", [code.code for code in codes], reason)
    if round_dollars(rate, cents=True) != round_dollars(plan.rate_per_hour, cents=True):
        reason = (
            f"give a cost per hour of {format_dollars(rate, cents=True)}, but the plan uses "
            f"{format_dollars(plan.rate_per_hour, cents=True)}: build the plan with "
            "rate_per_hour=cost_per_hour(service_codes)"
        )
        raise MismatchError("service_codes", [code.code for code in codes], reason)
    return plan.replace(rate_per_hour=rate)


def _check_risk(risk: RiskSummary, plan: CaseRatePlan) -> None:
    _require("risk", risk, RiskSummary)
    simulated, budget = round_dollars(risk.reserve.budget), round_dollars(plan.total_budget())
    if simulated != budget:
        reason = (
            f"was simulated for a budget of {format_dollars(simulated)}, but this plan's "
            f"budget is {format_dollars(budget)}: summarize this plan's risk with "
            "risk_summary(plan, ...)"
        )
        raise MismatchError("risk", format_dollars(simulated), reason)


def _close(book: Book, target: object) -> None:
    """Write the file, or say why it cannot be written."""
    try:
        book.close()
    except FileCreateError as error:
        reason = f"could not be written ({error}): close it in Excel, or choose another folder"
        raise InvalidInputError("target", target, reason) from None


def write_plan_workbook(
    plan: CaseRatePlan,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    provenance: str,
    service_codes: Sequence[ServiceCode] | None = None,
    penetration_rates: Mapping[str, float] | None = None,
    case_mixes: Mapping[str, Mapping[str, float]] | None = None,
    avg_hours: Mapping[str, Mapping[str, float]] | None = None,
    model: ClinicalFinancialModel | None = None,
    risk: RiskSummary | None = None,
) -> None:
    """Write a case-rate plan to an Excel workbook whose figures are live formulas.

    Parameters
    ----------
    plan
        The plan of the eight steps.
    target
        Where to write: a file name ending ``.xlsx``, or a binary file such as ``io.BytesIO``.
    provenance
        Where the inputs come from, in words, shown on the Inputs sheet (for example
        ``"Admirable example from the course"``).
    service_codes
        The service-code table the cost per hour comes from; its average must
        agree with the plan's rate per hour to the cent.
    penetration_rates, case_mixes, avg_hours
        Named scenarios for the Scenarios sheet, as for :func:`~caserate_kit.scenario_table`.
    model
        A clinical-financial model: adds the Model inputs, Capacity, Staffing
        cost, Revenue and Dashboard sheets.
    risk
        A risk-reserve simulation of this plan, from :func:`~caserate_kit.risk_summary`.

    Raises
    ------
    InvalidInputError
        If an input cannot be used (it is named, with what to do), or the
        file cannot be written.

    Examples
    --------
    >>> import io
    >>> from caserate_kit.examples import admirable_plan
    >>> out = io.BytesIO()
    >>> write_plan_workbook(admirable_plan(), out, provenance="Admirable example from the course")
    >>> out.getvalue()[:2]
    b'PK'
    """
    _require("plan", plan, CaseRatePlan)
    if not isinstance(provenance, str) or not provenance.strip():
        reason = "must say where the inputs come from, such as 'Admirable example from the course'"
        raise InvalidInputError("provenance", provenance, reason)
    require_positive("enrollees", plan.enrollees)
    if risk is not None:
        _check_risk(risk, plan)
    if model is not None:
        _require("model", model, ClinicalFinancialModel)
    if service_codes is not None:
        plan = _with_code_rate(plan, service_codes)
    scenarios = scenario_table(plan, penetration_rates, case_mixes, avg_hours)
    book = Book(os.fspath(target) if isinstance(target, os.PathLike) else target)
    cells = write_inputs(book, plan, provenance, service_codes or ())
    write_steps(book, cells)
    write_budget(book, cells)
    write_scenarios(book, cells, scenarios, (penetration_rates, case_mixes, avg_hours))
    if model is not None:
        write_model(book, model, provenance)
    if risk is not None:
        write_risk(book, risk)
    _close(book, target)


def write_model_workbook(
    model: ClinicalFinancialModel,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    provenance: str,
) -> None:
    """Write a clinical-financial model alone to an Excel workbook whose figures are formulas.

    The sheets are those :func:`write_plan_workbook` adds for a ``model``: Model
    inputs (named, with ``provenance``), Capacity, Staffing cost, Revenue and
    Dashboard; change an input in Excel and the dashboard follows.

    Raises
    ------
    InvalidInputError
        If the model or the provenance cannot be used, or the file cannot be written.

    Examples
    --------
    >>> import io
    >>> from caserate_kit.examples import zontanos_first_draft
    >>> out = io.BytesIO()
    >>> write_model_workbook(zontanos_first_draft(), out, provenance="Zontanos example")
    >>> out.getvalue()[:2]
    b'PK'
    """
    _require("model", model, ClinicalFinancialModel)
    if not isinstance(provenance, str) or not provenance.strip():
        reason = "must say where the inputs come from, such as 'Zontanos example from the course'"
        raise InvalidInputError("provenance", provenance, reason)
    book = Book(os.fspath(target) if isinstance(target, os.PathLike) else target)
    write_model(book, model, provenance)
    _close(book, target)
