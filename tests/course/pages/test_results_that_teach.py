"""Results that teach: the score by objective, links to the sections, weighted retakes, reviews."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from caserate_kit.course.pages import posttest_page
from caserate_kit.course.pages._posttest import section_link
from caserate_kit.course.pages._posttest_session import attempt_variant
from caserate_kit.course.pages._session import sign_in
from caserate_kit.course.quiz import draw_counts, load_bank
from caserate_kit.course.widgets._posttest import PostTestWidget

from .helpers import NO_HUB, ROOT, address, shown, widget_of
from .test_posttest import right_response

BANK = ROOT / "quizzes" / "lesson-01.yaml"

pytestmark = pytest.mark.usefixtures("unpaced")


def current_variant(records, learner_id):
    attempt = records.open_attempt(learner_id, "lesson-01")
    return attempt_variant(records, load_bank(BANK), attempt)


def answer_all_but(widget, variant, objective):
    """Answer every question right except those of ``objective``; submit."""
    responses = {}
    for item in variant.items:
        if item.item.objective != objective:
            responses[item.key] = right_response(item)
    widget.responses = responses
    widget._on_page_message(widget, {"event": "submit"}, [])


def test_a_result_gives_the_score_on_each_objective(records, ada):
    """Does the result list each objective drawn with the questions right of those drawn?"""
    widget = widget_of(
        posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB), PostTestWidget
    )
    variant = current_variant(records, ada[0].id)
    missed = variant.items[0].item.objective
    answer_all_but(widget, variant, missed)
    drawn = Counter(item.item.objective for item in variant.items)
    scores = {s["id"]: (s["correct"], s["total"]) for s in widget.result["objectives"]}
    assert scores == {
        name: (0 if name == missed else count, count) for name, count in drawn.items()
    }


def test_each_objective_missed_links_to_the_lesson_section_that_teaches_it(records, ada):
    """Does a missed objective carry the address of its section (lesson page + anchor)?"""
    bank = load_bank(BANK)
    widget = widget_of(
        posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB), PostTestWidget
    )
    variant = current_variant(records, ada[0].id)
    missed = variant.items[0].item.objective
    answer_all_but(widget, variant, missed)
    [entry] = [s for s in widget.result["objectives"] if s["id"] == missed]
    section = next(o.section for o in bank.objectives if o.id == missed)
    assert entry["href"].startswith("../lessons/01_how_managed_care_decides.ipynb?token=")
    assert entry["href"].endswith(f"#cell-id={section}")
    assert entry["section_title"]
    met = [s for s in widget.result["objectives"] if s["id"] != missed]
    assert met
    assert not any("href" in s for s in met)


def test_every_section_a_bank_names_resolves_to_a_heading():
    """Does section_link find a heading for every objective of every lesson's bank?"""
    from caserate_kit.course._catalog import LESSONS

    for lesson in LESSONS:
        bank = load_bank(ROOT / "quizzes" / f"lesson-{lesson.number:02d}.yaml")
        find = section_link(lesson, "tok")
        for objective in bank.objectives:
            assert objective.section is not None, objective.id
            found = find(objective.section)
            assert found is not None, (lesson.number, objective.section)
            assert found[0].endswith("?token=tok#cell-id=" + objective.section)


def test_a_retake_draws_one_more_question_from_the_objective_missed(records, ada):
    """After missing one objective, does the next version draw one more of its questions?"""
    bank = load_bank(BANK)
    query = address(ada[1], quiz="lesson-01")
    widget = widget_of(posttest_page(records, query, NO_HUB), PostTestWidget)
    variant = current_variant(records, ada[0].id)
    missed = variant.items[0].item.objective
    answer_all_but(widget, variant, missed)
    widget._on_page_message(widget, {"event": "retake"}, [])
    retake = current_variant(records, ada[0].id)
    drawn = Counter(item.item.objective for item in retake.items)
    assert drawn[missed] == bank.draw_count(missed) + 1
    assert sum(drawn.values()) == sum(bank.draw_count(o.id) for o in bank.objectives)
    assert [q["prompt"] for q in widget.view["questions"]] == [i.prompt for i in retake.items]
    again = widget_of(posttest_page(records, query, NO_HUB), PostTestWidget)
    assert again.view == widget.view, "a reload resumes the retake as it was drawn"


def test_a_focus_keeps_the_blueprint_total_and_every_objective():
    """Whatever is missed, does every objective keep a question and the total stay the same?"""
    bank = load_bank(BANK)
    names = [o.id for o in bank.objectives]
    total = sum(bank.draw_count(n) for n in names)
    for size in range(len(names) + 1):
        for missed in (names[:size], names[size:]):
            counts = draw_counts(bank, missed)
            assert sum(counts.values()) == total
            assert all(1 <= counts[n] <= len(bank.items_for(n)) for n in names)
            assert all(abs(counts[n] - bank.draw_count(n)) <= 1 for n in names)


def test_every_try_is_listed_and_can_be_reviewed_as_it_was_shown(records, ada):
    """Is a failed try listed with a review link that shows its feedback and holds answers back?"""
    query = address(ada[1], quiz="lesson-01")
    widget = widget_of(posttest_page(records, query, NO_HUB), PostTestWidget)
    variant = current_variant(records, ada[0].id)
    widget.responses = {}
    widget._on_page_message(widget, {"event": "submit"}, [])
    assert widget.result["passed"] is False
    page = shown(posttest_page(records, query, NO_HUB))
    found = re.search(r'href="(posttest\.ipynb\?quiz=lesson-01&amp;review=([^&"]+)[^"]*)"', page)
    assert found is not None
    assert "Review try 1" in page
    review = shown(
        posttest_page(records, address(ada[1], quiz="lesson-01", review=found.group(2)), NO_HUB)
    )
    assert "Try 1," in review
    assert "Not passed." in review
    assert review.count("Question ") >= len(variant.items)
    assert "You did not answer this question." in review
    assert "Right answer:" not in review
    assert "Your result by objective" in review
    assert "#" in review
    assert "01_how_managed_care_decides.ipynb?token=" in review


def test_a_passed_try_shows_its_right_answers_on_review(records, ada):
    """Does reviewing a passed try show the right answers and the rationale, as after the pass?"""
    query = address(ada[1], quiz="lesson-01")
    widget = widget_of(posttest_page(records, query, NO_HUB), PostTestWidget)
    variant = current_variant(records, ada[0].id)
    widget.responses = {item.key: right_response(item) for item in variant.items}
    widget._on_page_message(widget, {"event": "submit"}, [])
    [done] = records.submissions(ada[0].id, "lesson-01")
    review = shown(
        posttest_page(records, address(ada[1], quiz="lesson-01", review=done.attempt_id), NO_HUB)
    )
    assert "You passed." in review
    assert "Right answer:" in review
    assert "Why:" in review


def test_another_learners_try_cannot_be_opened(records, ada):
    """Is a review address with someone else's try answered with 'no try of yours', no content?"""
    ben = sign_in(records, "Ben Marsh", email="ben@example.org", license_number="LPC 7")
    widget = widget_of(
        posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB), PostTestWidget
    )
    widget._on_page_message(widget, {"event": "submit"}, [])
    [done] = records.submissions(ada[0].id, "lesson-01")
    page = shown(
        posttest_page(records, address(ben[1], quiz="lesson-01", review=done.attempt_id), NO_HUB)
    )
    assert "There is no submitted try of yours" in page
    assert "Question 1" not in page
