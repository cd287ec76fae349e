"""The post-test page: ``posttest.ipynb?quiz=lesson-0N&token=...``.

The page shows the lesson's post-test through a
:class:`~._posttest_session.PostTestSession`, which resumes an unfinished attempt
after a reload, saves every answer as it is given (showing "Saving…" retries)
and grades in the kernel. Around it: how retakes work, the learner's record
so far, and links back to the lesson and the course home; after a pass, the
link to the evaluation. The session hands every failure to the page, which
shows a plain message in the widget and never a traceback; an answer sent to an attempt
that another tab already submitted is explained as such. A drawn version
that the widget refuses to show is logged and replaced by a fresh one, so a
learner is never stuck on it. The learner's record lists every submitted try;
``&review=ATTEMPT`` shows one of them again (:mod:`._review`). ``?refresher=1``
is the refresher offered after a pass (:mod:`._refresher`). Before a first
pass, a new try starts only when ``course.toml``'s ``[posttest]`` rules allow
it (:mod:`caserate_kit.course._pacing`); otherwise the page says why and
when, with the learner's tries and the way back to the lesson.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from .._catalog import bank_path, course_id, find_lesson
from .._numbers import format_percent
from .._paths import course_root
from .._sections import lesson_sections, section_anchor
from ..widgets import friendly_message, log_error
from ._frame import (
    HtmlPage,
    Records,
    Visitor,
    chunk_html,
    escape,
    lesson_href,
    link,
    notice,
    page_html,
    query,
    signed_in_page,
)
from ._review import review_html, tries_html
from ._tracker import tracker_for

if TYPE_CHECKING:
    from .._catalog import Lesson
    from ..quiz import Bank
    from ..records import BestResult, Learner, Store
    from ..widgets import PostTestWidget
    from ._posttest_session import PostTestSession, SectionLink

__all__ = ["OTHER_TAB", "RETAKES", "posttest_page", "record_line"]

RETAKES = (
    "If you do not pass, go back over the lesson sections your result lists, then take a new "
    "version of the questions (after a short pause, and a few tries a day). Your best score is "
    "kept, and once you pass, the pass counts even if a later try scores lower."
)
OTHER_TAB = (
    "This post-test was already submitted in another tab or window, so these answers can no "
    "longer change. Reload this page to start a new version, or go to the course home to see "
    "your result."
)


def record_line(best: BestResult) -> str:
    """The learner's record on this post-test in one sentence."""
    from .._numbers import format_score
    from ..certificates import format_date

    if best.first_passed_at is not None:
        return (
            f"You passed this post-test on {format_date(best.first_passed_at.date())}. "
            f"Best score: {format_score(best.best_score)}. You do not need to take it again."
        )
    if best.attempts:
        tries = "1 try" if best.attempts == 1 else f"{best.attempts} tries"
        return f"So far: {tries}, best score {format_score(best.best_score)}."
    return "This is your first try."


def posttest_page(
    store: Store | None = None,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Any:
    """The post-test named by the address's ``quiz``, for the signed-in learner."""
    build = partial(_build, query_string=query_string)
    return signed_in_page("Post-test", "post-test page", build, store, query_string, environ)


def _build(records: Records, visitor: Visitor, learner: Learner, query_string: str | None) -> Any:
    token, name = visitor.token, learner.name
    if "refresher" in query(query_string):
        from .._config import load_config
        from ._refresher import refresher_page_body

        questions = load_config().refresher.questions
        return refresher_page_body(records.get(), learner.id, token, name, visitor.hub, questions)
    quiz = query(query_string).get("quiz", "")
    lesson = find_lesson(quiz)
    if lesson is None:
        body = notice(
            f"<p>There is no post-test called “{escape(quiz[:60])}”. The link may be "
            "incomplete.</p>"
            f'<p>Choose a post-test from the <a href="{link("home", token)}">course home</a>.</p>',
            "warning",
        )
        return HtmlPage(
            page_html(
                "Post-test not found",
                body,
                token=token,
                learner_name=name,
                can_sign_out=not visitor.hub,
            )
        )
    review = query(query_string).get("review")
    if review is not None:
        return _review(records.get(), lesson, learner.id, review, token, name, visitor.hub)
    return _posttest(records.get(), lesson, learner.id, token, name, visitor.hub)


def section_link(lesson: Lesson, token: str | None) -> SectionLink:
    """From a section (cell id) of ``lesson``: its address from a course page, and heading."""
    notebook = course_root() / "lessons" / lesson.notebook

    def find(anchor: str) -> tuple[str, str] | None:
        title = lesson_sections(notebook).get(anchor)
        if title is None:
            return None
        return f"{html.unescape(lesson_href(lesson, token))}#{section_anchor(anchor)}", title

    return find


def _review(
    store: Store,
    lesson: Lesson,
    learner_id: str,
    attempt_id: str,
    token: str | None,
    name: str,
    hub: bool,
) -> HtmlPage:
    """One of the learner's own submitted tries, as it was shown (never another's)."""
    course = course_id(lesson)
    done = store.submissions(learner_id, course)
    found = [(n, s) for n, s in enumerate(done, 1) if s.attempt_id == attempt_id]
    back = (
        f'<ul class="ck-actions"><li><a href="{link("posttest", token, quiz=course)}">'
        f"Back to the lesson {lesson.number} post-test</a></li>"
        f'<li><a href="{lesson_href(lesson, token)}">Back to lesson {lesson.number}</a></li>'
        f'<li><a href="{link("home", token)}">Course home</a></li></ul>'
    )
    if not found:
        body = notice(
            "<p>There is no submitted try of yours with this address. The link may be "
            "incomplete, or the try was never submitted.</p>",
            "warning",
        )
    else:
        number, submission = found[0]
        show = _load_bank(lesson).quiz.show_answers_after_pass
        body = review_html(submission, number, show, section_link(lesson, token))
    return HtmlPage(
        page_html(
            f"Lesson {lesson.number} post-test: an earlier try",
            body + back,
            token=token,
            learner_name=name,
            can_sign_out=not hub,
            styles=("posttest",),
        )
    )


def _not_open(
    store: Store,
    lesson: Lesson,
    learner_id: str,
    token: str | None,
    name: str,
    hub: bool,
    message: str,
) -> HtmlPage:
    """The post-test page while a new try cannot start: why, when, and what to do meanwhile."""
    course = course_id(lesson)
    tracker = tracker_for(store, learner_id, lesson, token, "posttest", button=False)
    tries = tries_html(store.submissions(learner_id, course), token, course)
    body = (
        tracker
        + notice(f"<p>{escape(message)}</p>", "info", "Not yet")
        + f"<p>{escape(RETAKES)}</p>"
        + tries
        + f'<ul class="ck-actions"><li><a href="{lesson_href(lesson, token)}">'
        f"Back to lesson {lesson.number}</a></li>"
        f'<li><a href="{link("home", token)}">Course home</a></li></ul>'
    )
    return HtmlPage(
        page_html(
            f"Lesson {lesson.number} post-test",
            body,
            token=token,
            learner_name=name,
            can_sign_out=not hub,
            styles=("posttest",),
        )
    )


def _load_bank(lesson: Lesson) -> Bank:
    from ..quiz import load_bank_once

    return load_bank_once(bank_path(lesson))


def _posttest(
    store: Store, lesson: Lesson, learner_id: str, token: str | None, name: str, hub: bool
) -> Any:
    import ipywidgets as widgets  # type: ignore[import-untyped]

    from .._config import load_config
    from ..certificates import lesson_facts
    from ..widgets import PostTestPage, PostTestWidget, early_posttest_html
    from ._posttest_session import PostTestSession, TryNotOpenError, pace_for

    bank = _load_bank(lesson)
    quiz_widget = PostTestWidget()
    reading = lesson_facts(lesson.number).time.reading_minutes
    pace = pace_for(store, learner_id, course_id(lesson), load_config().posttest, reading)

    def next_step() -> tuple[str, str]:
        href = html.unescape(link("evaluation", token, course=course_id(lesson)))
        return href, "Next: fill in the course evaluation"

    session = PostTestSession(
        store,
        bank,
        learner_id,
        quiz_widget,
        partial(_tell, quiz_widget),
        next_step,
        section_link(lesson, token),
        pace,
    )
    try:
        widget = _start(session)
    except TryNotOpenError as closed:
        return _not_open(store, lesson, learner_id, token, name, hub, str(closed))
    course = course_id(lesson)
    quiz = bank.quiz
    count = len(widget.view.get("questions", []))
    intro = (
        f'<p class="ck-lead">Lesson {lesson.number}: {escape(lesson.title)}</p>'
        f"<p>{count} questions, about {quiz.time_estimate_minutes} minutes. You pass with "
        f"{format_percent(quiz.pass_mark)} or more. Your answers are saved as you go: if you "
        "leave, you can come back and carry on.</p>"
        f"<p>{RETAKES}</p>"
    )

    def header_html() -> str:
        tracker = tracker_for(store, learner_id, lesson, token, "posttest", button=False)
        return page_html(
            f"Lesson {lesson.number} post-test",
            tracker + intro,
            token=token,
            learner_name=name,
            can_sign_out=not hub,
            styles=("posttest",),
        )

    header = widgets.HTML(header_html())
    after = widgets.HTML()

    def refresh(_change: object = None) -> None:
        if _change is not None:
            header.value = header_html()
        best = store.best_result(learner_id, course)
        steps = [
            f'<li><a href="{lesson_href(lesson, token)}">Back to lesson {lesson.number}</a></li>'
        ]
        if best.passed:
            steps.insert(
                0,
                f'<li><a href="{link("evaluation", token, course=course)}">'
                "Fill in the course evaluation</a></li>",
            )
        steps.append(f'<li><a href="{link("home", token)}">Course home</a></li>')
        tries = tries_html(store.submissions(learner_id, course), token, course)
        after.value = chunk_html(
            f'<h2 id="your-record">Your record</h2><p>{escape(record_line(best))}</p>{tries}'
            f"{_also_to_do(store, learner_id, lesson, token) if best.passed else ''}"
            f'<ul class="ck-actions">{"".join(steps)}</ul>'
        )

    def refresh_safely(change: object) -> None:
        try:
            refresh(change)
        except Exception as error:
            log_error(error, "post-test record")

    refresh()
    widget.observe(refresh_safely, names="result")
    page = PostTestPage([header, widget, after], layout=widgets.Layout(width="100%"))
    early = {"view": widget.view, "responses": widget.responses, "status": widget.status}
    page.early_copy = early_posttest_html(header.value, early, widget._esm)
    return page


def _also_to_do(store: Store, learner_id: str, lesson: Lesson, token: str | None) -> str:
    """After a pass: what else the certificate waits for, besides the evaluation, said now."""
    from ..certificates import missing_steps
    from ._certificate import steps_html

    course = course_id(lesson)
    todo = [
        step
        for step in missing_steps(store, learner_id, course)
        if step not in ("pass the post-test", "fill in the course evaluation")
    ]
    if not todo:
        return ""
    lead = "Besides the evaluation, your certificate waits for:"
    return notice(steps_html(todo, lesson, token, lead), "warning", "Still to do")


def _start(session: PostTestSession, tries: int = 5) -> PostTestWidget:
    """Start or resume the post-test; a drawn version the page refuses is replaced by a new one.

    Without this, an attempt whose questions the widget cannot show would be
    resumed, and refused, on every reload: the learner could never take the test.
    """
    from ..._exceptions import InvalidInputError

    try:
        return session.start()
    except InvalidInputError as error:
        problem: InvalidInputError = error
    for _ in range(tries):
        log_error(problem, "post-test version the page cannot show; drawing another")
        try:
            session.retake()
        except InvalidInputError as error:
            problem = error
            continue
        session.widget.status = ""
        return session.widget
    raise problem


def _tell(widget: PostTestWidget, error: Exception, where: str) -> None:
    """Explain a failure in the widget's status line, never as a traceback."""
    from ..records import AttemptSubmittedError

    if isinstance(error, AttemptSubmittedError):
        widget.status = OTHER_TAB
        return
    reference = log_error(error, where)
    widget.status = f"{friendly_message(error)} (Reference {reference}.)"
