"""The progress tracker on a lesson's pages: the steps done, the page's own, the next one."""

from __future__ import annotations

import pytest

from caserate_kit.course._catalog import lesson_for
from caserate_kit.course.pages._tracker import Progress, lesson_progress_of, tracker_html

LESSON = lesson_for(2)
TOKEN = "s.abc.def"


def _html(progress: Progress, current: str, **options) -> str:
    return tracker_html(progress, LESSON, TOKEN, current, **options)


def test_the_tracker_names_the_lesson_and_every_step_as_a_link():
    """Does it say "Lesson 2 of 6" and link Read, Post-test, Evaluation and Certificate?"""
    html = _html(Progress(False, False, False, False), "read")
    assert '<p class="ck-tracker-title">Lesson 2 of 6</p>' in html
    for name, target in (
        ("Read", "../lessons/02_documenting_level_of_care.ipynb?token=s.abc.def"),
        ("Post-test", "posttest.ipynb?quiz=lesson-02&amp;token=s.abc.def"),
        ("Evaluation", "evaluation.ipynb?course=lesson-02&amp;token=s.abc.def"),
        ("Certificate", "certificate.ipynb?course=lesson-02&amp;token=s.abc.def"),
    ):
        assert f'href="{target}"' in html
        assert f">{name}" in html


def test_done_steps_are_ticked_in_words_too_and_the_page_is_the_current_step():
    """Are done steps marked for the eye and for a screen reader, and the page's step current?"""
    html = _html(Progress(True, True, False, False), "evaluation")
    assert html.count('<span class="ck-visually-hidden"> (done)</span>') == 2
    assert 'aria-current="step">Evaluation</a>' in html


@pytest.mark.parametrize(
    ("progress", "current", "button"),
    [
        (Progress(True, False, False, False), "read", "Next: take the post-test"),
        (Progress(True, True, False, False), "posttest", "Next: fill in the evaluation"),
        (Progress(True, True, True, False), "evaluation", "Next: get your certificate"),
        (Progress(True, True, True, True), "certificate", "Next lesson: "),
        (Progress(False, True, True, False), "certificate", "Next: read the lesson"),
        (
            Progress(True, True, True, False, name_ready=False),
            "evaluation",
            "Next: give the name for your certificate",
        ),
    ],
)
def test_the_main_button_is_the_next_step_still_to_do(progress, current, button):
    """Is the page's main button the first step not done (or the next lesson once complete)?"""
    assert '<a class="ck-button" href="' in _html(progress, current)
    assert button in _html(progress, current)


def test_no_button_sends_the_learner_to_the_page_they_are_on():
    """On the post-test, not yet passed, is there no "Next" button to the post-test itself?"""
    assert "ck-button" not in _html(Progress(True, False, False, False), "posttest")


def test_the_last_lesson_complete_leads_home():
    """With the last lesson complete, does the button lead back to the course home?"""
    last = lesson_for(6)
    html = tracker_html(Progress(True, True, True, True), last, None, "certificate")
    assert '<a class="ck-button" href="home.ipynb">Back to the course home</a>' in html


def test_progress_comes_from_the_records(records, ada):
    """Does a visit and a pass show as Read and Post-test done, and nothing more?"""
    from .helpers import complete

    learner = ada[0]
    complete(records, learner.id, "lesson-02", evaluate=False)
    progress = lesson_progress_of(records, learner.id, LESSON)
    assert progress == Progress(True, True, False, False, name_ready=True)
