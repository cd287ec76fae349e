"""The refresher: ``posttest.ipynb?refresher=1``, practice across the lessons passed.

Some days after a learner passes a post-test (``[refresher]`` in
``course.toml``), the course home offers a short refresher: questions from
the lessons they passed, mostly ones they answered wrong
(:func:`~caserate_kit.course.quiz.draw_practice`). It is shown and graded
like a post-test, with the right answers after submitting, and kept as
practice: it never changes a score, a pass or CE credit.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .._catalog import LESSONS, bank_path, course_id, lesson_for
from ._frame import HtmlPage, escape, link, notice, page_html

if TYPE_CHECKING:
    from .._config import RefresherSettings
    from ..quiz import Bank
    from ..records import Store

__all__ = ["missed_items", "refresher_due", "refresher_page_body"]

INTRO = (
    "A few questions from the lessons you passed, mostly ones you missed the first time. "
    "Answering from memory helps you keep what you learned. This is practice: it never "
    "changes your scores, your passes or your CE credit."
)


def missed_items(store: Store, learner_id: str, quiz: str) -> set[str]:
    """The ids of the items the learner answered wrong on any try of a post-test."""
    wrong: set[str] = set()
    for submission in store.submissions(learner_id, quiz):
        ids = submission.result.get("item_ids")
        items = submission.result.get("items")
        if not isinstance(ids, dict) or not isinstance(items, list):
            continue
        for entry in items:
            if isinstance(entry, dict) and not entry.get("correct") and entry.get("key") in ids:
                wrong.add(str(ids[entry["key"]]))
    return wrong


def _passed(store: Store, learner_id: str) -> dict[str, datetime]:
    """Each post-test the learner passed, with when they first passed it."""
    found = {}
    for lesson in LESSONS:
        first = store.best_result(learner_id, course_id(lesson)).first_passed_at
        if first is not None:
            found[course_id(lesson)] = first
    return found


def refresher_due(
    store: Store, learner_id: str, settings: RefresherSettings, now: datetime | None = None
) -> bool:
    """Whether the home should offer a refresher now.

    One is due when a post-test was first passed at least ``days_after_pass``
    days ago and the learner has taken no refresher in the last
    ``days_after_pass`` days.
    """
    if settings.days_after_pass <= 0 or settings.questions <= 0:
        return False
    now = now or datetime.now(UTC)
    wait = timedelta(days=settings.days_after_pass)
    if not any(now - first >= wait for first in _passed(store, learner_id).values()):
        return False
    return not any(now - done.at < wait for done in store.practice_results(learner_id))


def _pools(store: Store, learner_id: str) -> list[tuple[Bank, set[str]]]:
    from ..quiz import load_bank_once

    return [
        (load_bank_once(bank_path(lesson_for(quiz))), missed_items(store, learner_id, quiz))
        for quiz in _passed(store, learner_id)
    ]


def refresher_page_body(
    store: Store, learner_id: str, token: str | None, name: str, hub: bool, questions: int
) -> Any:
    """The refresher for the signed-in learner: a widget, or a note when nothing is passed yet."""
    import ipywidgets as widgets  # type: ignore[import-untyped]

    from ..quiz import draw_practice, new_seed
    from ..widgets import PostTestPage, PostTestWidget, early_posttest_html

    pools = _pools(store, learner_id)
    home = f'<ul class="ck-actions"><li><a href="{link("home", token)}">Course home</a></li></ul>'
    if not pools:
        body = notice(
            "<p>A refresher draws on the lessons you have passed. Pass a post-test first; "
            "the course home offers a refresher some days later.</p>",
            "info",
        )
        return HtmlPage(
            page_html(
                "Refresher", body + home, token=token, learner_name=name, can_sign_out=not hub
            )
        )
    quiz = PostTestWidget()
    current = {"practice": draw_practice(pools, questions, new_seed())}

    def submit() -> None:
        practice = current["practice"]
        results = practice.grade(quiz.responses)
        view = practice.result_view(results)
        store.record_practice(learner_id, view["score"], practice.record(results))
        quiz.result = view

    def another() -> None:
        current["practice"] = draw_practice(pools, questions, new_seed())
        quiz.load(current["practice"].view())
        quiz.status = "Here is another refresher."

    quiz.on_submit(submit)
    quiz.on_retake(another)
    quiz.load(current["practice"].view())
    lessons = ", ".join(f"lesson {lesson_for(bank.id).number}" for bank, _ in pools)
    header = widgets.HTML(
        page_html(
            "Refresher",
            f'<p class="ck-lead">From {lessons}.</p><p>{escape(INTRO)}</p>',
            token=token,
            learner_name=name,
            can_sign_out=not hub,
            styles=("posttest",),
        )
    )
    footer = widgets.HTML(home)
    page = PostTestPage([header, quiz, footer], layout=widgets.Layout(width="100%"))
    early = {"view": quiz.view, "responses": {}, "status": ""}
    page.early_copy = early_posttest_html(header.value, early, quiz._esm)
    return page
