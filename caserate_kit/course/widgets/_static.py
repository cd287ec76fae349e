"""The course's front-end files in ``static/``: scripts, and the one stylesheet.

Every script of the course is a file here: each widget's anywidget script and
the hand-over scripts of the early copies. Most widget scripts build their
elements with the same small helpers (``h``, ``fill``, ``SVG`` in ``dom.js``);
anywidget takes one script per widget, so the helpers are put in front of each.

``course.css`` is the course's one stylesheet. The Voila template
(``share/jupyter/voila/templates/caserate``) sets the base: 18px type, the page
colours and the focus ring. The stylesheet styles all that the course draws:
the learner pages and the frame of the lessons, the forms, the post-test, the radio groups,
the exercises, the trainer dashboard and the early copies of widget pages. It
opens with the colour, radius and font tokens (``--ck-*`` on ``:root``, the
template's own values); every rule uses them, and each component's rules sit
under its own ``ck-`` classes. Colours meet WCAG 2.2 AA contrast on their
backgrounds. Everything works offline: system fonts only.

The sheet is in sections, one per component (``page``, ``forms``,
``posttest``...). Whatever draws course HTML or widgets puts :func:`style_tag`
in its page once, with the sections of what it draws: the learner pages' frame
(``page`` and the forms or post-test a page holds), the exercise page, the
trainer dashboard and the frame of a lesson. A page thus carries only the rules it
uses (the course home a quarter of the sheet), and the course widgets carry no
styles of their own, so anywidget does not send the sheet with every widget.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ..._exceptions import InvalidInputError

__all__ = [
    "SECTIONS",
    "STATIC",
    "STYLESHEET",
    "base_style_tag",
    "static_text",
    "style_tag",
    "with_dom_helpers",
]

STATIC = Path(__file__).resolve().parent / "static"
STYLESHEET = STATIC / "course.css"
"""The course's stylesheet."""

_PAGE_ROOT = re.compile(r"\.ck-page(?![\w-])")
_SECTION = re.compile(r"^/\* == (\w+) ==", re.M)
ALWAYS = ("tokens", "shared")
"""The sections every page holds."""


def static_text(name: str) -> str:
    """The text of the file ``static/<name>``."""
    return (STATIC / name).read_text(encoding="utf-8")


def with_dom_helpers(script: str | Path) -> str:
    """A widget's script (its text, or a file) after the shared DOM helpers."""
    body = script.read_text(encoding="utf-8") if isinstance(script, Path) else script
    return f"{static_text('dom.js')}\n{body}"


@cache
def _sections() -> dict[str, str]:
    """The stylesheet's sections by name, each with its ``.ck-page`` written twice."""
    sheet = _PAGE_ROOT.sub(".ck-page.ck-page", STYLESHEET.read_text(encoding="utf-8"))
    starts = [(match.start(), match.group(1)) for match in _SECTION.finditer(sheet)]
    ends = [start for start, _ in starts[1:]] + [len(sheet)]
    return {name: sheet[start:end].strip() for (start, name), end in zip(starts, ends, strict=True)}


SECTIONS = tuple(name for name in _sections() if name not in ALWAYS)
"""The components' sections of the stylesheet, in its order."""


@cache
def style_tag(*sections: str) -> str:
    """The stylesheet's tokens, shared rules and ``sections``, as one ``<style>`` element.

    Its ``.ck-page`` is written twice (``.ck-page.ck-page``): the learner pages'
    rules then out-rank JupyterLab's own styles for notebook outputs.

    >>> style_tag("page").count("== page ==")
    1
    >>> style_tag("posters")
    Traceback (most recent call last):
    ...
    caserate_kit._exceptions.InvalidInputError: stylesheet section must be one of page, \
forms, posttest, groups, choice, exercises, dashboard, early; got 'posters'
    """
    known = _sections()
    for name in sections:
        if name not in SECTIONS:
            reason = f"must be one of {', '.join(SECTIONS)}"
            raise InvalidInputError("stylesheet section", name, reason)
    chosen = [*ALWAYS, *(name for name in SECTIONS if name in sections)]
    return "<style>{}</style>".format("\n".join(known[name] for name in chosen))


@cache
def base_style_tag() -> str:
    """The Voila template's base look (``base.css``: type, colours, focus ring) as a
    ``<style>`` element, for a page the server answers without Voila."""
    from .._paths import course_root

    base = course_root() / "share" / "jupyter" / "voila" / "templates" / "caserate" / "base.css"
    return "<style>{}</style>".format(base.read_text(encoding="utf-8"))
