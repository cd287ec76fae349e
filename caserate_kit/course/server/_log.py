"""The course server's log, kept to what a trainer needs to read, and free of sign-ins.

Jupyter logs "Notebook ... is not trusted" each time a page's notebook is read,
so a class of 30 opening a post-test fills the trainer's window with warnings.
Notebook trust guards the outputs saved in a file, which a notebook server would
show; Voila runs every page afresh and shows only what the run prints, so the
warning never applies to the course. ``etc/jupyter/voila.py`` leaves it out,
of standalone Voila's log and, under JupyterHub, of a learner's server's log.

A page's address carries the learner's session token (``?token=...``), and the
server logs the address of every request that fails (a 404, a refused
websocket). Whoever reads the log could then open that learner's record, so
:func:`hide_session_tokens` writes ``token=(hidden)`` in their place.
"""

from __future__ import annotations

import logging
import re

__all__ = ["SERVER_LOGS", "TRUST_WARNING", "hide_session_tokens", "quiet_trust_warnings"]

TRUST_WARNING = "Notebook %s is not trusted"
"""The message (before its notebook's path is put in) that is left out."""
SERVER_LOGS = ("CourseVoila", "Voila", "ServerApp")
"""The course server's log (``make serve``: Voila's, named for the course's Voila class),
plain Voila's, and Jupyter Server's (a learner's server on a hub)."""
REQUEST_LOGS = (*SERVER_LOGS, "tornado.access", "tornado.application", "tornado.general")
"""Every log that may write a request's address."""

_TOKEN = re.compile(r"(token=)[^&\s'\"<>]+")


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


def _without_tokens(record: logging.LogRecord) -> bool:
    message = record.getMessage()
    if "token=" in message:
        record.msg, record.args = _TOKEN.sub(r"\1(hidden)", message), None
    return True


def hide_session_tokens(*loggers: str) -> None:
    """Write ``token=(hidden)`` for every session token in the ``loggers``' messages
    (by default :data:`REQUEST_LOGS`).

    >>> hide_session_tokens("doctest-requests")
    >>> record = logging.makeLogRecord(
    ...     {"msg": "404 GET %s", "args": ("/voila/render/a.ipynb?token=s.1.x&quiz=2",)}
    ... )
    >>> logging.getLogger("doctest-requests").filter(record), record.getMessage()
    (True, '404 GET /voila/render/a.ipynb?token=(hidden)&quiz=2')
    """
    for name in loggers or REQUEST_LOGS:
        target = logging.getLogger(name)
        if _without_tokens not in target.filters:
            target.addFilter(_without_tokens)
