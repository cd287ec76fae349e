"""The course server's log, kept to what a trainer needs to read.

Jupyter logs "Notebook ... is not trusted" each time a page's notebook is read,
so a class of 30 opening a post-test fills the trainer's window with warnings.
Notebook trust guards the outputs saved in a file, which a notebook server would
show; Voila runs every page afresh and shows only what the run prints, so the
warning never applies to the course. ``etc/jupyter/voila.py`` leaves it out,
of standalone Voila's log and, under JupyterHub, of a learner's server's log.
"""

from __future__ import annotations

import logging

__all__ = ["SERVER_LOGS", "TRUST_WARNING", "quiet_trust_warnings"]

TRUST_WARNING = "Notebook %s is not trusted"
"""The message (before its notebook's path is put in) that is left out."""
SERVER_LOGS = ("Voila", "ServerApp")
"""Standalone Voila's log (``make serve``) and Jupyter Server's (a learner's server on a hub)."""


def _not_a_trust_warning(record: logging.LogRecord) -> bool:
    return record.msg != TRUST_WARNING


def quiet_trust_warnings(*loggers: str) -> None:
    """Leave notebook-trust warnings out of the ``loggers`` (by default :data:`SERVER_LOGS`).

    >>> quiet_trust_warnings("doctest")
    >>> log = logging.getLogger("doctest")
    >>> log.filter(logging.makeLogRecord({"msg": TRUST_WARNING, "args": ("a.ipynb",)}))
    False
    >>> log.filter(logging.makeLogRecord({"msg": "Kernel started: %s", "args": ("k",)}))
    True
    """
    for name in loggers or SERVER_LOGS:
        target = logging.getLogger(name)
        if _not_a_trust_warning not in target.filters:
            target.addFilter(_not_a_trust_warning)
