"""The trainer dashboard in a real browser, served by Voila on temporary records.

The records hold a small class: six learners, two post-test attempts each at
lesson 1. The trainer passcode is set in the server's data folder.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from caserate_kit.course._passcode import set_trainer_passcode
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.quiz._variants import draw_variant
from caserate_kit.course.records._store import Store

from .conftest import (
    NO_POOLS,
    PAGE_RENDER_MS,
    ROOT,
    CourseServer,
    _course_server,
    axe_report,
    save_screenshot,
)

PASSCODE = "trainers only 42"
FIRST_NAMES = ["Maria Gonzalez", "James Okafor", "Aisha Rahman", "Grace Liu", "Tom Whitfield"]


@pytest.fixture(scope="module")
def course_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    """The course server for the trainer's page alone: no kernel is kept waiting for a
    learner's home or post-test."""
    with _course_server(tmp_path_factory.mktemp("trainer-server"), pools=NO_POOLS) as server:
        yield server


@pytest.fixture(scope="module")
def learners(course_server: Any) -> list[str]:
    """Seed a class into the server's records and set the passcode; return the names."""
    token = secrets.token_hex(3)
    names = [f"{name} {token}" for name in FIRST_NAMES]
    bank = load_bank(ROOT / "quizzes" / "lesson-01.yaml")
    chance = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=1)
    with Store(course_server.db_url) as store:
        for skill, name in zip((0.95, 0.85, 0.7, 0.6, 0.4), names, strict=True):
            learner = store.add_learner(name)
            store.record_visit(learner.id, "lesson-01", "open", at=start)
            store.record_visit(learner.id, "lesson-01", "close", at=start + timedelta(minutes=30))
            for retake in range(2):
                seed = chance.randrange(2**40)
                variant = draw_variant(bank, seed)
                attempt = store.start_attempt(learner.id, bank.id, bank.version, seed)
                right = [chance.random() < skill + 0.1 * retake for _ in variant.items]
                result = {
                    "items": [
                        {"key": i.key, "correct": r}
                        for i, r in zip(variant.items, right, strict=True)
                    ],
                    "item_ids": variant.item_ids,
                }
                score = sum(right) / len(right)
                store.submit_attempt(attempt.id, score, score >= bank.quiz.pass_mark, result)
    set_trainer_passcode(PASSCODE, course_server.data_dir / "trainer-passcode")
    return names


@pytest.fixture
def open_dashboard(page: Any, course_server: Any, learners: list[str]) -> Any:
    """Open the trainer dashboard and wait for its passcode field, drawn by the widget: until
    the widget takes over, the page's early copy of the form stands beside it for a moment, and
    a label would name two fields (the early copy is tested on its own below)."""
    page.goto(course_server.page_url("trainer"), wait_until="commit", timeout=PAGE_RENDER_MS)
    page.get_by_label("Trainer passcode").first.wait_for(timeout=PAGE_RENDER_MS)
    page.wait_for_function(
        "() => !document.querySelector('.ck-early-output')", timeout=PAGE_RENDER_MS
    )
    return page


def unlock(page: Any, passcode: str = PASSCODE) -> None:
    page.get_by_label("Trainer passcode").fill(passcode)
    page.get_by_role("button", name="Unlock").click()


def screenshot(page: Any, name: str) -> Path:
    """Save the whole dashboard as ``artifacts/screenshots/<name>.png``."""
    return save_screenshot(page, name, ".ck-dash")


@pytest.mark.browser
def test_the_locked_page_shows_no_learner_names(open_dashboard: Any, learners: list[str]) -> None:
    """Before the passcode is typed, is no learner's name anywhere in the page?"""
    html = open_dashboard.content()
    assert not any(name in html for name in learners)
    screenshot(open_dashboard, "trainer_dashboard_locked")


@pytest.mark.browser
def test_a_wrong_passcode_says_so_and_shows_no_names(
    open_dashboard: Any, learners: list[str]
) -> None:
    """Does a wrong passcode bring an alert, leaving the names hidden?"""
    unlock(open_dashboard, "not the passcode")
    expect(open_dashboard.get_by_role("alert")).to_contain_text("not right")
    assert not any(name in open_dashboard.content() for name in learners)


@pytest.mark.browser
def test_the_right_passcode_shows_the_roster_and_the_plot(
    open_dashboard: Any, learners: list[str]
) -> None:
    """After the right passcode, are the roster (with every learner) and the histogram shown?"""
    unlock(open_dashboard)
    roster = open_dashboard.get_by_role("table", name="Roster: progress of each learner")
    for name in learners:
        expect(roster).to_contain_text(name)
    expect(open_dashboard.get_by_role("img", name="Histogram of post-test scores")).to_be_visible()
    screenshot(open_dashboard, "trainer_dashboard_unlocked")


@pytest.mark.browser
def test_the_passcode_can_be_typed_and_sent_with_the_keyboard(open_dashboard: Any) -> None:
    """Can a trainer unlock with only the keyboard: type the passcode, press Enter?"""
    field = open_dashboard.get_by_label("Trainer passcode")
    field.focus()
    open_dashboard.keyboard.type(PASSCODE)
    open_dashboard.keyboard.press("Enter")
    expect(open_dashboard.get_by_role("heading", name="Roster")).to_be_visible()


@pytest.mark.browser
def test_axe_finds_no_violations_locked_or_unlocked(open_dashboard: Any) -> None:
    """Does axe-core find no accessibility violations on the locked and the unlocked page
    (its learner-record forms included), at a desktop's width and at a phone's?"""
    locked = axe_report(open_dashboard)
    unlock(open_dashboard)
    open_dashboard.get_by_role("heading", name="Questions to review").wait_for()
    open_dashboard.get_by_role("button", name="Give a new code").wait_for()
    unlocked = axe_report(open_dashboard)
    assert (locked, unlocked) == ("", "")


@pytest.mark.browser
def test_a_trainer_gives_a_new_code_and_merges_two_records(
    open_dashboard: Any, course_server: Any
) -> None:
    """On the unlocked page, does "Give a new code" show a code that is now the learner's, and
    "Merge" put one person's two records together, listed once?"""
    with Store(course_server.db_url) as store:
        keep = store.add_learner("Twin Record", email="twin@example.org")
        duplicate = store.add_learner("Twin Record", email="twin@example.org")
    unlock(open_dashboard)
    records = open_dashboard.get_by_role("table", name="Every learner record, with its id")
    expect(records).to_contain_text(duplicate.id)
    open_dashboard.get_by_label("Email or record id").fill(keep.id)
    open_dashboard.get_by_role("button", name="Give a new code").click()
    shown = open_dashboard.locator(".ck-dash-code").filter(has_text="-")
    expect(shown).to_be_visible()
    with Store(course_server.db_url) as store:
        assert store.personal_code_matches(keep.id, shown.inner_text())
    open_dashboard.get_by_label("Record to merge (the duplicate)").fill(duplicate.id)
    open_dashboard.get_by_label("Record that stays").fill(keep.id)
    open_dashboard.get_by_role("button", name="Merge").click()
    expect(open_dashboard.get_by_text("Merged: the duplicate's records")).to_be_visible()
    expect(records).not_to_contain_text(duplicate.id)
    expect(records).to_contain_text(keep.id)
    screenshot(open_dashboard, "trainer_dashboard_learner_records")


@pytest.mark.browser
def test_a_passcode_typed_before_the_scripts_arrive_unlocks(
    page: Any, course_server: Any, learners: list[str]
) -> None:
    """The page offers a working copy of the passcode form before Voila's scripts arrive: is a
    passcode typed and sent there carried to the widget, which unlocks the dashboard?"""
    from .test_early_posttest import HeldScript

    script = HeldScript(page)
    page.goto(course_server.page_url("trainer"), wait_until="commit", timeout=PAGE_RENDER_MS)
    early = page.locator(".ck-early-widgets")
    early.get_by_label("Trainer passcode").fill(PASSCODE)
    early.get_by_role("button", name="Unlock").click()
    script.release()
    early.wait_for(state="detached", timeout=PAGE_RENDER_MS)
    roster = page.get_by_role("table", name="Roster: progress of each learner")
    expect(roster).to_contain_text(learners[0], timeout=PAGE_RENDER_MS)
