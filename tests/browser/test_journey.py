"""One learner's whole journey in a real browser, checked against the records at each step.

Sign in, read lesson 1, fail its post-test, retake a new version and pass,
evaluate the lesson, download the certificate, check its code with
``caserate-course verify``, and find both attempts on the trainer dashboard.
The course is served by Voila as ``make serve`` does (the home and post-test
pages from preheated kernels), on records of its own. Screenshots go to
``artifacts/screenshots/journey_*.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from caserate_kit.course._numbers import format_number
from caserate_kit.course.certificates._codes import REJECTED
from caserate_kit.course.pages._posttest_session import attempt_variant
from caserate_kit.course.quiz._grading import grade_item
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.quiz._variants import Variant, VariantItem
from caserate_kit.course.records._values import Attempt

from .conftest import PAGE_RENDER_MS, ROOT, STEP_MS, CourseServer, axe_report
from .learner_helpers import page_shot, pooled_course_server
from .test_learner_pages import (
    JOURNEY,
    JOURNEY_TITLE,
    Course,
    answer,
    fill_evaluation,
    right_answers,
    visit,
    wait_for_heading,
)

NAME = "Dorothea Dix"
LICENSE = "LPC-771203"
QUIZ = str(JOURNEY["course"])
LESSON_TITLE = "How managed care decides what to pay for"
PASSCODE = "journey trainers 7"
CLI_SECONDS = 120
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MISSED_OBJECTIVE = "step-down"
"""The objective the first try gets wrong (three questions of ten: the try fails)."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    """The course, with one preheated kernel each for the home and the post-test pages."""
    folder = tmp_path_factory.mktemp("journey-records")
    with pooled_course_server(folder, home_pool=1, posttest_pool=1) as server:
        yield server


@pytest.fixture(scope="module")
def journey(served: CourseServer) -> Iterator[Course]:
    with Course.serving(served) as course:
        yield course


# Helpers ---------------------------------------------------------------------------------


def shot(page: Any, name: str) -> None:
    page_shot(page, f"journey_{name}")


def open_variant(course: Course, learner_id: str) -> tuple[Attempt, Variant]:
    """The learner's open attempt at the post-test and the questions it drew."""
    attempt = course.store.open_attempt(learner_id, QUIZ)
    assert attempt is not None, "no open attempt: the post-test page did not start one"
    return attempt, attempt_variant(
        course.store, load_bank(ROOT / "quizzes" / f"{QUIZ}.yaml"), attempt
    )


def wrong_answer(shown: VariantItem) -> tuple[str, str, Any]:
    """(type, prompt, answer as the page shows it) for an answer the grader marks wrong."""
    kind, keys = shown.shown_type, [option.key for option in shown.options]
    texts = {option.key: option.text for option in shown.options}
    if kind in ("single", "true_false"):
        key = next(k for k in keys if not grade_item(shown, k).correct)
        return kind, shown.prompt, texts[key]
    if kind == "multiple":
        chosen = next(
            list(c)
            for n in range(1, len(keys) + 1)
            for c in combinations(keys, n)
            if not grade_item(shown, list(c)).correct
        )
        return kind, shown.prompt, [texts[k] for k in chosen]
    if kind == "ordering":  # the shown order with two neighbours swapped, so it is an answer
        for place in range(len(keys) - 1):
            order = [*keys[:place], keys[place + 1], keys[place], *keys[place + 2 :]]
            if not grade_item(shown, order).correct:
                return kind, shown.prompt, [texts[k] for k in order]
        pytest.fail(f"no wrong order found for {shown.prompt!r}")
    typed = format_number(2 * (shown.answer or 0.0) + 7, shown.unit or "none")
    assert not grade_item(shown, typed).correct
    return kind, shown.prompt, typed


def new_attempt(course: Course, learner_id: str, earlier: str) -> tuple[Attempt, Variant]:
    """Wait (bounded) until the retake's attempt is recorded; return it and its questions."""
    deadline = time.monotonic() + STEP_MS / 1000
    while (attempt := course.store.open_attempt(learner_id, QUIZ)) is None or attempt.id == earlier:
        assert time.monotonic() < deadline, "the retake started no new attempt"
        time.sleep(0.5)
    return open_variant(course, learner_id)


def cli(server: CourseServer, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``caserate-course`` on the server's records, as a trainer would on that machine."""
    found = Path(sys.executable).with_name("caserate-course")
    command = str(found) if found.exists() else shutil.which("caserate-course")
    assert command, "the caserate-course command is not installed (pip install -e .)"
    env = {
        **os.environ,
        "CASERATE_DATA_DIR": str(server.data_dir),
        "CASERATE_DB_URL": server.db_url,
    }
    return subprocess.run(
        [command, *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=CLI_SECONDS,
        check=False,
    )


def tampered(code: str) -> str:
    """``code`` with its last symbol changed to another valid one."""
    last = code[-1]
    return code[:-1] + CROCKFORD[(CROCKFORD.index(last) + 1) % len(CROCKFORD)]


def qr_address(pdf: bytes) -> str:
    """The address in the certificate's QR code, read off a drawing of the page."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-png", path, Path(folder) / "page"], check=True)
        read = subprocess.run(
            ["zbarimg", "--quiet", "--raw", Path(folder) / "page-1.png"],
            capture_output=True,
            text=True,
            check=True,
        )
    return read.stdout.strip()


def check_on_the_verify_page(page: Any, address: str, code: str) -> None:
    """In a new browser context (no sign-in): the genuine code shows the certificate and
    nothing private; an altered code shows nothing; axe finds nothing at 1280 and 375 px."""
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        public = context.new_page()
        public.goto(address, timeout=PAGE_RENDER_MS)
        found = public.get_by_role("heading", name="Genuine certificate")
        expect(found).to_be_visible()
        facts = public.locator(".ck-facts")
        for shown in (NAME, "Managed care and case rates", LESSON_TITLE, code):
            expect(facts).to_contain_text(shown)
        text = public.locator("body").inner_text()
        for private in (LICENSE, "dorothea@example.org", "token="):
            assert private not in text
        assert axe_report(public) == ""  # at 1280 px and at 375 px
        shot(public, "08_verify_page")
        public.get_by_label("Verification code").fill(tampered(code))
        public.get_by_role("button", name="Check the certificate").click()
        expect(
            public.get_by_role("heading", name="No certificate matches this code")
        ).to_be_visible()
        after = public.locator("body").inner_text()
        assert NAME not in after
        assert LESSON_TITLE not in after
        assert axe_report(public, phone=False) == ""  # the same layout was checked at 375 px
    finally:
        context.close()


def cell(row: Any, column: str) -> Any:
    return row.locator(f"td.ck-dash-c-{column}")


# The journey ---------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_learner_fails_retakes_passes_and_is_verified(
    journey: Course, served: CourseServer, page: Any
) -> None:
    """From sign-in to a verified certificate through a failed first try: does every step
    show the right page, and do the records, the certificate, ``caserate-course verify`` and
    the trainer dashboard all agree on what happened?"""
    # Sign in on the course home.
    visit(page, journey.url("home"), "Sign in")
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Email address").fill("dorothea@example.org")
    page.get_by_label("License number").fill(LICENSE)
    page.get_by_role("button", name="Sign in").click()
    wait_for_heading(page, "Course home")
    (learner,) = journey.store.learners_with_email("dorothea@example.org")
    learner_id = learner.id
    assert learner is not None
    assert learner.name == NAME
    table = page.get_by_role("table", name="Your progress in the six lessons")
    expect(table.get_by_text("Not started", exact=True)).to_have_count(6)
    shot(page, "01_home")

    # Lesson 1, then its post-test.
    page.get_by_role("table", name="Your progress in the six lessons").get_by_role(
        "link", name=JOURNEY_TITLE
    ).click()
    next_step = page.get_by_role("link", name="Next: take the post-test")
    next_step.wait_for(timeout=PAGE_RENDER_MS)
    expect(page.get_by_role("heading", level=1).first).to_contain_text(LESSON_TITLE)
    assert journey.store.visited(learner_id, QUIZ)
    shot(page, "02_lesson")
    next_step.click()
    wait_for_heading(page, f"Lesson {JOURNEY['number']} post-test")
    widget = page.locator(".ck-test")
    expect(widget.get_by_text("0 of 10 answered")).to_be_visible()

    # First try: every question of one objective wrong, the rest right, so it fails.
    first, first_variant = open_variant(journey, learner_id)
    bank = first_variant.bank
    missed = MISSED_OBJECTIVE
    drawn = sum(shown.item.objective == missed for shown in first_variant.items)
    rights = right_answers(journey, learner_id, QUIZ)
    for shown, right in zip(first_variant.items, rights, strict=True):
        answer(page, *(wrong_answer(shown) if shown.item.objective == missed else right))
    expect(widget.get_by_text("10 of 10 answered")).to_be_visible()
    page.get_by_role("button", name="Submit answers").click()
    wait_for_heading(page, "Not passed yet")
    expect(widget.get_by_text(f"{10 - drawn} of 10 correct", exact=False).first).to_be_visible()
    (tried,) = journey.store.attempts(learner_id, QUIZ)
    assert (tried.attempt_id, tried.score, tried.passed) == (first.id, (10 - drawn) / 10, False)

    # The result by objective: the one missed, with a link to the lesson section teaching it.
    results = widget.locator(".ck-test-objectives li")
    objective = next(o for o in bank.objectives if o.id == missed)
    expect(results).to_have_count(len(bank.objectives))
    row = results.filter(has_text=objective.text)
    expect(row).to_contain_text(f"0 of {drawn} right")
    expect(results.filter(has_text="right").filter(has=page.locator("a"))).to_have_count(1)
    shot(page, "03_failed")
    review = row.get_by_role("link")
    href = review.get_attribute("href") or ""
    assert href.endswith(f"#cell-id={objective.section}"), href
    lesson_tab = page.context.new_page()
    try:
        lesson_tab.goto(href, timeout=PAGE_RENDER_MS)
        section = lesson_tab.locator(f'[id="cell-id={objective.section}"]')
        heading = section.get_by_role("heading").first
        heading.wait_for(timeout=PAGE_RENDER_MS)
        expect(heading).to_contain_text(review.inner_text())
        expect(heading).to_be_in_viewport()
        shot(lesson_tab, "03b_section_linked")
    finally:
        lesson_tab.close()

    # The retake is a new version: a new attempt, seed and set of questions, shown as such,
    # with one question more from the objective missed.
    page.get_by_role("button", name="Try a new version").first.click()
    second, second_variant = new_attempt(journey, learner_id, first.id)
    assert second.seed != first.seed
    assert second_variant.question_view() != first_variant.question_view()
    assert sum(s.item.objective == missed for s in second_variant.items) == drawn + 1
    expect(widget.get_by_text("0 of 10 answered")).to_be_visible()
    expect(widget.locator(".ck-test-prompt")).to_have_text([q.prompt for q in second_variant.items])
    shot(page, "04_retake")

    # Second try: all right.
    for given in right_answers(journey, learner_id, QUIZ):
        answer(page, *given)
    page.get_by_role("button", name="Submit answers").click()
    wait_for_heading(page, "You passed")
    shot(page, "05_passed")
    tries = journey.store.attempts(learner_id, QUIZ)
    assert [(a.attempt_id, a.passed) for a in tries] == [(first.id, False), (second.id, True)]
    assert tries[1].score == 1.0

    # The failed first try stays on the record and opens again as it was shown then.
    record = page.locator("#your-tries + ol")
    expect(record.get_by_role("listitem")).to_have_count(2)
    review_tab = page.context.new_page()
    try:
        review_tab.goto(
            record.get_by_role("link", name="Review try 1").evaluate("a => a.href"),
            timeout=PAGE_RENDER_MS,
        )
        wait_for_heading(review_tab, f"Lesson {JOURNEY['number']} post-test: an earlier try")
        expect(review_tab.get_by_text("Not passed.")).to_be_visible()
        expect(review_tab.locator(".ck-review-question")).to_have_count(10)
        expect(review_tab.locator(".ck-review-question.ck-is-incorrect")).to_have_count(drawn)
        assert "Right answer:" not in review_tab.locator("body").inner_text()
        assert axe_report(review_tab) == ""
        shot(review_tab, "05b_review_first_try")
    finally:
        review_tab.close()

    # The evaluation, then the certificate.
    page.get_by_role("link", name="Next: fill in the course evaluation").click()
    wait_for_heading(page, f"Lesson {JOURNEY['number']} evaluation")
    fill_evaluation(page)
    page.get_by_role("button", name="Send my evaluation").click()
    page.get_by_role("link", name="Next: get your certificate").click()
    wait_for_heading(page, f"Lesson {JOURNEY['number']} certificate")
    (certificate,) = journey.store.certificates_for(learner_id)
    expect(page.locator(".ck-code")).to_have_text(certificate.code)
    shot(page, "06_certificate")
    download = page.get_by_role("link", name="Download your certificate")
    expect(download).to_have_attribute("download", f"CE-certificate-{QUIZ}-Dorothea-Dix.pdf")
    with page.expect_download(timeout=STEP_MS) as pending:
        download.click()
    pdf = Path(pending.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    # The document information is stored uncompressed: whose certificate, and its code.
    assert f"/Subject ({NAME} completed {LESSON_TITLE}".encode() in pdf
    assert f"verification code {certificate.code})".encode() in pdf

    # The course home marks the lesson complete.
    page.get_by_role("navigation", name="Course").get_by_role("link", name="Course home").click()
    wait_for_heading(page, "Course home")
    row = page.get_by_role("row", name=JOURNEY_TITLE)
    expect(row.get_by_text("Certificate ready", exact=True)).to_be_visible()

    # The code checks out with caserate-course verify; an altered one does not.
    checked = cli(served, "verify", certificate.code)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        f"This certificate is genuine. {NAME} completed the lesson “{LESSON_TITLE}”"
        in checked.stdout
    )
    forged = cli(served, "verify", tampered(certificate.code))
    assert (forged.returncode, forged.stdout.strip()) == (1, REJECTED)

    # The certificate's QR code leads anyone, signed in or not, to the public verify page.
    address = qr_address(pdf)
    assert address == f"{served.url}verify?code={certificate.code}"
    check_on_the_verify_page(page, address, certificate.code)

    # The trainer sets a passcode and finds both attempts on the dashboard.
    passcode = cli(served, "trainer-passcode", "--stdin", stdin=PASSCODE + "\n")
    assert passcode.returncode == 0, passcode.stdout + passcode.stderr
    page.goto(served.page_url("trainer"), wait_until="commit", timeout=PAGE_RENDER_MS)
    # Until the widget takes over, the page's early copy of the form stands beside it.
    page.get_by_label("Trainer passcode").first.wait_for(timeout=PAGE_RENDER_MS)
    page.wait_for_function(
        "() => !document.querySelector('.ck-early-output')", timeout=PAGE_RENDER_MS
    )
    page.get_by_label("Trainer passcode").fill(PASSCODE, timeout=PAGE_RENDER_MS)
    page.get_by_role("button", name="Unlock").click()
    roster = page.get_by_role("table", name="Roster: progress of each learner")
    roster.wait_for(timeout=PAGE_RENDER_MS)
    row = roster.get_by_role("row").filter(has_text=NAME)
    expect(row).to_have_count(1)
    expect(cell(row, "lesson")).to_have_text(f"Lesson {JOURNEY['number']}")
    expect(cell(row, "status")).to_have_text("Completed")
    expect(cell(row, "best")).to_have_text("100%")
    expect(cell(row, "attempts")).to_have_text("2")
    expect(cell(row, "code")).to_have_text(certificate.code)
    lessons = page.get_by_role("table", name="Post-test results per lesson")
    first_lesson = lessons.get_by_role("row").filter(has_text=f"Lesson {JOURNEY['number']}")
    expect(cell(first_lesson, "attempts")).to_have_text("2")
    expect(cell(first_lesson, "passed")).to_have_text("1")
    expect(cell(first_lesson, "rate")).to_have_text("100%")  # of learners
    expect(cell(first_lesson, "tries")).to_have_text("2.0")
    shot(page, "07_trainer_dashboard")
