"""What frames every lesson: the course's top bar and tracker, the header, the way on.

A lesson notebook opens with :func:`lesson_frame` (its first cell), then its
title, then :func:`lesson_header` (outcomes, audience, time and CE hours:
computed, never typed, by :func:`~caserate_kit.course.certificates.lesson_facts`;
then what CE accreditors look for: the instructional level from the catalog,
author, reviewer, release and next-review dates and disclosures from
``course.toml``, and how the CE hours are computed), and ends with
:func:`lesson_footer`.

When Voila shows the lesson to a known learner (a session token in the page
address, or the JupyterHub user), the frame records that the lesson was
opened, registers its closing for when the page's kernel stops, and shows the
same top bar as every course page (course name, Course home, Glossary, who is
signed in) and the lesson's progress tracker, with the post-test as the next
step; the footer leads back to the course home and on to the next lesson, the
token carried along. Anywhere else (nbval, an author in JupyterLab, a trainer
presenting) the frame and footer show nothing and record nothing.
"""

from __future__ import annotations

import atexit
import html
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._catalog import LEVELS, Lesson, course_id, lesson_for, next_lesson
from .._config import ContentSettings, load_config
from ..certificates import format_ce_hours, format_date, lesson_facts

if TYPE_CHECKING:
    from ..records import Store
    from ._frame import Records

__all__ = [
    "LessonHeader",
    "accreditation_html",
    "frame_html",
    "lesson_footer",
    "lesson_frame",
    "lesson_header",
]


@dataclass(frozen=True)
class LessonHeader:
    """The header as HTML; notebooks and Voila display it through ``_repr_html_``."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def lesson_header(number: int) -> LessonHeader:
    """The opening panel of a lesson, for display in the notebook."""
    facts = lesson_facts(number)
    outcomes = "".join(f"<li>{html.escape(o)}</li>" for o in facts.lesson.outcomes)
    minutes = 5 * math.ceil(facts.minutes / 5)
    test = f"{facts.test_items}-question post-test" if facts.test_items else "post-test"
    credit = (
        f"{format_ce_hours(facts.ce_hours)} (home study)"
        if facts.ce_hours is not None
        else "none yet: the lesson and its post-test are shorter than the minimum award"
    )
    return LessonHeader(
        '<section class="ck-lesson-header" aria-labelledby="lesson-outcomes">'
        '<h2 id="lesson-outcomes">What you will be able to do</h2>'
        f"<ul>{outcomes}</ul>"
        f"<p><strong>Who this lesson is for:</strong> {html.escape(facts.lesson.audience)}</p>"
        f"<p><strong>Time:</strong> about {minutes} minutes, including the {test}. "
        f"<strong>Credit:</strong> {credit}. "
        f"<strong>Level:</strong> {html.escape(facts.lesson.level)}.</p>"
        f"{accreditation_html(facts.lesson, load_config().content, facts.time.explanation())}"
        "</section>"
    )


def accreditation_html(lesson: Lesson, content: ContentSettings, hours_sentence: str) -> str:
    """What CE accreditors look for, folded under one line (so that a slide still fits).

    How the CE hours are computed (``hours_sentence``), the level and what it
    means, author, reviewer, release and next-review dates, and the disclosures;
    with a note while ``course.toml`` still holds the invented example values.
    """
    details = content.for_lesson(course_id(lesson))
    level = f"{lesson.level} ({LEVELS[lesson.level]})"
    example = (
        "<p><em>The author, reviewer, dates and disclosures shown are invented examples: "
        "the course's provider has not yet given its own.</em></p>"
        if content.example
        else ""
    )
    return (
        '<details class="ck-ce-details"><summary>CE details: how the hours are computed, '
        "level, author, reviewer, dates, disclosures</summary>"
        f"<p><strong>How the CE hours are computed:</strong> {html.escape(hours_sentence)}</p>"
        f"<p><strong>Instructional level:</strong> {html.escape(level)}. "
        f"<strong>Author:</strong> {html.escape(details.author)}. "
        f"<strong>Reviewer:</strong> {html.escape(details.reviewer)}.</p>"
        f"<p><strong>Released:</strong> {format_date(details.release_date)}. "
        f"<strong>Next review:</strong> {format_date(details.review_date)}.</p>"
        "<p><strong>Conflicts of interest:</strong> "
        f"{html.escape(_sentence(details.conflicts_of_interest))} "
        "<strong>Commercial support:</strong> "
        f"{html.escape(_sentence(details.commercial_support))}</p>"
        f"{example}</details>"
    )


def _sentence(text: str) -> str:
    """``text`` ending with a full stop (or its own ! or ?)."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


# The learner's bar and lesson visits (only under Voila, for a known learner) --------

_CLOSES_REGISTERED: set[tuple[str, str]] = set()


def _in_voila(env: Mapping[str, str]) -> bool:
    """Whether this kernel runs a Voila page (Voila sets these for its kernels)."""
    return "VOILA_PREHEAT" in env or env.get("SERVER_SOFTWARE", "").startswith("voila/")


def lesson_frame(number: int, environ: Mapping[str, str] | None = None) -> LessonHeader | None:
    """The top bar and tracker for a known learner under Voila (recording the visit), else None."""
    env = os.environ if environ is None else environ
    if not _in_voila(env):
        return None
    from ._frame import Records
    from ._request import is_preheated
    from ._warm import warm

    records = Records()
    if is_preheated(env):  # get ready before the learner's request arrives
        try:
            warm("lesson")
            records.get()
        except Exception as error:  # the lesson must show even when the records cannot be reached
            from ..widgets import log_error

            log_error(error, f"lesson {number} visit")
    found = frame_html(number, records, environ=environ)
    if found is None:
        return None
    _close_at_exit(records.get(), *found[1])
    return LessonHeader(found[0])


def frame_html(
    number: int,
    records: Records,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
    closes_by_page: bool = False,
) -> tuple[str, tuple[str, str]] | None:
    """The top bar, tracker and sections of lesson ``number`` for the page's learner.

    Records that the learner opened the lesson; returns the HTML with the
    (learner id, lesson id) of the visit, or ``None`` when nobody is signed in
    (or the records cannot be reached: the lesson shows all the same). With
    ``closes_by_page`` the frame carries the lesson's id (``data-ck-visit``) for
    the page itself to report when it is left.
    """
    from ..widgets import log_error, style_tag
    from ._frame import find_visitor, top_bar
    from ._tracker import lesson_progress_of, tracker_html

    lesson = lesson_for(number)
    try:
        visitor = find_visitor(records, query_string, environ)
        if visitor.learner is None:
            return None
        store = records.get()
        visit = (visitor.learner.id, course_id(lesson))
        store.record_visit(*visit, "open")
        progress = lesson_progress_of(store, visitor.learner.id, lesson)
    except Exception as error:  # the lesson must show even when the records cannot be reached
        log_error(error, f"lesson {lesson.number} visit")
        return None
    token = visitor.token
    bar = top_bar(token, "", visitor.learner.name, not visitor.hub, prefix=_NOTEBOOKS)
    tracker = tracker_html(progress, lesson, token, "read", prefix=_NOTEBOOKS)
    reports = f' data-ck-visit="{html.escape(visit[1])}"' if closes_by_page else ""
    return (
        f'{style_tag("page")}<div class="ck-page ck-lesson-frame"{reports}>{bar}{tracker}'
        f"{_contents_html(lesson)}</div>",
        visit,
    )


def _contents_html(lesson: Lesson) -> str:
    """The lesson's sections, each a link to its heading, folded away until asked for."""
    from .._glossary import heading_anchor, lesson_contents
    from .._paths import course_root

    headings = lesson_contents(course_root() / "lessons" / lesson.notebook)
    if not headings:
        return ""
    items = "".join(
        f'<li><a href="#{html.escape(heading_anchor(h))}">{html.escape(h)}</a></li>'
        for h in headings
    )
    return (
        '<details class="ck-sections" id="lesson-sections"><summary>Sections of this lesson'
        f'</summary><nav aria-label="Sections of lesson {lesson.number}"><ol>{items}</ol></nav>'
        '</details><a class="ck-to-sections" href="#lesson-sections" hidden>Sections</a>'
    )


def lesson_footer(
    number: int, environ: Mapping[str, str] | None = None, query_string: str | None = None
) -> LessonHeader | None:
    """The way on at the lesson's end, under Voila: the post-test, the next lesson, home."""
    lesson = lesson_for(number)
    env = os.environ if environ is None else environ
    if not _in_voila(env):
        return None
    from ..widgets import style_tag
    from ._frame import lesson_href, link, plain_token

    token = None if env.get("JUPYTERHUB_USER") else plain_token(query_string)
    test = link(f"{_NOTEBOOKS}posttest", token, quiz=course_id(lesson))
    items = [f'<li><a class="ck-button" href="{test}">Take the lesson {number} post-test</a></li>']
    following = next_lesson(lesson)
    if following is not None:
        items.append(
            f'<li><a href="{lesson_href(following, token)}">Next lesson: '
            f"{html.escape(following.title)}</a></li>"
        )
    items.append(f'<li><a href="{link(_NOTEBOOKS + "home", token)}">Back to course home</a></li>')
    if token or env.get("JUPYTERHUB_USER"):  # the list is in the frame a learner sees
        items.append('<li><a href="#lesson-sections">Sections of this lesson</a></li>')
    return LessonHeader(
        f'{style_tag("page")}<nav class="ck-page ck-lesson-end" aria-label="After this lesson">'
        f'<ul class="ck-actions">{"".join(items)}</ul></nav>'
    )


_NOTEBOOKS = "../notebooks/"
"""The way from a lesson's page to the course's other pages."""


def _close_at_exit(store: Store, learner_id: str, lesson_id: str) -> None:
    """Record the lesson's closing when the page's kernel stops (once per lesson)."""
    if (learner_id, lesson_id) not in _CLOSES_REGISTERED:
        _CLOSES_REGISTERED.add((learner_id, lesson_id))
        atexit.register(_record_close, store, learner_id, lesson_id)


def _record_close(store: Store, learner_id: str, lesson_id: str) -> None:
    from ..widgets import log_error

    try:
        store.record_visit(learner_id, lesson_id, "close")
    except Exception as error:
        log_error(error, "lesson close")
