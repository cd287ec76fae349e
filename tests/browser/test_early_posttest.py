"""The post-test a learner can answer before Voila's scripts reach the kernel.

Voila's main script is held back (the browser asks for it; the test answers
later), so the page stays as the server wrote it: the early copy of the
post-test is all there is. The learner answers, moves focus, even submits;
then the script is let through, the real widget takes over, and the answers,
the focus and the Submit must all have reached the records.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from .conftest import PAGE_RENDER_MS
from .learner_helpers import pooled_course_server
from .test_learner_pages import Course

QUIZ = "lesson-01"
CHOICE = "fieldset:has(input[type=radio])"  # a drawn version's single-choice questions
VOILA_SCRIPT = "**/voila/static/voila.js*"


@pytest.fixture(scope="module")
def early_course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Course]:
    folder = tmp_path_factory.mktemp("early-records")
    with (
        pooled_course_server(folder, home_pool=0, posttest_pool=1) as server,
        Course.serving(server) as course,
    ):
        yield course


class HeldScript:
    """Voila's main script, held back until ``release``."""

    def __init__(self, page: Any) -> None:
        self.page, self.held = page, []
        page.route(VOILA_SCRIPT, self.hold)

    def hold(self, route: Any) -> None:
        self.held.append(route)

    def release(self) -> None:
        for route in self.held:
            route.continue_()
        self.page.unroute(VOILA_SCRIPT, self.hold)


def open_early(course: Course, page: Any, name: str) -> tuple[str, HeldScript, Any]:
    learner_id, token = course.learner(name)
    script = HeldScript(page)
    page.goto(course.url("posttest", token, quiz=QUIZ), wait_until="commit", timeout=PAGE_RENDER_MS)
    early = page.locator(".ck-test-early .ck-test")
    early.locator(f"{CHOICE} input:enabled").first.wait_for(timeout=PAGE_RENDER_MS)
    # The copy can be answered before the end of the page, where Voila's script is
    # asked for, has even arrived: wait for that request (held back, never answered).
    deadline = time.monotonic() + PAGE_RENDER_MS / 1000
    while not script.held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert script.held, "the page never asked for Voila's script"
    return learner_id, script, early


def answered_in_records(course: Course, learner_id: str) -> dict[str, Any]:
    attempt = course.store.open_attempt(learner_id, QUIZ)
    assert attempt is not None
    return course.store.latest_responses(attempt.id)


@pytest.mark.browser
def test_answers_and_focus_given_early_are_kept(early_course: Course, page: Any) -> None:
    learner_id, script, early = open_early(early_course, page, "Early Bird")
    early.locator(CHOICE).first.locator("input").first.check()
    expect(early.get_by_text("1 of 10 answered")).to_be_visible()
    early.locator(CHOICE).nth(1).locator("input").first.focus()
    assert answered_in_records(early_course, learner_id) == {}, "nothing saved before the kernel"

    script.release()
    page.locator(".ck-test-early").wait_for(state="detached", timeout=PAGE_RENDER_MS)
    root = page.locator(".ck-test")
    expect(root).to_have_count(1)
    expect(root.get_by_text("1 of 10 answered")).to_be_visible()
    expect(root.locator(CHOICE).first.locator("input").first).to_be_checked()
    expect(root.locator(CHOICE).nth(1).locator("input").first).to_be_focused()
    expect(root.get_by_role("status")).to_contain_text(
        "saved", ignore_case=True, timeout=PAGE_RENDER_MS
    )
    assert len(answered_in_records(early_course, learner_id)) == 1


@pytest.mark.browser
def test_a_submit_given_early_is_sent_once_the_kernel_answers(
    early_course: Course, page: Any
) -> None:
    learner_id, script, early = open_early(early_course, page, "Quick Submitter")
    early.locator(CHOICE).first.locator("input").first.check()
    early.get_by_role("button", name="Submit answers").click()
    early.get_by_role("button", name="Submit anyway").click()
    expect(early.get_by_role("status")).to_contain_text("Connecting to the course")

    script.release()
    page.locator(".ck-test-early").wait_for(state="detached", timeout=PAGE_RENDER_MS)
    page.locator(".ck-test-result.ck-is-failed").wait_for(timeout=PAGE_RENDER_MS)
    [attempt] = early_course.store.attempts(learner_id, QUIZ)
    assert attempt.submitted_at is not None
    assert attempt.passed is False


@pytest.mark.browser
def test_a_warning_given_early_stays_with_its_submit_anyway(
    early_course: Course, page: Any
) -> None:
    """Submit pressed early with questions unanswered: after the hand-over, does the widget
    still show the warning, with the focus where it was, and does Submit anyway submit?"""
    learner_id, script, early = open_early(early_course, page, "Early Warning")
    early.locator(CHOICE).first.locator("input").first.check()
    early.get_by_role("button", name="Submit answers").click()
    early.get_by_role("button", name="Submit anyway").focus()
    warning = early.locator(".ck-test-warning-text").inner_text()
    assert "not answered yet" in warning
    links = early.get_by_role("button", name="Go to question").count()
    assert links >= 1

    script.release()
    page.locator(".ck-test-early").wait_for(state="detached", timeout=PAGE_RENDER_MS)
    root = page.locator(".ck-test")
    expect(root.locator(".ck-test-warning-text")).to_have_text(warning)
    expect(root.get_by_role("button", name="Go to question")).to_have_count(links)
    anyway = root.get_by_role("button", name="Submit anyway")
    expect(anyway).to_be_focused()
    anyway.click()
    page.locator(".ck-test-result.ck-is-failed").wait_for(timeout=PAGE_RENDER_MS)
    [attempt] = early_course.store.attempts(learner_id, QUIZ)
    assert attempt.submitted_at is not None


@pytest.mark.browser
def test_an_evaluation_filled_and_sent_early_is_saved(early_course: Course, page: Any) -> None:
    """The evaluation is a form widget in an early box: before Voila's scripts arrive, can the
    learner answer every question and press Send, and once the widget takes over, are the
    answers it carried over saved and thanked for?"""
    from .test_learner_pages import complete, fill_evaluation

    learner_id, token = early_course.learner("Early Evaluator")
    complete(early_course, learner_id, QUIZ, evaluate=False)
    script = HeldScript(page)
    address = early_course.url("evaluation", token, course=QUIZ)
    page.goto(address, wait_until="commit", timeout=PAGE_RENDER_MS)
    early = page.locator(".ck-early-widgets")
    early.get_by_role("button", name="Send my evaluation").wait_for(timeout=PAGE_RENDER_MS)
    fill_evaluation(early)
    early.get_by_role("button", name="Send my evaluation").click()
    assert not early_course.store.has_evaluation(learner_id, QUIZ), "saved before the kernel"

    script.release()
    early.wait_for(state="detached", timeout=PAGE_RENDER_MS)
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible(timeout=PAGE_RENDER_MS)
    assert early_course.store.has_evaluation(learner_id, QUIZ)
