"""Helpers shared by the learner-page browser tests (the journey and the lesson pages).

The page helpers themselves (``Course``, ``visit``, ``right_answers``, ``answer``...)
live in ``test_learner_pages.py``; these add a course server with pools sized for
one learner, and full-page screenshots under any name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from .conftest import CourseServer, _course_server, save_screenshot

IDLE_CULL = (
    "--MappingKernelManager.cull_idle_timeout=30",
    "--MappingKernelManager.cull_interval=5",
)
"""Kernels of pages that were left stop after 30 idle seconds (they cost CPU and memory)."""


@contextlib.contextmanager
def pooled_course_server(
    folder: Path, *, home_pool: int, posttest_pool: int, extra_args: Sequence[str] = IDLE_CULL
) -> Iterator[CourseServer]:
    """The course server with ``home_pool`` and ``posttest_pool`` preheated kernels.

    The pools are sized through ``CASERATE_HOME_POOL`` and ``CASERATE_POSTTEST_POOL``
    (read by ``etc/jupyter/voila.py`` when the server starts); the default pools
    (2 and 4 kernels) would start more kernels than one test learner needs.
    """
    with contextlib.ExitStack() as stack:
        with pytest.MonkeyPatch.context() as env:  # only while the server starts
            env.setenv("CASERATE_HOME_POOL", str(home_pool))
            env.setenv("CASERATE_POSTTEST_POOL", str(posttest_pool))
            server = stack.enter_context(_course_server(folder, extra_args))
        yield server


def page_shot(page: Any, name: str) -> Path:
    """Save the whole page (grown to its content) as ``artifacts/screenshots/<name>.png``."""
    return save_screenshot(page, name)
