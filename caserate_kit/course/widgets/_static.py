"""The course widgets' front-end scripts, each preceded by the shared DOM helpers.

Every anywidget script of the course builds its elements with the same small
helpers (``h``, ``fill``, ``SVG`` in ``static/dom.js``); anywidget takes one
script per widget, so the helpers are put in front of each.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["STATIC", "with_dom_helpers"]

STATIC = Path(__file__).resolve().parent / "static"


def with_dom_helpers(script: str | Path) -> str:
    """A widget's script (its text, or a file) after the shared DOM helpers."""
    body = script.read_text(encoding="utf-8") if isinstance(script, Path) else script
    helpers = (STATIC / "dom.js").read_text(encoding="utf-8")
    return f"{helpers}\n{body}"
