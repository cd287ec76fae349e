"""Helpers shared by the learner-page browser tests (the journey and the lesson pages).

The page helpers themselves (``Course``, ``visit``, ``right_answers``, ``answer``...)
live in ``test_learner_pages.py``; these add a course server with pools sized for
one learner, and full-page screenshots under any name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .conftest import CourseServer, _course_server, save_screenshot

IDLE_CULL = (
    "--MappingKernelManager.cull_idle_timeout=30",
    "--MappingKernelManager.cull_interval=5",
)
"""Kernels of pages that were left stop after 30 idle seconds (they cost CPU and memory)."""


def pooled_course_server(
    folder: Path, *, home_pool: int, posttest_pool: int, extra_args: Sequence[str] = IDLE_CULL
) -> contextlib.AbstractContextManager[CourseServer]:
    """The course server with ``home_pool`` and ``posttest_pool`` preheated kernels
    (the default pools, 2 and 4 kernels, would start more than one test learner needs)."""
    pools = {"CASERATE_HOME_POOL": str(home_pool), "CASERATE_POSTTEST_POOL": str(posttest_pool)}
    return _course_server(folder, extra_args, pools=pools)


def page_shot(page: Any, name: str) -> Path:
    """Save the whole page (grown to its content) as ``artifacts/screenshots/<name>.png``."""
    return save_screenshot(page, name)
