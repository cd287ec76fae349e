"""The progress tracker on a lesson's pages: where the learner is, and the one next step.

Every page of a lesson (the lesson, its post-test, evaluation and certificate)
opens with the same line: "Lesson 2 of 6 · Read ✓ · Post-test ✓ · Evaluation ·
Certificate", each step a link, the page's own step marked as the current one,
and the next step still to do as the page's main button.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._catalog import LESSONS, course_id, next_lesson
from ._frame import escape, lesson_href, link

if TYPE_CHECKING:
    from .._catalog import Lesson
    from ..records import Store

__all__ = ["STEPS", "Progress", "lesson_progress_of", "tracker_for", "tracker_html"]

STEPS = ("read", "posttest", "evaluation", "certificate")
"""A lesson's steps, in order."""

_NAMES = {
    "read": "Read",
    "posttest": "Post-test",
    "evaluation": "Evaluation",
    "certificate": "Certificate",
}
_NEXT = {
    "read": "Read the lesson",
    "posttest": "Take the post-test",
    "evaluation": "Fill in the evaluation",
    "certificate": "Get your certificate",
}


@dataclass(frozen=True)
class Progress:
    """Which of a lesson's steps a learner has done."""

    read: bool
    posttest: bool
    evaluation: bool
    certificate: bool
    name_ready: bool = True
    """Whether the recorded name can go on a certificate (else it is given on Your details)."""

    def done(self, step: str) -> bool:
        """Whether ``step`` (one of :data:`STEPS`) is done."""
        return bool(getattr(self, step))

    def next_step(self) -> str | None:
        """The first step not done yet, or None when the lesson is complete."""
        return next((step for step in STEPS if not self.done(step)), None)


def lesson_progress_of(store: Store, learner_id: str, lesson: Lesson) -> Progress:
    """The learner's steps in ``lesson``, from the records."""
    from ..certificates import name_needs_details

    course = course_id(lesson)
    status = store.completion_status(learner_id, course, course, course)
    issued = any(record.course_id == course for record in store.certificates_for(learner_id))
    learner = store.get_learner(learner_id)
    ready = learner is not None and not name_needs_details(learner)
    return Progress(status.visited, status.passed, status.evaluated, issued, ready)


def _href(step: str, lesson: Lesson, token: str | None, prefix: str) -> str:
    """Where a step is done: the lesson itself, or the course page named like the step."""
    if step == "read":
        return lesson_href(lesson, token)
    key = "quiz" if step == "posttest" else "course"
    return link(prefix + step, token, **{key: course_id(lesson)})


def tracker_html(
    progress: Progress,
    lesson: Lesson,
    token: str | None,
    current: str,
    *,
    prefix: str = "",
    button: bool = True,
) -> str:
    """The tracker for a page of ``lesson`` whose own step is ``current``.

    ``prefix`` leads to ``notebooks/`` from the page (``"../notebooks/"`` from a
    lesson). With ``button``, the next step still to do, or the next lesson once
    this one is complete, follows as the page's main button.
    """
    items = []
    for step in STEPS:
        done = progress.done(step)
        here = ' aria-current="step"' if step == current else ""
        mark = '<span aria-hidden="true"> ✓</span><span class="ck-visually-hidden"> (done)</span>'
        items.append(
            f'<li class="ck-track-{"done" if done else "todo"}">'
            f'<a href="{_href(step, lesson, token, prefix)}"{here}>{_NAMES[step]}'
            f"{mark if done else ''}</a></li>"
        )
    count = len(LESSONS)
    heading = f"Lesson {lesson.number} of {count}"
    nav = (
        f'<nav class="ck-tracker" aria-label="Your steps in lesson {lesson.number}">'
        f'<p class="ck-tracker-title">{heading}</p><ol>{"".join(items)}</ol></nav>'
    )
    if not button:
        return nav
    coming = progress.next_step()
    if coming == current:
        return nav
    if coming == "certificate" and not progress.name_ready:
        target, label = link(f"{prefix}details", token), "Next: give the name for your certificate"
    elif coming is not None:
        target, label = _href(coming, lesson, token, prefix), f"Next: {_NEXT[coming].lower()}"
    elif (following := next_lesson(lesson)) is not None:
        target = lesson_href(following, token)  # ../lessons/...: right from either folder
        label = f"Next lesson: {following.title}"
    else:
        target, label = link(f"{prefix}home", token), "Back to the course home"
    return nav + f'<p class="ck-next"><a class="ck-button" href="{target}">{escape(label)}</a></p>'


def tracker_for(
    store: Store,
    learner_id: str,
    lesson: Lesson,
    token: str | None,
    current: str,
    *,
    button: bool = True,
) -> str:
    """The tracker of a page in ``notebooks/``, from the learner's records.

    A page whose own result names the next step (the post-test's, the
    evaluation's thanks) asks for no ``button``: one main button per page.
    """
    progress = lesson_progress_of(store, learner_id, lesson)
    return tracker_html(progress, lesson, token, current, button=button)
