"""The course's ``course.toml`` as tests need it: the post-test's pacing turned off.

Tests of pages that retake a post-test at once, or take it without reading
the lesson first, run on a copy of ``course.toml`` whose ``[posttest]`` rules
are all off; the rules themselves are tested on the real file.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNPACED = "minimum_reading_share = 0\nretake_wait_minutes = 0\ntries_per_day = 0\n"


def unpaced_config(folder: Path) -> Path:
    """A copy of the course's ``course.toml`` in ``folder`` with no post-test pacing."""
    text = (ROOT / "course.toml").read_text(encoding="utf-8")
    text, found = re.subn(r"(?ms)^\[posttest\]\n.*?(?=^\[|\Z)", "", text)
    if not found:
        raise AssertionError("course.toml has no [posttest] table to replace")
    path = folder / "course-unpaced.toml"
    path.write_text(f"{text.rstrip()}\n\n[posttest]\n{UNPACED}", encoding="utf-8")
    return path
