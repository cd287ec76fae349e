"""What one visitor can make the course server do: the pages it serves and the kernels it starts.

Every page with live widgets runs in a kernel of its own (about 105 MB, for as
long as the page is open). Left alone, anyone who can reach the server could
start kernels until the machine runs out of memory. So the server:

- serves only the course's own pages (:func:`is_course_page`): the lessons
  and the pages in ``notebooks/``; no folder listing, no contents API, no
  other notebook, and only the course's two templates (:data:`TEMPLATES`);
- starts no kernel for a page that needs a signed-in learner
  (:data:`SESSION_PAGES`) when the address carries no current sign-in;
- counts the kernels it starts or hands out for requests, per client address
  and in total (:class:`KernelLedger`), and refuses a page calmly beyond
  :class:`KernelCaps`;
- shuts down kernels whose page stays connected but idle for
  :data:`CONNECTED_IDLE_VARIABLE` minutes (Voila's own culler only ends
  kernels no page is connected to).

Behind a reverse proxy, every request comes from the proxy's address: start
the server with ``--ServerApp.trust_xheaders=True`` so that the client's own
address (``X-Forwarded-For``, ``X-Real-IP``) is the one counted.
"""

from __future__ import annotations

import contextvars
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

__all__ = [
    "CLIENT",
    "CLIENT_HEADER",
    "CONNECTED_IDLE_VARIABLE",
    "COURSE_PAGE",
    "MAX_KERNELS_VARIABLE",
    "PER_CLIENT_VARIABLE",
    "SESSION_PAGES",
    "TEMPLATES",
    "KernelCaps",
    "KernelLedger",
    "connected_idle_minutes",
    "idle_connected_kernels",
    "is_course_page",
]

_log = logging.getLogger("caserate_kit.course.server")

COURSE_PAGE: Final = r"(?:notebooks/[a-z0-9_]+|lessons/\d{2}_[a-z0-9_]+)\.ipynb"
"""The course's pages, as a pattern (no groups) for a route."""
TEMPLATES: Final = frozenset({"caserate", "caserate-slides"})
"""The templates a page may ask for with ``?template=`` (none: the course's own)."""
THEMES: Final = frozenset({"light", "dark"})
"""The themes a page may ask for with ``?theme=``."""
SESSION_PAGES: Final[Mapping[str, str]] = {
    "notebooks/posttest.ipynb": "Post-test",
    "notebooks/evaluation.ipynb": "Course evaluation",
    "notebooks/details.ipynb": "Your details",
}
"""Pages that show nothing without a signed-in learner (and their titles), so start no kernel
without one: the page asking to sign in is served without a kernel instead."""
CLIENT_HEADER: Final = "X-Caserate-Client"
"""The header the server sets (overwriting any sent) to the client's address, so that a page's
kernel knows it (as ``HTTP_X_CASERATE_CLIENT``) to count wrong trainer passcodes per address."""
MAX_KERNELS_VARIABLE: Final = "CASERATE_MAX_KERNELS"
PER_CLIENT_VARIABLE: Final = "CASERATE_KERNELS_PER_CLIENT"
CONNECTED_IDLE_VARIABLE: Final = "CASERATE_CONNECTED_IDLE_MINUTES"

CLIENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("caserate_client", default=None)
"""The address of the client whose request is being answered (None outside a request)."""

_COURSE_PAGE = re.compile(COURSE_PAGE)


def is_course_page(path: str) -> bool:
    """Whether ``path`` (relative to the course folder) is one of the course's pages."""
    return bool(_COURSE_PAGE.fullmatch(path))


def _whole(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    from ._pools import _whole_number

    text = environ.get(name, "").strip()
    return _whole_number(name, text, low, high) if text else default


@dataclass(frozen=True)
class KernelCaps:
    """How many page kernels requests may hold: in total, and per client address (0: no cap)."""

    total: int = 60
    per_client: int = 6

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> KernelCaps:
        """The caps set by ``CASERATE_MAX_KERNELS`` and ``CASERATE_KERNELS_PER_CLIENT``."""
        env = os.environ if environ is None else environ
        default = cls()
        return cls(
            _whole(env, MAX_KERNELS_VARIABLE, default.total, 1, 2000),
            _whole(env, PER_CLIENT_VARIABLE, default.per_client, 0, 2000),
        )


def connected_idle_minutes(environ: Mapping[str, str] | None = None) -> int:
    """Minutes a kernel whose page stays connected may sit idle before it is shut down
    (``CASERATE_CONNECTED_IDLE_MINUTES``, 60 by default; 0 never ends one)."""
    return _whole(os.environ if environ is None else environ, CONNECTED_IDLE_VARIABLE, 60, 0, 1440)


GRACE_SECONDS: Final = 120.0
"""How long a kernel counts against its client before its page connects to it."""


@dataclass
class KernelLedger:
    """Which client each page kernel was started (or taken from a pool) for.

    :meth:`install` wraps the kernel manager's two ways of giving a request a
    kernel (``start_kernel`` and ``get_rendered_notebook``), so that each one
    is set down against the client of the request (:data:`CLIENT`). A pool's
    own refills go round them and are never counted against anyone.

    A kernel counts while its page is connected to it, or for
    :data:`GRACE_SECONDS` after it was given out (the page still loading, or
    never connecting): a learner who moves from page to page leaves kernels
    behind that no page uses, and Voila's culler ends those.
    """

    caps: KernelCaps
    live: Callable[[], Mapping[str, int]]
    """Each live kernel's id and how many pages are connected to it."""
    owners: dict[str, tuple[str, float]] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic

    def install(self, manager: Any) -> None:
        """Wrap ``manager``'s methods that give a request its kernel."""
        start, rendered = manager.start_kernel, getattr(manager, "get_rendered_notebook", None)

        async def start_kernel(*args: Any, **kwargs: Any) -> str:
            result = start(*args, **kwargs)
            kernel_id: str = await result if hasattr(result, "__await__") else result
            self.note(kernel_id)
            return kernel_id

        manager.start_kernel = start_kernel
        if rendered is not None:

            async def get_rendered_notebook(*args: Any, **kwargs: Any) -> Any:
                found = await rendered(*args, **kwargs)
                self.note(found[-1])
                return found

            manager.get_rendered_notebook = get_rendered_notebook

    def note(self, kernel_id: str) -> None:
        """Set ``kernel_id`` down against the current request's client."""
        client = CLIENT.get()
        if client is not None:
            self.owners[kernel_id] = (client, self.clock())

    def held(self) -> dict[str, str]:
        """The kernels that count now, and their clients (forgetting those that ended)."""
        alive = self.live()
        for kernel_id in [k for k in self.owners if k not in alive]:
            del self.owners[kernel_id]
        now = self.clock()
        return {
            kernel_id: client
            for kernel_id, (client, given) in self.owners.items()
            if alive[kernel_id] > 0 or now - given < GRACE_SECONDS
        }

    def held_by(self, client: str) -> int:
        """How many kernels given to ``client``'s requests count now."""
        return sum(1 for owner in self.held().values() if owner == client)

    def refusal(self, client: str) -> str | None:
        """Why a new page kernel for ``client`` is refused now, or None if it is not."""
        held = self.held()
        if len(held) >= self.caps.total:
            return "total"
        mine = sum(1 for owner in held.values() if owner == client)
        if self.caps.per_client and mine >= self.caps.per_client:
            return "client"
        return None


def idle_connected_kernels(
    kernels: list[dict[str, Any]], minutes: int, now: datetime | None = None
) -> list[str]:
    """The ids of kernels with a page connected and no activity for ``minutes`` (0: none)."""
    if not minutes:
        return []
    limit = (now or datetime.now(UTC)) - timedelta(minutes=minutes)
    found = []
    for model in kernels:
        last = model.get("last_activity")
        if isinstance(last, str):
            last = datetime.fromisoformat(last.replace("Z", "+00:00"))
        if model.get("connections", 0) and isinstance(last, datetime) and last < limit:
            found.append(str(model["id"]))
    return found
