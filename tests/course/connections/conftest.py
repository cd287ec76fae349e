"""A real learning record store (ralph) for the sending tests, one per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lrs import RalphLRS, require_ralph


@pytest.fixture(scope="module")
def lrs() -> Iterator[RalphLRS]:
    """A running ralph LRS with one account, its statements kept in a temporary folder."""
    require_ralph()
    with RalphLRS() as running:
        yield running
