"""Utilization cohorts and the level-of-care conformance metric (step 8).

People at one level of care use very different amounts of service. Grouping
them into cohorts by hours shows the spread behind a case rate, which pays the
*average*. A common performance metric asks that at least 75% of people at a
level receive hours inside the level's guideline range.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._charts import chart_axes, fit_for_phone
from ._exceptions import InvalidInputError, OutOfRangeError
from ._validate import require_count, require_fraction, require_non_negative

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "CONFORMANCE_TARGET",
    "UtilizationCohort",
    "clients_in_range",
    "cohort_share_within_range",
    "cohort_table",
    "plot_cohort_hours",
    "share_within_range",
    "simulate_client_hours",
    "weighted_average_hours",
]

CONFORMANCE_TARGET = 0.75
"""Share of people whose hours should fall inside their level's range."""


@dataclass(frozen=True)
class UtilizationCohort:
    """A group of clients at one level whose hours per episode fall in one band.

    Examples
    --------
    >>> UtilizationCohort("Low utilization", clients=239, min_hours=4, max_hours=10, avg_hours=8)
    UtilizationCohort(name='Low utilization', clients=239, min_hours=4, max_hours=10, avg_hours=8)
    """

    name: str
    clients: int
    min_hours: float
    max_hours: float
    avg_hours: float

    def __post_init__(self) -> None:
        require_count(f"clients of {self.name}", self.clients)
        low = require_non_negative(f"min_hours of {self.name}", self.min_hours)
        high = require_non_negative(f"max_hours of {self.name}", self.max_hours)
        avg = require_non_negative(f"avg_hours of {self.name}", self.avg_hours)
        if low > high:
            raise OutOfRangeError(f"max_hours of {self.name}", high, f"must not be below {low}")
        if not low <= avg <= high:
            raise OutOfRangeError(
                f"avg_hours of {self.name}", avg, f"must lie between {low} and {high}"
            )


def _require_cohorts(cohorts: Sequence[UtilizationCohort]) -> None:
    if not cohorts:
        raise InvalidInputError("cohorts", list(cohorts), "must hold at least one cohort")
    if sum(c.clients for c in cohorts) == 0:
        raise InvalidInputError("cohorts", list(cohorts), "must hold at least one client")


def weighted_average_hours(cohorts: Sequence[UtilizationCohort]) -> float:
    """Average hours per client over all cohorts, weighted by clients.

    Examples
    --------
    >>> from caserate_kit.examples import LEVEL_B_COHORTS
    >>> round(weighted_average_hours(LEVEL_B_COHORTS), 1)
    30.1
    """
    _require_cohorts(cohorts)
    clients = sum(c.clients for c in cohorts)
    return math.fsum(c.clients * c.avg_hours for c in cohorts) / clients


def cohort_table(cohorts: Sequence[UtilizationCohort]) -> pd.DataFrame:
    """The cohort table with a ``Total`` row (clients summed, hours weighted).

    Returns
    -------
    pandas.DataFrame
        Indexed by cohort name; columns ``Clients``, ``Share of clients``,
        ``Minimum hours``, ``Maximum hours``, ``Average hours``, ``Total hours``.
    """
    _require_cohorts(cohorts)
    clients = sum(c.clients for c in cohorts)
    rows = [
        {
            "Cohort": c.name,
            "Clients": c.clients,
            "Share of clients": c.clients / clients,
            "Minimum hours": float(c.min_hours),
            "Maximum hours": float(c.max_hours),
            "Average hours": float(c.avg_hours),
            "Total hours": c.clients * float(c.avg_hours),
        }
        for c in cohorts
    ]
    rows.append(
        {
            "Cohort": "Total",
            "Clients": clients,
            "Share of clients": 1.0,
            "Minimum hours": min(float(c.min_hours) for c in cohorts),
            "Maximum hours": max(float(c.max_hours) for c in cohorts),
            "Average hours": weighted_average_hours(cohorts),
            "Total hours": math.fsum(c.clients * float(c.avg_hours) for c in cohorts),
        }
    )
    return pd.DataFrame(rows).set_index("Cohort")


def _check_range(low: float, high: float) -> tuple[float, float]:
    low = require_non_negative("low", low)
    high = require_non_negative("high", high)
    if high < low:
        raise OutOfRangeError("high", high, f"must not be below low ({low})")
    return low, high


def share_within_range(hours: Sequence[float], low: float, high: float) -> float:
    """Share of clients whose hours lie inside ``[low, high]`` (ends included).

    Examples
    --------
    >>> share_within_range([8, 12, 30, 49, 70], low=10, high=50)
    0.6
    """
    low, high = _check_range(low, high)
    if len(hours) == 0:
        raise InvalidInputError("hours", list(hours), "must hold at least one client's hours")
    values = np.asarray([require_non_negative("hours", h) for h in hours])
    return float(np.mean((values >= low) & (values <= high)))


def cohort_share_within_range(
    cohorts: Sequence[UtilizationCohort], low: float, high: float
) -> tuple[float, float]:
    """Bounds on the share of clients inside a range, from each cohort's band and average.

    A cohort's band says where its clients' hours can lie; its average limits how
    many of them can sit at one end of the band (:func:`clients_in_range`). The
    fewest and the most clients each cohort can have inside ``[low, high]`` are
    added up: the share counted from each client's own hours lies between them.

    Returns
    -------
    tuple of float
        ``(at_least, at_most)``.

    Examples
    --------
    >>> from caserate_kit.examples import LEVEL_B_COHORTS
    >>> low, high = cohort_share_within_range(LEVEL_B_COHORTS, 10, 50)
    >>> round(low, 3), round(high, 3)
    (0.603, 0.746)
    """
    _require_cohorts(cohorts)
    low, high = _check_range(low, high)
    counts = [clients_in_range(c, low, high) for c in cohorts]
    clients = sum(c.clients for c in cohorts)
    return sum(fewest for fewest, _ in counts) / clients, sum(most for _, most in counts) / clients


def clients_in_range(cohort: UtilizationCohort, low: float, high: float) -> tuple[int, int]:
    """The fewest and the most of a cohort's clients whose hours can lie in ``[low, high]``.

    ``k`` clients can be inside when their hours and the others' (below or above
    the range, where the band reaches) can add up to the cohort's total,
    ``clients * avg_hours``, every client within the band. A low-use cohort of
    239 clients with 4 to 10 hours, 8 on average, can have at most 159 clients
    at 10 hours: a 160th would leave the other 79 too few hours to stay at 4 or more.

    Examples
    --------
    >>> from caserate_kit.examples import LEVEL_B_COHORTS
    >>> clients_in_range(LEVEL_B_COHORTS[0], 10, 50)
    (0, 159)
    >>> clients_in_range(LEVEL_B_COHORTS[1], 15, 100)  # 11-30 hours, 20 on average
    (140, 418)
    """
    low, high = _check_range(low, high)
    possible = [k for k in range(cohort.clients + 1) if _can_have_inside(cohort, k, low, high)]
    return min(possible), max(possible)


def _can_have_inside(cohort: UtilizationCohort, k: int, low: float, high: float) -> bool:
    """Can exactly ``k`` of the cohort's clients have hours in ``[low, high]``?

    Of the other ``rest`` clients, ``i`` are below the range and ``rest - i``
    above it. The cohort's hours can then total anything from ``k * start +
    i * least + (rest - i) * above`` to ``k * end + i * below + (rest - i) * most``;
    both fall as ``i`` grows, so the ``i`` that fit form one run of whole numbers.
    """
    least, most = float(cohort.min_hours), float(cohort.max_hours)
    rest, total = cohort.clients - k, cohort.clients * float(cohort.avg_hours)
    slack = 1e-9 * max(1.0, total)
    start, end = max(least, low), min(most, high)  # where hours inside the range can be
    if k and start > end:
        return False
    below, above = min(most, low), max(least, high)  # nearest hours outside it, each side
    first: float = 0 if most > high else rest  # no room above: every other client is below
    last: float = rest if least < low else 0  # no room below: none is
    first = max(first, _at_least(k * start + rest * above - total - slack, above - least))
    last = min(last, _at_most(k * end + rest * most - total + slack, most - below))
    return first <= last


def _at_least(excess: float, step: float) -> float:
    """The smallest whole ``i`` with ``excess - i * step <= 0`` (``step >= 0``)."""
    if step > 0:
        return math.ceil(excess / step)
    return -math.inf if excess <= 0 else math.inf


def _at_most(room: float, step: float) -> float:
    """The largest whole ``i`` with ``room - i * step >= 0`` (``step >= 0``)."""
    if step > 0:
        return math.floor(room / step)
    return math.inf if room >= 0 else -math.inf


def simulate_client_hours(
    cohorts: Sequence[UtilizationCohort], seed: int = 0, concentration: float = 8.0
) -> np.ndarray:
    """Illustrative hours for every client, consistent with each cohort's band and average.

    Each cohort's hours are drawn from a beta distribution scaled to the
    cohort's minimum and maximum whose mean is the cohort's average. Use it to
    draw a picture of the spread; it is not real client data.

    Examples
    --------
    >>> from caserate_kit.examples import LEVEL_B_COHORTS
    >>> hours = simulate_client_hours(LEVEL_B_COHORTS, seed=1)
    >>> len(hours), bool(hours.min() >= 4 and hours.max() <= 110)
    (1110, True)
    """
    _require_cohorts(cohorts)
    if require_non_negative("concentration", concentration) == 0:
        raise OutOfRangeError("concentration", concentration, "must be greater than zero")
    rng = np.random.default_rng(seed)
    parts = []
    for c in cohorts:
        width = float(c.max_hours) - float(c.min_hours)
        if width == 0:
            parts.append(np.full(c.clients, float(c.min_hours)))
            continue
        mean = require_fraction("relative average", (c.avg_hours - c.min_hours) / width)
        mean = min(max(mean, 1e-3), 1 - 1e-3)
        draws = rng.beta(mean * concentration, (1 - mean) * concentration, size=c.clients)
        parts.append(float(c.min_hours) + draws * width)
    return np.concatenate(parts)


def plot_cohort_hours(
    cohorts: Sequence[UtilizationCohort],
    guideline: tuple[float, float] | None = None,
    seed: int = 0,
    ax: Axes | None = None,
    compact: bool = False,
) -> Axes:
    """Histogram of illustrative client hours, with the average and a guideline range.

    The dashed line marks the average hours the case rate pays for; the
    shaded band marks the guideline range, if given. With ``compact``, the
    chart is drawn for a phone (:func:`fit_for_phone`).
    """
    hours = simulate_client_hours(cohorts, seed=seed)
    average = weighted_average_hours(cohorts)
    if ax is None:
        ax = chart_axes(compact, (7, 4), 4.2)
    if guideline is not None:
        low, high = _check_range(*guideline)
        ax.axvspan(
            low,
            high,
            facecolor="#c9e3c2",
            hatch="//",
            edgecolor="#3b7a2a",
            alpha=0.6,
            label=f"Guideline range ({low:g}-{high:g} hours)",
        )
    ax.hist(
        hours,
        bins=range(0, int(hours.max()) + 6, 5),
        color="#1f5f8b",
        edgecolor="white",
        label="Clients (illustrative)",
    )
    ax.axvline(
        average,
        color="black",
        linestyle="--",
        linewidth=2,
        label=f"Average paid for: {average:.1f} hours",
    )
    ax.set_xlabel("Service hours in the episode")
    ax.set_ylabel("Number of clients")
    ax.set_title("Hours per client vary widely within one level of care")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fit_for_phone(ax) if compact else ax
