"""The glossary page: every term of every lesson, alphabetical, with the lesson that teaches it.

The terms come from ``lessons/glossary/lesson-0N.yaml``. They are grouped by
first letter, each group a description list under its letter's heading, with
a row of letter links at the top. Anyone may read it: the page opens no
records, and only carries a well-formed token on into its links.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby
from typing import TYPE_CHECKING, Any

from .._catalog import LESSONS
from ._frame import (
    HtmlPage,
    escape,
    lesson_href,
    page_html,
    plain_token,
    safe_page,
)
from ._request import wait_for_request_if_preheated

if TYPE_CHECKING:
    from .._glossary import GlossaryTerm

__all__ = ["glossary_body", "glossary_page"]


def _letter(term: GlossaryTerm) -> str:
    first = term.term[:1].upper()
    return first if first.isalpha() else "#"


def glossary_body(terms: list[GlossaryTerm], token: str | None = None) -> str:
    """The glossary's HTML: letter links, then one description list per letter."""
    lessons = {lesson.number: lesson for lesson in LESSONS}
    groups = [(letter, list(group)) for letter, group in groupby(terms, key=_letter)]
    letters = "".join(
        f'<li><a href="#glossary-{escape(letter)}">{escape(letter)}</a></li>'
        for letter, _group in groups
    )
    sections = []
    for letter, group in groups:
        entries = []
        for term in group:
            lesson = lessons.get(term.lesson)
            where = (
                f'<a href="{lesson_href(lesson, token)}">lesson {term.lesson}</a>'
                if lesson is not None
                else f"lesson {term.lesson}"
            )
            entries.append(
                f"<dt><dfn>{escape(term.term)}</dfn></dt>"
                f'<dd>{escape(term.definition)} <span class="ck-small">(Taught in {where}.)'
                "</span></dd>"
            )
        sections.append(
            f'<h2 id="glossary-{escape(letter)}">{escape(letter)}</h2>'
            f'<dl class="ck-glossary">{"".join(entries)}</dl>'
        )
    return (
        f"<p>{len(terms)} terms used in the lessons, explained in plain language.</p>"
        f'<nav aria-label="Glossary letters"><ul class="ck-glossary-letters">{letters}</ul></nav>'
        f"{''.join(sections)}"
    )


def glossary_page(query_string: str | None = None, environ: Mapping[str, str] | None = None) -> Any:
    """The glossary page (``environ`` is read only to wait for a preheated kernel's request)."""
    if query_string is None:
        wait_for_request_if_preheated(environ)
    token = plain_token(query_string)
    return safe_page(lambda: _build(token), "glossary page", token)


def _build(token: str | None) -> HtmlPage:
    from .._glossary import load_glossary
    from .._paths import course_root

    terms = load_glossary(course_root() / "lessons" / "glossary")
    return HtmlPage(
        page_html("Glossary", glossary_body(terms, token), token=token, current="glossary")
    )
