"""The course evaluation page: ``evaluation.ipynb?course=lesson-0N&token=...``.

Offered once the learner has passed the lesson's post-test. The form asks
whether the objectives were met (yes/no), how relevant the lesson is to their
work (1 to 5), four ratings (content, clarity, examples, fairness of the
post-test, 1 to 5) and optional comments. :func:`check_evaluation` names each
missing or wrong answer. The evaluation is stored once: its id is made from
the learner and the course, so a second submit, a retried save or a second
tab never records it twice, and says that it is already in.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from .._catalog import course_id, find_lesson
from ..widgets import ChoiceField, Field, FormSpec, FormWidget, TextField
from ._frame import (
    HtmlPage,
    Records,
    Visitor,
    chunk_html,
    escape,
    link,
    notice,
    page_html,
    query,
    signed_in_page,
)
from ._tracker import tracker_for

if TYPE_CHECKING:
    from .._catalog import Lesson
    from ..records import Learner, Store

__all__ = [
    "COMMENTS_LIMIT",
    "RATINGS",
    "EvaluationAnswers",
    "check_evaluation",
    "evaluation_form",
    "evaluation_id",
    "evaluation_page",
]

COMMENTS_LIMIT = 2_000
RATINGS = (
    ("content", "The content of the lesson"),
    ("clarity", "How clearly it was explained"),
    ("examples", "The examples and worked numbers"),
    ("posttest_fairness", "How fair the post-test was"),
)
"""The 1-to-5 ratings: their keys in the records and their questions."""

_SCALE = (
    ("1", "1 Poor"),
    ("2", "2 Fair"),
    ("3", "3 Good"),
    ("4", "4 Very good"),
    ("5", "5 Excellent"),
)
_RELEVANCE = (
    ("1", "1 Not at all"),
    ("2", "2 A little"),
    ("3", "3 Somewhat"),
    ("4", "4 Quite"),
    ("5", "5 Very"),
)


@dataclass(frozen=True)
class EvaluationAnswers:
    """A checked evaluation, ready to store."""

    objectives_met: bool
    relevance: int
    ratings: Mapping[str, int]
    comments: str


def evaluation_form(lesson: Lesson, draft_key: str = "") -> FormSpec:
    """The evaluation form of a lesson."""
    fields: tuple[Field, ...] = (
        ChoiceField(
            "objectives_met",
            "Did the lesson meet its objectives?",
            (("yes", "Yes"), ("no", "No")),
            hint="That is: can you now do what the lesson said you would be able to do?",
        ),
        ChoiceField(
            "relevance", "How relevant is this lesson to your work?", _RELEVANCE, scale=True
        ),
        *(
            ChoiceField(key, f"Rate {question[0].lower()}{question[1:]}", _SCALE, scale=True)
            for key, question in RATINGS
        ),
        TextField(
            "comments",
            "Comments",
            kind="textarea",
            required=False,
            hint="What helped, what was unclear, what you would add.",
            max_length=COMMENTS_LIMIT,
        ),
    )
    return FormSpec(
        title="Your evaluation",
        intro="It takes about two minutes. Every question except the comments needs an answer.",
        fields=fields,
        submit_label="Send my evaluation",
        draft_key=draft_key,
    )


def _rating(values: Mapping[str, str], key: str) -> int | None:
    value = values.get(key, "")
    return int(value) if value in ("1", "2", "3", "4", "5") else None


def check_evaluation(
    values: Mapping[str, str],
) -> tuple[EvaluationAnswers | None, dict[str, str]]:
    """The checked answers, or ``None`` and a message for each answer that needs attention.

    >>> check_evaluation({"objectives_met": "yes"})[1]["relevance"]
    'Choose how relevant the lesson is to your work, from 1 to 5'
    """
    errors = {}
    met = values.get("objectives_met", "")
    if met not in ("yes", "no"):
        errors["objectives_met"] = "Choose yes or no: did the lesson meet its objectives?"
    relevance = _rating(values, "relevance")
    if relevance is None:
        errors["relevance"] = "Choose how relevant the lesson is to your work, from 1 to 5"
    ratings = {}
    for key, question in RATINGS:
        rating = _rating(values, key)
        if rating is None:
            errors[key] = f"Choose a rating from 1 to 5 for {question[0].lower()}{question[1:]}"
        else:
            ratings[key] = rating
    comments = values.get("comments", "").strip()
    if len(comments) > COMMENTS_LIMIT:
        errors["comments"] = (
            f"Your comments must be {COMMENTS_LIMIT:,} characters or fewer; "
            f"they are {len(comments):,}"
        )
    if errors or relevance is None:
        return None, errors
    return EvaluationAnswers(met == "yes", relevance, ratings, comments), {}


def evaluation_id(learner_id: str, course: str) -> str:
    """The one id a learner's evaluation of a course can have, so it is never stored twice."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"caserate-course:evaluation:{learner_id}:{course}"))


def evaluation_page(
    store: Store | None = None,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Any:
    """The evaluation of the address's ``course``, for the signed-in learner."""
    build = partial(_build, query_string=query_string)
    return signed_in_page(
        "Course evaluation", "evaluation page", build, store, query_string, environ
    )


def _build(records: Records, visitor: Visitor, learner: Learner, query_string: str | None) -> Any:
    token = visitor.token
    course = query(query_string).get("course", "")
    lesson = find_lesson(course)

    def page(title: str, body: str) -> HtmlPage:
        return HtmlPage(
            page_html(
                title, body, token=token, learner_name=learner.name, can_sign_out=not visitor.hub
            )
        )

    if lesson is None:
        return page(
            "Evaluation not found",
            notice(
                f"<p>There is no lesson called “{escape(course[:60])}”. The link may be "
                f'incomplete.</p><p>Choose a lesson on the <a href="{link("home", token)}">course '
                "home</a>.</p>",
                "warning",
            ),
        )
    store = records.get()
    title = f"Lesson {lesson.number} evaluation"
    tracker = tracker_for(store, learner.id, lesson, token, "evaluation", button=False)
    if not store.best_result(learner.id, course).passed:
        return page(
            title,
            tracker
            + notice(
                "<p>The evaluation opens once you have passed the lesson's post-test.</p>"
                f'<p><a class="ck-button" href="{link("posttest", token, quiz=course)}">Take the '
                f'post-test</a></p><p><a href="{link("home", token)}">Course home</a></p>',
                "info",
                "Pass the post-test first",
            ),
        )
    if store.has_evaluation(learner.id, course):
        return page(title, tracker + _thanks(store, learner.id, lesson, token, already=True))
    return _form_page(store, lesson, learner.id, learner.name, token, visitor.hub)


def _thanks(
    store: Store, learner_id: str, lesson: Lesson, token: str | None, already: bool = False
) -> str:
    """Thanks, then the certificate, or first what it still waits for (each step a link)."""
    from ..certificates import missing_steps
    from ._certificate import steps_html

    course = course_id(lesson)
    said = (
        "Your evaluation of this lesson is already in." if already else "Your evaluation is saved."
    )
    home = f'<p><a href="{link("home", token)}">Course home</a></p>'
    todo = missing_steps(store, learner_id, course)
    if todo:
        lead = "Your certificate is ready as soon as these steps are done:"
        return notice(
            f"<p>{said} Thank you: it helps us improve the course.</p>"
            + steps_html(todo, lesson, token, lead)
            + home,
            "warning",
            "Thank you: before your certificate",
        )
    return notice(
        f"<p>{said} Thank you: it helps us improve the course.</p>"
        f'<p><a class="ck-button" href="{link("certificate", token, course=course)}">Next: get '
        f"your certificate</a></p>{home}",
        "success",
        "Thank you",
    )


def _form_page(
    store: Store, lesson: Lesson, learner_id: str, name: str, token: str | None, hub: bool
) -> Any:
    import ipywidgets as widgets  # type: ignore[import-untyped]

    from ..widgets import EarlyBox

    course = course_id(lesson)

    def header_html() -> str:
        return page_html(
            f"Lesson {lesson.number} evaluation",
            tracker_for(store, learner_id, lesson, token, "evaluation", button=False)
            + f'<p class="ck-lead">Lesson {lesson.number}: {escape(lesson.title)}</p>'
            "<p>Well done on passing the post-test. Before your certificate, please tell us what "
            "you thought of the lesson. Your answers are read by the training team to improve "
            "the course.</p>",
            token=token,
            learner_name=name,
            can_sign_out=not hub,
            styles=("forms",),
        )

    header = widgets.HTML(header_html())
    after = widgets.HTML(chunk_html(f'<p><a href="{link("home", token)}">Course home</a></p>'))
    form = FormWidget(evaluation_form(lesson, draft_key=f"evaluation:{learner_id}:{course}"))

    def handle(values: Mapping[str, str]) -> dict[str, str]:
        answers, errors = check_evaluation(values)
        if answers is None:
            return errors
        store.on_retry = form.retrying("Saving")
        already = store.has_evaluation(learner_id, course)
        if not already:
            store.record_evaluation(
                learner_id,
                course,
                answers.objectives_met,
                answers.relevance,
                answers.ratings,
                answers.comments,
                evaluation_id=evaluation_id(learner_id, course),
            )
        form.done = True
        form.status = (
            "Your evaluation was already in; it was not recorded twice."
            if already
            else "Your evaluation is saved. Thank you."
        )
        header.value = header_html()
        after.value = chunk_html(_thanks(store, learner_id, lesson, token, already=already))
        return {}

    form.handler = handle
    # An early box: the page offers a working copy of the form before its scripts arrive.
    return EarlyBox([header, form, after], layout=widgets.Layout(width="100%"))
