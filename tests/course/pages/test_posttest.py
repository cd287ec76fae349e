"""The post-test page, built in the kernel without a browser."""

from __future__ import annotations

import json
from itertools import combinations

import pytest

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course.pages import (
    posttest_page,
)
from caserate_kit.course.pages._posttest import OTHER_TAB
from caserate_kit.course.quiz._grading import grade_item
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.widgets._posttest import PostTestWidget

from .helpers import (
    NO_HUB,
    ROOT,
    _heavy_imports,
    _showable,
    address,
    shown,
    widget_of,
)

pytestmark = pytest.mark.usefixtures("unpaced")


def right_response(shown_item):
    """The answer that grades as correct, found by trying every possible answer."""
    keys = [option.key for option in shown_item.options]
    kind = shown_item.shown_type
    if kind in ("single", "true_false"):
        candidates: list[object] = list(keys)
    elif kind == "multiple":
        candidates = [list(c) for n in range(1, len(keys) + 1) for c in combinations(keys, n)]
    elif kind == "ordering":
        return [option.key for option in sorted(shown_item.options, key=lambda o: o.index)]
    else:
        return grade_item(shown_item, None).correct_answer
    return next(c for c in candidates if grade_item(shown_item, c).correct)


def some_answer(question):
    """An answer of the right form (not necessarily right) to a question as the page sees it."""
    keys = [option["key"] for option in question.get("options", [])]
    if question["type"] in ("single", "true_false"):
        return keys[0]
    if question["type"] in ("multiple", "ordering"):
        return keys if question["type"] == "ordering" else keys[:1]
    return "12"


def _variant(store, learner_id):
    from caserate_kit.course.quiz._variants import draw_variant

    attempt = store.open_attempt(learner_id, "lesson-01")
    return draw_variant(load_bank(ROOT / "quizzes" / "lesson-01.yaml"), attempt.seed)


def test_post_test_page_shows_the_lessons_quiz(records, ada):
    """Does the post-test page show the quiz named in the address, with its questions?"""
    page = posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB)
    widget = widget_of(page, PostTestWidget)
    bank = load_bank(ROOT / "quizzes" / "lesson-01.yaml")
    assert widget.view["title"] == bank.quiz.title
    assert len(widget.view["questions"]) == 10


def test_the_post_test_page_carries_an_early_copy_without_answers(records, ada):
    """Does the page offer, as HTML, the same questions the widget shows, with no rationale?"""
    import re

    page = posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB)
    widget = widget_of(page, PostTestWidget)
    bundle, metadata = page._repr_mimebundle_()
    early = bundle["text/html"]
    assert metadata == {"caserate_early": True}
    assert "application/vnd.jupyter.widget-view+json" in bundle
    found = re.search(r'class="ck-test-early-state">(.*?)</script>', early, flags=re.DOTALL)
    assert found is not None
    assert json.loads(found.group(1)) == {"view": widget.view, "responses": {}, "status": ""}
    assert "export function drawEarly" in early
    bank = load_bank(ROOT / "quizzes" / "lesson-01.yaml")
    shown_ids = {q["key"] for q in widget.view["questions"]}
    assert not [item.id for item in bank.items if item.id in early], "item ids stay in the kernel"
    assert not [item.rationale for item in bank.items if item.rationale in early]
    assert len(shown_ids) == 10


def test_an_early_copy_cannot_end_its_own_script_element():
    from caserate_kit.course.widgets._early_posttest import early_posttest_html

    with pytest.raises(ValueError, match="script"):
        early_posttest_html("<h1>Post-test</h1>", {"view": {}}, "const x = '</script>';")
    html = early_posttest_html("<h1>Post-test</h1>", {"view": {"title": "</script><b>"}}, "x")
    assert "</script><b>" not in html


def test_post_test_page_explains_retakes(records, ada):
    """Does the page say how retakes work and that the best score is kept?"""
    html = shown(posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB))
    assert "take a new version of the questions" in html
    assert "best score is kept" in html


def test_reloading_the_post_test_resumes_the_same_attempt(records, ada):
    """After a reload, are the same questions back with the answer already given?"""
    query = address(ada[1], quiz="lesson-01")
    first = widget_of(posttest_page(records, query, NO_HUB), PostTestWidget)
    question = first.view["questions"][0]
    answer = some_answer(question)
    first.responses = {question["key"]: answer}
    again = widget_of(posttest_page(records, query, NO_HUB), PostTestWidget)
    assert (again.view, again.responses) == (first.view, {question["key"]: answer})


def test_an_unknown_quiz_gets_a_clear_message(records, ada):
    """Is a post-test address naming no lesson answered with a message and a way home?"""
    html = shown(posttest_page(records, address(ada[1], quiz="lesson-99"), NO_HUB))
    assert "There is no post-test called" in html
    assert "home.ipynb?token=" in html


def test_post_test_without_a_token_asks_to_sign_in(records):
    """Does the post-test page ask a visitor with no token to sign in on the home page?"""
    html = shown(posttest_page(records, address(quiz="lesson-01"), NO_HUB))
    assert "Sign in to continue" in html
    assert 'href="home.ipynb"' in html


def test_passing_the_post_test_offers_the_evaluation(records, ada):
    """After a pass, does the page link to the evaluation?"""
    page = posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB)
    widget = widget_of(page, PostTestWidget)
    session_variant = _variant(records, ada[0].id)
    widget.responses = {item.key: right_response(item) for item in session_variant.items}
    widget._on_page_message(widget, {"event": "submit"}, [])
    assert widget.result["passed"] is True
    assert f"evaluation.ipynb?course=lesson-01&amp;token={ada[1]}" in shown(page)


def test_every_question_of_every_post_test_can_be_shown():
    """Can the post-test page show any variant of any lesson's post-test?"""
    refused = {}
    for lesson in LESSONS:
        bank = load_bank(ROOT / "quizzes" / f"lesson-{lesson.number:02d}.yaml")
        refused[lesson.number] = sum(not _showable(bank, seed) for seed in range(30))
    assert refused == dict.fromkeys(refused, 0)


def test_an_answer_after_submitting_in_another_tab_is_explained(records, ada):
    """With the post-test open in two tabs, does answering in the second after submitting in
    the first explain what happened instead of failing?"""
    query = address(ada[1], quiz="lesson-01")
    first = widget_of(posttest_page(records, query, NO_HUB), PostTestWidget)
    second = widget_of(posttest_page(records, query, NO_HUB), PostTestWidget)
    first._on_page_message(first, {"event": "submit"}, [])
    question = second.view["questions"][0]
    second.responses = {question["key"]: some_answer(question)}
    assert second.status == OTHER_TAB


def test_a_busy_store_shows_saving_retrying(records, ada):
    """When the records are busy, does the post-test say it is saving and retrying?"""
    widget = widget_of(
        posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB), PostTestWidget
    )
    records.on_retry(1, 0.1)
    assert widget.status.startswith("Saving…")


def test_the_post_test_page_imports_neither_pandas_nor_matplotlib(tmp_path):
    """Does building the post-test page stay clear of pandas and matplotlib?"""
    loaded = _heavy_imports(tmp_path, "posttest_page", "quiz=lesson-03&token={token}")
    assert loaded == {"pandas": False, "matplotlib": False}


def test_a_pass_without_opening_the_lesson_says_so_at_once(records, ada):
    """Passed without having opened the lesson: does the result say now that the certificate
    also waits for the lesson, with a link to it, rather than at the last step?"""
    page = posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB)
    widget = widget_of(page, PostTestWidget)
    variant = _variant(records, ada[0].id)
    widget.responses = {item.key: right_response(item) for item in variant.items}
    widget._on_page_message(widget, {"event": "submit"}, [])
    html = shown(page)
    assert "Besides the evaluation, your certificate waits for:" in html
    assert (
        f'href="../lessons/01_how_managed_care_decides.ipynb?token={ada[1]}">Open the lesson'
        in html
    )


def test_a_pass_after_reading_the_lesson_asks_for_nothing_more(records, ada):
    """Having opened the lesson first, is the evaluation the only step named?"""
    records.record_visit(ada[0].id, "lesson-01", "open")
    page = posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB)
    widget = widget_of(page, PostTestWidget)
    variant = _variant(records, ada[0].id)
    widget.responses = {item.key: right_response(item) for item in variant.items}
    widget._on_page_message(widget, {"event": "submit"}, [])
    assert "Still to do" not in shown(page)
