"""The header every lesson opens with: outcomes, audience, time and CE hours.

Time and CE hours are computed, never typed
(:func:`~caserate_kit.course.certificates.lesson_facts`).

When Voila shows the lesson to a known learner (a session token in the page
address, or the JupyterHub user), the header also records that the lesson was
opened, registers its closing for when the page's kernel stops, and opens
with a small bar linking to the course home and the lesson's post-test, the
token carried along (the course stylesheet, which styles the bar, comes
first). Anywhere else (nbval, an author in JupyterLab) it records nothing and
shows the header alone.
"""

from __future__ import annotations

import atexit
import html
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._catalog import Lesson, course_id
from ..certificates import format_ce_hours, lesson_facts

if TYPE_CHECKING:
    from ..records import Store

__all__ = ["LessonHeader", "lesson_header"]


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
        _learner_bar(facts.lesson)
        + '<section class="ck-lesson-header" aria-labelledby="lesson-outcomes">'
        '<h2 id="lesson-outcomes">What you will be able to do</h2>'
        f"<ul>{outcomes}</ul>"
        f"<p><strong>Who this lesson is for:</strong> {html.escape(facts.lesson.audience)}</p>"
        f"<p><strong>Time:</strong> about {minutes} minutes, including the {test}. "
        f"<strong>Credit:</strong> {credit}.</p>"
        "</section>"
    )


# The learner's bar and lesson visits (only under Voila, for a known learner) --------

_CLOSES_REGISTERED: set[tuple[str, str]] = set()


def _in_voila(env: Mapping[str, str]) -> bool:
    """Whether this kernel runs a Voila page (Voila sets these for its kernels)."""
    return "VOILA_PREHEAT" in env or env.get("SERVER_SOFTWARE", "").startswith("voila/")


def _learner_bar(lesson: Lesson, environ: Mapping[str, str] | None = None) -> str:
    """The bar for a known learner under Voila, after recording the visit; else ``""``."""
    env = os.environ if environ is None else environ
    if not _in_voila(env):
        return ""
    from ..widgets import log_error, style_tag
    from ._frame import Records, find_visitor, link
    from ._request import is_preheated
    from ._warm import warm

    try:
        records = Records()
        if is_preheated(env):  # get ready before the learner's request arrives
            warm("lesson")
            records.get()
        visitor = find_visitor(records, environ=environ)
        if visitor.learner is None:
            return ""
        _record_visit(records.get(), visitor.learner.id, course_id(lesson))
    except Exception as error:  # the lesson must show even when the records cannot be reached
        log_error(error, f"lesson {lesson.number} visit")
        return ""
    token = visitor.token
    home = link("../notebooks/home", token)
    test = link("../notebooks/posttest", token, quiz=course_id(lesson))
    return (
        f'{style_tag("lessonbar")}<nav class="ck-lessonbar" aria-label="Course">'
        f'<a href="{home}">Course home</a>'
        f'<a href="{test}">Take the post-test</a></nav>'
    )


def _record_visit(store: Store, learner_id: str, lesson_id: str) -> None:
    """Record the opening now, and the closing when the kernel stops (once per lesson)."""
    store.record_visit(learner_id, lesson_id, "open")
    if (learner_id, lesson_id) not in _CLOSES_REGISTERED:
        _CLOSES_REGISTERED.add((learner_id, lesson_id))
        atexit.register(_record_close, store, learner_id, lesson_id)


def _record_close(store: Store, learner_id: str, lesson_id: str) -> None:
    from ..widgets import log_error

    try:
        store.record_visit(learner_id, lesson_id, "close")
    except Exception as error:
        log_error(error, "lesson close")
