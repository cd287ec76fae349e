"""How hard the fuzz tests push: half their full count of examples in ``make test``,
twice in ``make bench`` (``CASERATE_FUZZ_SCALE=2``)."""

from __future__ import annotations

import os

__all__ = ["FUZZ_SCALE", "fuzz_examples"]

FUZZ_SCALE = float(os.environ.get("CASERATE_FUZZ_SCALE", "0.5"))
"""How many examples the fuzz tests draw, as a share of their full count."""


def fuzz_examples(full: int) -> int:
    """``full`` examples scaled by :data:`FUZZ_SCALE` (at least 10)."""
    return max(10, round(full * FUZZ_SCALE))
