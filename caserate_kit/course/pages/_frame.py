"""What every learner page shares: finding the learner, the top bar, notices and errors.

A page builder (``home_page``, ``posttest_page``...) opens the records, finds
the learner (:func:`find_visitor`), and draws its content inside
:func:`page_html`: the course name, a navigation bar whose links carry the
session token, the page heading and the body. A page that needs a learner and
has none shows :func:`sign_in_needed`. Any error is caught by
:func:`safe_page`, written to the server's log with a short reference, and
shown as a calm panel (:func:`error_panel`): no traceback ever reaches the page.

Nothing here imports pandas, matplotlib or ipywidgets.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from .._catalog import PROGRAM_TITLE
from ..widgets import friendly_message, log_error, style_tag
from ._request import wait_for_request_if_preheated

if TYPE_CHECKING:
    from .._catalog import Lesson
    from ..records import Learner, Store

__all__ = [
    "COURSE_NAME",
    "HtmlPage",
    "Records",
    "Visitor",
    "chunk_html",
    "error_panel",
    "escape",
    "find_visitor",
    "lesson_href",
    "link",
    "notice",
    "page_html",
    "plain_token",
    "query",
    "safe_page",
    "sign_in_needed",
    "signed_in_page",
    "top_bar",
]

COURSE_NAME = PROGRAM_TITLE
"""The course's name, shown in the top bar of every page."""

_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_.-]{1,200}")
T = TypeVar("T")


def escape(text: object) -> str:
    """Text made safe to place in HTML, quotes included."""
    return html.escape(str(text), quote=True)


# Finding the learner -----------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """Who opened the page.

    ``token`` is what links carry (``None`` under JupyterHub, where the hub
    knows the person, and when nobody is signed in). ``token_given`` says
    whether the address held a token at all, so that a page can tell "not
    signed in" from "this sign-in link is not valid".
    """

    learner: Learner | None
    token: str | None
    hub: bool = False
    token_given: bool = False
    state: str = "unknown"
    """How the token checked: "valid", "legacy", "expired", "ended", "unknown" (or "hub")."""

    @property
    def signed_in(self) -> bool:
        """Whether the page knows the learner."""
        return self.learner is not None


class Records:
    """The records store, opened on first use: a page with nobody signed in never opens it."""

    def __init__(self, store: Store | None = None) -> None:
        self._store = store

    def get(self) -> Store:
        """The store (opened now if needed)."""
        if self._store is None:
            from ..records import Store

            self._store = Store()
        return self._store


def query(query_string: str | None = None) -> dict[str, str]:
    """The page address's parameters (Voila passes them to the kernel as ``QUERY_STRING``)."""
    from urllib.parse import parse_qs

    raw = os.environ.get("QUERY_STRING", "") if query_string is None else query_string
    return {key: values[-1].strip() for key, values in parse_qs(raw).items() if values}


def find_visitor(
    records: Records,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Visitor:
    """The learner on this page: the JupyterHub user, or the owner of the address's token.

    With ``query_string`` left out, the page's own address is read (after
    waiting for the request when the kernel was preheated). The records are
    opened only when there is a token or a hub user to look up.
    """
    if query_string is None:
        wait_for_request_if_preheated(environ)
    given = query(query_string).get("token", "")
    env = os.environ if environ is None else environ
    hub = bool(env.get("JUPYTERHUB_USER", "").strip())
    if not given and not hub:
        return Visitor(None, None)
    from ._session import current_visit

    found = current_visit(records.get(), query_string, environ)
    if hub:
        return Visitor(found.learner, None, hub=True, token_given=bool(given), state=found.state)
    if not found.valid:
        return Visitor(None, None, token_given=True, state=found.state)
    return Visitor(found.learner, given, token_given=True, state=found.state)


def plain_token(query_string: str | None = None) -> str | None:
    """The address's token if it is well formed (for pages that show nothing personal)."""
    token = query(query_string).get("token", "")
    return token if _TOKEN_SHAPE.fullmatch(token) else None


# Drawing -------------------------------------------------------------------------


def link(page: str, token: str | None = None, **parameters: str) -> str:
    """A course page's address with the token, escaped for an ``href``.

    ``page`` is ``"home"``, ``"posttest"``, ``"../lessons/01_how_managed_care_decides"``...
    """
    from urllib.parse import urlencode

    query = {**parameters, **({"token": token} if token else {})}
    suffix = f"?{urlencode(query)}" if query else ""
    return escape(f"{page}.ipynb{suffix}")


def lesson_href(lesson: Lesson, token: str | None = None) -> str:
    """The address of a lesson page, from a page in ``notebooks/``, escaped for an ``href``."""
    return link(f"../lessons/{lesson.notebook.removesuffix('.ipynb')}", token)


def top_bar(
    token: str | None,
    current: str = "",
    learner_name: str | None = None,
    can_sign_out: bool = True,
    navigation: bool = True,
    prefix: str = "",
) -> str:
    """The course name, the navigation (Course home, Glossary) and who is signed in.

    ``prefix`` leads from the page to ``notebooks/`` (``"../notebooks/"`` from a lesson).
    """
    items = []
    # On a phone "Course home" shows as "Home" (read out in full), to keep the bar on one line.
    home = (
        '<span class="ck-wide-only">Course home</span>'
        '<span class="ck-narrow-only" aria-hidden="true">Home</span>'
    )
    pages = (("home", home), ("glossary", "Glossary")) if navigation else ()
    for page, label in pages:
        here = ' aria-current="page"' if page == current else ""
        items.append(f'<li><a href="{link(prefix + page, token)}"{here}>{label}</a></li>')
    who = ""
    if learner_name:
        leave = (
            f' · <a href="{link(prefix + "home", token, signout="1")}" data-ck-plain>Sign out</a>'
            if can_sign_out
            else ""
        )
        who = (
            '<p class="ck-who"><span class="ck-who-label">Signed in as </span>'
            f"<strong>{escape(learner_name)}</strong>{leave}</p>"
        )
    return (
        '<div class="ck-top">'
        f'<p class="ck-brand">{COURSE_NAME}</p>'
        + (f'<nav aria-label="Course"><ul>{"".join(items)}</ul></nav>' if items else "")
        + f"{who}</div>"
    )


def page_html(
    title: str,
    body: str,
    *,
    token: str | None = None,
    learner_name: str | None = None,
    current: str = "",
    lead: str = "",
    can_sign_out: bool = True,
    styles: Sequence[str] = (),
    navigation: bool = True,
) -> str:
    """A whole page: stylesheet, top bar, ``<h1>`` (escaped), optional lead line, then ``body``.

    The stylesheet holds the learner pages' rules and the ``styles`` sections of the
    widgets the page shows below (``forms``, ``posttest``). ``navigation=False``
    leaves the course links out (a page for people outside the course).
    """
    intro = f'<p class="ck-lead">{lead}</p>' if lead else ""
    return (
        f"{style_tag('page', *styles)}"
        '<div class="ck-page mathjax_ignore tex2jax_ignore">'
        f"{top_bar(token, current, learner_name, can_sign_out, navigation)}"
        f'<h1 id="page-title" tabindex="-1">{escape(title)}</h1>{intro}{body}</div>'
    )


def chunk_html(body: str) -> str:
    """Part of a page drawn after a widget: same width and type, no top bar."""
    return f'<div class="ck-page mathjax_ignore tex2jax_ignore">{body}</div>'


def notice(body: str, kind: str = "info", heading: str = "") -> str:
    """A highlighted box: ``kind`` is info, success, warning or error; ``body`` is HTML."""
    title = f"<h2>{escape(heading)}</h2>" if heading else ""
    return f'<div class="ck-notice ck-notice-{kind}">{title}{body}</div>'


@dataclass(frozen=True)
class HtmlPage:
    """A finished page as HTML; Jupyter and Voila show it through ``_repr_html_``."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def sign_in_needed(title: str, visitor: Visitor | None = None) -> HtmlPage:
    """The page for someone not signed in: why, and a link to sign in on the course home."""
    if visitor is not None and visitor.token_given:
        why = (
            "<p>The sign-in in this page's address was not recognised. It may have been "
            "copied incompletely.</p>"
        )
    else:
        why = "<p>Please sign in first, so that your progress is saved under your name.</p>"
    body = notice(
        f"{why}<p>Nothing is lost: everything you have done so far is kept.</p>"
        f'<p><a class="ck-button" href="{link("home")}">Go to the course home to sign in</a></p>',
        "warning",
        "Sign in to continue",
    )
    return HtmlPage(page_html(title, body))


# Errors ------------------------------------------------------------------------


def error_panel(error: BaseException, where: str, token: str | None = None) -> HtmlPage:
    """A calm page for an unexpected error: what happened, what to do, and a reference."""
    reference = log_error(error, where)
    body = notice(
        f"<p>{escape(friendly_message(error))}</p>"
        f"<p>If you contact your trainer, mention reference <strong>{reference}</strong>.</p>"
        f'<p><a href="{link("home", token)}">Back to the course home</a></p>',
        "error",
        "This page could not be shown",
    )
    return HtmlPage(page_html("Sorry, something went wrong", body, token=token))


def safe_page(build: Callable[[], T], where: str, token: str | None = None) -> T | HtmlPage:
    """Run a page builder; on any error, log it and return the error panel instead."""
    try:
        return build()
    except Exception as error:
        return error_panel(error, where, token)


def signed_in_page(
    title: str,
    where: str,
    build: Callable[[Records, Visitor, Learner], T],
    store: Store | None = None,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> T | HtmlPage:
    """The page ``build(records, visitor, learner)`` for a signed-in learner; others sign in first.

    ``title`` heads the sign-in prompt; ``where`` names the page in the error
    log, and any error shows the error panel instead (:func:`safe_page`).
    """
    records = Records(store)

    def run() -> T | HtmlPage:
        visitor = find_visitor(records, query_string, environ)
        if visitor.learner is None:
            return sign_in_needed(title, visitor)
        return build(records, visitor, visitor.learner)

    return safe_page(run, where)
