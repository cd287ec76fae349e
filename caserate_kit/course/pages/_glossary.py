"""The glossary page: every term of every lesson, alphabetical, with where it is taught.

The terms come from ``lessons/glossary/lesson-0N.yaml``. They are grouped by
first letter, each group a description list under its letter's heading, with
a row of letter links at the top and a search box (``?q=``: the terms whose
name or definition holds every word typed). Each term links to the section of
its lesson that first uses it. The page opens the records only to name a
signed-in learner in its top bar, and carries their session on in its links.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby
from typing import TYPE_CHECKING, Any

from .._catalog import LESSONS
from ._frame import (
    HtmlPage,
    Records,
    Visitor,
    escape,
    find_visitor,
    lesson_href,
    page_html,
    query,
    safe_page,
)

if TYPE_CHECKING:
    from .._glossary import GlossaryTerm

__all__ = ["glossary_body", "glossary_page"]

_SEARCH_LIMIT = 100


def _letter(term: GlossaryTerm) -> str:
    first = term.term[:1].upper()
    return first if first.isalpha() else "#"


def _search_form(words: str, token: str | None) -> str:
    keep = f'<input type="hidden" name="token" value="{escape(token)}">' if token else ""
    return (
        '<form class="ck-search" method="get" action="" role="search">'
        '<label class="ck-search-label" for="glossary-q">Search the glossary</label>'
        '<div class="ck-search-row">'
        f'<input id="glossary-q" name="q" type="search" value="{escape(words)}" '
        'autocomplete="off">'
        f'{keep}<button type="submit" class="ck-search-button">Search</button></div></form>'
    )


def glossary_body(terms: list[GlossaryTerm], token: str | None = None, words: str = "") -> str:
    """The glossary's HTML: search, letter links, then one description list per letter."""
    from .._glossary import heading_anchor, search_terms

    lessons = {lesson.number: lesson for lesson in LESSONS}
    words = " ".join(words.split())[:_SEARCH_LIMIT]
    shown = search_terms(terms, words) if words else terms
    groups = [(letter, list(group)) for letter, group in groupby(shown, key=_letter)]
    letters = "".join(
        f'<li><a href="#glossary-{escape(letter)}">{escape(letter)}</a></li>'
        for letter, _group in groups
    )
    sections = []
    for letter, group in groups:
        entries = []
        for term in group:
            lesson = lessons.get(term.lesson)
            where = f"lesson {term.lesson}"
            if lesson is not None:
                anchor = f"#{escape(heading_anchor(term.section))}" if term.section else ""
                label = f"lesson {term.lesson}" + (
                    f", “{escape(term.section)}”" if term.section else ""
                )
                where = f'<a href="{lesson_href(lesson, token)}{anchor}">{label}</a>'
            entries.append(
                f'<dt id="term-{escape(heading_anchor(term.term))}"><dfn>{escape(term.term)}</dfn>'
                f'</dt><dd>{escape(term.definition)} <span class="ck-small">(Taught in {where}.)'
                "</span></dd>"
            )
        sections.append(
            f'<h2 id="glossary-{escape(letter)}">{escape(letter)}</h2>'
            f'<dl class="ck-glossary">{"".join(entries)}</dl>'
        )
    if words:
        found = len(shown)
        everything = f'<a href="?{_token_query(token)}">show all {len(terms)} terms</a>'
        summary = (
            f'<p role="status">{found} term{"s" if found != 1 else ""} '
            f"match{'es' if found == 1 else ''} “{escape(words)}”: {everything}.</p>"
        )
        if not shown:
            summary = (
                f'<p role="status">No term matches “{escape(words)}”. Try a shorter word, or '
                f"{everything}.</p>"
            )
    else:
        summary = f"<p>{len(terms)} terms used in the lessons, explained in plain language.</p>"
    nav = (
        f'<nav aria-label="Glossary letters"><ul class="ck-glossary-letters">{letters}</ul></nav>'
        if groups
        else ""
    )
    return f"{_search_form(words, token)}{summary}{nav}{''.join(sections)}"


def _token_query(token: str | None) -> str:
    from urllib.parse import urlencode

    return escape(urlencode({"token": token})) if token else ""


def glossary_page(
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
    store: Any = None,
) -> Any:
    """The glossary page (``environ`` is read to wait for a preheated kernel's request)."""
    records = Records(store)

    def build() -> HtmlPage:
        try:
            visitor = find_visitor(records, query_string, environ)
        except Exception:  # the glossary shows without the name when the records are away
            visitor = Visitor(None, None)
        return _build(visitor, query(query_string).get("q", ""))

    return safe_page(build, "glossary page")


def _build(visitor: Visitor, words: str) -> HtmlPage:
    from .._glossary import load_glossary, with_sections
    from .._paths import course_root

    lessons = course_root() / "lessons"
    terms = with_sections(load_glossary(lessons / "glossary"), lessons)
    name = visitor.learner.name if visitor.learner is not None else None
    return HtmlPage(
        page_html(
            "Glossary",
            glossary_body(terms, visitor.token, words),
            token=visitor.token,
            learner_name=name,
            current="glossary",
            can_sign_out=not visitor.hub,
        )
    )
