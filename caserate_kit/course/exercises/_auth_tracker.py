"""Exercise 4, the logic: an authorization, the sessions delivered, and where they stand.

Everything the learner types is checked here and turned into the toolkit's
:class:`~caserate_kit.Authorization` and :class:`~caserate_kit.ServiceDelivered`;
a value that cannot be used raises :class:`EntryError` with a message written
for the learner. The review itself is :func:`caserate_kit.review_authorization`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

import caserate_kit as ck

from .._numbers import format_percent

__all__ = [
    "SAMPLE_LABEL",
    "EntryError",
    "chart_summary",
    "figure_rows",
    "headline",
    "make_authorization",
    "make_session",
    "parse_codes",
    "sample_case",
    "session_rows",
]

SAMPLE_LABEL = "Dana K., individual therapy (90837)"
"""The fictional case the tracker starts with."""

_SAMPLE_DAYS = (
    "03-02",
    "03-05",
    "03-09",
    "03-12",
    "03-16",
    "03-19",
    "03-23",
    "03-30",
    "04-02",
    "04-06",
    "04-09",
    "04-13",
    "04-16",
)
MAX_UNITS_PER_ENTRY = 96
"""Most units one entry may hold: a full day of 15-minute units."""
YEAR = dt.timedelta(days=365)


class EntryError(ck.InvalidInputError):
    """Something the learner typed cannot be used; ``str(error)`` says what and what to do."""

    def __init__(self, field: str, value: object, message: str) -> None:
        super().__init__(field, value, message)
        self.args = (message,)


def sample_case() -> tuple[ck.Authorization, list[ck.ServiceDelivered], dt.date]:
    """Dana K.'s authorization, the sessions delivered so far, and the review date.

    Dana (fictional) has 16 sessions of individual therapy approved for twelve
    weeks. She came twice a week at first, then weekly with extra visits, and
    the team also held one family session under a code the authorization does
    not cover.
    """
    auth = ck.Authorization(16, "2026-03-02", "2026-05-24", ("90837",), SAMPLE_LABEL)
    sessions = [ck.ServiceDelivered(f"2026-{day}", 1, "90837") for day in _SAMPLE_DAYS]
    sessions.insert(8, ck.ServiceDelivered("2026-03-26", 1, "90847"))
    return auth, sessions, dt.date(2026, 4, 17)


def parse_codes(text: str) -> tuple[str, ...]:
    """Service codes typed with commas or spaces between them (``"90837, 90834"``).

    Examples
    --------
    >>> parse_codes(" 90837,90834  H0004 ")
    ('90837', '90834', 'H0004')
    """
    return tuple(code.upper() for code in re.split(r"[,\s;]+", text.strip()) if code)


def make_authorization(
    units: float, start: dt.date | None, end: dt.date | None, codes: str, label: str = SAMPLE_LABEL
) -> ck.Authorization:
    """The authorization the form describes, or an :class:`EntryError` saying what to fix."""
    if not math.isfinite(units) or units <= 0:
        raise EntryError(
            "units", units, f"Units approved must be more than zero; the box says {units:g}."
        )
    if start is None or end is None:
        missing = "start" if start is None else "end"
        raise EntryError(missing, None, f"Choose the {missing} date of the authorization.")
    if end < start:
        raise EntryError(
            "end",
            end,
            f"The end date, {end}, is before the start date, {start}; "
            "the authorization must end on or after it starts.",
        )
    return ck.Authorization(units, start, end, parse_codes(codes), label)


def make_session(
    day: dt.date | None, units: float, code: str, auth: ck.Authorization
) -> ck.ServiceDelivered:
    """One session as typed, checked for the mistakes people make when entering them.

    Examples
    --------
    >>> auth = sample_case()[0]
    >>> make_session(dt.date(2062, 4, 20), 1, "90837", auth)
    Traceback (most recent call last):
    ...
    caserate_kit.course.exercises._auth_tracker.EntryError: 2062-04-20 is more than a year ...
    """
    if day is None:
        raise EntryError("date", None, "Choose the date of the session.")
    if day < auth.start - YEAR or day > auth.end + YEAR:
        raise EntryError(
            "date",
            day,
            f"{day} is more than a year from this authorization "
            f"({auth.start} to {auth.end}); check the year.",
        )
    if not math.isfinite(units) or units <= 0:
        raise EntryError("units", units, f"Units must be more than zero; the box says {units:g}.")
    if units > MAX_UNITS_PER_ENTRY:
        raise EntryError(
            "units",
            units,
            f"{units:g} units is more than one day can hold "
            f"({MAX_UNITS_PER_ENTRY} 15-minute units); check the "
            "number.",
        )
    codes = parse_codes(code)
    if len(codes) != 1:
        raise EntryError(
            "service_code", code, "Type one service code for the session, for example 90837."
        )
    return ck.ServiceDelivered(day, units, codes[0])


def _units(amount: float) -> str:
    shown = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return f"{shown} unit" if shown == "1" else f"{shown} units"


def session_rows(
    sessions: Sequence[ck.ServiceDelivered], review: ck.AuthorizationReview
) -> list[list[str]]:
    """One row per session, by date: number, date, units, code and what the review made of it."""
    outside: dict[int, list[ck.OutsideService]] = {}
    for item in review.outside:
        outside.setdefault(id(item.service), []).append(item)
    rows = []
    for number, service in enumerate(sessions, start=1):
        if service.date > review.as_of:
            status = "Not counted yet: after the review date"
        elif id(service) in outside:
            parts = outside[id(service)]
            short = sum(item.units for item in parts)
            reasons = "; ".join(item.reason for item in parts)
            counted = service.units - short
            status = (
                f"Not covered: {reasons}"
                if counted <= 0
                else f"{_units(counted)} counted; {_units(short)} not covered: {reasons}"
            )
        else:
            status = "Counted"
        rows.append(
            [
                str(number),
                service.date.isoformat(),
                f"{service.units:g}",
                service.service_code,
                status,
            ]
        )
    return rows


def figure_rows(review: ck.AuthorizationReview) -> list[list[str]]:
    """The review's figures, one row each."""
    runs_out = review.projected_exhaustion_date
    return [
        ["Units authorized", f"{review.units_authorized:g}"],
        ["Units used", f"{review.units_used:g} ({format_percent(review.share_used)})"],
        ["Units remaining", f"{review.units_remaining:g}"],
        ["Days elapsed", f"{review.days_elapsed} of {review.days_total}"],
        ["Burn rate", f"{review.burn_rate_per_week:.1f} units a week"],
        ["Projected run-out at this pace", runs_out.isoformat() if runs_out else "Not projected"],
        ["Request re-authorization by", review.reauth_due_date.isoformat()],
    ]


def headline(auth: ck.Authorization, review: ck.AuthorizationReview) -> tuple[str, str]:
    """The one thing to do now, as (message kind, text): ``bad``, ``warn`` or ``ok``."""
    if review.as_of > auth.end:
        return "bad", review.reauth_reason
    if review.reauth_due:
        late = review.as_of > review.reauth_due_date
        when = (
            f"The request date, {review.reauth_due_date}, has passed: send the request "
            "today, with the progress notes."
            if late
            else f"Send the request by {review.reauth_due_date}."
        )
        return "bad" if late else "warn", f"Re-authorization is due. {review.reauth_reason} {when}"
    return "ok", f"No re-authorization needed yet. {review.reauth_reason}"


def chart_summary(auth: ck.Authorization, review: ck.AuthorizationReview) -> str:
    """One sentence saying what the burn-down chart shows."""
    runs_out = review.projected_exhaustion_date
    text = (
        f"The line starts at {auth.units:g} units on {auth.start} and steps down at each "
        f"counted session to {review.units_remaining:g} left on {review.as_of}"
    )
    if runs_out is not None and review.units_remaining > 0 and runs_out < auth.end:
        return (
            text + f"; at {review.burn_rate_per_week:.1f} units a week the dotted projection "
            f"reaches zero around {runs_out}, before the authorization ends on {auth.end}."
        )
    if review.units_remaining == 0:
        return text + f"; every unit is used, before the authorization ends on {auth.end}."
    return text + f"; at this pace the units last until the authorization ends on {auth.end}."
