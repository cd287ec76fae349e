"""The course's front-end files in ``static/``: scripts, and the one stylesheet.

Every script of the course is a file here: each widget's anywidget script and
the hand-over scripts of the early copies. Most widget scripts build their
elements with the same small helpers (``h``, ``fill``, ``SVG`` in ``dom.js``);
anywidget takes one script per widget, so the helpers are put in front of each.

``course.css`` is the course's one stylesheet (see
:mod:`caserate_kit.course.pages._style`): every page that shows course HTML or
widgets holds it once, as :func:`style_tag` writes it, so no widget carries
styles of its own. It is read here, beside the scripts, because the exercise
pages need it as much as the learner pages, and exercises import no page.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

__all__ = ["STATIC", "STYLESHEET", "static_text", "style_tag", "with_dom_helpers"]

STATIC = Path(__file__).resolve().parent / "static"
STYLESHEET = STATIC / "course.css"
"""The course's stylesheet."""

_PAGE_ROOT = re.compile(r"\.ck-page(?![\w-])")


def static_text(name: str) -> str:
    """The text of the file ``static/<name>``."""
    return (STATIC / name).read_text(encoding="utf-8")


def with_dom_helpers(script: str | Path) -> str:
    """A widget's script (its text, or a file) after the shared DOM helpers."""
    body = script.read_text(encoding="utf-8") if isinstance(script, Path) else script
    return f"{static_text('dom.js')}\n{body}"


@cache
def style_tag() -> str:
    """The course stylesheet as a ``<style>`` element, to open a page's HTML.

    Its ``.ck-page`` is written twice (``.ck-page.ck-page``): the learner pages'
    rules then out-rank JupyterLab's own styles for notebook outputs.
    """
    sheet = STYLESHEET.read_text(encoding="utf-8")
    return f"<style>{_PAGE_ROOT.sub('.ck-page.ck-page', sheet)}</style>"
