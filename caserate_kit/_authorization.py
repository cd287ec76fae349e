"""Internal utilization management: tracking the units used on an authorization.

The managed care organization authorizes *units* of a service (a session, 15
minutes: whatever the contract says) from a start to an end date, maybe only for
some service codes. Services outside it are not paid, nor are units beyond the
authorized ones, so request a re-authorization before the units or dates run out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._charts import chart_axes, fit_for_phone
from ._exceptions import DateOrderError, InvalidInputError
from ._validate import require_count, require_fraction, require_positive

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "Authorization",
    "AuthorizationReview",
    "OutsideService",
    "ServiceDelivered",
    "burn_down_table",
    "plot_burn_down",
    "review_authorization",
]

_BEYOND = "beyond the authorized units"
_TOLERANCE = 1e-9


def _to_date(field: str, value: Any) -> dt.date:
    """Return ``value`` as a date; accept a date, a datetime or an ISO string."""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInputError(field, value, "must be a date like 2026-03-01")


def _units(amount: float) -> str:
    """Show a number of units without needless decimals: ``6``, ``2.5``, ``1 unit``."""
    shown = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return f"{shown} unit" if shown == "1" else f"{shown} units"


@dataclass(frozen=True)
class Authorization:
    """Units of a service approved by the managed care organization.

    Parameters
    ----------
    units
        Number of units approved (more than zero).
    start, end
        First and last day the authorization covers, as dates or ISO strings
        such as ``"2026-03-01"``. Both days are included.
    service_codes
        The service codes covered; empty means the authorization does not limit codes.
    label
        A name for the authorization, used in plot titles.

    Examples
    --------
    >>> auth = Authorization(24, "2026-01-05", "2026-03-29", ("90834",), "Individual therapy")
    >>> auth.units, auth.start, sorted(auth.service_codes)
    (24.0, datetime.date(2026, 1, 5), ['90834'])
    """

    units: float
    start: dt.date
    end: dt.date
    service_codes: frozenset[str] | tuple[str, ...] = ()
    label: str = ""

    if TYPE_CHECKING:  # the generated __init__ also takes ISO strings and any list of codes

        def __init__(
            self,
            units: float,
            start: dt.date | str,
            end: dt.date | str,
            service_codes: Iterable[str] = (),
            label: str = "",
        ) -> None: ...

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", require_positive("units", self.units))
        start, end = _to_date("start", self.start), _to_date("end", self.end)
        if end < start:
            reason = f"must be on or after start: {end.isoformat()} is before {start.isoformat()}"
            raise DateOrderError("end", self.end, reason)
        raw: Any = self.service_codes
        codes = list(raw) if isinstance(raw, Iterable) and not isinstance(raw, str) else [raw]
        if not all(isinstance(code, str) and code.strip() for code in codes):
            raise InvalidInputError("service_codes", raw, "must hold non-empty text codes")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "service_codes", frozenset(c.strip() for c in codes))


@dataclass(frozen=True)
class ServiceDelivered:
    """One service given to the member.

    Parameters
    ----------
    date
        Date of service, as a date or an ISO string such as ``"2026-03-01"``.
    units
        Units delivered (more than zero).
    service_code
        The billing code of the service; empty when not recorded.

    Examples
    --------
    >>> ServiceDelivered("2026-01-05", 1, "90834").date
    datetime.date(2026, 1, 5)
    """

    date: dt.date
    units: float
    service_code: str = ""

    if TYPE_CHECKING:  # the generated __init__ also takes an ISO string

        def __init__(self, date: dt.date | str, units: float, service_code: str = "") -> None: ...

    def __post_init__(self) -> None:
        if not isinstance(self.service_code, str):
            raise InvalidInputError("service_code", self.service_code, "must be text")
        object.__setattr__(self, "date", _to_date("date", self.date))
        object.__setattr__(self, "units", require_positive("units", self.units))
        object.__setattr__(self, "service_code", self.service_code.strip())


@dataclass(frozen=True)
class OutsideService:
    """A service, or part of one, that the authorization does not cover.

    ``units`` is how many of the service's units are not covered; ``reason`` says
    why in plain words (``"before start"``, ``"beyond the authorized units"``).
    """

    service: ServiceDelivered
    units: float
    reason: str


@dataclass(frozen=True)
class AuthorizationReview:
    """Where an authorization stands on one day; made by :func:`review_authorization`.

    ``units_used`` counts only covered units on or before ``as_of`` and never
    exceeds ``units_authorized``; ``units_over`` counts units delivered inside the
    dates and codes after the authorized units ran out. ``share_used`` is
    ``units_used / units_authorized``. Days are counted with both ends included.
    """

    as_of: dt.date
    units_authorized: float
    units_used: float
    units_remaining: float
    units_over: float
    share_used: float
    days_elapsed: int
    days_total: int
    burn_rate_per_week: float
    projected_exhaustion_date: dt.date | None
    reauth_due: bool
    reauth_due_date: dt.date
    reauth_reason: str
    outside: tuple[OutsideService, ...]
    messages: tuple[str, ...]


def _checked(auth: Any, services: Iterable[Any]) -> list[ServiceDelivered]:
    """Check the inputs and return the services sorted by date (stable)."""
    if not isinstance(auth, Authorization):
        raise InvalidInputError("auth", auth, "must be an Authorization")
    checked = list(services)
    for index, service in enumerate(checked):
        if not isinstance(service, ServiceDelivered):
            raise InvalidInputError(f"services[{index}]", service, "must be a ServiceDelivered")
    return sorted(checked, key=lambda service: service.date)


def _apply(
    auth: Authorization, services: list[ServiceDelivered], as_of: dt.date | None
) -> tuple[dict[dt.date, float], list[OutsideService]]:
    """Split sorted services into covered units by date and services (or parts) not covered."""
    counted: dict[dt.date, float] = {}
    outside: list[OutsideService] = []
    used = 0.0
    for service in services:
        if as_of is not None and service.date > as_of:
            break
        if service.date < auth.start:
            outside.append(OutsideService(service, service.units, "before start"))
        elif service.date > auth.end:
            outside.append(OutsideService(service, service.units, "after end"))
        elif auth.service_codes and service.service_code not in auth.service_codes:
            code = service.service_code or "(none given)"
            reason = f"service code {code} is not authorized"
            outside.append(OutsideService(service, service.units, reason))
        else:
            take = max(0.0, min(service.units, auth.units - used))
            if take > _TOLERANCE:
                counted[service.date] = counted.get(service.date, 0.0) + take
                used += take
            if service.units - take > _TOLERANCE:
                outside.append(OutsideService(service, service.units - take, _BEYOND))
    return counted, outside


def review_authorization(
    auth: Authorization,
    services: Iterable[ServiceDelivered],
    as_of: dt.date | str,
    reauth_lead_days: int = 14,
    warn_share: float = 0.8,
) -> AuthorizationReview:
    """Review units used, the pace of use, and when to request a re-authorization.

    Parameters
    ----------
    auth
        The authorization.
    services
        Services delivered, in any order. Services after ``as_of`` are ignored.
    as_of
        The day of the review.
    reauth_lead_days
        Days before the units run out (or the authorization ends) to send the
        re-authorization request: time to gather and send the notes, plus the
        plan's decision time (a Medicaid managed care plan has 7 calendar days
        for a standard request, for rating periods from January 1, 2026).
    warn_share
        Share of units used that calls for a re-authorization (0.8 is 80%).

    Returns
    -------
    AuthorizationReview
        The figures, the services not covered, and plain-language messages.
        Re-authorization is due once ``as_of`` reaches ``reauth_due_date`` (the
        earlier of the end date and the projected exhaustion date, less the lead
        days) or once ``warn_share`` of the units are used.

    Examples
    --------
    >>> auth = Authorization(24, "2026-01-05", "2026-03-29")
    >>> weekly = [ServiceDelivered(auth.start + dt.timedelta(weeks=w), 1) for w in range(12)]
    >>> review = review_authorization(auth, weekly, as_of="2026-02-15")
    >>> review.units_used, review.units_remaining, review.burn_rate_per_week
    (6.0, 18.0, 1.0)
    >>> review.reauth_due_date, review.reauth_due
    (datetime.date(2026, 3, 15), False)
    """
    day = _to_date("as_of", as_of)
    lead = require_count("reauth_lead_days", reauth_lead_days)
    warn = require_fraction("warn_share", warn_share)
    counted, outside = _apply(auth, _checked(auth, services), day)
    used = min(auth.units, math.fsum(counted.values()))
    used = auth.units if auth.units - used <= _TOLERANCE else used
    remaining = auth.units - used
    over = math.fsum(item.units for item in outside if item.reason == _BEYOND)
    days_total = (auth.end - auth.start).days + 1
    days_elapsed = min(max((day - auth.start).days + 1, 0), days_total)
    rate = used * 7 / days_elapsed if days_elapsed else 0.0
    exhaustion: dt.date | None = None
    if remaining == 0:
        exhaustion = max(counted)
    elif rate > 0 and day <= auth.end:
        exhaustion = day + dt.timedelta(days=math.ceil(remaining * 7 / rate - _TOLERANCE))
    runs_out_early = exhaustion is not None and exhaustion < auth.end
    due = auth.end - dt.timedelta(days=lead)
    if exhaustion is not None and runs_out_early:
        due = min(due, exhaustion - dt.timedelta(days=lead))
    share = used / auth.units
    reauth_due = day >= due or share >= warn

    if day > auth.end:
        reason = (
            f"The authorization ended on {auth.end}: services after that are not paid "
            "until a re-authorization is approved."
        )
    elif remaining == 0:
        reason = (
            f"All {_units(auth.units)} were used by {exhaustion}: services after that "
            "are not paid until a re-authorization is approved; request one now."
        )
    elif runs_out_early:
        reason = (
            f"Units will run out around {exhaustion}, before the authorization ends on "
            f"{auth.end}: request more by {due}."
        )
    else:
        reason = (
            f"The authorization ends on {auth.end}: request a re-authorization by {due} "
            "if care will continue."
        )
    messages: list[str] = []
    if day < auth.start:
        messages.append(
            f"As of {day} the authorization has not started: it runs from "
            f"{auth.start} to {auth.end}, and services before then are not paid."
        )
    if day > auth.end:
        messages.append(
            f"As of {day} the authorization has ended (it ran from {auth.start} "
            f"to {auth.end}); services after {auth.end} are not paid."
        )
    if remaining > 0 and share >= warn:
        messages.append(
            f"{share:.0%} of the authorized units are used ({_units(used)} of "
            f"{_units(auth.units)}): time to request a re-authorization."
        )
    if over > 0:
        messages.append(f"{_units(over)} delivered beyond the authorized units will not be paid.")
    for item in outside:
        if item.reason != _BEYOND:
            messages.append(
                f"The service on {item.service.date} ({_units(item.units)}) "
                f"will not be paid: {item.reason}."
            )
    if reauth_due and day <= auth.end:
        messages.append(f"Re-authorization is due. {reason}")
    left = remaining - rate * (auth.end - day).days / 7
    if rate > 0 and auth.start <= day <= auth.end and left >= 0.005:
        messages.append(
            f"At the current pace ({_units(rate)} a week) about {_units(left)} "
            f"will be left unused when the authorization ends on {auth.end}."
        )
    return AuthorizationReview(
        as_of=day,
        units_authorized=auth.units,
        units_used=used,
        units_remaining=remaining,
        units_over=over,
        share_used=share,
        days_elapsed=days_elapsed,
        days_total=days_total,
        burn_rate_per_week=rate,
        projected_exhaustion_date=exhaustion,
        reauth_due=reauth_due,
        reauth_due_date=due,
        reauth_reason=reason,
        outside=tuple(outside),
        messages=tuple(messages),
    )


def burn_down_table(auth: Authorization, services: Iterable[ServiceDelivered]) -> pd.DataFrame:
    """Covered units by date of service, for plotting the burn-down.

    Services outside the authorization, and units beyond the authorized ones,
    are left out (:func:`review_authorization` lists them). Services on the
    same date are added together.

    Returns
    -------
    pandas.DataFrame
        One row per date of service, with columns ``date``, ``units``,
        ``cumulative_units_used`` and ``units_remaining``.

    Examples
    --------
    >>> auth = Authorization(10, "2026-01-05", "2026-02-01")
    >>> visits = [ServiceDelivered("2026-01-12", 2), ServiceDelivered("2026-01-05", 1),
    ...           ServiceDelivered("2026-01-12", 1)]
    >>> burn_down_table(auth, visits)
            date  units  cumulative_units_used  units_remaining
    0 2026-01-05    1.0                    1.0              9.0
    1 2026-01-12    3.0                    4.0              6.0
    """
    cumulative, rows = 0.0, []
    for day, units in _apply(auth, _checked(auth, services), None)[0].items():
        cumulative += units
        rows.append((pd.Timestamp(day), units, cumulative, max(0.0, auth.units - cumulative)))
    columns = ["date", "units", "cumulative_units_used", "units_remaining"]
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({"date": "datetime64[ns]", **dict.fromkeys(columns[1:], "float64")})


def plot_burn_down(
    auth: Authorization,
    services: Iterable[ServiceDelivered],
    as_of: dt.date | str | None = None,
    reauth_lead_days: int = 14,
    ax: Axes | None = None,
    compact: bool = False,
) -> Axes:
    """Plot units remaining against the even-use line, the projection and key dates.

    Parameters
    ----------
    auth, services, reauth_lead_days
        As for :func:`review_authorization`.
    as_of
        The day of the review; defaults to the last date of service (or the start).
    ax
        Axes to draw on; a new figure is made when omitted.
    compact
        Draw for a phone: a figure :data:`PHONE_WIDTH` inches wide when ``ax`` is
        omitted, refitted by :func:`fit_for_phone`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes with the burn-down chart.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> auth = Authorization(24, "2026-01-05", "2026-03-29", label="Individual therapy")
    >>> visits = [ServiceDelivered(auth.start + dt.timedelta(weeks=w), 1) for w in range(6)]
    >>> ax = plot_burn_down(auth, visits)
    >>> ax.get_ylabel()
    'Units remaining'
    >>> matplotlib.pyplot.close(ax.figure)
    """
    from matplotlib.dates import date2num

    num: Callable[[dt.date], float] = date2num
    ordered = _checked(auth, services)
    day = _to_date("as_of", as_of) if as_of is not None else auth.start
    if as_of is None and ordered:
        day = max(ordered[-1].date, auth.start)
    review = review_authorization(auth, ordered, day, reauth_lead_days)
    if ax is None:
        ax = chart_axes(compact, (9, 5.5), 4.6)

    xs, ys, left = [num(auth.start)], [auth.units], auth.units
    for when, units in _apply(auth, ordered, day)[0].items():
        left = max(0.0, left - units)
        xs.append(num(when))
        ys.append(left)
    marked = list(range(1, len(xs)))
    if auth.start <= day:
        xs.append(num(min(day, auth.end)))
        ys.append(left)
    ax.step(
        xs,
        ys,
        where="post",
        marker="o",
        markevery=marked,
        label="Units remaining (dots: dates of service)",
    )
    ax.plot(
        [num(auth.start), num(auth.end)],
        [auth.units, 0],
        linestyle="--",
        label="Even use: all units spread over the authorization",
    )
    exhaustion, rate = review.projected_exhaustion_date, review.burn_rate_per_week
    if exhaustion is not None and left > 0 and auth.start <= day <= auth.end:
        stop = min(exhaustion, auth.end)
        at_stop = max(0.0, left - rate * (stop - day).days / 7)
        ax.plot(
            [num(day), num(stop)],
            [left, at_stop],
            linestyle=":",
            linewidth=2,
            label="Projection at the current pace",
        )
    due = review.reauth_due_date
    ax.axvline(
        num(due), linestyle="-.", color="tab:red", label=f"Request re-authorization by {due}"
    )
    ax.text(num(due), auth.units, " request re-authorization", rotation=90, va="top")
    ax.axvline(
        num(auth.end),
        linestyle="-",
        linewidth=2,
        color="black",
        label=f"Authorization ends {auth.end}",
    )
    ax.text(num(auth.end), auth.units, " authorization ends", rotation=90, va="top")
    ax.xaxis_date()
    ax.set_ylim(bottom=0)
    ax.set_title(f"{auth.label or 'Authorization'}: units remaining as of {day}")
    ax.set_xlabel("Date")
    ax.set_ylabel("Units remaining")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, fontsize="small")
    return fit_for_phone(ax) if compact else ax
