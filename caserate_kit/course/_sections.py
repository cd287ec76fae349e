"""The lesson sections a result can send a learner back to: headed cells with stable ids.

A section is a Markdown cell of a lesson that starts with a heading (``##``
or ``###``). Every notebook cell has an id (nbformat 4.5); the cells that
start the lessons' sections carry readable ones (``progress-stalls``), and
the lesson page gives each cell the anchor ``cell-id=<id>``. The id survives
a reworded heading; the question bank names it (``section: progress-stalls``
on an objective) and ``caserate-course validate`` checks that the lesson has
it.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Final

from ._paths import file_version

__all__ = ["lesson_sections", "section_anchor"]

_HEADING: Final = re.compile(r"^\s{0,3}#{2,3}\s+(?P<text>\S.*?)\s*#*\s*$")


def section_anchor(section: str) -> str:
    """The fragment of a lesson page that lands on a section's cell.

    >>> section_anchor("progress-stalls")
    'cell-id=progress-stalls'
    """
    return f"cell-id={section}"


def lesson_sections(notebook: Path) -> dict[str, str]:
    """Every section of a lesson notebook: its cell's id to its heading's text.

    Read again only when the file changes. A missing or unreadable notebook
    has no sections.
    """
    try:
        version = file_version(notebook)
    except OSError:
        return {}
    return dict(_read_sections(notebook, version))


@functools.lru_cache(maxsize=16)
def _read_sections(notebook: Path, _version: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return ()
    found: dict[str, str] = {}
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        lines = text.lstrip("\n").splitlines()
        heading = _HEADING.match(lines[0]) if lines else None
        if heading is not None and isinstance(cell.get("id"), str):
            found.setdefault(cell["id"], heading.group("text"))
    return tuple(found.items())
