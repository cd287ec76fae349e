"""The grades owed to the LMS: for learners who came from it, a first pass and a completion."""

from __future__ import annotations

from dataclasses import replace

from caserate_kit.course.connections._grades import owed_grades
from caserate_kit.course.records._store import Store

from ..records.test_launches import EXAMPLE_LAUNCH


def _learner_from_the_lms(store: Store, user: str = "lms-7f3a"):
    store.record_launch(replace(EXAMPLE_LAUNCH, external_id=user))
    return store.add_learner("Alice Moreno", external_id=user)


def _try(store: Store, learner_id: str, quiz: str, score: float) -> None:
    attempt = store.start_attempt(learner_id, quiz, "v1", seed=1)
    store.submit_attempt(attempt.id, score, score >= 0.8, {})


def test_a_first_pass_and_a_completion_are_owed(store: Store):
    """After a fail, a pass, a better pass and the completion: two grades, right scores?"""
    alice = _learner_from_the_lms(store)
    for score in (0.5, 0.8, 1.0):
        _try(store, alice.id, "lesson-01", score)
    store.record_completion(alice.id, "lesson-01")
    grades = owed_grades(store)
    assert [(g.quiz_id, g.score, g.progress) for g in grades] == [
        ("lesson-01", 0.8, "Submitted"),
        ("lesson-01", 1.0, "Completed"),
    ]
    assert {g.launch.lms_user_id for g in grades} == {EXAMPLE_LAUNCH.lms_user_id}
    assert grades[0].item.startswith("pass/")
    assert grades[1].item.startswith("completion/")
    assert owed_grades(store) == grades  # the same items each time: nothing sent twice


def test_learners_who_did_not_come_from_the_lms_owe_it_nothing(store: Store):
    """Is a learner who signed in on the course's own page left out?"""
    local = store.add_learner("Ben Ortiz", "ben@agency.example")
    _try(store, local.id, "lesson-01", 0.9)
    assert owed_grades(store) == []


def test_a_launch_without_a_grade_service_owes_nothing(store: Store):
    """When the LMS sent no line items address, are no grades owed?"""
    store.record_launch(replace(EXAMPLE_LAUNCH, lineitems_url=None))
    alice = store.add_learner("Alice Moreno", external_id=EXAMPLE_LAUNCH.external_id)
    _try(store, alice.id, "lesson-02", 0.9)
    assert owed_grades(store) == []
