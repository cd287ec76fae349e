"""The server's pools of preheated page kernels, and its time limit per cell.

Voila keeps a pool of started kernels for the pages a class opens at once,
by default the course home and the post-tests (``etc/jupyter/voila.py``;
sizes from :data:`POOL_VARIABLES`). A pooled kernel builds as much of its page
as it can before a learner asks for it, then waits in a cell tagged
``waits-for-request`` (:mod:`caserate_kit.course.pages`); that cell has no time
limit (:func:`cell_timeout`), since it may sit in the pool for hours, and every
other cell must finish within :data:`CELL_TIMEOUT_SECONDS`. An exercise shows
nothing personal, so a pooled exercise kernel runs the whole page before
anyone asks for it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "CELL_TIMEOUT_SECONDS",
    "DEFAULT_POOLS",
    "POOLED_NOTEBOOKS",
    "POOL_VARIABLES",
    "REFILL_VARIABLE",
    "WAITS_TAG",
    "cell_timeout",
    "kernel_pools",
    "notebooks_of",
    "pool_size",
    "refill_delay",
]

CELL_TIMEOUT_SECONDS = 60
"""The longest a page's cell may run before Voila stops it and says so."""

WAITS_TAG = "waits-for-request"
"""The cell tag of a page's first cell, which waits in the pool for a learner."""


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


POOL_VARIABLES = {
    "home": "CASERATE_HOME_POOL",
    "posttest": "CASERATE_POSTTEST_POOL",
    "exercise": "CASERATE_EXERCISE_POOL",
    "forms": "CASERATE_FORMS_POOL",
    "lesson": "CASERATE_LESSON_POOL",
}
"""The environment variables that size each kind of page's pool."""
DEFAULT_POOLS = {"home": 2, "posttest": 4, "exercise": 1, "forms": 1, "lesson": 0}
"""Pool sizes when nothing is set: every page with live widgets has a kernel waiting.

A few learners arrive together at the home and a post-test; each exercise,
the evaluation, "Your details" and the trainer's dashboard keep one kernel
ready, replaced a few seconds after it is taken. The lessons need none: the
server writes them with no kernel (:mod:`._kernel_free`); their pool serves
only while the server is still writing them.
"""
POOLED_NOTEBOOKS = {
    "home": ("notebooks/home.ipynb",),
    "posttest": ("notebooks/posttest.ipynb",),
    "exercise": ("notebooks/exercise_[0-9][0-9]_*.ipynb",),
    "forms": ("notebooks/evaluation.ipynb", "notebooks/details.ipynb", "notebooks/trainer.ipynb"),
    "lesson": ("lessons/[0-9][0-9]_*.ipynb",),
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
        from ..._exceptions import InvalidInputError

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


def notebooks_of(page: str, root: Path) -> list[Path]:
    """The notebooks of one kind of pooled page, in the course folder ``root``."""
    return sorted({n for pattern in POOLED_NOTEBOOKS[page] for n in root.glob(pattern)})


def kernel_pools(
    environ: Mapping[str, str] | None = None, root: Path | None = None
) -> dict[str, dict[str, int]]:
    """Voila's ``kernel_pools_config``: a pool for each pooled notebook, none for the rest.

    Examples
    --------
    >>> kernel_pools({"CASERATE_POSTTEST_POOL": "30"})["notebooks/posttest.ipynb"]
    {'pool_size': 30}
    """
    from .._paths import course_root

    folder = course_root() if root is None else root
    pools = {"default": {"pool_size": 0}}
    for page in POOLED_NOTEBOOKS:
        size = pool_size(page, environ)
        if size:
            for notebook in notebooks_of(page, folder):
                pools[notebook.relative_to(folder).as_posix()] = {"pool_size": size}
    return pools
