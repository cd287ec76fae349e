"""The course's page kernel: IPython's kernel without the debugger or Jedi.

A learner's page never debugs and never asks for completions, yet every
kernel would load debugpy and Jedi for them (about 8 MB each). The course's
kernel spec (``share/jupyter/kernels/python3``, found first on the
``JUPYTER_PATH`` that ``caserate-course serve`` sets) starts kernels through
:func:`main`, which marks both as unavailable before IPython's kernel is
imported; IPython and ipykernel then run without them, as they do when they
are not installed. Anywhere else (JupyterLab, nbval) the usual kernel runs.

A kernel reached over TCP logs a warning that its messages are not encrypted.
The server's kernels listen on this machine's loopback address only, which no
other machine can reach, so for them the warning is left out of the server's
log, where it would only alarm a trainer; a kernel on any other address keeps it.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["LEFT_OUT", "LOOPBACK", "TCP_WARNING", "main", "on_loopback"]

LEFT_OUT = ("debugpy", "jedi")
"""Modules a page kernel goes without: importing them fails as if not installed."""
LOOPBACK = ("127.0.0.1", "localhost", "::1")
TCP_WARNING = "Kernel is running over TCP without encryption"
"""The start of ipykernel's warning that is left out for a kernel on the loopback address."""


def on_loopback(argv: Sequence[str]) -> bool:
    """Whether the connection file (``-f``) puts the kernel on the loopback address over TCP.

    >>> on_loopback(["-f"])
    False
    """
    try:
        info = json.loads(Path(argv[list(argv).index("-f") + 1]).read_text(encoding="utf-8"))
    except (ValueError, IndexError, OSError):
        return False
    if not isinstance(info, dict):
        return False
    return info.get("transport", "tcp") == "tcp" and info.get("ip") in LOOPBACK


def _not_the_tcp_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(TCP_WARNING)


def main() -> None:
    """Start an IPython kernel (arguments as for ``python -m ipykernel_launcher``)."""
    for name in LEFT_OUT:
        sys.modules[name] = None  # type: ignore[assignment]  # import now raises ImportError
    if on_loopback(sys.argv[1:]):
        logging.getLogger("IPKernelApp").addFilter(_not_the_tcp_warning)
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()


if __name__ == "__main__":
    main()
