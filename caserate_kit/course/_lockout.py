"""How long the trainer dashboard pauses after wrong passcodes, and for whom.

The wrong passcodes are kept in the records (``passcode_failures``), so the
pause holds across pages, reloads and restarts; this module is the policy, a
pure function of when the wrong passcodes came.

- Wrong passcodes count together as a **streak** until 15 quiet minutes pass
  (quiet minutes start when any pause ends).
- From one address (a **client**), the 5th wrong passcode of a streak pauses
  that address for 1 minute; each further one doubles the pause, up to 1 hour.
- From all addresses together, the 20th wrong passcode of a streak pauses
  everyone the same way, so that trying from many addresses does not help.
- While paused, the page does not even check a passcode.

>>> from datetime import UTC, datetime
>>> start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
>>> five = [start + timedelta(seconds=10 * n) for n in range(5)]
>>> lock_end(five, CLIENT_LIMIT) - five[-1]
datetime.timedelta(seconds=60)
>>> lock_end(five[:4], CLIENT_LIMIT) is None
True
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

__all__ = [
    "CLIENT_LIMIT",
    "FIRST_LOCK",
    "LONGEST_LOCK",
    "LOOKBACK",
    "OVERALL_LIMIT",
    "QUIET",
    "UNKNOWN_CLIENT",
    "Lockout",
    "lock_end",
    "lock_length",
    "lockout",
    "request_client",
]

CLIENT_LIMIT: Final = 5
"""Wrong passcodes from one address, in one streak, before that address is paused."""

OVERALL_LIMIT: Final = 20
"""Wrong passcodes from all addresses together, in one streak, before everyone is paused."""

QUIET: Final = timedelta(minutes=15)
"""Quiet time (after any pause) that ends a streak."""

FIRST_LOCK: Final = timedelta(minutes=1)
"""The pause after the wrong passcode that reaches a limit; each further one doubles it."""

LONGEST_LOCK: Final = timedelta(hours=1)
"""The longest pause."""

LOOKBACK: Final = timedelta(hours=24)
"""How far back wrong passcodes are read: far longer than a streak needs to reach the
longest pause, so a streak cut off here is still paused as long."""

UNKNOWN_CLIENT: Final = "unknown"
"""The client of a page whose request does not say where it came from."""

_ADDRESS_VARIABLES: Final = ("HTTP_X_CASERATE_CLIENT", "REMOTE_ADDR")
"""Where a page's environment names its request's address: the header the course's server
sets to the client's address, overwriting any a browser sent (a proxy's headers are honoured
there, with ``--ServerApp.trust_xheaders=True``), then ``REMOTE_ADDR``."""


def lock_length(failures: int, limit: int) -> timedelta:
    """The pause after the ``failures``-th wrong passcode of a streak (none below ``limit``).

    >>> [lock_length(n, 5).total_seconds() / 60 for n in (4, 5, 6, 7)]
    [0.0, 1.0, 2.0, 4.0]
    >>> lock_length(40, 5) == LONGEST_LOCK
    True
    """
    if failures < limit:
        return timedelta(0)
    doublings = min(failures - limit, 16)  # 2**16 minutes is far past the cap
    return min(FIRST_LOCK * (1 << doublings), LONGEST_LOCK)


def lock_end(failures: Iterable[datetime], limit: int) -> datetime | None:
    """When the pause earned by these wrong passcodes (oldest first) ends; ``None`` if none.

    A wrong passcode more than :data:`QUIET` after the previous one (or after the
    pause that followed it) starts a new streak.
    """
    count, end = 0, None
    quiet_from: datetime | None = None
    for at in failures:
        if quiet_from is not None and at - quiet_from > QUIET:
            count = 0
        count += 1
        pause = lock_length(count, limit)
        end = at + pause if pause else None
        quiet_from = end or at
    return end


@dataclass(frozen=True)
class Lockout:
    """A pause in force: until when, and whether it holds for everyone or one address."""

    until: datetime
    everyone: bool

    def wait(self, now: datetime) -> timedelta:
        """How long is left at ``now``."""
        return max(self.until - now, timedelta(0))


def lockout(
    client_failures: Sequence[datetime], all_failures: Sequence[datetime], now: datetime
) -> Lockout | None:
    """The pause in force at ``now``, given the client's and everyone's wrong passcodes.

    When both are paused, the longer pause is the one in force.
    """
    mine = lock_end(client_failures, CLIENT_LIMIT)
    everyone = lock_end(all_failures, OVERALL_LIMIT)
    found = [
        Lockout(until, shared)
        for until, shared in ((mine, False), (everyone, True))
        if until is not None and until > now
    ]
    return max(found, key=lambda pause: pause.until, default=None)


def _address(value: str, last: bool) -> str | None:
    """A valid IP address from a header value (the last of a list, the one a proxy added)."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts:
        return None
    candidate = parts[-1] if last else parts[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def request_client(environ: Mapping[str, str] | None = None) -> str:
    """The address the page's request came from, or ``"unknown"``.

    Voila hands a page's kernel the request's query and server name, not the
    browser's address; the course's server puts the client's address in the
    header ``X-Caserate-Client`` (overwriting any sent), which Voila passes on
    (``VoilaConfiguration.http_header_envs``) as ``HTTP_X_CASERATE_CLIENT``.
    Headers a browser can set itself (``X-Forwarded-For``) are never read
    here. Anything that is not an IP address is ignored.

    >>> request_client({"HTTP_X_CASERATE_CLIENT": "10.0.0.7"})
    '10.0.0.7'
    >>> request_client({"HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    'unknown'
    >>> request_client({"REMOTE_ADDR": "not an address"})
    'unknown'
    """
    env = os.environ if environ is None else environ
    for name in _ADDRESS_VARIABLES:
        found = _address(env.get(name, ""), last=False)
        if found is not None:
            return found
    return UNKNOWN_CLIENT
