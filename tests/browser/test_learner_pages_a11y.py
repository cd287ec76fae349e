"""The learner pages' accessibility in a real browser: axe at a desktop's and a phone's width
on every page state, a title, a skip link and one main landmark, and the course home at 320 px.

Split from ``test_learner_pages`` (whose course server and helpers it uses, on a server of its
own) so that the two halves run side by side on the test workers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from caserate_kit.course.certificates._completion import issue_certificate

from .conftest import STEP_MS
from .test_learner_pages import Course, complete, served_course, snap, violations, visit


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Course]:
    """The course on a server and records of this module's own."""
    yield from served_course(tmp_path_factory)


# Accessibility --------------------------------------------------------------------------


def _state(course: Course, name: str) -> tuple[str, str]:
    """Set up the records for one page state; return its address and heading."""
    learner_id, token = course.learner(f"Axe {name.title()}")
    if name == "sign in":
        return course.url("home"), "Sign in"
    if name == "home":
        complete(course, learner_id, "lesson-02")
        course.store.record_visit(learner_id, "lesson-04", "open")
        return course.url("home", token), "Course home"
    if name == "post-test":
        return course.url("posttest", token, quiz="lesson-03"), "Lesson 3 post-test"
    if name == "evaluation":
        complete(course, learner_id, "lesson-03", evaluate=False)
        return course.url("evaluation", token, course="lesson-03"), "Lesson 3 evaluation"
    if name == "certificate to do":
        return course.url("certificate", token, course="lesson-03"), "Lesson 3 certificate"
    if name == "certificate ready":
        complete(course, learner_id, "lesson-03")
        return course.url("certificate", token, course="lesson-03"), "Lesson 3 certificate"
    if name == "not signed in":
        return course.url("evaluation", course="lesson-03"), "Course evaluation"
    if name == "details":
        return course.url("details", token), "Your details"
    if name == "transcript":
        complete(course, learner_id, "lesson-03")
        issue_certificate(course.store, learner_id, "lesson-03", secret=course.secret)
        return course.url("transcript", token), "Your CE transcript"
    return course.url("glossary", token, q="rate"), "Glossary"  # a search: the list, and its form


PAGE_STATES = (
    "sign in",
    "home",
    "post-test",
    "evaluation",
    "certificate to do",
    "certificate ready",
    "not signed in",
    "glossary",
    "details",
    "transcript",
)


@pytest.mark.browser
@pytest.mark.parametrize("state", PAGE_STATES)
def test_axe_finds_no_violations(course, page, state):
    """Does axe-core find no accessibility violation on this learner page, at a desktop's width
    and at a phone's (375 px), and does the page fit the phone without scrolling sideways?"""
    address, heading = _state(course, state)
    visit(page, address, heading)
    # A page's early copy and the widget taking over from it stand side by side for a moment
    # (two top bars, two trackers): check the page once the copy has gone.
    page.wait_for_function("() => !document.querySelector('.ck-early-output')", timeout=STEP_MS)
    page.wait_for_timeout(200)  # let late widgets settle
    assert violations(page) == ""


# Page-wide -------------------------------------------------------------------------------------


@pytest.mark.browser
def test_each_page_has_a_title_a_skip_link_and_one_main_landmark(course, page):
    """Does a page carry a useful title, a first "Skip to main content" link, and one <main>?"""
    _learner_id, token = course.learner("Landmark Tester")
    visit(page, course.url("glossary", token), "Glossary")
    assert page.title() == "Glossary · Managed care and case rates"
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    expect(page.get_by_role("main")).to_have_count(1)


@pytest.mark.browser
def test_the_course_home_fits_a_320_pixel_wide_screen(course, page):
    """At 320 px wide, does the course home fit without sideways scrolling?"""
    _learner_id, token = course.learner("Narrow Screen")
    page.set_viewport_size({"width": 320, "height": 720})
    visit(page, course.url("home", token), "Course home")
    overflow = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('#rendered_cells, body'),"
        " e => e.scrollWidth - e.clientWidth))"
    )
    snap(page, "11_home_320px")
    assert overflow <= 0
