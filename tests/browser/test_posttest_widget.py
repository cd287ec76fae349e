"""The post-test widget in a real browser, served by Voila.

Each test opens the demo page (``pages/posttest_demo.ipynb``), which grades in
its kernel. The answers that pass it: q1 "A case rate", q2 "Medical
necessity" and "The least restrictive setting", q3 False, q4 4,759, q5 the
steps count, sort, price.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("playwright")
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import AXE_OPTIONS

PROMPTS = [
    "A health plan pays an agency one fixed amount for a whole episode of care. "
    "What is this called?",
    "Which of these does a health plan weigh before it authorizes care?",
    "A case rate is a budget for one person's treatment.",
    "A Level B client is expected to need 30 hours of care at $158.62 an hour. "
    "What does that care cost, to the nearest dollar?",
    "Put these rate-setting steps in order.",
]
PRICE_STEP = "Set the case rate for each level of care"
MAX_TABS = 40

FOCUSED = """() => {
  const e = document.activeElement;
  return {
    type: e.type || "",
    label: (e.closest("label") || {}).textContent?.trim() || "",
    name: e.getAttribute("aria-label") || e.textContent.trim(),
  };
}"""


def tab_to(page: Any, **wanted: str) -> None:
    """Press Tab until the focused element matches ``wanted`` (type, label or name)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if all(focused[key] == value for key, value in wanted.items()):
            return
    pytest.fail(f"Tab never reached {wanted}")


def widget(page: Any) -> Any:
    return page.locator(".ck-test")


def answer_all_by_clicking(page: Any) -> None:
    page.get_by_label("A case rate (bundled payment)").check()
    page.get_by_label("Medical necessity").check()
    page.get_by_label("The least restrictive setting that meets the need").check()
    page.get_by_label("False").check()
    page.get_by_label("Your answer (in dollars)").fill("4,759")
    page.get_by_role("button", name=f"Move down: {PRICE_STEP}").click()
    page.get_by_role("button", name=f"Move down: {PRICE_STEP}").click()


@pytest.mark.browser
def test_each_question_is_a_group_named_by_its_prompt(open_posttest, snap):
    """Does every question render as one form group that a screen reader names by its prompt?"""
    page = open_posttest()
    for prompt in PROMPTS:
        expect(page.get_by_role("group", name=prompt, exact=True)).to_have_count(1)
    snap("01_before_answering")


@pytest.mark.browser
def test_whole_post_test_can_be_done_with_the_keyboard_alone(open_posttest, snap):
    """Can a learner answer every question type and submit with only Tab, arrows, Space, Enter?"""
    page = open_posttest()
    tab_to(page, type="radio", label="A fee-for-service rate")
    page.keyboard.press("ArrowDown")
    tab_to(page, type="checkbox", label="Medical necessity")
    page.keyboard.press("Space")
    tab_to(page, type="checkbox", label="The least restrictive setting that meets the need")
    page.keyboard.press("Space")
    tab_to(page, type="radio", label="True")
    page.keyboard.press("ArrowDown")
    tab_to(page, type="text")
    page.keyboard.type("4,759")
    tab_to(page, name=f"Move down: {PRICE_STEP}")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(widget(page).get_by_text("5 of 5 answered")).to_be_visible()
    snap("02_all_answered")
    tab_to(page, name="Submit answers")
    page.keyboard.press("Enter")
    result = page.get_by_role("heading", name="You passed")
    expect(result).to_be_focused()
    snap("03_passed")


@pytest.mark.browser
def test_result_summary_is_announced_in_the_live_region(open_posttest, snap):
    """After submitting, does the polite live region hold the score and what it means?"""
    page = open_posttest()
    page.get_by_label("A case rate (bundled payment)").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(widget(page).get_by_text("Questions 2, 3 and 4 are not answered yet")).to_be_visible()
    snap("04_unanswered_warning")
    page.get_by_role("button", name="Submit anyway").click()
    live = widget(page).get_by_role("status")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_have_text(
        "You scored 20% (1 of 5 correct). You need 80% to pass; you can try a new version."
    )
    snap("05_not_passed")


@pytest.mark.browser
def test_an_ordering_left_as_shown_is_an_answer_not_a_warning(open_posttest):
    """With every other question answered, does Submit grade at once, the order as shown?"""
    page = open_posttest()
    page.get_by_label("A case rate (bundled payment)").check()
    page.get_by_label("Medical necessity").check()
    page.get_by_label("The least restrictive setting that meets the need").check()
    page.get_by_label("False").check()
    page.get_by_label("Your answer (in dollars)").fill("4,759")
    page.get_by_role("button", name="Submit answers").click()
    # The steps as shown are out of order: 4 of 5, which is the pass mark.
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()
    expect(widget(page).get_by_role("status")).to_contain_text("4 of 5 correct")
    expect(widget(page).get_by_text("not answered yet")).to_have_count(0)


@pytest.mark.browser
def test_axe_finds_no_violations_before_or_after_submitting(open_posttest):
    """Does axe-core find no accessibility violations on the fresh and on the graded post-test?"""
    page = open_posttest()
    axe = Axe()
    # Only the widget: the test page's own notebook cells sit outside any landmark.
    before = axe.run(page, context=".ck-test-host", options=AXE_OPTIONS)
    page.get_by_label("A per-diem rate").check()
    page.get_by_label("Your answer (in dollars)").fill("four thousand")
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_role("heading", name="Not passed yet")).to_be_visible()
    after = axe.run(page, context=".ck-test-host", options=AXE_OPTIONS)
    assert (before.violations_count, after.violations_count) == (0, 0), (
        before.generate_report() + after.generate_report()
    )


@pytest.mark.browser
def test_saved_responses_show_as_chosen_on_resume(open_posttest, snap):
    """When a learner comes back, are their saved answers already chosen on the page?"""
    page = open_posttest("resume=1")
    expect(page.get_by_label("A case rate (bundled payment)")).to_be_checked()
    expect(page.get_by_label("Medical necessity")).to_be_checked()
    expect(page.get_by_label("The least restrictive setting that meets the need")).to_be_checked()
    expect(page.get_by_label("The agency's marketing budget")).not_to_be_checked()
    expect(page.get_by_label("Your answer (in dollars)")).to_have_value("4,759")
    steps = page.get_by_role("group", name=PROMPTS[4]).get_by_role("listitem")
    expect(steps.nth(1)).to_contain_text(PRICE_STEP)
    expect(widget(page).get_by_text("4 of 5 answered")).to_be_visible()
    snap("06_resumed")


@pytest.mark.browser
def test_double_click_on_submit_sends_one_submit(open_posttest):
    """Does a double click on Submit send the kernel a single submit message?"""
    page = open_posttest()
    answer_all_by_clicking(page)
    page.get_by_role("button", name="Submit answers").dblclick()
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()
    page.wait_for_timeout(600)
    expect(page.get_by_text("Submit messages received: 1")).to_be_visible()


@pytest.mark.browser
def test_try_a_new_version_clears_the_answers(open_posttest, snap):
    """After failing, does Try a new version bring back an open, empty post-test?"""
    page = open_posttest()
    page.get_by_label("A per-diem rate").check()
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("button", name="Submit anyway").click()
    page.get_by_role("button", name="Try a new version").first.click()
    expect(page.get_by_role("heading", name="Lesson 4 post-test")).to_be_focused()
    expect(page.get_by_label("A per-diem rate")).not_to_be_checked()
    expect(page.get_by_label("A per-diem rate")).to_be_enabled()
    expect(widget(page).get_by_text("0 of 5 answered")).to_be_visible()


@pytest.mark.browser
def test_post_test_fits_a_320_pixel_wide_screen(open_posttest, page, snap):
    """At 320 px wide, does the post-test fit without sideways scrolling?"""
    page.set_viewport_size({"width": 320, "height": 720})
    open_posttest()
    answer_all_by_clicking(page)
    overflow = page.evaluate(
        "() => { const r = document.querySelector('.ck-test');"
        " return r.scrollWidth - r.clientWidth; }"
    )
    assert overflow <= 0
    snap("07_narrow_320px")
