"""The course evaluation page: its form, its checks, recorded once."""

from __future__ import annotations

import pytest

from caserate_kit.course.pages import (
    evaluation_page,
)
from caserate_kit.course.pages._evaluation import check_evaluation, evaluation_id
from caserate_kit.course.pages._frame import HtmlPage
from caserate_kit.course.widgets._form import FormWidget

from .helpers import NO_HUB, address, complete, shown, widget_of

COMPLETE_EVALUATION = {
    "objectives_met": "yes",
    "relevance": "4",
    "content": "5",
    "clarity": "4",
    "examples": "3",
    "posttest_fairness": "5",
    "comments": "Clear and useful.",
}


def _evaluation_count(store, learner_id):
    from sqlalchemy import func, select

    from caserate_kit.course.records._tables import EvaluationRow

    query = select(func.count()).select_from(EvaluationRow)
    query = query.where(EvaluationRow.c.learner_id == learner_id)
    return store._read(lambda session: session.scalar(query))


def test_evaluation_names_each_missing_rating():
    """Does an evaluation with only "objectives met" get one message per missing answer?"""
    errors = check_evaluation({"objectives_met": "yes"})[1]
    assert set(errors) == {"relevance", "content", "clarity", "examples", "posttest_fairness"}


def test_evaluation_accepts_a_complete_form():
    """Is a complete evaluation turned into ratings from 1 to 5?"""
    answers, errors = check_evaluation(COMPLETE_EVALUATION)
    assert errors == {}
    assert (answers.objectives_met, answers.relevance, answers.ratings["content"]) == (True, 4, 5)


@pytest.mark.parametrize("rating", ["0", "6", "4.5", "five", ""])
def test_evaluation_refuses_a_rating_outside_one_to_five(rating):
    """Is a rating that is not a whole number from 1 to 5 refused?"""
    errors = check_evaluation({**COMPLETE_EVALUATION, "clarity": rating})[1]
    assert list(errors) == ["clarity"]


def test_evaluation_refuses_overlong_comments():
    """Are comments over 2,000 characters refused, saying how long they are?"""
    errors = check_evaluation({**COMPLETE_EVALUATION, "comments": "x" * 2_001})[1]
    assert "2,001" in errors["comments"]


def test_evaluation_waits_until_the_post_test_is_passed(records, ada):
    """Before a pass, does the evaluation page send the learner to the post-test instead?"""
    page = evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB)
    assert isinstance(page, HtmlPage)
    assert "Pass the post-test first" in page.html
    assert "posttest.ipynb?quiz=lesson-01" in page.html


def test_evaluation_form_is_offered_after_a_pass(records, ada):
    """After a pass, is the evaluation form shown?"""
    complete(records, ada[0].id, evaluate=False)
    page = evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB)
    assert widget_of(page, FormWidget).spec["submit_label"] == "Send my evaluation"


def test_a_second_submit_does_not_record_the_evaluation_twice(records, ada):
    """Does sending the evaluation twice store it once and say the second time it is in?"""
    complete(records, ada[0].id, evaluate=False)
    page = evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB)
    form = widget_of(page, FormWidget)
    form.submit(COMPLETE_EVALUATION)
    form.submit(COMPLETE_EVALUATION)
    assert form.status == "This form was already sent. Nothing more is needed."
    assert records.has_evaluation(ada[0].id, "lesson-01")
    assert _evaluation_count(records, ada[0].id) == 1


def test_two_tabs_record_the_evaluation_once(records, ada):
    """With the evaluation open in two tabs, is it stored once and the second told so?"""
    complete(records, ada[0].id, evaluate=False)
    query = address(ada[1], course="lesson-01")
    forms = [widget_of(evaluation_page(records, query, NO_HUB), FormWidget) for _ in range(2)]
    for form in forms:
        form.submit(COMPLETE_EVALUATION)
    assert _evaluation_count(records, ada[0].id) == 1
    assert "already in" in forms[1].status


def test_a_mistake_in_the_evaluation_keeps_the_form_open(records, ada):
    """Does a missing rating leave the evaluation unsent, with a message on that question?"""
    complete(records, ada[0].id, evaluate=False)
    form = widget_of(
        evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB), FormWidget
    )
    form.submit({**COMPLETE_EVALUATION, "examples": ""})
    assert (form.done, list(form.errors)) == (False, ["examples"])
    assert not records.has_evaluation(ada[0].id, "lesson-01")


def test_evaluation_ids_are_one_per_learner_and_course():
    """Is the evaluation id the same for the same learner and course, and differs otherwise?"""
    assert evaluation_id("a", "lesson-01") == evaluation_id("a", "lesson-01")
    assert evaluation_id("a", "lesson-01") != evaluation_id("a", "lesson-02")


def test_an_evaluation_already_in_is_acknowledged(records, ada):
    """Coming back to a sent evaluation, is the learner thanked and sent on to the certificate?"""
    complete(records, ada[0].id)
    html = shown(evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB))
    assert "already in" in html
    assert "certificate.ipynb?course=lesson-01" in html


def test_a_hub_learner_without_a_name_is_told_before_the_certificate_page(records):
    """A hub learner who never gave their name: does the evaluation's thanks send them to
    "Your details" instead of offering a certificate that would fail?"""
    from caserate_kit.course.certificates._completion import NAME_STEP, missing_steps

    hub = {"JUPYTERHUB_USER": "jdoe"}
    learner = records.add_learner("jdoe", external_id="jdoe")
    complete(records, learner.id, evaluate=False)
    form = widget_of(evaluation_page(records, address(course="lesson-01"), hub), FormWidget)
    form.submit(COMPLETE_EVALUATION)
    page = evaluation_page(records, address(course="lesson-01"), hub)
    assert "Thank you: before your certificate" in page.html
    assert 'href="details.ipynb">Give the name your certificate is to show' in page.html
    assert "Next: get your certificate" not in page.html
    assert missing_steps(records, learner.id, "lesson-01") == [NAME_STEP]


def test_a_complete_learner_is_offered_the_certificate(records, ada):
    """With nothing else to do, does the thanks offer the certificate as the next step?"""
    complete(records, ada[0].id, evaluate=False)
    form = widget_of(
        evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB), FormWidget
    )
    form.submit(COMPLETE_EVALUATION)
    page = evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB)
    assert "Next: get your certificate" in page.html
