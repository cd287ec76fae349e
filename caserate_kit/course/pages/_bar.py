"""The course's top bar alone, for pages whose content is not a page builder's.

The exercises and the trainer dashboard are widgets of their own; their
notebooks open with :func:`course_bar`, so that they carry the same frame as
every course page: the course name, Course home, Glossary and, for a
signed-in learner, their name and "Sign out", the session carried along.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..widgets import log_error, style_tag
from ._frame import HtmlPage, Records, Visitor, find_visitor, top_bar

if TYPE_CHECKING:
    from ..records import Store

__all__ = ["course_bar"]


def course_bar(
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    store: Store | None = None,
) -> HtmlPage:
    """The top bar, with the signed-in learner's name when the address carries a session.

    A session that cannot be checked (records unreachable) gives the bar
    without a name rather than no page.
    """
    records = Records(store)
    try:
        visitor = find_visitor(records, query_string, environ)
    except Exception as error:
        log_error(error, "course bar")
        visitor = Visitor(None, None)
    name = visitor.learner.name if visitor.learner is not None else None
    bar = top_bar(visitor.token, "", name, not visitor.hub)
    return HtmlPage(f'{style_tag("page")}<div class="ck-page ck-bar-only">{bar}</div>')
