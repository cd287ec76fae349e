"""Presenter mode in a real browser: lesson 4 through the caserate-slides template.

Each test opens ``lessons/04_setting_case_rates.ipynb?template=caserate-slides``
from a Voila server on the whole course folder (``course_url``), as a trainer
would, and drives it with the keyboard. Lesson 4 opens with its title slide;
slide 2 is "Where do the numbers come from?"; the penetration-rate slide shows
its table and then a note as two fragments.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

pytest.importorskip("playwright")
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from caserate_kit.course._catalog import LESSONS, Lesson

from .conftest import PAGE_RENDER_MS, SCREENSHOTS

LESSON = "voila/render/lessons/04_setting_case_rates.ipynb"
PRESENT = f"{LESSON}?template=caserate-slides"
DEMO_PAGE = "?template=caserate-slides"
"""The demo post-test page, presented (on its own server: the course's serves only its pages)."""
TITLE = "Setting case rates in eight steps"
SLIDE_2 = "Where do the numbers come from?"
FRAGMENT_SLIDE = "Step 2: estimate the penetration rate"
FIRST_FRAGMENT = "Expected cases for 30,000 enrollees"
SECOND_FRAGMENT = "From here on, the example uses the medium rate"
SLIDE_NAME = re.compile(r"^Slide \d+ of \d+$")
PROJECTOR = {"width": 1280, "height": 720}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def counter(page: Any) -> Any:
    return page.locator(".cr-counter")


def slide_count(page: Any) -> int:
    """N in the counter's "Slide k of N"."""
    return int(counter(page).inner_text().rsplit(" ", 1)[1])


def visible_slides(page: Any) -> Any:
    """The slide regions a screen reader (or a sighted person) can reach now."""
    return page.get_by_role("region", name=SLIDE_NAME)


@pytest.fixture
def present(page: Any, course_url: str, request: pytest.FixtureRequest) -> Any:
    """Open lesson 4 in presenter mode (``hash`` such as ``"#slide-4"``), or the demo
    post-test page (``path=DEMO_PAGE``, on the demo page's own server)."""

    def opener(hash_: str = "", path: str = PRESENT) -> Any:
        demo = path.startswith(DEMO_PAGE)
        base = request.getfixturevalue("voila_url") if demo else course_url
        page.goto(base + path + hash_, wait_until="commit", timeout=PAGE_RENDER_MS)
        # The HTML streams in while the kernel runs the cells: wait for the counter.
        expect(counter(page)).to_have_text(SLIDE_NAME, timeout=PAGE_RENDER_MS)
        expect(counter(page)).to_be_visible()
        return page

    return opener


def go_to_slide_with_heading(page: Any, heading: str) -> None:
    """Jump (by the address) to the slide whose heading is ``heading``."""
    number = page.evaluate(
        """(text) => Array.from(document.querySelectorAll("section.cr-slide")).findIndex(
             (slide) => Array.from(slide.querySelectorAll("h1, h2, h3, h4"))
               .some((h) => h.textContent.replace("\u00b6", "").trim() === text)) + 1""",
        heading,
    )
    assert number, f"no slide has the heading {heading!r}"
    page.evaluate(f"location.hash = '#slide-{number}'")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def settle(page: Any) -> None:
    """Wait until the slide's fade-in and any fragment's fade have finished."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


SHOWN_SLIDE = "section.cr-slide:not([hidden])"


def axe_every_slide(page: Any) -> dict[int, str]:
    """Run axe on each slide with all its fragments shown: {slide number: report}.

    axe-core is put into the page once; it checks the whole page on the first slide, then
    each slide itself (the controls around it stay the same). Motion is reduced, as the
    course allows, so that no fade has to be waited for before colours are checked.
    """
    axe = Axe()
    page.evaluate(axe.axe_script)
    page.emulate_media(reduced_motion="reduce")
    total = slide_count(page)
    reports = {}
    for number in range(1, total + 1):
        page.evaluate(f"location.hash = '#slide-{number}'")
        expect(counter(page)).to_have_text(f"Slide {number} of {total}")
        slide = page.locator("section.cr-slide:not([hidden])")
        for _ in range(slide.locator(".cr-fragment").count()):
            page.keyboard.press("ArrowRight")
        settle(page)
        where = "document" if number == 1 else f"document.querySelector({SHOWN_SLIDE!r})"
        result = AxeResults(page.evaluate(f"axe.run({where}, {{resultTypes: ['violations']}})"))
        if result.violations_count:
            reports[number] = result.generate_report()
    return reports


def save_screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", animations="disabled", caret="hide")


# Each test opens lesson 4 once (its kernel runs the whole lesson, which takes seconds)
# and checks one aspect of presenter mode through several steps.


@pytest.mark.browser
def test_the_keys_move_one_slide_at_a_time(present):
    """One slide at a time, announced politely; Right, Left, End, Home and clicker keys move."""
    page = present()
    total = slide_count(page)
    expect(visible_slides(page)).to_have_count(1)
    expect(visible_slides(page)).to_have_accessible_name(f"Slide 1 of {total}")
    expect(page.locator("section.cr-slide[hidden]")).to_have_count(total - 1)
    expect(counter(page)).to_have_attribute("aria-live", "polite")
    expect(counter(page)).to_have_attribute("aria-atomic", "true")

    page.keyboard.press("ArrowRight")
    expect(counter(page)).to_have_text(f"Slide 2 of {total}")
    expect(page).to_have_url(re.compile(r"#slide-2$"))
    expect(page.get_by_role("heading", name=SLIDE_2, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=SLIDE_2, exact=True)).to_be_focused()
    expect(page.get_by_role("heading", name=TITLE, exact=True)).to_be_hidden()

    page.keyboard.press("ArrowLeft")
    expect(counter(page)).to_have_text(f"Slide 1 of {total}")
    expect(page).to_have_url(re.compile(r"#slide-1$"))
    expect(page.get_by_role("heading", name=TITLE, exact=True)).to_be_visible()

    page.keyboard.press("End")
    expect(counter(page)).to_have_text(f"Slide {total} of {total}")
    expect(page).to_have_url(re.compile(rf"#slide-{total}$"))
    expect(page.get_by_role("heading", name="Sources", exact=True)).to_be_visible()

    # Clickers send PageDown/PageUp or Space; slides 2 to 4 have no fragments.
    page.evaluate("location.hash = '#slide-3'")
    expect(counter(page)).to_have_text(f"Slide 3 of {total}")
    for key, slide in [
        ("PageDown", 4),
        ("PageUp", 3),
        ("Space", 4),
        ("Shift+Space", 3),
        ("Home", 1),
    ]:
        page.keyboard.press(key)
        expect(counter(page), f"after {key}").to_have_text(f"Slide {slide} of {total}")


@pytest.mark.browser
def test_a_fragment_appears_on_its_own_key_press(present):
    """On a slide with fragments, does each key press reveal one more, on the same slide?"""
    page = present()
    go_to_slide_with_heading(page, FRAGMENT_SLIDE)
    on_slide = counter(page).inner_text()
    first = page.get_by_text(FIRST_FRAGMENT)
    second = page.get_by_text(SECOND_FRAGMENT)
    expect(first).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(first).to_be_visible()
    expect(second).to_be_hidden()
    expect(counter(page)).to_have_text(on_slide)
    page.keyboard.press("ArrowRight")
    expect(second).to_be_visible()
    expect(counter(page)).to_have_text(on_slide)


@pytest.mark.browser
def test_reload_keeps_the_place(present, page):
    """After moving to slide 4 and reloading, is slide 4 still on screen?"""
    present()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"#slide-4$"))
    page.reload(wait_until="commit", timeout=PAGE_RENDER_MS)
    expect(counter(page)).to_have_text(re.compile(r"^Slide 4 of"), timeout=PAGE_RENDER_MS)
    expect(page.get_by_role("heading", name="Step 1: define the population")).to_be_visible()


@pytest.mark.browser
def test_buttons_escape_and_present_again(present):
    """Next and Previous work from the keyboard; Escape shows the whole lesson; Present returns.

    Escape leaves a scrollable page with every slide and a button to present again,
    which goes back to the slide the trainer left.
    """
    page = present("#slide-2")
    total = slide_count(page)
    next_button = page.get_by_role("button", name="Next", exact=True)
    next_button.focus()
    page.keyboard.press("Enter")
    expect(counter(page)).to_have_text(f"Slide 3 of {total}")
    expect(next_button).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Previous", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(counter(page)).to_have_text(f"Slide 2 of {total}")

    page.keyboard.press("Escape")
    present_again = page.get_by_role("button", name="Present from slide 2")
    expect(present_again).to_be_focused()
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_hidden()
    expect(visible_slides(page)).to_have_count(total)
    assert urlsplit(page.url).fragment == ""

    present_again.click()
    expect(visible_slides(page)).to_have_count(1)
    expect(counter(page)).to_have_text(re.compile(r"^Slide 2 of"))


@pytest.mark.browser
def test_no_request_leaves_the_machine_and_axe_finds_nothing_on_any_slide(page, present):
    """From loading through every slide (fragments shown): only 127.0.0.1, no axe violations."""
    addresses: list[str] = []
    page.on("request", lambda request: addresses.append(request.url))
    page.on("websocket", lambda socket: addresses.append(socket.url))
    present()
    # Let the outputs and widgets finish drawing, then visit every slide.
    expect(page.get_by_role("heading", name="What you will be able to do")).to_be_visible()
    assert axe_every_slide(page) == {}
    page.keyboard.press("Home")
    expect(counter(page)).to_have_text(re.compile(r"^Slide 1 of"))
    assert addresses, "no request recorded"
    elsewhere = [url for url in addresses if urlsplit(url).hostname not in LOCAL_HOSTS]
    assert elsewhere == []


def overflowing_slides(page: Any) -> list[int]:
    """The numbers of the slides whose content is taller than the screen."""
    total = slide_count(page)
    overflowing = []
    for number in range(1, total + 1):
        page.evaluate(f"location.hash = '#slide-{number}'")
        expect(counter(page)).to_have_text(f"Slide {number} of {total}")
        slide = page.locator("section.cr-slide:not([hidden])")
        if slide.evaluate("s => s.scrollHeight > s.clientHeight + 1"):
            overflowing.append(number)
    return overflowing


@pytest.mark.browser
@pytest.mark.parametrize(
    "lesson",
    [lesson for lesson in LESSONS if lesson.number != 4],  # lesson 4: the test below
    ids=lambda lesson: f"lesson-{lesson.number}",
)
def test_every_lessons_slides_fit_a_projector(page: Any, course_url: str, lesson: Lesson) -> None:
    """At 1280x720, does every slide of the other lessons fit without scrolling?"""
    page.set_viewport_size(PROJECTOR)
    page.goto(
        f"{course_url}voila/render/lessons/{lesson.notebook}?template=caserate-slides",
        wait_until="commit",
        timeout=PAGE_RENDER_MS,
    )
    expect(counter(page)).to_have_text(SLIDE_NAME, timeout=PAGE_RENDER_MS)
    assert overflowing_slides(page) == []


@pytest.mark.browser
def test_slides_fit_a_projector_screen_in_large_type(present, page):
    """At 1280x720: every slide fits, the title is large and centred, a chart shows whole."""
    page.set_viewport_size(PROJECTOR)
    present()
    expect(page.get_by_role("heading", name="What you will be able to do")).to_be_visible()
    settle(page)
    save_screenshot(page, "presenter_01_title_slide")
    title = page.get_by_role("heading", name=TITLE, exact=True)
    assert float(title.evaluate("h => parseFloat(getComputedStyle(h).fontSize)")) >= 40
    block = page.locator("section.cr-slide:not([hidden]) .cr-slide-content").bounding_box()
    assert block is not None
    left, right = block["x"], PROJECTOR["width"] - block["x"] - block["width"]
    assert abs(left - right) <= 2

    assert overflowing_slides(page) == []

    go_to_slide_with_heading(page, "A weighted average, not a plain one")
    page.keyboard.press("ArrowRight")  # its fragment: a worked example
    page.keyboard.press("ArrowRight")  # the next slide: the bar chart
    chart = page.locator("section.cr-slide:not([hidden]) img")
    expect(chart).to_be_visible()
    settle(page)
    save_screenshot(page, "presenter_02_chart_slide")
    box = chart.bounding_box()
    bar = page.get_by_role("navigation", name="Presenter").bounding_box()
    assert box is not None
    assert bar is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= bar["y"]


@pytest.mark.browser
def test_widgets_stay_live_on_a_slide(present):
    """On a page presented as slides, does a widget still talk to its kernel?"""
    page = present(path=DEMO_PAGE)
    page.get_by_label("A case rate (bundled payment)").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Questions 2, 3 and 4 are not answered yet")).to_be_visible()


@pytest.mark.browser
def test_arrow_keys_inside_a_widget_stay_in_the_widget(present):
    """In a radio group on a slide, do the arrow keys pick an option instead of changing slide?"""
    page = present(path=DEMO_PAGE + "#slide-1")
    page.get_by_label("A case rate (bundled payment)").check()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("A case rate (bundled payment)")).not_to_be_checked()
    expect(counter(page)).to_have_text("Slide 1 of 1")


@pytest.mark.browser
def test_reduced_motion_turns_off_slide_and_fragment_animation(present, page):
    """When the system asks for reduced motion, do slides and fragments appear without motion?"""
    page.emulate_media(reduced_motion="reduce")
    present()
    go_to_slide_with_heading(page, FRAGMENT_SLIDE)
    motion = page.evaluate(
        """() => {
          const slide = document.querySelector("section.cr-slide:not([hidden])");
          const fragment = slide.querySelector(".cr-fragment");
          return [getComputedStyle(slide).animationName,
                  getComputedStyle(fragment).transitionDuration];
        }"""
    )
    assert motion == ["none", "0s"]
