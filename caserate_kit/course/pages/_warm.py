"""A pooled page made ready before its learner arrives.

A pooled kernel runs its notebook's first cell, ``when_requested("posttest")``,
which imports what the page will need (:data:`WARM_MODULES`), reads the
question banks and opens the records, then waits for a learner's request; the
page itself is built in the next cell, for that learner. A lesson waits in its
header cell (``lesson_header``). The waiting cell carries the tag
``waits-for-request``, which the server gives no time limit.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._catalog import LESSONS, bank_path
from ._page_kernel import guard_page_kernel
from ._request import _state, is_preheated, wait_for_request_if_preheated

if TYPE_CHECKING:
    from ..records import Store

__all__ = ["WARM_MODULES", "warm", "when_requested"]

_log = logging.getLogger("caserate_kit.course")

WARM_MODULES: dict[str, tuple[str, ...]] = {
    "home": (
        "ipywidgets",
        "._home",
        "._signin",
        "._details",
        "..certificates._lesson_facts",
        "..certificates._ce_hours",
    ),
    "posttest": (
        "ipywidgets",
        "._posttest",
        "._posttest_session",
        "..widgets._early_posttest",
        "..certificates._codes",
        ".._numbers",
    ),
    "evaluation": ("ipywidgets", "._evaluation", "..widgets._form"),
    "exercise": ("ipywidgets", "._bar"),
    "details": ("ipywidgets", "._details", "..widgets._form"),
    "lesson": (
        "numpy",
        "matplotlib.pyplot",
        "IPython.display",
        "caserate_kit",
        "caserate_kit.examples",
        ".._figures",
        ".._glossary",
        ".._rubric",
        "._frame",
    ),
    "trainer": ("ipywidgets", "._bar", "._dashboard"),
}
"""What each pooled page imports before its learner arrives (names starting "." are ours,
relative to this package)."""
_OPENS_RECORDS_LATER = frozenset({"trainer"})


def warm(page: str) -> None:
    """Import what ``page`` will need (``WARM_MODULES``) and read the banks it will use.

    The home's lesson table reads every lesson and question bank for its CE
    hours; a post-test reads its bank, which one only the request will tell:
    a pooled kernel reads them all (each once: :func:`load_bank_once`).
    """
    for name in WARM_MODULES[page]:
        importlib.import_module(name, __package__)
    if page == "home":
        from ..certificates import lesson_facts

        for lesson in LESSONS:
            lesson_facts(lesson.number)
    elif page == "posttest":
        from ..quiz import load_bank_once

        for lesson in LESSONS:
            bank = bank_path(lesson)
            if bank.exists():
                load_bank_once(bank)


def when_requested(page: str, environ: Mapping[str, str] | None = None) -> Store | None:
    """Warm ``page`` (a key of :data:`WARM_MODULES`) and wait for its learner.

    In a pooled kernel: import the page's modules, open the records (not for
    the trainer dashboard, which opens them only once unlocked), wait for the
    request, and return the open store for the page to use. Anywhere else:
    return ``None`` at once (the page opens the records if it needs them).
    If getting ready fails (the database down while the kernel waits), the
    kernel still waits for its learner and returns ``None``: the page opens
    the records then.
    """
    if page not in WARM_MODULES:
        known = ", ".join(sorted(WARM_MODULES))
        from ..._exceptions import InvalidInputError

        raise InvalidInputError("page", page, f"is not a pooled page (pooled: {known})")
    guard_page_kernel(environ)
    if not is_preheated(environ) or _state["request_arrived"]:
        return None
    store = None
    try:
        warm(page)
        if page not in _OPENS_RECORDS_LATER:
            from ..records import Store

            store = Store()
    except Exception:
        # The records (or a bank) could not be read while the kernel waited for its learner,
        # say during a database outage: the page opens them when its learner arrives, and
        # shows its own calm panel if they still cannot be read, never Voila's error page.
        _log.warning("A pooled %s page could not get ready; it will try again", page, exc_info=True)
        store = None
    wait_for_request_if_preheated(environ)
    return store
