"""Uploads, step 2: the tables an upload may hold, as pydantic models.

Each table is a model: a column (or, in an ``Item | Value`` table, an item) is
a field whose alias is the name people see, whose type reads numbers the way
people type them (``$1,200``, ``12%``, `` 0.12 ``, ``1,200.50``; see
:func:`caserate_kit.course._numbers.parse_number`), and whose limits are the
field's constraints. Whole-table rules (shares that add up to 100%, a code on
one row only) are the models' validators. :mod:`._upload_check` turns a
:class:`~pydantic.ValidationError` into messages naming sheet, row and column.

Every text cell that starts with ``=`` is refused as a formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..._capacity import PAID_HOURS_PER_FTE
from ..._costs import FICA_RATE
from .._numbers import NotANumberError, Unit, format_percent, parse_number
from ._calculator import SCENARIOS, mix_message

__all__ = [
    "STAFF_ROLES",
    "ClinicalPlan",
    "Levels",
    "OtherRevenueSheet",
    "OverheadSheet",
    "PlanLevels",
    "Population",
    "ServiceCodes",
    "Sheet",
    "StaffMix",
    "StaffingSheet",
    "name_key",
]

STAFF_ROLES = (
    "Prescribers",
    "Nurses",
    "Master's-level clinicians",
    "Bachelor's-level case managers",
)
"""The rows of the Staff mix table, the roles the budget balancer's staff mix knows."""


def _refuse_formula(text: str) -> str:
    if text.startswith("="):
        raise PydanticCustomError("formula", "{text}", {"text": text})
    return text


def _reader(unit: Unit) -> Callable[[Any], float]:
    def read(value: Any) -> float:
        text = _refuse_formula(str(value))
        try:
            return parse_number(text, unit)
        except NotANumberError as error:
            raise PydanticCustomError(
                "not_a_number", "{message}", {"message": str(error)}
            ) from None

    return read


def _points(value: Any) -> float:
    """A percent as points (12% is 12), exactly as written."""
    return float(Decimal(repr(_reader("percent")(value))) * 100)


def name_key(text: str) -> str:
    """A name as compared: case, spaces and punctuation left out."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _choice(options: Iterable[str], what: str) -> Callable[[Any], str]:
    by_key = {name_key(option): option for option in options}
    shown = ", ".join(by_key.values())

    def read(value: Any) -> str:
        text = _refuse_formula(str(value))
        if name_key(text) not in by_key:
            message = f"“{text}” is not {what}. Type one of: {shown}."
            raise PydanticCustomError("choice", "{message}", {"message": message})
        return by_key[name_key(text)]

    return read


Cases = Annotated[float, BeforeValidator(_reader("cases"))]
Hours = Annotated[float, BeforeValidator(_reader("hours"))]
Dollars = Annotated[float, BeforeValidator(_reader("dollars"))]
Number = Annotated[float, BeforeValidator(_reader("none"))]
Points = Annotated[float, BeforeValidator(_points)]
Text = Annotated[str, BeforeValidator(lambda v: _refuse_formula(str(v)))]
Percent = Annotated[Points, Field(ge=0, le=100)]


def _percent(alias: str, default: float | None = None, hint: str = "12.5%") -> Any:
    blank = f"Type a percent, for example {hint}."
    if default is None:
        return Field(alias=alias, description=blank)
    return Field(default, alias=alias, description=blank)


class Sheet(BaseModel):
    """A table of an upload; its fields are the columns (or items) people see."""

    model_config = ConfigDict(frozen=True, extra="ignore")


def _duplicate(codes: list[str], column: str, what: str) -> None:
    """Refuse a code on two rows; ``index`` in the error is the second row's."""
    seen: dict[str, int] = {}
    for index, code in enumerate(codes):
        if code.casefold() in seen:
            first = seen[code.casefold()]
            message = f"{what} “{code}” is on two rows. Keep one row for it."
            raise PydanticCustomError(
                "duplicate",
                "{message}",
                {"message": message, "index": index, "column": column, "first": first},
            )
        seen[code.casefold()] = index


def _adds_up(shares: dict[str, float], what: str, across: str) -> None:
    """Refuse shares that do not add up to 100%, in :func:`mix_message`'s words."""
    message = mix_message(shares)
    if message is not None:
        message = message.replace("The case mix", what).replace("across the levels", across)
        raise PydanticCustomError("mix", "{message}", {"message": message})


# -- the case-rate calculator ---------------------------------------------------------------


class Population(Sheet):
    """Steps 1, 2 and 6 of the calculator, one item a row."""

    enrollees: Cases = Field(
        alias="Enrollees", gt=0, description="Type the people covered, for example 30,000."
    )
    low: Percent = _percent("Low penetration rate", hint="9%")
    medium: Percent = _percent("Medium penetration rate", hint="10%")
    high: Percent = _percent("High penetration rate", hint="11%")
    scenario: Annotated[str, BeforeValidator(_choice(SCENARIOS, "a scenario"))] = Field(
        alias="Scenario for the plan", description="Type Low, Medium or High."
    )
    cost_per_hour: Annotated[Dollars, Field(gt=0)] | None = Field(None, alias="Cost per hour")

    def penetration(self) -> dict[str, float]:
        """Scenario name to penetration rate in percent."""
        return dict(zip(SCENARIOS, (self.low, self.medium, self.high), strict=True))


class LevelRow(Sheet):
    """One level of care: its average hours (step 5) and share of cases (step 4)."""

    level: Text = Field(alias="Level", description="Type the level's code, for example B.")
    description: Text = Field("", alias="Description")
    average_hours: Hours = Field(
        alias="Average hours", ge=0, description="Type a number of hours, for example 30."
    )
    share: Percent = _percent("Share of cases", hint="37%")


class Levels(Sheet):
    """Steps 4 and 5: one row a level; the shares add up to 100%."""

    rows: list[LevelRow]

    @model_validator(mode="after")
    def _check(self) -> Self:
        _duplicate([row.level for row in self.rows], "Level", "Level")
        _adds_up({row.level: row.share for row in self.rows}, "The case mix", "across the levels")
        return self


class ServiceCodeRow(Sheet):
    """One billing code: who delivers it, its rate per hour and its hours a year."""

    code: Text = Field(alias="Code", description="Type the billing code, for example 90837.")
    description: Text = Field("", alias="Description")
    prescriber: Percent = _percent("Prescriber", 0)
    rn: Percent = _percent("RN", 0)
    masters: Percent = _percent("Masters level", 0)
    below_masters: Percent = _percent("Below masters", 0)
    rate_per_hour: Dollars = Field(
        alias="Rate per hour", gt=0, description="Type an amount in dollars, for example 151.25."
    )
    annual_hours: Hours = Field(
        alias="Annual hours", ge=0, description="Type the hours a year, for example 20,080."
    )

    def clinician_mix(self) -> dict[str, float]:
        """Clinician type to share of the code's hours, in percent."""
        shares = (self.prescriber, self.rn, self.masters, self.below_masters)
        names = ("Prescriber", "RN", "Masters level", "Below masters")
        return {name: share for name, share in zip(names, shares, strict=True) if share}

    @model_validator(mode="after")
    def _check(self) -> Self:
        what = f"Code {self.code}'s clinician mix"
        _adds_up(self.clinician_mix() or {"": 0.0}, what, "across the clinician columns")
        return self


class ServiceCodes(Sheet):
    """Step 6: one row a billing code; the volume-weighted rate is the cost per hour."""

    rows: list[ServiceCodeRow]

    @model_validator(mode="after")
    def _check(self) -> Self:
        _duplicate([row.code for row in self.rows], "Code", "Code")
        if math.fsum(row.annual_hours for row in self.rows) <= 0:
            message = "The annual hours add up to 0. Type each code's hours a year."
            raise PydanticCustomError("no_hours", "{message}", {"message": message})
        return self


# -- the budget balancer --------------------------------------------------------------------


class ClinicalPlan(Sheet):
    """Sections 1 and 3 of the model: consumers and each clinician's direct-service time."""

    consumers: Cases = Field(
        alias="Consumers a year", ge=0, description="Type the consumers served, for example 1,000."
    )
    productivity: Annotated[Points, Field(gt=0, le=100)] = _percent("Productivity", hint="60%")
    leave_hours: Hours = Field(
        alias="Leave hours a year", ge=0, description="Type a number of hours, for example 200."
    )
    training_hours: Hours = Field(
        alias="Training hours a year", ge=0, description="Type a number of hours, for example 40."
    )
    paid_hours: Hours = Field(float(PAID_HOURS_PER_FTE), alias="Paid hours per FTE", gt=0)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.leave_hours + self.training_hours >= self.paid_hours:
            message = (
                f"Leave and training hours ({self.leave_hours + self.training_hours:,g}) leave "
                f"no time for service in the {self.paid_hours:,g} paid hours a year. Lower them."
            )
            raise PydanticCustomError("no_time", "{message}", {"message": message})
        return self


class PlanLevelRow(Sheet):
    """One level in the provider's plan: share of cases, hours per case, case rate paid."""

    level: Text = Field(alias="Level", description="Type the level's code, for example B.")
    share: Percent = _percent("Share of cases", hint="37%")
    hours_per_case: Hours = Field(
        alias="Hours per case", gt=0, description="Type a number of hours, for example 36."
    )
    case_rate: Dollars = Field(
        alias="Case rate", ge=0, description="Type an amount in dollars, for example 4,759."
    )


class PlanLevels(Sheet):
    """Sections 1, 2 and 7: one row a level; the shares add up to 100%."""

    rows: list[PlanLevelRow]

    @model_validator(mode="after")
    def _check(self) -> Self:
        _duplicate([row.level for row in self.rows], "Level", "Level")
        _adds_up({row.level: row.share for row in self.rows}, "The case mix", "across the levels")
        return self


def _dollars(alias: str, default: float | None = 0.0, hint: str = "1,250") -> Any:
    blank = f"Type an amount in dollars, for example {hint}."
    if default is None:
        return Field(alias=alias, ge=0, description=blank)
    return Field(default, alias=alias, ge=0, description=blank)


class StaffingSheet(Sheet):
    """Sections 4 and 5: FTEs on the payroll and what staff cost beyond salaries."""

    direct_ftes_on_payroll: Number = Field(
        alias="Direct-service FTEs on the payroll",
        ge=0,
        description="Type a number of FTEs, for example 45.5.",
    )
    benefits_rate: Percent = _percent("Benefits rate", hint="27%")
    payroll_tax_rate: Percent = _percent(
        "Payroll tax rate", float(format_percent(FICA_RATE, 4, sign=False)), hint="7.65%"
    )
    support_ftes: Number = Field(0.0, alias="Support FTEs", ge=0)
    avg_support_salary: Dollars = _dollars("Average support salary")
    contractor_fees: Dollars = _dollars("Contractor fees")


class StaffMixRow(Sheet):
    """One role: its share of direct-service FTEs and its salary."""

    role: Annotated[str, BeforeValidator(_choice(STAFF_ROLES, "a role of the staff mix"))] = Field(
        alias="Role", description="Type one of: " + ", ".join(STAFF_ROLES) + "."
    )
    share: Percent = _percent("Share of direct FTEs", hint="60%")
    salary: Dollars = _dollars("Salary", None, "65,000")


class StaffMix(Sheet):
    """The direct-service staff mix the average salary comes from: one row a role."""

    rows: list[StaffMixRow]

    @model_validator(mode="after")
    def _check(self) -> Self:
        _duplicate([row.role for row in self.rows], "Role", "Role")
        missing = [role for role in STAFF_ROLES if role not in {row.role for row in self.rows}]
        if missing:
            message = f"No row for {', '.join(missing)}. Add one (its share may be 0%)."
            raise PydanticCustomError("missing_role", "{message}", {"message": message})
        shares = {row.role: row.share for row in self.rows}
        _adds_up(shares, "The staff mix", "across the roles")
        return self

    def average_salary(self) -> float:
        """Average direct-service salary over the staff mix."""
        return math.fsum(float(Decimal(repr(r.share)) / 100) * r.salary for r in self.rows)


class OverheadSheet(Sheet):
    """Section 6: every yearly cost that is not staff, one line a row (blank lines are $0)."""

    occupancy: Dollars = _dollars("Occupancy")
    supplies: Dollars = _dollars("Supplies")
    travel: Dollars = _dollars("Travel")
    training: Dollars = _dollars("Training")
    depreciation: Dollars = _dollars("Depreciation")
    working_capital: Dollars = _dollars("Working capital")
    other: Dollars = _dollars("Other")


class OtherRevenueSheet(Sheet):
    """Section 7 beyond case rates, one line a row (blank lines are $0)."""

    fee_for_service: Dollars = _dollars("Fee for service")
    grants: Dollars = _dollars("Grants")
    fundraising: Dollars = _dollars("Fundraising")
    other: Dollars = _dollars("Other")
