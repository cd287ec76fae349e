"""The lesson sections a result can send a learner back to: anchored headings.

A lesson heading that a post-test objective points at carries a stable
anchor, written in the notebook's markdown as ``## When progress stalls
<a id="stalled-progress"></a>``. The anchor survives a reworded heading; the
question bank names it (``section: stalled-progress`` on the objective), and
``caserate-course validate`` checks that the lesson has it.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Final

from ._paths import file_version

__all__ = ["heading_anchors", "lesson_sections"]

_HEADING: Final = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*)$")
_ANCHOR: Final = re.compile(r"""<a\s+id=["'](?P<id>[^"']+)["']\s*>\s*</a>""", re.IGNORECASE)


def heading_anchors(markdown: str) -> dict[str, str]:
    """The anchors written in ``markdown``'s headings, each with its heading's text.

    >>> heading_anchors('## When progress stalls <a id="stalled-progress"></a>\\nText')
    {'stalled-progress': 'When progress stalls'}
    """
    found: dict[str, str] = {}
    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        if heading is None:
            continue
        text = heading.group("text")
        title = " ".join(_ANCHOR.sub("", text).split())
        for anchor in _ANCHOR.finditer(text):
            found.setdefault(anchor.group("id"), title)
    return found


def lesson_sections(notebook: Path) -> dict[str, str]:
    """Every anchored heading of a lesson notebook: anchor to heading text.

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
        for anchor, title in heading_anchors(text).items():
            found.setdefault(anchor, title)
    return tuple(found.items())
