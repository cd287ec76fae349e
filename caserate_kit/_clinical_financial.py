"""The clinical-financial model: can we staff the plan, and can we afford it?

Sections 1-7 hold the plan and the budget: consumers and case mix, hours per
case, caseloads and FTEs, staff costs, overhead, revenue. Section 8, the
:class:`Dashboard`, answers two questions: does clinician capacity match the
hours planned, and does revenue cover expenses? Staff are costed at the FTEs
the plan *needs* (hire or cut to meet demand); the FTE gap shows the difference
from the payroll. Change one input at a time (:meth:`ClinicalFinancialModel.replace`,
:func:`compare_changes`) and look at the dashboard after each change.

Staff, overhead and other revenue (sections 4 to 7) are in :mod:`._costs`.
"""

from __future__ import annotations

import dataclasses
import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._capacity import PAID_HOURS_PER_FTE, caseload, ftes_needed, productive_hours
from ._charts import PHONE_WIDTH, fit_for_phone, short_dollars
from ._costs import OtherRevenue, Overhead, Staffing, _amounts
from ._exceptions import InvalidInputError, OutOfRangeError
from ._levels import cases_by_level, service_hours_by_level
from ._money import format_dollars
from ._validate import (
    require_mix,
    require_non_negative,
    require_positive,
    require_same_keys,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ClinicalFinancialModel", "Dashboard", "compare_changes", "plot_dashboard"]

_MONEY = ("Revenue", "Expense", "Margin")


@dataclass(frozen=True)
class Dashboard:
    """Section 8: capacity against demand and revenue against expense.

    Parameters
    ----------
    demand_hours, capacity_hours
        Service hours planned; direct-service hours of the FTEs on the payroll.
    ftes_needed, ftes_on_payroll
        Direct-service FTEs the plan needs, and those employed.
    revenue, expense
        Yearly totals (expense costs the FTEs needed).
    fte_tolerance
        Capacity is balanced when the FTE gap is within plus or minus this
        many FTEs (half a position by default); the budget is balanced when
        the margin is zero or more.

    Examples
    --------
    >>> board = Dashboard(5_000, 4_500, 5.0, 4.5, revenue=900_000, expense=950_000)
    >>> board.fte_gap, board.margin, board.capacity_balanced, board.budget_balanced
    (0.5, -50000, True, False)
    >>> print(board)
    Capacity: balanced — you need 5.0 clinician FTEs and have 4.5 (within ±0.5 FTE).
    Budget: expenses exceed revenue by $50,000.
    """

    demand_hours: float
    capacity_hours: float
    ftes_needed: float
    ftes_on_payroll: float
    revenue: float
    expense: float
    fte_tolerance: float = 0.5

    def __post_init__(self) -> None:
        _amounts(self)

    @property
    def fte_gap(self) -> float:
        """FTEs needed minus FTEs on payroll: positive means hire."""
        return self.ftes_needed - self.ftes_on_payroll

    @property
    def margin(self) -> float:
        """Revenue minus expense: negative is a deficit."""
        return self.revenue - self.expense

    @property
    def capacity_balanced(self) -> bool:
        """Is the FTE gap within plus or minus ``fte_tolerance``?"""
        return abs(self.fte_gap) <= self.fte_tolerance + 1e-9

    @property
    def budget_balanced(self) -> bool:
        """Does revenue cover expense?"""
        return self.margin >= 0

    def messages(self) -> tuple[str, str]:
        """The answers to the capacity and the budget question, in plain words."""
        need = f"you need {self.ftes_needed:.1f} clinician FTEs and have {self.ftes_on_payroll:.1f}"
        if self.capacity_balanced:
            capacity = f"balanced — {need} (within ±{self.fte_tolerance:g} FTE)."
        elif self.fte_gap > 0:
            capacity = f"{need} — hire {self.fte_gap:.1f} FTEs or plan fewer hours."
        else:
            capacity = f"{need} — {-self.fte_gap:.1f} FTEs more than the plan needs; plan more "
            capacity += "services or reduce staff."
        if self.budget_balanced:
            budget = f"revenue exceeds expenses by {format_dollars(self.margin)}."
        else:
            budget = f"expenses exceed revenue by {format_dollars(-self.margin)}."
        return f"Capacity: {capacity}", f"Budget: {budget}"

    def __str__(self) -> str:
        return "\n".join(self.messages())

    def figures(self) -> dict[str, float | bool]:
        """The figures by name, capacity first (the columns of :func:`compare_changes`)."""
        return {
            "Demand hours": self.demand_hours,
            "Capacity hours": self.capacity_hours,
            "FTEs needed": self.ftes_needed,
            "FTEs on payroll": self.ftes_on_payroll,
            "FTE gap": self.fte_gap,
            "Capacity balanced": self.capacity_balanced,
            "Revenue": self.revenue,
            "Expense": self.expense,
            "Margin": self.margin,
            "Budget balanced": self.budget_balanced,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per figure: its ``Question``, unrounded ``Value`` (yes = 1) and ``Shown as``."""
        rows = []
        for name, value in self.figures().items():
            if isinstance(value, bool):
                shown = "Yes" if value else "No"
            elif name in _MONEY:
                shown = format_dollars(value)
            else:
                shown = f"{value:,.0f} hours" if "hours" in name else f"{value:.1f}"
            budget = name in _MONEY or name == "Budget balanced"
            rows.append(
                {
                    "Figure": name,
                    "Question": "Budget" if budget else "Capacity",
                    "Value": float(value),
                    "Shown as": shown,
                }
            )
        return pd.DataFrame(rows).set_index("Figure")


@dataclass(frozen=True)
class ClinicalFinancialModel:
    """Sections 1 to 7 of the clinical-financial model, and the dashboard they give.

    Parameters
    ----------
    consumers, case_mix
        Section 1: consumers (cases) a year; level code to share of cases (adds up to 1).
    avg_hours
        Section 2: level code to average service hours per case.
    case_rates
        Section 7: level code to the case rate paid per case, in dollars.
    staffing, overhead, other_revenue
        Sections 4-7: a :class:`Staffing`, an :class:`Overhead`, an :class:`OtherRevenue`.
    productivity, leave_hours, training_hours, paid_hours
        Section 3: the inputs of :func:`productive_hours` (direct hours per FTE).

    Examples
    --------
    >>> model = ClinicalFinancialModel(
    ...     consumers=100, case_mix={"A": 0.5, "B": 0.5}, avg_hours={"A": 15, "B": 30},
    ...     case_rates={"A": 2_000, "B": 4_000},
    ...     staffing=Staffing(2, 60_000, 0.25, support_ftes=0.5, avg_support_salary=40_000),
    ...     overhead=Overhead(occupancy=30_000, other=20_000),
    ...     productivity=0.625, leave_hours=200, training_hours=80,
    ... )
    >>> model.demand_hours(), model.direct_hours_per_fte(), model.ftes_needed()
    (2250.0, 1125.0, 2.0)
    >>> round(model.total_revenue()), round(model.total_expense()), round(model.margin())
    (300000, 235710, 64290)
    >>> round(model.replace(**{"avg_hours.B": 45}).fte_gap(), 3)
    0.667
    """

    consumers: float
    case_mix: Mapping[str, float]
    avg_hours: Mapping[str, float]
    case_rates: Mapping[str, float]
    staffing: Staffing
    overhead: Overhead = Overhead()
    other_revenue: OtherRevenue = OtherRevenue()
    productivity: float = 0.62
    leave_hours: float = 200.0
    training_hours: float = 40.0
    paid_hours: float = PAID_HOURS_PER_FTE

    def __post_init__(self) -> None:
        require_non_negative("consumers", self.consumers)
        mix = require_mix("case_mix", self.case_mix)
        object.__setattr__(self, "case_mix", mix)
        for name, check in (("avg_hours", require_positive), ("case_rates", require_non_negative)):
            given: Mapping[str, float] = getattr(self, name)
            require_same_keys(name, given, mix)
            object.__setattr__(self, name, {k: check(f"{name}[{k!r}]", given[k]) for k in mix})
        for name, kind in (
            ("staffing", Staffing),
            ("overhead", Overhead),
            ("other_revenue", OtherRevenue),
        ):
            if not isinstance(getattr(self, name), kind):
                raise InvalidInputError(name, getattr(self, name), f"must be a {kind.__name__}")
        if self.direct_hours_per_fte() == 0:
            raise OutOfRangeError(
                "direct_hours_per_fte",
                0.0,
                "must be greater than zero: raise productivity or lower leave and training hours",
            )

    def replace(self, **changes: Any) -> ClinicalFinancialModel:
        """A copy with some inputs changed, for testing one change at a time.

        Name an input (``productivity=0.63``), one level of a by-level input
        (``**{"avg_hours.B": 30}``) or one line of a section
        (``**{"overhead.travel": 150_000}``).
        """
        updates: dict[str, Any] = {}
        for key, value in changes.items():
            name, _, part = key.partition(".")
            if name not in self.__dataclass_fields__:
                raise InvalidInputError(key, value, "is not an input of the model")
            current = updates.get(name, getattr(self, name))
            if not part:
                updates[name] = value
            elif isinstance(current, Mapping) and part in current:
                updates[name] = {**current, part: value}
            elif dataclasses.is_dataclass(current) and part in current.__dataclass_fields__:
                updates[name] = dataclasses.replace(current, **{part: value})  # type: ignore[type-var]
            else:
                raise InvalidInputError(key, value, f"names no level or line of {name}")
        return dataclasses.replace(self, **updates)

    def direct_hours_per_fte(self) -> float:
        """Section 3: direct-service hours one FTE delivers in a year."""
        return productive_hours(
            self.paid_hours, self.leave_hours, self.training_hours, self.productivity
        )

    def cases_by_level(self) -> dict[str, float]:
        """Section 1: consumers at each level."""
        return cases_by_level(self.consumers, self.case_mix)

    def service_hours(self) -> dict[str, float]:
        """Section 2: service hours each level needs (its cases x hours per case)."""
        return service_hours_by_level(self.cases_by_level(), self.avg_hours)

    def demand_hours(self) -> float:
        """Section 2: all service hours planned, the demand."""
        return math.fsum(self.service_hours().values())

    def caseloads(self) -> dict[str, float]:
        """Section 3: cases a year for one FTE carrying only cases of each level."""
        hours = self.direct_hours_per_fte()
        return {code: caseload(hours, avg) for code, avg in self.avg_hours.items()}

    def capacity_hours(self) -> float:
        """Section 4: direct-service hours of the FTEs on the payroll."""
        return self.staffing.direct_ftes_on_payroll * self.direct_hours_per_fte()

    def ftes_needed(self) -> float:
        """Section 4: direct-service FTEs the demand needs."""
        return ftes_needed(self.demand_hours(), self.direct_hours_per_fte())

    def fte_gap(self) -> float:
        """Section 4: FTEs needed minus FTEs on payroll (positive: hire)."""
        return self.ftes_needed() - self.staffing.direct_ftes_on_payroll

    def staffing_cost(self) -> float:
        """Section 5: the FTEs needed, support staff and contractors."""
        return self.staffing.cost(self.ftes_needed())

    def total_expense(self) -> float:
        """Sections 5 and 6: staffing cost plus overhead."""
        return self.staffing_cost() + self.overhead.total()

    def case_rate_revenue(self) -> float:
        """Section 7: cases at each level times its case rate."""
        return math.fsum(n * self.case_rates[code] for code, n in self.cases_by_level().items())

    def total_revenue(self) -> float:
        """Section 7: case-rate revenue plus other revenue."""
        return self.case_rate_revenue() + self.other_revenue.total()

    def margin(self) -> float:
        """Total revenue minus total expense."""
        return self.total_revenue() - self.total_expense()

    def dashboard(self, fte_tolerance: float = 0.5) -> Dashboard:
        """Section 8: the capacity and budget questions answered."""
        return Dashboard(
            self.demand_hours(),
            self.capacity_hours(),
            self.ftes_needed(),
            self.staffing.direct_ftes_on_payroll,
            self.total_revenue(),
            self.total_expense(),
            fte_tolerance,
        )


def compare_changes(
    base: ClinicalFinancialModel, changes: Mapping[str, Mapping[str, Any]]
) -> pd.DataFrame:
    """Apply each named change to the base model on its own and tabulate the dashboards.

    Parameters
    ----------
    base
        The model every change starts from.
    changes
        Change name to the inputs it changes, as given to
        :meth:`ClinicalFinancialModel.replace` (``{"productivity": 0.63}``).

    Returns
    -------
    pandas.DataFrame
        One row per change, indexed by ``Change``: the dashboard figures, then
        ``FTE gap change`` and ``Margin change`` from the base (negative gap
        change: fewer FTEs to hire; positive margin change: more left over).

    Examples
    --------
    >>> model = ClinicalFinancialModel(100, {"A": 1.0}, {"A": 20}, {"A": 3_000},
    ...                                Staffing(2, 60_000, benefits_rate=0.25))
    >>> table = compare_changes(model, {"Fewer hours": {"avg_hours.A": 18}})
    >>> table[["FTE gap change", "Margin change"]].round(3).to_dict("records")
    [{'FTE gap change': -0.175, 'Margin change': 13953.366}]
    """
    if not changes:
        raise InvalidInputError("changes", dict(changes), "must name at least one change")
    before = base.dashboard()
    rows = []
    for name, change in changes.items():
        if not change:
            raise InvalidInputError(f"changes[{name!r}]", dict(change), "must change an input")
        rows.append({"Change": name, **base.replace(**change).dashboard().figures()})
    table = pd.DataFrame(rows).set_index("Change")
    table["FTE gap change"] = table["FTE gap"] - before.fte_gap
    table["Margin change"] = table["Margin"] - before.margin
    return table


def plot_dashboard(
    dashboard: Dashboard, fig: Figure | None = None, compact: bool = False
) -> Figure:
    """Draw the dashboard: FTEs needed against on payroll, expense against revenue.

    Every bar is labelled with its figure and the needed and expense bars are
    hatched, so the chart reads without colour; each panel's title says the
    answer in words.

    Parameters
    ----------
    dashboard
        The dashboard to draw, from :meth:`ClinicalFinancialModel.dashboard`.
    fig
        A figure to draw in; a new 10 x 4.5 inch figure when omitted.
    compact
        Draw for a phone: the capacity panel above the budget panel, on a figure
        :data:`PHONE_WIDTH` inches wide when ``fig`` is omitted, each panel
        refitted by :func:`fit_for_phone`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with the capacity panel on the left and the budget panel on the right.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig = plot_dashboard(Dashboard(5_000, 4_000, 5.0, 4.0, 900_000, 950_000))
    >>> [ax.get_title().splitlines()[0] for ax in fig.axes]
    ['Capacity: clinician FTEs', 'Budget: dollars a year']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    if fig is not None:
        figure = fig
    elif compact:
        figure = plt.figure(figsize=(PHONE_WIDTH, 6.8), layout="constrained")
    else:
        figure = plt.figure(figsize=(10, 4.5))
    left, right = figure.subplots(2, 1) if compact else figure.subplots(1, 2)
    capacity, budget = (text.split(": ", 1)[1] for text in dashboard.messages())
    panels = (
        (
            left,
            "Capacity: clinician FTEs",
            ("Needed", "On payroll"),
            (dashboard.ftes_needed, dashboard.ftes_on_payroll),
            "{:.1f} FTEs".format,
            capacity,
        ),
        (
            right,
            "Budget: dollars a year",
            ("Expense", "Revenue"),
            (dashboard.expense, dashboard.revenue),
            short_dollars if compact else format_dollars,
            budget,
        ),
    )
    for ax, title, labels, values, show, answer in panels:
        bars = ax.bar(labels, values, color=("#E69F00", "#0072B2"), edgecolor="black")
        bars[0].set_hatch("//")
        ax.bar_label(bars, labels=[show(v) for v in values], padding=3)
        words = textwrap.fill(answer[:1].upper() + answer[1:], 34 if compact else 50)
        ax.set_title(f"{title}\n{words}", fontsize=10)
        ax.set_ylim(0, max(*values, 1.0) * 1.18)
        ax.spines[["top", "right"]].set_visible(False)
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_dollars(v)))
    if compact:
        right.yaxis.set_major_formatter(FuncFormatter(short_dollars))
        for ax in (left, right):
            fit_for_phone(ax)
    else:
        figure.tight_layout()
    return figure
