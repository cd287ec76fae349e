"""A page's kernel takes nothing from its page but answers and clicks, and sends no traceback.

ipywidgets lets the browser ask a kernel to create any widget (a ``comm_open``
to the ``jupyter.widget`` target), and anything a kernel writes to standard
error reaches the page. A course page needs neither: its widgets are all
made by the page's own code. So, in a kernel Voila started for a page,
:func:`guard_page_kernel` closes every widget the browser asks for (logged)
and sends standard error to the kernel process's own, which Voila writes to
the server's log. Elsewhere (JupyterLab, nbval) it changes nothing.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["guard_page_kernel", "under_voila"]

_log = logging.getLogger("caserate_kit.course")
WIDGET_TARGET = "jupyter.widget"


def under_voila(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this kernel was started by Voila for a page (pooled, or for one request)."""
    env = os.environ if environ is None else environ
    return "VOILA_PREHEAT" in env or env.get("SERVER_SOFTWARE", "").startswith("voila/")


def _refuse(comm: Any, msg: Mapping[str, Any]) -> None:
    """Close a widget the page asked the kernel to create, instead of creating it."""
    state = msg.get("content", {}).get("data", {}).get("state", {})
    model = state.get("_model_name", "?") if isinstance(state, Mapping) else "?"
    _log.warning("Refused a %s widget the page asked this kernel to create", str(model)[:60])
    comm.close()


def guard_page_kernel(environ: Mapping[str, str] | None = None) -> bool:
    """In a page kernel: refuse widgets from the page, keep standard error off the page.

    Returns whether it did (only under Voila).
    """
    if not under_voila(environ):
        return False
    import comm
    import ipywidgets  # type: ignore[import-untyped]  # noqa: F401 - registers its targets first

    comm.get_comm_manager().register_target(WIDGET_TARGET, _refuse)
    if sys.__stderr__ is not None:
        sys.stderr = sys.__stderr__
    return True
