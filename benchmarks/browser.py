"""Headless Chromium (Debian's) and its arguments, for the benchmarks and the browser tests."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "READY", "chromium_path"]

CHROMIUM = Path(os.environ.get("CASERATE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
READY = {"posttest": ".ck-test fieldset input:enabled"}
"""What must be visible (and enabled) before a learner can act on the post-test
(every page's is in :data:`benchmarks.pages.READY`)."""


def chromium_path() -> str:
    """Debian's Chromium, or a clear message on how to install it."""
    if not CHROMIUM.exists():
        raise SystemExit(
            f"no Chromium at {CHROMIUM}: run `bash scripts/chromium.sh` (as root) "
            "or set CASERATE_CHROMIUM"
        )
    return str(CHROMIUM)
