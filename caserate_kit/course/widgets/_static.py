"""The course's front-end files in ``static/``: scripts, and the one stylesheet.

Every script of the course is a file here: each widget's anywidget script and
the hand-over scripts of the early copies. Most widget scripts build their
elements with the same small helpers (``h``, ``fill``, ``SVG`` in ``dom.js``);
anywidget takes one script per widget, so the helpers are put in front of each.

``course.css`` is the course's one stylesheet. The Voila template
(``share/jupyter/voila/templates/caserate``) sets the base: 18px type, the page
colours and the focus ring. The stylesheet styles all that the course draws:
the learner pages, the lesson bar, the forms, the post-test, the radio groups,
the exercises, the trainer dashboard and the early copies of widget pages. It
opens with the colour, radius and font tokens (``--ck-*`` on ``:root``, the
template's own values); every rule uses them, and each component's rules sit
under its own ``ck-`` classes. Colours meet WCAG 2.2 AA contrast on their
backgrounds. Everything works offline: system fonts only.

Whatever draws course HTML or widgets puts :func:`style_tag` in its page once:
the learner pages' frame, the exercise page, the trainer dashboard and the
lesson bar. The course widgets carry no styles of their own, so anywidget does
not send the sheet again with every widget.
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
