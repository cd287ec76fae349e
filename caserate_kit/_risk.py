"""Risk of a case-rate budget: simulated total cost and the risk reserve.

A budget rests on one penetration rate, one case mix and one average number
of hours per level; a real year differs. A seeded Monte Carlo draws many
possible years, and the plan holds a *risk reserve*: the cost at a chosen
percentile of those years minus the budget. The inputs vary independently:
penetration is triangular over ``penetration_range`` peaking at the plan's
rate; the case mix is Dirichlet around the plan's mix; each level's hours,
and the rate per hour (one draw for all levels), get uniform factors within
plus or minus their spread. Every factor averages to the plan's value, so
with a symmetric penetration range the costs average to the budget.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ._charts import chart_axes, fit_for_phone, short_dollars
from ._exceptions import InvalidInputError, OutOfRangeError
from ._money import format_dollars
from ._plan import CaseRatePlan
from ._validate import require_count, require_fraction, require_non_negative, require_positive

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "RiskReserve",
    "Uncertainty",
    "plot_cost_distribution",
    "risk_reserve",
    "simulate_total_cost",
    "simulate_total_cost_loop",
]

Costs = Sequence[float] | npt.NDArray[np.floating[Any]]  # simulated total costs


def _require_spread(field: str, value: Any) -> float:
    spread = require_non_negative(field, value)
    if spread >= 1:
        raise OutOfRangeError(field, value, "must be below 1 (write 10% as 0.10)")
    return spread


@dataclass(frozen=True)
class Uncertainty:
    """How far a real year may stray from the plan's inputs.

    Parameters
    ----------
    penetration_range
        Lowest and highest penetration rate, such as ``(0.09, 0.11)``; drawn
        from a triangular distribution peaking at the plan's own rate, which
        must lie inside the range. ``None`` keeps the plan's rate.
    mix_concentration
        Concentration of a Dirichlet draw around the plan's case mix: a share
        *m* varies with standard deviation ``sqrt(m * (1 - m) / (concentration + 1))``,
        so larger means less spread. ``None`` keeps the plan's mix.
    hours_spread
        Relative spread of average hours: ``0.10`` lets each level's hours vary
        uniformly within +/-10%, independently per level. ``0`` keeps them.
    rate_spread
        Relative spread of the rate per hour; one draw shared by all levels.

    Examples
    --------
    >>> Uncertainty(penetration_range=(0.09, 0.11), mix_concentration=200, hours_spread=0.1)
    Uncertainty(penetration_range=(0.09, 0.11), mix_concentration=200.0, hours_spread=0.1, ...)
    >>> Uncertainty(penetration_range=(0.11, 0.09))
    Traceback (most recent call last):
    ...
    caserate_kit._exceptions.OutOfRangeError: penetration_range must be (low, high) ...
    """

    penetration_range: tuple[float, float] | None = None
    mix_concentration: float | None = None
    hours_spread: float = 0.0
    rate_spread: float = 0.0

    def __post_init__(self) -> None:
        given = self.penetration_range
        if given is not None:
            if isinstance(given, str | bytes) or not isinstance(given, Sequence) or len(given) != 2:
                raise InvalidInputError("penetration_range", given, "must be a pair (low, high)")
            try:
                low, high = (require_fraction("penetration_range", share) for share in given)
            except InvalidInputError as error:
                reason = "must hold two shares between 0 and 1 (write 10% as 0.10)"
                raise type(error)("penetration_range", given, reason) from None
            if low > high:
                reason = "must be (low, high) with low no more than high"
                raise OutOfRangeError("penetration_range", given, reason)
            object.__setattr__(self, "penetration_range", (low, high))
        if self.mix_concentration is not None:
            concentration = require_positive("mix_concentration", self.mix_concentration)
            object.__setattr__(self, "mix_concentration", concentration)
        object.__setattr__(self, "hours_spread", _require_spread("hours_spread", self.hours_spread))
        object.__setattr__(self, "rate_spread", _require_spread("rate_spread", self.rate_spread))


def _inputs(
    plan: CaseRatePlan, uncertainty: Uncertainty, n_scenarios: Any, seed: Any
) -> tuple[int, int, tuple[float, float, float] | None, list[float], list[float]]:
    """Checked scenario count and seed, penetration, case mix and cost per case by level."""
    n = require_count("n_scenarios", n_scenarios)
    if n < 1:
        raise OutOfRangeError("n_scenarios", n_scenarios, "must be at least 1")
    rates, hours = plan.rates_per_hour(), plan.avg_hours()
    penetration = None  # (low, mode, high) when it varies
    if uncertainty.penetration_range is not None:
        low, high = uncertainty.penetration_range
        if not low <= plan.penetration_rate <= high:
            reason = f"must contain the plan's penetration rate {plan.penetration_rate}"
            raise OutOfRangeError("penetration_range", uncertainty.penetration_range, reason)
        penetration = (low, float(plan.penetration_rate), high) if low < high else None
    mix = [plan.case_mix[code] for code in plan.codes]
    level_costs = [hours[code] * rates[code] for code in plan.codes]
    return n, require_count("seed", seed), penetration, mix, level_costs


def simulate_total_cost(
    plan: CaseRatePlan, uncertainty: Uncertainty, n_scenarios: int = 100_000, seed: int = 0
) -> npt.NDArray[np.float64]:
    """Simulate the plan's total cost in many possible years (vectorized).

    Each year costs enrollees x penetration x the sum over levels of
    share x average hours x rate per hour, with inputs drawn as the module
    describes.

    Parameters
    ----------
    plan
        The case-rate plan whose budget is at risk.
    uncertainty
        How penetration, case mix, hours and rate may vary.
    n_scenarios
        Number of simulated years.
    seed
        Seed of the random generator (a whole number); the same seed gives the same costs.

    Returns
    -------
    numpy.ndarray
        ``n_scenarios`` simulated total costs in dollars.

    Examples
    --------
    >>> from caserate_kit.examples._admirable import admirable_plan
    >>> plan = admirable_plan()
    >>> spread = Uncertainty((0.09, 0.11), mix_concentration=200, hours_spread=0.1)
    >>> costs = simulate_total_cost(plan, spread, n_scenarios=50_000, seed=1)
    >>> costs.shape
    (50000,)
    >>> bool(abs(costs.mean() / plan.total_budget() - 1) < 0.002)
    True
    >>> [format_dollars(cost) for cost in simulate_total_cost(plan, Uncertainty(), 2)]
    ['$24,030,535', '$24,030,535']
    """
    n, seed, penetration, shares, level_costs = _inputs(plan, uncertainty, n_scenarios, seed)
    rng = np.random.default_rng(seed)
    costs = np.full(n, float(plan.enrollees))
    costs *= plan.penetration_rate if penetration is None else rng.triangular(*penetration, n)
    mix = np.array(shares)[np.newaxis, :]  # one row, broadcast over scenarios
    if uncertainty.mix_concentration is not None:
        used = mix[0] > 0  # a level with no share stays at zero
        drawn = np.zeros((n, mix.shape[1]))
        drawn[:, used] = rng.dirichlet(uncertainty.mix_concentration * mix[0, used], size=n)
        mix = drawn
    by_level = np.array(level_costs)[np.newaxis, :]
    if uncertainty.hours_spread > 0:
        spread = uncertainty.hours_spread
        by_level = by_level * rng.uniform(1 - spread, 1 + spread, size=(n, by_level.shape[1]))
    costs *= np.einsum("ij,ij->i", *np.broadcast_arrays(mix, by_level))
    if uncertainty.rate_spread > 0:
        costs *= rng.uniform(1 - uncertainty.rate_spread, 1 + uncertainty.rate_spread, size=n)
    return costs


def _dirichlet(rng: random.Random, alphas: Sequence[float]) -> list[float]:
    """One Dirichlet draw: normalised gamma draws, in logs so tiny shares cannot vanish."""
    logs = []
    for alpha in alphas:
        if alpha == 0:
            logs.append(-math.inf)
        elif alpha > 1:
            logs.append(math.log(rng.gammavariate(alpha, 1.0)))
        else:  # Gamma(a) is Gamma(a + 1) times U ** (1 / a)
            boosted = math.log(rng.gammavariate(alpha + 1, 1.0))
            logs.append(boosted + math.log(1 - rng.random()) / alpha)
    top = max(logs)
    weights = [math.exp(value - top) for value in logs]
    total = math.fsum(weights)
    return [weight / total for weight in weights]


def simulate_total_cost_loop(
    plan: CaseRatePlan, uncertainty: Uncertainty, n_scenarios: int, seed: int = 0
) -> list[float]:
    """The same simulation one year at a time with the :mod:`random` module.

    The costs follow the distribution of :func:`simulate_total_cost` but are
    not the same numbers; this slower version is the readable reference and
    the benchmark baseline. Parameters and returns are as there, as a list.

    Examples
    --------
    >>> from caserate_kit.examples._admirable import admirable_plan
    >>> costs = simulate_total_cost_loop(admirable_plan(), Uncertainty(hours_spread=0.1), 1000)
    >>> len(costs), 21_000_000 < min(costs) <= max(costs) < 27_000_000
    (1000, True)
    """
    n, seed, penetration, shares, level_costs = _inputs(plan, uncertainty, n_scenarios, seed)
    rng = random.Random(seed)
    concentration = uncertainty.mix_concentration
    alphas = None if concentration is None else [concentration * share for share in shares]
    hours_spread, rate_spread = uncertainty.hours_spread, uncertainty.rate_spread
    costs = []
    for _ in range(n):
        low, mode, high = penetration or (plan.penetration_rate,) * 3
        rate = mode if penetration is None else rng.triangular(low, high, mode)
        mix = shares if alphas is None else _dirichlet(rng, alphas)
        per_case = 0.0
        for share, level_cost in zip(mix, level_costs, strict=True):
            factor = rng.uniform(1 - hours_spread, 1 + hours_spread) if hours_spread else 1.0
            per_case += share * level_cost * factor
        if rate_spread:
            per_case *= rng.uniform(1 - rate_spread, 1 + rate_spread)
        costs.append(plan.enrollees * rate * per_case)
    return costs


def _require_costs(costs: Costs) -> npt.NDArray[np.float64]:
    try:
        values = np.asarray(costs, dtype=float)
    except (TypeError, ValueError):
        raise InvalidInputError("costs", costs, "must be a list of numbers") from None
    if values.ndim != 1 or values.size == 0:
        raise InvalidInputError("costs", costs, "must be a non-empty list of simulated costs")
    if not np.isfinite(values).all():
        raise OutOfRangeError("costs", costs, "must all be finite numbers")
    return values


@dataclass(frozen=True)
class RiskReserve:
    """The reserve that covers a chosen share of simulated years.

    Attributes
    ----------
    percentile, budget
        Share of years to cover (percent) and the plan's budget.
    expected_cost, cost_at_percentile
        Mean simulated cost and the simulated cost at ``percentile``.
    reserve
        ``cost_at_percentile - budget``, or zero when the budget covers it.
    chance_over_budget, n_scenarios
        Share of simulated years above the budget (0 to 1), and their number.
    """

    percentile: float
    budget: float
    expected_cost: float
    cost_at_percentile: float
    reserve: float
    chance_over_budget: float
    n_scenarios: int

    def summary(self) -> str:
        """The reserve in one plain-language sentence for a finance director.

        Examples
        --------
        >>> result = risk_reserve([90.0, 100.0, 110.0, 120.0], budget=100.0, percentile=50)
        >>> print(result.summary())  # doctest: +NORMALIZE_WHITESPACE
        To cover 50% of the simulated years, hold $5 above the $100 budget;
        the budget is exceeded in 50% of them.
        """
        covered = f"{self.percentile:g}% of the simulated years"
        chance = self.chance_over_budget
        if 0 < chance < 0.005 or 0.995 < chance < 1:
            exceeded = "fewer than 1%" if chance < 0.5 else "more than 99%"
        else:
            exceeded = f"{chance:.0%}"
        budget = format_dollars(self.budget)
        tail = f"the budget is exceeded in {exceeded} of them."
        if self.reserve > 0:
            hold = f"hold {format_dollars(self.reserve)} above the {budget} budget"
            return f"To cover {covered}, {hold}; {tail}"
        return f"The {budget} budget already covers {covered}, so no reserve is needed; {tail}"


def risk_reserve(costs: Costs, budget: float, percentile: float = 95.0) -> RiskReserve:
    """The risk reserve: simulated cost at a percentile minus the budget.

    Parameters
    ----------
    costs
        Simulated total costs, as from :func:`simulate_total_cost`.
    budget
        The plan's budget, usually ``plan.total_budget()``.
    percentile
        Share of simulated years to cover, in percent (strictly between 0 and 100).

    Returns
    -------
    RiskReserve
        Expected cost, cost at the percentile, reserve, chance of going over budget.

    Examples
    --------
    >>> result = risk_reserve([90.0, 100.0, 110.0, 120.0], budget=100.0, percentile=50)
    >>> result.cost_at_percentile, result.reserve, result.chance_over_budget
    (105.0, 5.0, 0.5)
    >>> risk_reserve([90.0, 95.0], budget=100.0).reserve
    0.0
    """
    values = _require_costs(costs)
    budget = require_non_negative("budget", budget)
    level = require_positive("percentile", percentile)
    if level >= 100:
        raise OutOfRangeError("percentile", percentile, "must be below 100")
    at_percentile = float(np.percentile(values, level))
    return RiskReserve(
        percentile=level,
        budget=budget,
        expected_cost=float(values.mean()),
        cost_at_percentile=at_percentile,
        reserve=max(0.0, at_percentile - budget),
        chance_over_budget=float(np.mean(values > budget)),
        n_scenarios=int(values.size),
    )


def plot_cost_distribution(
    costs: Costs, reserve: RiskReserve, ax: Axes | None = None, compact: bool = False
) -> Axes:
    """Histogram of simulated costs: budget (solid), percentile cost (dashed), reserve (hatched).

    Parameters
    ----------
    costs
        Simulated total costs.
    reserve
        The result of :func:`risk_reserve` for the same costs.
    ax
        Axes to draw on; a new figure is made when omitted.
    compact
        Draw for a phone: a figure :data:`PHONE_WIDTH` inches wide when ``ax`` is
        omitted, refitted by :func:`fit_for_phone`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> costs = [90.0, 100.0, 110.0, 120.0]
    >>> ax = plot_cost_distribution(costs, risk_reserve(costs, 100.0, percentile=50))
    >>> ax.get_xlabel()
    'Total cost of care for the year'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    from matplotlib.ticker import FuncFormatter

    values = _require_costs(costs)
    if ax is None:
        ax = chart_axes(compact, (9, 4.5), 4.4)
    budget, at_percentile = reserve.budget, reserve.cost_at_percentile
    counts = ax.hist(values, bins=60, color="0.8", edgecolor="0.5", label="Simulated years")[0]
    peak = float(np.max(counts))
    ax.axvline(
        budget, color="black", linestyle="-", linewidth=2, label=f"Budget: {format_dollars(budget)}"
    )
    ax.axvline(
        at_percentile,
        color="black",
        linestyle="--",
        linewidth=2,
        label=f"Cost covering {reserve.percentile:g}% of years: {format_dollars(at_percentile)}",
    )
    if reserve.reserve > 0:  # a hatched span and a bracket above the bars, both labelled
        text = f"Risk reserve: {format_dollars(reserve.reserve)}"
        ax.axvspan(
            budget,
            at_percentile,
            facecolor="none",
            edgecolor="0.4",
            hatch="//",
            zorder=0,
            label=text,
        )
        ax.annotate(
            "",
            xy=(budget, peak * 1.1),
            xytext=(at_percentile, peak * 1.1),
            arrowprops={"arrowstyle": "|-|", "color": "black"},
        )
        ax.text(
            (budget + at_percentile) / 2,
            peak * 1.13,
            text,
            ha="center",
            va="bottom",
            bbox={"facecolor": "white", "edgecolor": "none"},
        )
    ax.set_ylim(0, peak * 1.3)
    ax.xaxis.set_major_formatter(FuncFormatter(short_dollars))
    ax.set_xlabel("Total cost of care for the year")
    ax.set_ylabel("Number of simulated years")
    ax.set_title(f"How much could the year cost? {reserve.n_scenarios:,} simulated years")
    ax.legend(loc="upper left", fontsize="small")
    return fit_for_phone(ax) if compact else ax
