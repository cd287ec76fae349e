"""axe-core on the six lesson pages, as a signed-in learner sees them.

One server for the module (no preheated kernels), one page load per lesson,
once the server has written its lessons (a lesson is run once, then served
with no kernel); until then, and for another template, Voila shows it, which
the test of a learner reading on while Voila's scripts arrive asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect

from caserate_kit.course._catalog import LESSONS, Lesson
from caserate_kit.course._glossary import heading_anchor, load_glossary, with_sections

from .conftest import ROOT
from .learner_helpers import pooled_course_server
from .test_learner_pages import Course, violations

LESSON_RENDER_MS = 180_000  # the longest lesson, on a busy 2-core machine
SETTLE_MS = 60_000
RENDERED = """() =>
  document.querySelectorAll('#loading').length === 0 &&
  document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]').length === 0 &&
  Array.from(document.images).every((image) => image.complete)"""
"""Voila has shown the cells, drawn every output and loaded every image."""


@pytest.fixture(scope="module")
def lessons_course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Course]:
    """The course on fresh records, with no preheated kernels."""
    folder = tmp_path_factory.mktemp("lesson-records")
    with (
        pooled_course_server(folder, home_pool=0, posttest_pool=0) as server,
        Course.serving(server) as course,
    ):
        server.wait_for_written_lessons()
        yield course


def test_there_are_six_lesson_notebooks() -> None:
    """Does the catalog list the six lessons, each with its notebook in lessons/?"""
    assert [lesson.number for lesson in LESSONS] == [1, 2, 3, 4, 5, 6]
    assert all((ROOT / "lessons" / lesson.notebook).is_file() for lesson in LESSONS)


@pytest.mark.browser
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson-{lesson.number}")
def test_axe_finds_no_violations_on_the_lesson(
    lessons_course: Course, page: Any, lesson: Lesson
) -> None:
    """Does axe-core find no accessibility violation on this lesson, fully drawn, and does the
    page hold the anchor of every section the glossary's "taught in" links land on?"""
    _learner_id, token = lessons_course.learner(f"Reader {lesson.number}")
    address = lessons_course.url(f"lessons/{lesson.notebook.removesuffix('.ipynb')}", token)
    page.goto(address, wait_until="commit", timeout=LESSON_RENDER_MS)
    page.get_by_role("heading", name="What you will be able to do").wait_for(
        timeout=LESSON_RENDER_MS
    )
    page.wait_for_function(RENDERED, timeout=SETTLE_MS)
    assert lesson.title in page.get_by_role("heading", level=1).first.inner_text()
    page.wait_for_timeout(500)  # let late styles settle
    assert violations(page) == ""
    glossary = with_sections(load_glossary(ROOT / "lessons" / "glossary"), ROOT / "lessons")
    anchors = {heading_anchor(t.section) for t in glossary if t.lesson == lesson.number}
    missing = [a for a in sorted(anchors) if page.locator(f'[id="{a}"]').count() != 1]
    assert missing == [], f"no heading with these ids on the page: {missing}"


KEEP_PLACE_Y = 1500


@pytest.mark.browser
def test_a_learner_who_reads_on_while_the_page_loads_keeps_their_place(
    lessons_course: Course, page: Any
) -> None:
    """A lesson shown by Voila (asked for with its template, as before the server has written
    it) shows before Voila's scripts arrive, which then move it into their own frame: does a
    learner who has already scrolled down and moved focus keep both?"""
    lesson = LESSONS[0]
    _learner_id, token = lessons_course.learner("Early Reader")
    stem = lesson.notebook.removesuffix(".ipynb")
    address = lessons_course.url(f"lessons/{stem}", token, template="caserate")
    page.set_viewport_size({"width": 1100, "height": 700})
    page.goto(address, wait_until="commit", timeout=LESSON_RENDER_MS)
    page.wait_for_load_state("domcontentloaded", timeout=LESSON_RENDER_MS)
    page.evaluate(
        """(y) => {
          const panel = document.getElementById('rendered_cells');
          if (panel.parentElement === document.body) window.scrollTo(0, y);
          else panel.scrollTop = y;
          document.querySelector("nav[aria-label='Course'] a").focus({ preventScroll: true });
        }""",
        KEEP_PLACE_Y,
    )
    page.wait_for_function(
        "() => document.getElementById('rendered_cells').parentElement !== document.body",
        timeout=SETTLE_MS,
    )
    page.wait_for_timeout(2000)  # the frame lays itself out (and scrolls to the top) meanwhile
    place = page.evaluate(
        "() => [window.scrollY, document.getElementById('rendered_cells').scrollTop,"
        " document.activeElement.closest(\"nav[aria-label='Course']\") !== null]"
    )
    assert max(place[0], place[1]) == KEEP_PLACE_Y, place
    assert place[2], "focus left the link the learner was on"


@pytest.mark.browser
def test_the_list_of_sections_stays_in_reach(lessons_course: Course, page: Any) -> None:
    """At a phone's width, is the "Sections" button hidden while the list of sections is in
    view, shown once it is scrolled away, and does it open the list with the focus on it?"""
    lesson = LESSONS[3]
    _learner_id, token = lessons_course.learner("Long Reader")
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(lessons_course.url(f"lessons/{lesson.notebook.removesuffix('.ipynb')}", token))
    button = page.get_by_role("link", name="Sections", exact=True)
    page.locator("#lesson-sections").wait_for(timeout=LESSON_RENDER_MS)
    expect(button).to_be_hidden()
    page.get_by_role("navigation", name="After this lesson").scroll_into_view_if_needed()
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    button.click()
    expect(page.locator("#lesson-sections")).to_have_attribute("open", "")
    expect(page.locator("#lesson-sections summary")).to_be_focused()
    expect(button).to_be_hidden()


@pytest.mark.browser
def test_a_trainer_presents_a_written_lesson_with_no_kernel(
    lessons_course: Course, page: Any
) -> None:
    """Are a written lesson's slides (``?template=caserate-slides``) served whole by the
    server, with no kernel or Voila script behind them, and do the keys still move through them?
    """
    stem = LESSONS[3].notebook.removesuffix(".ipynb")
    page.goto(lessons_course.url(f"lessons/{stem}", template="caserate-slides"))
    counter = page.locator(".cr-counter")
    expect(counter).to_have_text(re.compile(r"^Slide 1 of \d+$"))
    assert page.locator("script[src$='voila.js']").count() == 0  # written whole: no kernel
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text(re.compile(r"^Slide 2 of \d+$"))


CHARTS_SHOWN = """() => Array.from(document.querySelectorAll('img.ck-figure')).map((img) => {
  const source = img.closest('picture')?.querySelector('source');
  return {
    alt: img.alt,
    phone: source ? img.currentSrc === source.srcset.replace(/ 2x$/, '') : false,
    wide: img.currentSrc === img.src,
    shown: img.getBoundingClientRect().width,
    drawn: img.naturalWidth,
    right: img.getBoundingClientRect().right,
  };
})"""
"""Each chart of the page: which drawing the browser chose, and how wide it is shown."""


@pytest.mark.browser
def test_a_phone_is_shown_each_chart_drawn_for_its_width(lessons_course: Course, page: Any) -> None:
    """At 375 px, does each of lesson 4's charts show its phone drawing, whole on the screen
    and at nearly the size it was drawn (so its lettering keeps its size), under one alt text;
    and once the window is wide, the wide drawing?"""
    stem = LESSONS[3].notebook.removesuffix(".ipynb")
    _learner_id, token = lessons_course.learner("Phone Reader")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(lessons_course.url(f"lessons/{stem}", token), timeout=LESSON_RENDER_MS)
    page.wait_for_function(RENDERED, timeout=SETTLE_MS)
    charts = page.evaluate(CHARTS_SHOWN)
    assert len(charts) == 2
    for chart in charts:
        assert chart["alt"]
        assert chart["phone"], chart
        assert chart["right"] <= 375
        assert chart["shown"] >= 0.8 * chart["drawn"], chart
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_function(f"() => ({CHARTS_SHOWN})().every((chart) => chart.wide)")
