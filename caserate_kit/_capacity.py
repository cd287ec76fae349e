"""Clinician capacity: direct-service hours, caseloads and FTEs.

Under case rates the question "how many clinicians do we need?" has three
parts:

1. **Direct-service hours per FTE.** One full-time equivalent (FTE) is paid
   2,080 hours a year. Take away leave (vacation, sick time, holidays) and
   training, then keep only the share spent with consumers (productivity):
   ``(paid - leave - training) x productivity``.
2. **Caseload.** A clinician can carry as many cases in a year as their
   direct-service hours cover: ``direct hours per FTE / average hours per case``.
   A clinician whose cases all need 80 hours carries one eighth of the cases of
   a clinician whose cases all need 10 hours.
3. **FTEs needed.** The service hours planned for all consumers divided by the
   direct-service hours one FTE delivers.

References
----------
.. [1] U.S. Office of Personnel Management, "Computing hourly rates of pay using
   the 2,087-hour divisor" (fact sheet): 2,080 hours is 52 workweeks of
   40 hours, the usual paid year of one FTE.
.. [2] "Setting benchmarks and determining psychiatric workloads in community
   mental health programs", *Psychiatric Services* 50(5):695, 1999,
   doi:10.1176/ps.50.5.695: workloads start from an agreed share of time in
   direct care, for example 60%.
.. [3] Community mental health centers commonly expect about 60-65% of
   available hours in direct service (see for example Ensora Health, "A guide
   to sustainable productivity").
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ._exceptions import OutOfRangeError
from ._validate import (
    require_fraction,
    require_mix,
    require_non_negative,
    require_positive,
    require_same_keys,
)

__all__ = [
    "PAID_HOURS_PER_FTE",
    "caseload",
    "caseload_for_mix",
    "ftes_needed",
    "productive_hours",
]

PAID_HOURS_PER_FTE = 2080
"""Paid hours of one full-time equivalent in a year: 40 hours x 52 weeks."""


def productive_hours(
    paid_hours: float = PAID_HOURS_PER_FTE,
    leave_hours: float = 200.0,
    training_hours: float = 40.0,
    productivity: float = 0.62,
) -> float:
    """Direct-service hours one FTE delivers in a year.

    Parameters
    ----------
    paid_hours
        Paid hours of one FTE a year (2,080 for 40 hours x 52 weeks).
    leave_hours
        Paid hours not at work: vacation, sick time and holidays. The default,
        200 hours, is three weeks of leave plus ten holidays.
    training_hours
        Paid hours in required training and continuing education.
    productivity
        Share of the remaining hours spent in direct service with consumers
        (0 to 1; write 62% as 0.62). The rest goes to documentation, meetings,
        supervision, travel and no-shows.

    Returns
    -------
    float
        ``(paid_hours - leave_hours - training_hours) x productivity``.

    Raises
    ------
    OutOfRangeError
        If an hour figure is negative, productivity is outside 0 to 1, or
        leave and training together exceed the paid hours.

    References
    ----------
    One FTE is paid 2,080 hours a year (40 x 52); community mental health
    centers commonly expect about 60-65% of available hours in direct service.
    See the module references.

    Examples
    --------
    >>> productive_hours(2080, leave_hours=200, training_hours=40, productivity=0.62)
    1140.8
    >>> productive_hours(productivity=0.65)
    1196.0
    """
    paid = require_positive("paid_hours", paid_hours)
    leave = require_non_negative("leave_hours", leave_hours)
    training = require_non_negative("training_hours", training_hours)
    share = require_fraction("productivity", productivity)
    if leave + training > paid:
        raise OutOfRangeError(
            "leave_hours + training_hours",
            leave + training,
            f"must not exceed paid_hours ({paid:g})",
        )
    return (paid - leave - training) * share


def caseload(direct_hours_per_fte: float, avg_hours_per_case: float) -> float:
    """Cases one FTE can carry in a year: direct-service hours / hours per case.

    Parameters
    ----------
    direct_hours_per_fte
        Direct-service hours one FTE delivers in a year (see
        :func:`productive_hours`).
    avg_hours_per_case
        Average service hours one case (episode) needs.

    Returns
    -------
    float
        Cases (episodes) per FTE per year, unrounded.

    Raises
    ------
    OutOfRangeError
        If ``avg_hours_per_case`` is zero or negative (it divides), or
        ``direct_hours_per_fte`` is negative.

    Notes
    -----
    This counts episodes over a year. The number of cases open at any one
    time is smaller when episodes are shorter than a year: with six-month
    episodes, about half.

    Examples
    --------
    A clinician with 1,140.8 direct-service hours a year and cases that need
    80 hours each (Level C) carries about 14 cases a year; with 10-hour cases
    (Level A), 8 times as many:

    >>> caseload(1140.8, 80)
    14.26
    >>> caseload(1140.8, 10)
    114.08
    """
    hours = require_non_negative("direct_hours_per_fte", direct_hours_per_fte)
    return hours / require_positive("avg_hours_per_case", avg_hours_per_case)


def caseload_for_mix(
    direct_hours_per_fte: float, mix: Mapping[str, float], avg_hours: Mapping[str, float]
) -> float:
    """Cases a year for a clinician who carries a given mix of levels.

    The hours per case are averaged over the clinician's own mix, then the
    direct-service hours are divided by that average.

    Parameters
    ----------
    direct_hours_per_fte
        Direct-service hours one FTE delivers in a year.
    mix
        Level code to the share of the clinician's cases at that level; the
        shares must add up to 1.
    avg_hours
        Level code to average hours per case; must name the same levels as
        ``mix``.

    Returns
    -------
    float
        Cases per FTE per year.

    Raises
    ------
    MixError
        If the shares of ``mix`` do not add up to 100%.
    MismatchError
        If ``avg_hours`` does not name the same levels as ``mix``.
    OutOfRangeError
        If the mix's average hours per case is zero.

    Examples
    --------
    Half Level A (10 hours) and half Level C (80 hours) averages 45 hours per
    case:

    >>> caseload_for_mix(1125, {"A": 0.5, "C": 0.5}, {"A": 10, "C": 80})
    25.0
    """
    shares = require_mix("mix", mix)
    require_same_keys("avg_hours", avg_hours, shares)
    average = math.fsum(
        share * require_non_negative(f"avg_hours[{code!r}]", avg_hours[code])
        for code, share in shares.items()
    )
    return caseload(direct_hours_per_fte, average)


def ftes_needed(service_hours: float, direct_hours_per_fte: float) -> float:
    """Direct-service FTEs needed to deliver a year's service hours.

    Parameters
    ----------
    service_hours
        Service hours planned for the year (the demand).
    direct_hours_per_fte
        Direct-service hours one FTE delivers in a year.

    Returns
    -------
    float
        FTEs, unrounded (hire in whole or part-time positions).

    Raises
    ------
    OutOfRangeError
        If ``direct_hours_per_fte`` is zero or negative (it divides), or
        ``service_hours`` is negative.

    Examples
    --------
    >>> ftes_needed(50_500, 1_010)
    50.0
    """
    hours = require_non_negative("service_hours", service_hours)
    return hours / require_positive("direct_hours_per_fte", direct_hours_per_fte)
