"""The learner pages in a real browser: the course served by Voila as ``make serve`` does.

A Voila server serves the project in directory mode with the course template,
on records of its own (a fresh data folder and SQLite file for this module,
passed as ``CASERATE_DATA_DIR`` and ``CASERATE_DB_URL``). The test process
reads and writes the same records to set up a learner's progress and to find
the right answers of a drawn post-test, as a grader would. Kernels of pages
that were left are culled after a few idle seconds. Screenshots go to
``artifacts/screenshots/``.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from caserate_kit.course._secrets import load_or_create_secret
from caserate_kit.course.pages._posttest_session import attempt_variant
from caserate_kit.course.pages._session import sign_in
from caserate_kit.course.quiz._grading import grade_item
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.quiz._variants import draw_variant
from caserate_kit.course.records._store import Store

from .conftest import (
    PAGE_RENDER_MS,
    ROOT,
    CourseServer,
    _course_server,
    axe_report,
    save_screenshot,
)

JOURNEY = {"number": 1, "course": "lesson-01", "notebook": "01_how_managed_care_decides"}
JOURNEY_TITLE = "Lesson 1: How managed care decides what to pay for"
IDLE_CULL_SECONDS = 8
EVALUATION_GROUPS = (
    "How relevant is this lesson to your work?",
    "Rate the content of the lesson",
    "Rate how clearly it was explained",
    "Rate the examples and worked numbers",
    "Rate how fair the post-test was",
)


# The course server -------------------------------------------------------------------


class Course:
    """The served course: page addresses, and the records behind them."""

    def __init__(
        self, base: str, store: Store, secret: bytes, server: CourseServer | None = None
    ) -> None:
        self.base, self.store, self.secret, self.server = base, store, secret, server

    @classmethod
    @contextlib.contextmanager
    def serving(cls, server: CourseServer) -> Iterator[Course]:
        """The course ``server`` serves, with its records open (closed afterwards)."""
        with Store(server.db_url) as store:
            secret = load_or_create_secret(server.data_dir / "secret.key")
            yield cls(server.url, store, secret, server)

    def url(self, path: str, token: str | None = None, **parameters: str) -> str:
        """The address of ``notebooks/<path>.ipynb`` (or ``lessons/...``), with a query."""
        folder = "" if "/" in path else "notebooks/"
        query = urlencode({**parameters, **({"token": token} if token else {})})
        return f"{self.base}voila/render/{folder}{path}.ipynb" + (f"?{query}" if query else "")

    def learner(self, name: str = "Test Learner") -> tuple[str, str]:
        """A new signed-in learner: their id and session token."""
        email = name.lower().replace(" ", ".") + "@example.org"
        learner, token, _code = sign_in(self.store, name, email=email, secret=self.secret)
        return learner.id, token


def served_course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Course]:
    """The course served by Voila from the project folder, on fresh records."""
    extra = [
        f"--MappingKernelManager.cull_idle_timeout={IDLE_CULL_SECONDS}",
        "--MappingKernelManager.cull_interval=2",
    ]
    with (
        _course_server(tmp_path_factory.mktemp("course-records"), extra) as server,
        Course.serving(server) as course,
    ):
        yield course


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Course]:
    """The course served by Voila from the project folder, on fresh records."""
    yield from served_course(tmp_path_factory)


# Helpers ---------------------------------------------------------------------------------


def visit(page: Any, address: str, heading: str) -> Any:
    """Open a page and wait until its heading shows (the widgets render after the HTML)."""
    page.goto(address, wait_until="commit", timeout=PAGE_RENDER_MS)
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=PAGE_RENDER_MS)
    return page


def wait_for_widgets(page: Any) -> None:
    """Wait until the widgets have taken over from the page's early copy of its forms (for a
    moment both stand on the page; acting early is tested in test_early_posttest.py)."""
    page.wait_for_function(
        "() => !document.querySelector('.ck-early-output')", timeout=PAGE_RENDER_MS
    )


def wait_for_heading(page: Any, heading: str) -> None:
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=PAGE_RENDER_MS)


def snap(page: Any, name: str) -> Path:
    """Save a screenshot of the whole page as ``artifacts/screenshots/learner_<name>.png``."""
    return save_screenshot(page, f"learner_{name}")


def violations(page: Any) -> str:
    """axe-core's report on the whole page, or "" when it finds nothing."""
    return axe_report(page)


def token_in(address: str) -> str:
    return parse_qs(urlparse(address).query)["token"][0]


def right_answers(course: Course, learner_id: str, quiz: str) -> list[tuple[str, str, Any]]:
    """(type, prompt, answer as the page shows it) for each question of the open attempt."""
    attempt = course.store.open_attempt(learner_id, quiz)
    assert attempt is not None
    variant = attempt_variant(course.store, load_bank(ROOT / "quizzes" / f"{quiz}.yaml"), attempt)
    answers = []
    for shown in variant.items:
        kind, keys = shown.shown_type, [option.key for option in shown.options]
        if kind in ("single", "true_false"):
            key = next(k for k in keys if grade_item(shown, k).correct)
            answers.append((kind, shown.prompt, shown.option(key).text))
        elif kind == "multiple":
            chosen = next(
                list(c)
                for n in range(1, len(keys) + 1)
                for c in combinations(keys, n)
                if grade_item(shown, list(c)).correct
            )
            answers.append((kind, shown.prompt, [shown.option(k).text for k in chosen]))
        elif kind == "ordering":
            steps = sorted(shown.options, key=lambda option: option.index)
            answers.append((kind, shown.prompt, [option.text for option in steps]))
        else:
            answers.append((kind, shown.prompt, grade_item(shown, None).correct_answer))
    return answers


def answer(page: Any, kind: str, prompt: str, given: Any) -> None:
    """Answer one question through the page, as a learner would."""
    group = page.get_by_role("group", name=prompt, exact=True)
    if kind in ("single", "true_false"):
        group.get_by_label(given, exact=True).check()
    elif kind == "multiple":
        for text in given:
            group.get_by_label(text, exact=True).check()
    elif kind == "numeric":
        group.get_by_role("textbox").fill(given)
    else:
        for place, text in enumerate(given):
            steps = group.get_by_role("listitem")
            shown = [steps.nth(i).inner_text() for i in range(steps.count())]
            for _ in range(next(i for i, s in enumerate(shown) if text in s) - place):
                group.get_by_role("button", name=f"Move up: {text}").click()


def expect_given(group: Any, kind: str, given: Any) -> None:
    """Check that a question shows the answer ``given`` (as ``answer`` gave it)."""
    if kind == "numeric":
        expect(group.get_by_role("textbox")).to_have_value(given)
        return
    for label in [given] if isinstance(given, str) else given:
        expect(group.get_by_label(label, exact=True)).to_be_checked()


def complete(course: Course, learner_id: str, course_id: str, evaluate: bool = True) -> None:
    """Record a visit, a pass and (by default) an evaluation, as if done on the pages."""
    course.store.record_visit(learner_id, course_id, "open")
    attempt = course.store.start_attempt(learner_id, course_id, "v1", seed=1)
    course.store.submit_attempt(attempt.id, 0.9, True, {})
    if evaluate:
        course.store.record_evaluation(learner_id, course_id, True, 4, {"content": 4})


def fill_evaluation(page: Any, skip: str = "") -> None:
    page.get_by_role("group", name="Did the lesson meet its objectives?").get_by_label(
        "Yes"
    ).check()
    for name in EVALUATION_GROUPS:
        if name != skip:
            page.get_by_role("group", name=name).get_by_label("4", exact=False).first.check()


# The journey --------------------------------------------------------------------------


@pytest.mark.browser
def test_sign_in_mistakes_are_listed_and_take_the_focus(course, page):
    """Does a sign-in with nothing filled in list each mistake, focus the list, mark the
    fields invalid, and stay free of axe violations?"""
    visit(page, course.url("home"), "Sign in")
    wait_for_widgets(page)
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".ck-form-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter your full name", "Enter your email address"]
    )
    expect(page.get_by_label("Full name")).to_have_attribute("aria-invalid", "true")
    snap(page, "09_sign_in_mistakes")
    assert violations(page) == ""


@pytest.mark.browser
def test_a_missing_rating_is_named_and_nothing_is_lost(course, page):
    """Sending the evaluation with one rating left out, is that rating named while every other
    answer stays chosen?"""
    learner_id, token = course.learner("Missing Rating")
    complete(course, learner_id, "lesson-03", evaluate=False)
    visit(page, course.url("evaluation", token, course="lesson-03"), "Lesson 3 evaluation")
    wait_for_widgets(page)
    fill_evaluation(page, skip="Rate the examples and worked numbers")
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page.locator(".ck-form-summary").get_by_role("link")).to_have_text(
        ["Choose a rating from 1 to 5 for the examples and worked numbers"]
    )
    expect(
        page.get_by_role("group", name="Rate the content of the lesson").get_by_label("4 Very good")
    ).to_be_checked()
    assert not course.store.has_evaluation(learner_id, "lesson-03")
    snap(page, "10_evaluation_mistake")
    assert violations(page) == ""


# Nothing lost ------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_reload_in_the_middle_of_a_post_test_keeps_the_answers(course, page):
    """After answering two questions and reloading, are both answers still given?"""
    learner_id, token = course.learner("Reload Midway")
    address = course.url("posttest", token, quiz="lesson-03")
    visit(page, address, "Lesson 3 post-test")
    answers = right_answers(course, learner_id, "lesson-03")
    given = [item for item in answers if item[0] != "ordering"][:2]
    for kind, prompt, text in given:
        answer(page, kind, prompt, text)
    expect(page.locator(".ck-test").get_by_text("2 of 10 answered")).to_be_visible()
    attempt = course.store.open_attempt(learner_id, "lesson-03")
    deadline = time.monotonic() + 30
    while len(course.store.latest_responses(attempt.id)) < 2:  # saved as they are given
        assert time.monotonic() < deadline, "the answers were not saved"
        time.sleep(0.5)
    visit(page, address, "Lesson 3 post-test")
    expect(page.locator(".ck-test").get_by_text("2 of 10 answered")).to_be_visible()
    for kind, prompt, text in given:
        expect_given(page.get_by_role("group", name=prompt, exact=True), kind, text)


@pytest.mark.browser
def test_a_course_link_without_the_token_keeps_the_learner_signed_in(course, page):
    """Following a lesson's own link to its post-test (written without a token), does the
    learner arrive signed in, in the same tab?"""
    _learner_id, token = course.learner("Link Follower")
    visit(page, course.url(f"lessons/{JOURNEY['notebook']}", token), "What you will be able to do")
    in_text = page.locator(f'a[href$="posttest.ipynb?quiz={JOURNEY["course"]}"]').first
    in_text.click()
    wait_for_heading(page, f"Lesson {JOURNEY['number']} post-test")
    assert len(page.context.pages) == 1
    expect(page.get_by_text("Signed in as Link Follower")).to_be_visible()


@pytest.mark.browser
def test_after_signing_in_the_focus_moves_to_the_course_home(course, page):
    """When the course home replaces the sign-in form, does the focus land on its heading, with
    the page back at its top (the top bar in view, the focus ring visible) and the session in
    the page's address?"""
    visit(page, course.url("home"), "Sign in")
    wait_for_widgets(page)
    page.set_viewport_size({"width": 375, "height": 640})  # the form is taller than the screen
    page.get_by_label("Full name").fill("Focus Finder")
    page.get_by_label("Email address").fill("focus@example.org")
    page.get_by_label("Email address").press("Enter")
    heading = page.get_by_role("heading", name="Course home")
    expect(heading).to_be_focused()
    assert "token=" in page.url
    expect(page.get_by_role("navigation", name="Course")).to_be_in_viewport()
    outline = heading.evaluate("(h) => getComputedStyle(h).outlineStyle")
    assert outline != "none", "the focused heading shows no focus ring"


@pytest.mark.browser
def test_the_home_page_offers_to_continue_as_the_remembered_learner(course, page):
    """After signing in, does the course home opened without a token offer "Continue as"?"""
    visit(page, course.url("home"), "Sign in")
    wait_for_widgets(page)
    page.get_by_label("Full name").fill("Mary Seacole")
    page.get_by_label("Email address").fill("mary@example.org")
    page.get_by_role("button", name="Sign in").click()
    wait_for_heading(page, "Course home")
    visit(page, course.url("home"), "Sign in")
    wait_for_widgets(page)
    page.get_by_role("link", name="Continue as Mary Seacole").click()
    wait_for_heading(page, "Course home")
    expect(page.get_by_text("Signed in as Mary Seacole")).to_be_visible()


@pytest.mark.browser
def test_signing_out_forgets_the_learner_on_this_computer(course, page):
    """After "Sign out", is the session gone from the address and from the browser?"""
    visit(page, course.url("home"), "Sign in")
    wait_for_widgets(page)
    page.get_by_label("Full name").fill("Shared Computer")
    page.get_by_label("Email address").fill("shared@example.org")
    page.get_by_role("button", name="Sign in").click()
    wait_for_heading(page, "Course home")
    token = token_in(page.url)
    page.get_by_role("link", name="Sign out", exact=True).first.click()
    page.get_by_text("You are signed out.").wait_for(timeout=PAGE_RENDER_MS)
    assert page.evaluate("() => localStorage.getItem('caserate-course:session')") is None
    visit(page, course.url("home"), "Sign in")
    wait_for_widgets(page)
    expect(page.get_by_role("link", name="Continue as Shared Computer")).to_have_count(0)
    visit(page, course.url("home", token), "Sign in")
    expect(page.get_by_text("This address was signed out")).to_be_visible()


def _sign_in_form(page: Any, name: str, email: str, code: str = "") -> None:
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Personal code").fill(code)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.browser
def test_a_returning_learner_finds_their_record_on_another_browser(course, browser):
    """Sign in, pass lesson 1, sign out; on a fresh browser, is the email alone refused, a
    wrong code refused, and the code shown at first sign-in the way back to the same record?
    After a trainer's reset, does only the new code work?"""
    first = browser.new_context()
    page = first.new_page()
    visit(page, course.url("home"), "Sign in")
    wait_for_widgets(page)
    _sign_in_form(page, "Wangari Maathai", "wangari@example.org")
    wait_for_heading(page, "Course home")
    code = page.locator(".ck-code").inner_text()
    (learner,) = course.store.learners_with_email("wangari@example.org")
    attempt = course.store.start_attempt(learner.id, JOURNEY["course"], "v1", seed=1)
    course.store.submit_attempt(attempt.id, 1.0, True, {})
    page.get_by_role("link", name="Sign out", exact=True).first.click()
    page.get_by_text("You are signed out.").wait_for(timeout=PAGE_RENDER_MS)
    first.close()

    second = browser.new_context()
    page = second.new_page()
    visit(page, course.url("home"), "Sign in")
    wait_for_widgets(page)
    _sign_in_form(page, "Wangari Maathai", "wangari@example.org")
    expect(page.get_by_text("This email is already on record").first).to_be_visible()
    _sign_in_form(page, "Wangari Maathai", "wangari@example.org", "2222-2222")
    expect(page.get_by_text("That personal code does not match").first).to_be_visible()
    assert course.store.learners_with_email("wangari@example.org") == [learner]
    _sign_in_form(page, "Wangari Maathai", "wangari@example.org", code)
    wait_for_heading(page, "Course home")
    expect(page.get_by_text("Signed in as Wangari Maathai")).to_be_visible()
    table = page.get_by_role("table", name="Your progress in the six lessons")
    expect(table.get_by_text("100%")).to_have_count(1)
    assert violations(page) == ""
    second.close()

    new = course.store.reset_personal_code(learner.id)
    third = browser.new_context()
    page = third.new_page()
    visit(page, course.url("home"), "Sign in")
    wait_for_widgets(page)
    _sign_in_form(page, "Wangari Maathai", "wangari@example.org", code)
    expect(page.get_by_text("That personal code does not match").first).to_be_visible()
    _sign_in_form(page, "Wangari Maathai", "wangari@example.org", new.lower())
    wait_for_heading(page, "Course home")
    expect(page.get_by_text("Signed in as Wangari Maathai")).to_be_visible()
    third.close()


@pytest.mark.browser
def test_leaving_a_lesson_records_the_time_spent(course, browser):
    """When a learner leaves a lesson page, which the server wrote with no kernel behind it, does
    the page report it, so that the time spent on the lesson is recorded?"""
    assert course.server is not None
    course.server.wait_for_written_lessons()
    learner_id, token = course.learner("Time Keeper")
    context = browser.new_context()
    tab = context.new_page()
    visit(tab, course.url(f"lessons/{JOURNEY['notebook']}", token), "What you will be able to do")
    tab.get_by_role("navigation", name="After this lesson").wait_for(timeout=PAGE_RENDER_MS)
    assert tab.locator("script[src$='voila.js']").count() == 0  # written whole: no kernel
    tab.wait_for_timeout(1500)
    tab.close()
    deadline = time.monotonic() + 20
    while course.store.time_spent(learner_id, JOURNEY["course"]).total_seconds() <= 1:
        assert time.monotonic() < deadline, "the lesson's close was never recorded"
        time.sleep(0.5)
    context.close()


def _seed_with_a_multiple_select_question(quiz: str) -> tuple[int, str]:
    """A seed whose variant of ``quiz`` asks a multiple-select question with two or more right
    options, and that question's prompt."""
    bank = load_bank(ROOT / "quizzes" / f"{quiz}.yaml")
    for seed in range(1, 1_000):
        for shown in draw_variant(bank, seed).items:
            options = getattr(shown.item, "options", ())
            if shown.shown_type == "multiple" and sum(o.correct for o in options) >= 2:
                return seed, shown.prompt
    raise AssertionError(f"no variant of {quiz} has such a question")


@pytest.mark.browser
def test_a_pass_says_the_next_step_once_and_lists_the_chosen_options(course, page):
    """After a pass, is the next step (the evaluation) offered once, and does a multiple-select
    question's feedback list the chosen options one per line instead of running them
    together with commas, with no accessibility violation?"""
    learner_id, token = course.learner("Clear Feedback")
    seed, prompt = _seed_with_a_multiple_select_question(JOURNEY["course"])
    version = load_bank(ROOT / "quizzes" / f"{JOURNEY['course']}.yaml").version
    course.store.start_attempt(learner_id, JOURNEY["course"], version, seed)
    visit(page, course.url("posttest", token, quiz=JOURNEY["course"]), "Lesson 1 post-test")
    answers = right_answers(course, learner_id, JOURNEY["course"])
    for kind, shown_prompt, given in answers:
        answer(page, kind, shown_prompt, given)
    page.get_by_role("button", name="Submit answers").click()
    wait_for_heading(page, "You passed")

    expect(page.get_by_text(re.compile("fill in the (short )?course evaluation"))).to_have_count(1)
    expect(page.get_by_role("link", name="Next: fill in the course evaluation")).to_be_visible()
    [chosen] = [given for kind, p, given in answers if kind == "multiple" and p == prompt]
    card = page.locator(".ck-test-card", has=page.get_by_role("group", name=prompt, exact=True))
    feedback = card.locator(".ck-test-feedback")
    yours = feedback.locator("dd").first.get_by_role("listitem")
    expect(yours).to_have_text(chosen)
    lines = feedback.locator(".ck-test-feedback-list").get_by_role("listitem")
    expect(lines).to_have_count(len(chosen))
    for number, text in enumerate(chosen):
        expect(lines.nth(number)).to_contain_text(f"“{text}”: ")
    assert ".,“" not in feedback.inner_text()
    snap(page, "12_post_test_passed_feedback")
    assert violations(page) == ""


@pytest.mark.browser
def test_a_refresher_is_practice_with_the_right_answers_shown(course, page):
    """On the refresher (questions from a lesson passed, mostly missed ones): does submitting
    say it is practice, show the right answers, keep the result as practice only, offer
    another refresher, and pass axe?"""
    from caserate_kit.course.quiz._grading import grade_attempt

    learner_id, token = course.learner("Refresher Learner")
    quiz = "lesson-02"
    bank = load_bank(ROOT / "quizzes" / f"{quiz}.yaml")
    attempt = course.store.start_attempt(learner_id, quiz, bank.version, seed=5)
    variant = draw_variant(bank, 5)
    record = {
        **grade_attempt(variant, {}).result_view(show_answers=True),
        "item_ids": variant.item_ids,
    }
    course.store.submit_attempt(attempt.id, 0.9, True, record)  # a pass, with items missed
    best = course.store.best_result(learner_id, quiz)

    visit(page, course.url("posttest", token, refresher="1"), "Refresher")
    widget = page.locator(".ck-test")
    expect(widget.get_by_text("0 of 6 answered")).to_be_visible()
    expect(page.get_by_text("From lesson 2.")).to_be_visible()
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("button", name="Submit anyway").click()
    wait_for_heading(page, "Refresher done")
    expect(widget.get_by_text("practice, no score kept for credit").first).to_be_visible()
    expect(widget.locator(".ck-test-card.ck-is-incorrect")).to_have_count(6)
    expect(widget.get_by_text("Correct answer").first).to_be_visible()
    snap(page, "13_refresher_done")
    assert violations(page) == ""
    (kept,) = course.store.practice_results(learner_id)
    assert kept.score == 0
    assert course.store.best_result(learner_id, quiz) == best
    page.get_by_role("button", name="Another refresher").click()
    expect(widget.get_by_text("0 of 6 answered")).to_be_visible()
