"""Nothing lost when things go wrong under a learner taking a post-test, in a real browser.

The course is served by Voila as ``make serve`` does, on records of its own (see
:class:`~tests.browser.conftest.RestartableCourseServer`). Two things go wrong:

- the server is killed outright (SIGKILL) halfway through a post-test, then
  started again on the same records, and the learner reloads the page;
- another program locks the SQLite records for a few seconds while the
  learner answers, and again while they submit.

The test process reads the same records, to find the right answers of the
drawn post-test (as a grader would) and to check what was saved.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from caserate_kit.course.pages._posttest_session import RETRYING, SAVED

from .conftest import PAGE_RENDER_MS, RestartableCourseServer, _restartable_course_server
from .test_learner_pages import Course, answer, expect_given, right_answers, visit, wait_for_heading

QUIZ, TITLE = "lesson-04", "Lesson 4 post-test"
SAVED_WITHIN_SECONDS = 30
LOCK_SECONDS = 3
PAGE_FAILURES = ("Traceback", "OperationalError", "database is locked", "Reference ")


Served = tuple[RestartableCourseServer, Course]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The course on a server that can be killed and restarted, and its records."""
    folder = tmp_path_factory.mktemp("reliability")
    with _restartable_course_server(folder) as server, Course.serving(server) as course:
        yield server, course


def wait_until_saved(course: Course, learner_id: str, count: int) -> str:
    """Wait until ``count`` answers of the open attempt are in the records; its id."""
    attempt = course.store.open_attempt(learner_id, QUIZ)
    assert attempt is not None
    deadline = time.monotonic() + SAVED_WITHIN_SECONDS
    while len(course.store.latest_responses(attempt.id)) < count:
        assert time.monotonic() < deadline, "the answers were not saved as they were given"
        time.sleep(0.25)
    return attempt.id


def status_of(page: Any) -> Any:
    return page.locator(".ck-test").get_by_role("status")


def assert_no_failure_shown(page: Any) -> None:
    text = page.locator("body").inner_text()
    assert not [failure for failure in PAGE_FAILURES if failure in text], text[-2000:]


def lock_records(course: Course) -> sqlite3.Connection:
    """Another program taking the records' SQLite file for itself (until it commits)."""
    path = Path(course.store.url.removeprefix("sqlite:///"))
    holder = sqlite3.connect(path, timeout=30, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


@pytest.mark.browser
def test_a_server_killed_halfway_loses_no_answer(served, page):
    """With the server killed (SIGKILL) after several answers and started again on the same
    records, does reloading the page (same session) show every answer given, and can the
    learner finish and submit?"""
    server, course = served
    learner_id, token = course.learner("Power Cut")
    visit(page, course.url("posttest", token, quiz=QUIZ), TITLE)
    answers = right_answers(course, learner_id, QUIZ)
    before = [item for item in answers if item[0] != "ordering"][:6]
    for kind, prompt, given in before:
        answer(page, kind, prompt, given)
    expect(page.locator(".ck-test").get_by_text(f"{len(before)} of 10 answered")).to_be_visible()
    attempt_id = wait_until_saved(course, learner_id, len(before))

    server.kill()
    server.start()
    page.reload(wait_until="commit", timeout=PAGE_RENDER_MS)
    wait_for_heading(page, TITLE)

    root = page.locator(".ck-test")
    expect(root.get_by_text(f"{len(before)} of 10 answered")).to_be_visible()
    for kind, prompt, given in before:
        expect_given(page.get_by_role("group", name=prompt, exact=True), kind, given)
    for kind, prompt, given in answers:
        if (kind, prompt, given) not in before:
            answer(page, kind, prompt, given)
    page.get_by_role("button", name="Submit answers").click()
    wait_for_heading(page, "You passed")
    assert_no_failure_shown(page)
    [attempt] = course.store.attempts(learner_id, QUIZ)
    # The same attempt, resumed, every answer right: those given before the kill (drawn from
    # the records after the restart) and those given quickly after it, up to the last one
    # before Submit (which travels with the submit).
    assert (attempt.attempt_id, attempt.score, attempt.passed) == (attempt_id, 1.0, True)


@pytest.mark.browser
def test_locked_records_show_saving_retrying_then_save_and_submit(served, page):
    """With the records locked by another program for a few seconds while the learner answers,
    and again while they submit, does the page say it is retrying, then succeed, with nothing
    lost and no error text shown?"""
    _server, course = served
    learner_id, token = course.learner("Busy Records")
    visit(page, course.url("posttest", token, quiz=QUIZ), TITLE)
    answers = right_answers(course, learner_id, QUIZ)
    *first, last = answers
    for kind, prompt, given in first[:-1]:
        answer(page, kind, prompt, given)
    attempt_id = wait_until_saved(course, learner_id, len(first) - 1)

    holder = lock_records(course)
    try:
        answer(page, *first[-1])
        expect(status_of(page)).to_have_text(RETRYING)
        time.sleep(LOCK_SECONDS)
        assert len(course.store.latest_responses(attempt_id)) == len(first) - 1
    finally:
        holder.close()
    expect(status_of(page)).to_have_text(SAVED)
    wait_until_saved(course, learner_id, len(first))

    answer(page, *last)
    wait_until_saved(course, learner_id, len(answers))
    holder = lock_records(course)
    try:
        page.get_by_role("button", name="Submit answers").click()
        expect(status_of(page)).to_have_text(RETRYING)
        time.sleep(LOCK_SECONDS)
        expect(page.get_by_role("heading", name="You passed")).to_have_count(0)
    finally:
        holder.close()
    wait_for_heading(page, "You passed")
    expect(status_of(page)).to_have_text("You scored 100% (10 of 10 correct). You passed.")
    assert_no_failure_shown(page)
    [attempt] = course.store.attempts(learner_id, QUIZ)
    assert (attempt.attempt_id, attempt.passed) == (attempt_id, True)
    assert len(course.store.latest_responses(attempt_id)) == len(answers)
