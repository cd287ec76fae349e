"""The learner pages, built in the kernel without a browser.

Each test builds a page the way its notebook does, but passes the records
store, the page address (``query_string``) and the environment itself. A
page is either finished HTML (``HtmlPage``) or a box of widgets; ``shown``
gathers what the learner would read.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from urllib.parse import urlencode

import pytest

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course.certificates._ce_hours import format_ce_hours
from caserate_kit.course.certificates._lesson_facts import lesson_facts
from caserate_kit.course.pages import (
    certificate_page,
    evaluation_page,
    glossary_page,
    home_page,
    posttest_page,
)
from caserate_kit.course.pages._evaluation import check_evaluation, evaluation_id
from caserate_kit.course.pages._frame import HtmlPage
from caserate_kit.course.pages._home import lesson_progress
from caserate_kit.course.pages._lesson import _CLOSES_REGISTERED, lesson_header
from caserate_kit.course.pages._posttest import OTHER_TAB
from caserate_kit.course.pages._session import sign_in
from caserate_kit.course.pages._signin import check_sign_in
from caserate_kit.course.quiz._grading import grade_item
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.records._store import Store, StoreUnavailableError
from caserate_kit.course.widgets._form import FormWidget
from caserate_kit.course.widgets._posttest import PostTestWidget

ROOT = Path(__file__).resolve().parents[2]
NO_HUB: dict[str, str] = {}
COMPLETE_EVALUATION = {
    "objectives_met": "yes",
    "relevance": "4",
    "content": "5",
    "clarity": "4",
    "examples": "3",
    "posttest_fairness": "5",
    "comments": "Clear and useful.",
}


# Fixtures and helpers -------------------------------------------------------------


@pytest.fixture
def records(tmp_path, monkeypatch):
    """A records store in a fresh data folder (the session secret lives there too)."""
    data = tmp_path / "data"
    monkeypatch.setenv("CASERATE_DATA_DIR", str(data))
    monkeypatch.delenv("CASERATE_DB_URL", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    with Store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as store:
        yield store


@pytest.fixture(autouse=True)
def showable_seeds(monkeypatch):
    """New attempts draw from seeds whose lesson 1 questions the widget can show.

    Fixed seeds keep these tests repeatable; see
    ``test_every_question_of_every_post_test_can_be_shown`` for the seeds left out.
    """
    bank = load_bank(ROOT / "quizzes" / "lesson-01.yaml")
    seeds = iter([seed for seed in range(200) if _showable(bank, seed)])
    monkeypatch.setattr("caserate_kit.course.pages._posttest_session.new_seed", lambda: next(seeds))


def _showable(bank, seed) -> bool:
    from caserate_kit.course.quiz._variants import draw_variant

    try:
        PostTestWidget(view=draw_variant(bank, seed).question_view())
    except ValueError:
        return False
    return True


@pytest.fixture
def ada(records):
    """A signed-in learner and her session token."""
    return sign_in(records, "Ada Byron", email="ada@example.org", license_number="LCSW 101")


@pytest.fixture
def bob(records):
    """A second learner."""
    return sign_in(records, "Bob Okafor", email="bob@example.org")


def address(token: str | None = None, **parameters: str) -> str:
    """A page's query string."""
    return urlencode({**parameters, **({"token": token} if token else {})})


def shown(page) -> str:
    """Everything a page shows as text and HTML (widgets included)."""
    if isinstance(page, HtmlPage):
        return page.html
    parts = []
    for child in page.children:
        if isinstance(child, FormWidget | PostTestWidget):
            parts.append(json.dumps(getattr(child, "spec", None) or child.view))
        else:
            parts.append(child.value)
    return "\n".join(parts)


def widget_of(page, kind):
    return next(child for child in page.children if isinstance(child, kind))


def complete(store: Store, learner_id: str, course: str = "lesson-01", evaluate: bool = True):
    """Open the lesson, pass its post-test and (by default) evaluate it."""
    store.record_visit(learner_id, course, "open")
    attempt = store.start_attempt(learner_id, course, "v1", seed=1)
    store.submit_attempt(attempt.id, 0.9, True, {})
    if evaluate:
        store.record_evaluation(learner_id, course, True, 4, {"content": 5})


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


def status_of(page, lesson_number: int) -> str:
    rows = shown(page).split("<tr>")[2:]
    row = rows[lesson_number - 1]
    return row.split('<span class="ck-status')[1].split(">")[1].split("<")[0]


# Course home --------------------------------------------------------------------------


def test_a_new_learner_sees_six_lessons_not_started(records, ada):
    """Does a learner who has done nothing see all six lessons as not started?"""
    page = home_page(records, address(ada[1]), NO_HUB)
    assert [status_of(page, n) for n in range(1, 7)] == ["Not started"] * 6


def test_opening_a_lesson_puts_it_in_progress(records, ada):
    """Does a recorded lesson visit make that lesson "in progress"?"""
    records.record_visit(ada[0].id, "lesson-02", "open")
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 2) == "In progress"


def test_starting_a_post_test_puts_the_lesson_in_progress(records, ada):
    """Does an unfinished post-test attempt count as progress even without a lesson visit?"""
    records.start_attempt(ada[0].id, "lesson-03", "v1", seed=3)
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 3) == "In progress"


def test_passing_the_post_test_marks_the_lesson_passed(records, ada):
    """Is a lesson whose post-test was passed, but not yet evaluated, shown as passed?"""
    complete(records, ada[0].id, "lesson-04", evaluate=False)
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 4) == "Passed"


def test_a_completed_lesson_has_its_certificate_ready(records, ada):
    """With the lesson opened, the test passed and the evaluation in, is the certificate ready?"""
    complete(records, ada[0].id, "lesson-05")
    assert status_of(home_page(records, address(ada[1]), NO_HUB), 5) == "Certificate ready"


def test_home_shows_time_spent_best_score_and_attempts(records, ada):
    """Does the lesson's row show the time between open and close, the best score and tries?"""
    learner = ada[0].id
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    records.record_visit(learner, "lesson-01", "open", at=start)
    records.record_visit(learner, "lesson-01", "close", at=start + timedelta(minutes=65))
    for score in (0.6, 0.9):
        attempt = records.start_attempt(learner, "lesson-01", "v1", seed=1)
        records.submit_attempt(attempt.id, score, score >= 0.8, {})
    row = shown(home_page(records, address(ada[1]), NO_HUB)).split("<tr>")[2]
    assert "1 h 5 min" in row
    assert "90%" in row
    assert '<td data-label="Attempts" class="ck-num">2</td>' in row


def test_an_open_lesson_says_its_time_is_counted_after_leaving(records, ada):
    """Is a lesson whose visit is still open shown as "counted after you leave", not "none yet"?"""
    records.record_visit(ada[0].id, "lesson-01", "open")
    row = shown(home_page(records, address(ada[1]), NO_HUB)).split("<tr>")[2]
    assert "Counted after you leave the lesson" in row


def test_progress_is_computed_per_lesson_in_course_order(records, ada):
    """Does ``lesson_progress`` give one row per lesson, in catalog order?"""
    rows = lesson_progress(records, ada[0].id)
    assert [row.lesson.number for row in rows] == [lesson.number for lesson in LESSONS]


def test_home_table_has_a_caption_and_header_cells(records, ada):
    """Is the lesson table a real table: a caption, column headers and a row header per lesson?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    counts = (html.count("<caption>"), html.count('scope="col"'), html.count('scope="row"'))
    assert counts == (1, 6, 6)


def test_every_course_link_on_home_carries_the_token(records, ada):
    """Does every link to a learner page keep the learner signed in?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    links = [part.split('"')[0] for part in html.split('href="')[1:]]
    learner_links = [link for link in links if "signout" not in link and "trainer" not in link]
    assert learner_links
    assert all(f"token={ada[1]}" in link for link in learner_links)


def test_home_shows_each_lessons_ce_hours(records, ada):
    """Are the CE hours of each lesson, as ``lesson_facts`` computes them, on the home page?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    for lesson in LESSONS:
        hours = lesson_facts(lesson.number).ce_hours
        assert hours is None or format_ce_hours(hours) in html


def test_home_links_to_the_glossary_and_discreetly_to_the_trainer_page(records, ada):
    """Does the home link to the glossary and to trainer.ipynb (without the learner's token)?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert f'href="glossary.ipynb?token={ada[1]}"' in html
    assert 'href="trainer.ipynb"' in html


# Signing in ----------------------------------------------------------------------------


def test_home_without_a_token_shows_the_sign_in_form(records):
    """Is a visitor without a token asked to sign in?"""
    page = home_page(records, "", NO_HUB)
    assert widget_of(page, FormWidget).spec["title"] == "Sign in"


def test_a_visitor_not_signed_in_opens_no_records(tmp_path, monkeypatch):
    """Does showing the sign-in form leave the records untouched (no database opened)?"""
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CASERATE_DB_URL", f"sqlite:///{tmp_path / 'never.sqlite3'}")
    home_page(None, "", NO_HUB)
    assert not (tmp_path / "never.sqlite3").exists()


def test_an_altered_token_is_reported_and_forgotten(records, ada):
    """Is a token that does not check out refused, explained, and dropped from the browser?"""
    altered = ada[1][:-1] + ("A" if ada[1][-1] != "A" else "B")
    page = home_page(records, address(altered), NO_HUB)
    assert "was not recognised" in shown(page)
    assert widget_of(page, FormWidget).spec["forget"] == altered


def test_signing_in_shows_the_course_home_in_place(records):
    """After a good sign-in, does the same page show the course home and hand over the token?"""
    page = home_page(records, "", NO_HUB)
    form = widget_of(page, FormWidget)
    form.submit({"name": "Grace Hopper", "email": "grace@example.org", "license_number": ""})
    (learner,) = records.all_learners()
    assert form.remember["token"].startswith(learner.id + ".")
    assert "Course home" in shown(page)
    assert "Grace Hopper" in shown(page)


def test_a_refused_sign_in_records_nobody_and_names_the_fields(records):
    """Does a sign-in with no name and a bad email record nobody and say what to fix?"""
    form = widget_of(home_page(records, "", NO_HUB), FormWidget)
    form.submit({"name": "  ", "email": "grace-at-example"})
    assert records.all_learners() == []
    assert set(form.errors) == {"name", "email"}


def test_sign_out_forgets_the_remembered_session(records, ada):
    """Does "Sign out" show the sign-in form, tell the browser to forget, and offer no resume?"""
    spec = widget_of(home_page(records, address(ada[1], signout="1"), NO_HUB), FormWidget).spec
    assert (spec["forget"], spec["offer_resume"]) == ("all", False)


def test_under_jupyterhub_the_home_needs_no_sign_in(records):
    """Under JupyterHub, is the hub user's home shown straight away, with no token in links?"""
    page = home_page(records, "", {"JUPYTERHUB_USER": "jdoe"})
    assert isinstance(page, HtmlPage)
    assert "token=" not in page.html
    assert "Sign out" not in page.html


def test_sign_in_requires_a_name():
    """Is a missing name refused with a message naming the field?"""
    assert check_sign_in({"name": "", "email": "a@example.org"})[1] == {
        "name": "Enter your full name"
    }


def test_sign_in_requires_an_email_that_looks_like_one():
    """Is an email without a domain refused with an example of the right form?"""
    assert "like name@example.org" in check_sign_in({"name": "A", "email": "a@b"})[1]["email"]


def test_sign_in_license_number_is_optional():
    """Can a learner without a license sign in?"""
    details, errors = check_sign_in({"name": "Ada", "email": "ada@example.org"})
    assert (details is not None, errors) == (True, {})


def test_sign_in_refuses_an_overlong_license_number():
    """Is a license number longer than 100 characters refused, naming the field?"""
    errors = check_sign_in({"name": "A", "email": "a@example.org", "license_number": "9" * 101})[1]
    assert "license number" in errors["license_number"]


# Post-test page --------------------------------------------------------------------------


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
    """Does the page say that retakes are allowed and that the best score is kept?"""
    html = shown(posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB))
    assert "retake the post-test as often as you like" in html
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


def _variant(store, learner_id):
    from caserate_kit.course.quiz._variants import draw_variant

    attempt = store.open_attempt(learner_id, "lesson-01")
    return draw_variant(load_bank(ROOT / "quizzes" / "lesson-01.yaml"), attempt.seed)


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


# Evaluation page ---------------------------------------------------------------------------


def test_evaluation_names_each_missing_rating():
    """Does an evaluation with only "objectives met" get one message per missing answer?"""
    errors = check_evaluation({"objectives_met": "yes"})[1]
    assert set(errors) == {"relevance", "content", "clarity", "examples", "posttest_fairness"}


def test_evaluation_accepts_a_complete_form():
    """Is a complete evaluation turned into ratings from 1 to 5?"""
    answers, errors = check_evaluation(COMPLETE_EVALUATION)
    assert errors == {}
    assert (answers.objectives_met, answers.relevance, answers.ratings["content"]) == (True, 4, 5)


@pytest.mark.parametrize("rating", ["0", "6", "4.5", "five", ""])
def test_evaluation_refuses_a_rating_outside_one_to_five(rating):
    """Is a rating that is not a whole number from 1 to 5 refused?"""
    errors = check_evaluation({**COMPLETE_EVALUATION, "clarity": rating})[1]
    assert list(errors) == ["clarity"]


def test_evaluation_refuses_overlong_comments():
    """Are comments over 2,000 characters refused, saying how long they are?"""
    errors = check_evaluation({**COMPLETE_EVALUATION, "comments": "x" * 2_001})[1]
    assert "2,001" in errors["comments"]


def test_evaluation_waits_until_the_post_test_is_passed(records, ada):
    """Before a pass, does the evaluation page send the learner to the post-test instead?"""
    page = evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB)
    assert isinstance(page, HtmlPage)
    assert "Pass the post-test first" in page.html
    assert "posttest.ipynb?quiz=lesson-01" in page.html


def test_evaluation_form_is_offered_after_a_pass(records, ada):
    """After a pass, is the evaluation form shown?"""
    complete(records, ada[0].id, evaluate=False)
    page = evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB)
    assert widget_of(page, FormWidget).spec["submit_label"] == "Send my evaluation"


def test_a_second_submit_does_not_record_the_evaluation_twice(records, ada):
    """Does sending the evaluation twice store it once and say the second time it is in?"""
    complete(records, ada[0].id, evaluate=False)
    page = evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB)
    form = widget_of(page, FormWidget)
    form.submit(COMPLETE_EVALUATION)
    form.submit(COMPLETE_EVALUATION)
    assert form.status == "This form was already sent. Nothing more is needed."
    assert records.has_evaluation(ada[0].id, "lesson-01")
    assert _evaluation_count(records, ada[0].id) == 1


def test_two_tabs_record_the_evaluation_once(records, ada):
    """With the evaluation open in two tabs, is it stored once and the second told so?"""
    complete(records, ada[0].id, evaluate=False)
    query = address(ada[1], course="lesson-01")
    forms = [widget_of(evaluation_page(records, query, NO_HUB), FormWidget) for _ in range(2)]
    for form in forms:
        form.submit(COMPLETE_EVALUATION)
    assert _evaluation_count(records, ada[0].id) == 1
    assert "already in" in forms[1].status


def _evaluation_count(store, learner_id):
    from sqlalchemy import func, select

    from caserate_kit.course.records._tables import EvaluationRow

    query = select(func.count()).select_from(EvaluationRow)
    query = query.where(EvaluationRow.c.learner_id == learner_id)
    return store._read(lambda session: session.scalar(query))


def test_a_mistake_in_the_evaluation_keeps_the_form_open(records, ada):
    """Does a missing rating leave the evaluation unsent, with a message on that question?"""
    complete(records, ada[0].id, evaluate=False)
    form = widget_of(
        evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB), FormWidget
    )
    form.submit({**COMPLETE_EVALUATION, "examples": ""})
    assert (form.done, list(form.errors)) == (False, ["examples"])
    assert not records.has_evaluation(ada[0].id, "lesson-01")


def test_evaluation_ids_are_one_per_learner_and_course():
    """Is the evaluation id the same for the same learner and course, and differs otherwise?"""
    assert evaluation_id("a", "lesson-01") == evaluation_id("a", "lesson-01")
    assert evaluation_id("a", "lesson-01") != evaluation_id("a", "lesson-02")


def test_an_evaluation_already_in_is_acknowledged(records, ada):
    """Coming back to a sent evaluation, is the learner thanked and sent on to the certificate?"""
    complete(records, ada[0].id)
    html = shown(evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB))
    assert "already in" in html
    assert "certificate.ipynb?course=lesson-01" in html


# Certificate page --------------------------------------------------------------------------


def test_certificate_page_lists_what_is_still_to_do_with_links(records, ada):
    """Before anything is done, does the page list the three steps, each a link?"""
    html = shown(certificate_page(records, address(ada[1], course="lesson-01"), NO_HUB))
    for step, target in (
        ("Open the lesson", "../lessons/01_how_managed_care_decides.ipynb"),
        ("Pass the post-test", "posttest.ipynb?quiz=lesson-01"),
        ("Fill in the course evaluation", "evaluation.ipynb?course=lesson-01"),
    ):
        assert f"{target}&amp;token={ada[1]}" in html or f"{target}?token={ada[1]}" in html
        assert step in html


def test_certificate_is_refused_before_the_evaluation(records, ada):
    """With the evaluation still to do, is no certificate issued?"""
    complete(records, ada[0].id, evaluate=False)
    html = shown(certificate_page(records, address(ada[1], course="lesson-01"), NO_HUB))
    assert "Fill in the course evaluation" in html
    assert "data:application/pdf" not in html
    assert records.certificates_for(ada[0].id) == []


def test_a_complete_course_gives_a_pdf_to_download_and_a_code(records, ada):
    """Once complete, does the page offer the PDF as a named download and show the code?"""
    complete(records, ada[0].id)
    html = shown(certificate_page(records, address(ada[1], course="lesson-01"), NO_HUB))
    (record,) = records.certificates_for(ada[0].id)
    assert 'href="data:application/pdf;base64,JVBERi' in html  # "%PDF" in base64
    assert 'download="CE-certificate-lesson-01-Ada-Byron.pdf"' in html
    assert record.code in html


def test_coming_back_to_the_certificate_issues_no_second_one(records, ada):
    """Does opening the certificate page twice keep one certificate with one code?"""
    complete(records, ada[0].id)
    query = address(ada[1], course="lesson-01")
    certificate_page(records, query, NO_HUB)
    certificate_page(records, query, NO_HUB)
    assert len(records.certificates_for(ada[0].id)) == 1


def test_certificate_of_an_unknown_course_says_so(records, ada):
    """Is a certificate address naming no lesson answered with a clear message?"""
    html = shown(certificate_page(records, address(ada[1], course="../secret"), NO_HUB))
    assert "There is no lesson called" in html


# Privacy -------------------------------------------------------------------------------------


def test_no_page_shows_another_learners_data(records, ada, bob):
    """Does Bob, on every page, see nothing of Ada: not her name, email, license, score or code?"""
    complete(records, ada[0].id)
    certificate_page(records, address(ada[1], course="lesson-01"), NO_HUB)
    (code,) = [record.code for record in records.certificates_for(ada[0].id)]
    pages = [
        home_page(records, address(bob[1]), NO_HUB),
        certificate_page(records, address(bob[1], course="lesson-01"), NO_HUB),
        evaluation_page(records, address(bob[1], course="lesson-01"), NO_HUB),
        posttest_page(records, address(bob[1], quiz="lesson-01"), NO_HUB),
    ]
    text = "\n".join(shown(page) for page in pages)
    for secret in ("Ada Byron", "ada@example.org", "LCSW 101", code, ada[1]):
        assert secret not in text


def test_a_token_pointing_at_another_learner_is_refused(records, ada, bob):
    """Is Bob's tag on Ada's id refused, so that nobody can reach another's records?"""
    forged = f"{ada[0].id}.{bob[1].rpartition('.')[2]}"
    html = shown(certificate_page(records, address(forged, course="lesson-01"), NO_HUB))
    assert "Sign in to continue" in html
    assert "Ada Byron" not in html


# Errors ----------------------------------------------------------------------------------------


def test_an_error_shows_a_calm_panel_and_logs_the_traceback(records, ada, monkeypatch, capfd):
    """When building a page fails, does the learner get a plain panel with a reference, while
    the traceback goes to the server's log only?"""

    def broken(*_args):
        raise RuntimeError("internal detail 42")

    monkeypatch.setattr("caserate_kit.course.pages._home.lesson_progress", broken)
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    logged = capfd.readouterr().err
    assert "This page could not be shown" in html
    assert "internal detail" not in html
    assert "Traceback" not in html
    assert "internal detail 42" in logged
    assert "Traceback" in logged


def test_unreachable_records_are_explained_in_plain_words(records, ada, monkeypatch):
    """When the records cannot be reached, does the page say to wait and reload?"""

    def unavailable(*_args):
        raise StoreUnavailableError(5)

    monkeypatch.setattr("caserate_kit.course.pages._home.lesson_progress", unavailable)
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert "cannot be reached right now" in html
    assert "reload the page" in html


# Glossary ----------------------------------------------------------------------------------------


def test_glossary_lists_every_term_alphabetically_with_its_lesson(records):
    """Are all terms there, in alphabetical order, each with the lesson that teaches it?"""
    from caserate_kit.course._glossary import load_glossary

    terms = load_glossary(ROOT / "lessons" / "glossary")
    html = shown(glossary_page("", NO_HUB))
    positions = [html.index(f"<dfn>{term.term}</dfn>") for term in terms]
    assert positions == sorted(positions)
    assert html.count("(Taught in <a") == len(terms)


def test_glossary_carries_only_a_well_formed_token(records):
    """Is a token with markup in it left out of the glossary's links?"""
    html = shown(glossary_page(address('x"><script>alert(1)</script>'), NO_HUB))
    assert "<script>" not in html
    assert "token=" not in html


# Lesson pages ---------------------------------------------------------------------------


@pytest.fixture
def fresh_closes():
    """Forget which lesson closes were registered, before and after the test."""
    _CLOSES_REGISTERED.clear()
    yield
    _CLOSES_REGISTERED.clear()


def test_lesson_header_outside_voila_records_nothing_and_is_unchanged(
    records, ada, monkeypatch, fresh_closes
):
    """Run by nbval or in JupyterLab, even with a token around, is the header as before?"""
    monkeypatch.setenv("QUERY_STRING", address(ada[1]))
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    html = lesson_header(1).html
    assert html.startswith('<section class="ck-lesson-header"')
    assert not records.visited(ada[0].id, "lesson-01")


def test_lesson_header_under_voila_records_the_visit_and_links_on(
    records, ada, monkeypatch, fresh_closes
):
    """Shown by Voila to a signed-in learner, does the header record the visit and link to the
    course home and the post-test with the token?"""
    monkeypatch.setenv("CASERATE_DB_URL", records.url)
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", address(ada[1]))
    closes = []
    monkeypatch.setattr("atexit.register", lambda *call: closes.append(call))
    html = lesson_header(1).html
    assert records.visited(ada[0].id, "lesson-01")
    assert f"../notebooks/posttest.ipynb?quiz=lesson-01&amp;token={ada[1]}" in html
    assert f"../notebooks/home.ipynb?token={ada[1]}" in html
    function, *arguments = closes[0]
    function(*arguments)
    assert [v.event for v in _visits(records, ada[0].id)] == ["open", "close"]


def _visits(store, learner_id):
    from sqlalchemy import select

    from caserate_kit.course.records._tables import LessonVisitRow, visit_of

    query = select(LessonVisitRow).where(LessonVisitRow.c.learner_id == learner_id)
    query = query.order_by(LessonVisitRow.c.at)
    return store._read(lambda connection: [visit_of(row) for row in connection.execute(query)])


def test_lesson_header_under_voila_without_a_learner_shows_no_bar(
    records, monkeypatch, fresh_closes
):
    """Shown by Voila with no token, is the header the plain one?"""
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "")
    assert lesson_header(1).html.startswith('<section class="ck-lesson-header"')


# Memory -------------------------------------------------------------------------------

_PAGE_IN_A_FRESH_PROCESS = textwrap.dedent(
    """
    import json, sys
    from caserate_kit.course.pages._session import sign_in
    from caserate_kit.course.records._store import Store
    from caserate_kit.course.pages import {builder}
    store = Store()
    learner, token = sign_in(store, "Memory Test", email="memory@example.org")
    {builder}(store, {query!r}.format(token=token), {{}})
    print(json.dumps({{name: name in sys.modules for name in ("pandas", "matplotlib")}}))
    """
)


def _heavy_imports(tmp_path, builder, query):
    code = _PAGE_IN_A_FRESH_PROCESS.format(builder=builder, query=query)
    env = {"CASERATE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_home_page_imports_neither_pandas_nor_matplotlib(tmp_path):
    """Does building the signed-in home page stay clear of pandas and matplotlib?"""
    loaded = _heavy_imports(tmp_path, "home_page", "token={token}")
    assert loaded == {"pandas": False, "matplotlib": False}


def test_the_post_test_page_imports_neither_pandas_nor_matplotlib(tmp_path):
    """Does building the post-test page stay clear of pandas and matplotlib?"""
    loaded = _heavy_imports(tmp_path, "posttest_page", "quiz=lesson-03&token={token}")
    assert loaded == {"pandas": False, "matplotlib": False}
