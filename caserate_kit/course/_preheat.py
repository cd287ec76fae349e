"""Preheated page kernels: a page made ready before its learner arrives.

Voila keeps a pool of started kernels for the pages a class opens at once,
by default the course home and the post-tests (``etc/jupyter/voila.py``;
sizes from :data:`POOL_VARIABLES`). A pooled kernel runs its notebook's
first cell, ``when_requested("posttest")``, which imports what the page will
need and opens the records, then waits for a learner's request; the page
itself is built in the next cell, for that learner. A lesson waits in its
header cell (``lesson_header``). The waiting cell carries the tag
``waits-for-request`` and has no time limit (:func:`cell_timeout`), since it
may sit in the pool for hours; every other cell must finish within
:data:`CELL_TIMEOUT_SECONDS`. An exercise shows nothing personal, so a pooled
exercise kernel runs the whole page before anyone asks for it.

Outside a pool (a kernel started for one request, a test, nbval) nothing
waits and nothing is opened early.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._store import Store

__all__ = [
    "CELL_TIMEOUT_SECONDS",
    "DEFAULT_POOLS",
    "POOLED_NOTEBOOKS",
    "POOL_VARIABLES",
    "REFILL_VARIABLE",
    "WAITS_TAG",
    "WARM_MODULES",
    "cell_timeout",
    "is_preheated",
    "kernel_pools",
    "pool_size",
    "refill_delay",
    "wait_for_request_if_preheated",
    "warm",
    "when_requested",
]

CELL_TIMEOUT_SECONDS = 60
"""The longest a page's cell may run before Voila stops it and says so."""

WAITS_TAG = "waits-for-request"
"""The cell tag of a page's first cell, which waits in the pool for a learner."""

WARM_MODULES: dict[str, tuple[str, ...]] = {
    "home": ("ipywidgets", "._home_page", "._signin_page", "._lesson_page", "._ce_hours"),
    "posttest": ("ipywidgets", "._posttest_page", "._posttest", "._certificates", "._home_page"),
    "lesson": (
        "numpy",
        "matplotlib.pyplot",
        "IPython.display",
        "caserate_kit",
        "caserate_kit.examples",
        "._figures",
        "._glossary",
        "._rubric",
        "._page_frame",
    ),
}
"""What each pooled page imports before its learner arrives (names starting "." are ours)."""

_state = {"request_arrived": False}


def cell_timeout(cell: Mapping[str, Any]) -> int | None:
    """Voila's time limit for ``cell``: none for the cell that waits in the pool.

    Examples
    --------
    >>> cell_timeout({"metadata": {"tags": ["waits-for-request"]}}) is None
    True
    >>> cell_timeout({"metadata": {}})
    60
    """
    tags = (cell.get("metadata") or {}).get("tags") or ()
    return None if WAITS_TAG in tags else CELL_TIMEOUT_SECONDS


def is_preheated(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this kernel was started for Voila's pool (``VOILA_PREHEAT``)."""
    env = os.environ if environ is None else environ
    return env.get("VOILA_PREHEAT", "False") == "True"


def _query_address(env: Mapping[str, str]) -> str:
    """Where Voila tells a pooled kernel about the request it was taken for."""
    protocol = env.get("VOILA_WS_PROTOCOL", "ws")
    host, port = env.get("VOILA_APP_IP", "127.0.0.1"), env.get("VOILA_APP_PORT", "8866")
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{env.get('VOILA_KERNEL_ID', '')}"


def _receive_request(address: str) -> dict[str, str]:
    """The request's details (``QUERY_STRING`` and the like), once Voila sends them."""
    received: dict[str, str] = {}

    async def listen() -> None:
        from tornado.websocket import websocket_connect

        connection = await websocket_connect(address, connect_timeout=10)
        try:
            message = await connection.read_message()
        finally:
            connection.close()
        details = json.loads(message) if isinstance(message, str) else {}
        if isinstance(details, dict):
            received.update({str(k): str(v) for k, v in details.items()})

    # The kernel's own event loop is busy running this cell: listen on another thread.
    listener = threading.Thread(target=asyncio.run, args=(listen(),), daemon=True)
    listener.start()
    listener.join()
    return received


def wait_for_request_if_preheated(environ: Mapping[str, str] | None = None) -> None:
    """In a pooled kernel, wait (once) until a request gives the page its address.

    Voila sends a pooled kernel the request's details (address, query string)
    over a websocket when it hands the kernel to a learner; they are put in
    the environment, where the pages read them. (Voila's own helper would do
    the same, but importing it loads the whole server, 40 MB, into each kernel.)
    """
    if _state["request_arrived"] or not is_preheated(environ):
        return
    env = os.environ if environ is None else environ
    os.environ.update(_receive_request(_query_address(env)))
    _state["request_arrived"] = True


def warm(page: str) -> None:
    """Import what ``page`` will need (``WARM_MODULES``) and read the banks it will use.

    The home's lesson table reads every lesson and question bank for its CE
    hours; a post-test reads its bank, which one only the request will tell:
    a pooled kernel reads them all (each once: :func:`load_bank_once`).
    """
    for name in WARM_MODULES[page]:
        importlib.import_module(name, __package__)
    from ._catalog import LESSONS

    if page == "home":
        from ._lesson_page import lesson_facts

        for lesson in LESSONS:
            lesson_facts(lesson.number)
    elif page == "posttest":
        from ._banks import load_bank_once
        from ._config import course_id
        from ._paths import quizzes_dir

        for lesson in LESSONS:
            bank = quizzes_dir() / f"{course_id(lesson)}.yaml"
            if bank.exists():
                load_bank_once(bank)


def when_requested(page: str, environ: Mapping[str, str] | None = None) -> Store | None:
    """Warm ``page`` (``"home"`` or ``"posttest"``) and wait for its learner.

    In a pooled kernel: import the page's modules, open the records, wait
    for the request, and return the open store for the page to use. Anywhere
    else: return ``None`` at once (the page opens the records if it needs them).
    """
    if page not in WARM_MODULES:
        known = ", ".join(sorted(WARM_MODULES))
        from .._exceptions import InvalidInputError

        raise InvalidInputError("page", page, f"is not a pooled page (pooled: {known})")
    if not is_preheated(environ) or _state["request_arrived"]:
        return None
    warm(page)
    from ._store import Store

    store = Store()
    wait_for_request_if_preheated(environ)
    return store


POOL_VARIABLES = {
    "home": "CASERATE_HOME_POOL",
    "posttest": "CASERATE_POSTTEST_POOL",
    "lesson": "CASERATE_LESSON_POOL",
    "exercise": "CASERATE_EXERCISE_POOL",
}
"""The environment variables that size each kind of page's pool."""
DEFAULT_POOLS = {"home": 2, "posttest": 4, "lesson": 0, "exercise": 0}
"""Pool sizes when nothing is set: a few learners arriving together at the home and a post-test.

Lessons and exercises are opened at different moments, so by default they
are not pooled; each lesson or exercise would hold its own pool.
"""
POOLED_NOTEBOOKS = {
    "home": "notebooks/home.ipynb",
    "posttest": "notebooks/posttest.ipynb",
    "lesson": "lessons/[0-9][0-9]_*.ipynb",
    "exercise": "notebooks/exercise_[0-9][0-9]_*.ipynb",
}
"""Each kind of page's notebooks, as patterns in the course folder."""
MAX_POOL = 200


def _whole_number(variable: str, raw: str, low: int, high: int) -> int:
    """``raw`` (the value of ``variable``) as a whole number from ``low`` to ``high``."""
    try:
        number = int(raw)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        from .._exceptions import InvalidInputError

        raise InvalidInputError(variable, raw, f"must be a whole number from {low} to {high}")
    return number


def pool_size(page: str, environ: Mapping[str, str] | None = None) -> int:
    """The number of preheated kernels kept for ``page`` (its variable, or the default)."""
    env = os.environ if environ is None else environ
    variable = POOL_VARIABLES[page]
    raw = env.get(variable, "").strip()
    return _whole_number(variable, raw, 0, MAX_POOL) if raw else DEFAULT_POOLS[page]


REFILL_VARIABLE = "CASERATE_POOL_REFILL_SECONDS"
"""How long a pool waits, after a kernel is taken, before starting its replacement."""
DEFAULT_REFILL_SECONDS = 5
CLASS_REFILL_SECONDS = 60
MAX_REFILL_SECONDS = 3600


def refill_delay(environ: Mapping[str, str] | None = None) -> int:
    """Seconds between a pooled kernel being taken and its replacement starting.

    Starting a kernel takes a core for about two seconds; started at once, the
    replacement would compete with the very page its learner is opening. A
    pool sized for a class (``--class-size``) waits longer (60 s), until the
    class has arrived. A learner who finds the pool empty meanwhile waits for
    the replacement, so the delay is kept short unless the pool is large.

    Examples
    --------
    >>> refill_delay({})
    5
    >>> refill_delay({"CASERATE_POOL_REFILL_SECONDS": "60"})
    60
    """
    env = os.environ if environ is None else environ
    raw = env.get(REFILL_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_REFILL_SECONDS
    return _whole_number(REFILL_VARIABLE, raw, 0, MAX_REFILL_SECONDS)


def kernel_pools(
    environ: Mapping[str, str] | None = None, root: Path | None = None
) -> dict[str, dict[str, int]]:
    """Voila's ``kernel_pools_config``: a pool for each pooled notebook, none for the rest.

    Examples
    --------
    >>> kernel_pools({"CASERATE_POSTTEST_POOL": "30"})["notebooks/posttest.ipynb"]
    {'pool_size': 30}
    """
    from ._paths import course_root

    folder = course_root() if root is None else root
    pools = {"default": {"pool_size": 0}}
    for page, pattern in POOLED_NOTEBOOKS.items():
        size = pool_size(page, environ)
        if size:
            for notebook in sorted(folder.glob(pattern)):
                pools[notebook.relative_to(folder).as_posix()] = {"pool_size": size}
    return pools
