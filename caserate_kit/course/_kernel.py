"""The course's page kernel: IPython's kernel without the debugger or Jedi.

A learner's page never debugs and never asks for completions, yet every
kernel would load debugpy and Jedi for them (about 8 MB each). The course's
kernel spec (``share/jupyter/kernels/python3``, found first on the
``JUPYTER_PATH`` that ``caserate-course serve`` sets) starts kernels through
:func:`main`, which marks both as unavailable before IPython's kernel is
imported; IPython and ipykernel then run without them, as they do when they
are not installed. Anywhere else (JupyterLab, nbval) the usual kernel runs.
"""

from __future__ import annotations

import sys

__all__ = ["LEFT_OUT", "main"]

LEFT_OUT = ("debugpy", "jedi")
"""Modules a page kernel goes without: importing them fails as if not installed."""


def main() -> None:
    """Start an IPython kernel (arguments as for ``python -m ipykernel_launcher``)."""
    for name in LEFT_OUT:
        sys.modules[name] = None  # type: ignore[assignment]  # import now raises ImportError
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()


if __name__ == "__main__":
    main()
