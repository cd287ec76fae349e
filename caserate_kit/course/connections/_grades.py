"""The grades the course owes the agency's LMS, read from the records.

A learner who came from the LMS (an LTI launch with a grade service is on
record) gets, on the line item of each lesson: the score of their first pass
of its post-test (progress "Submitted"), and, when the lesson is complete, the
best score again with progress "Completed". Each grade carries the moment of
its record, so sending it again changes nothing at the LMS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..records import LtiLaunch, Store

__all__ = ["Grade", "owed_grades"]


@dataclass(frozen=True)
class Grade:
    """One grade for the LMS: whose, for which post-test, how much, and how far along."""

    item: str
    learner_name: str
    launch: LtiLaunch
    quiz_id: str
    score: float
    progress: str
    at: datetime


def owed_grades(store: Store) -> list[Grade]:
    """Every grade owed to the LMS, oldest first (whether sent already or not)."""
    launches = {
        external_id: launch
        for external_id, launch in store.latest_launches().items()
        if launch.lineitems_url
    }
    learners = {
        learner.id: (learner, launches[learner.external_id])
        for learner in store.all_learners()
        if learner.external_id in launches
    }
    grades: list[Grade] = []
    best: dict[tuple[str, str], float] = {}
    passed: set[tuple[str, str]] = set()
    for attempt in store.all_attempts():
        key = (attempt.learner_id, attempt.quiz_id)
        if attempt.learner_id not in learners or attempt.score is None:
            continue
        best[key] = max(best.get(key, 0.0), attempt.score)
        if attempt.passed and key not in passed and attempt.submitted_at is not None:
            passed.add(key)
            learner, launch = learners[attempt.learner_id]
            grades.append(
                Grade(
                    f"pass/{attempt.attempt_id}",
                    learner.name,
                    launch,
                    attempt.quiz_id,
                    attempt.score,
                    "Submitted",
                    attempt.submitted_at,
                )
            )
    for done in store.all_completions():
        key = (done.learner_id, done.course_id)
        if done.learner_id in learners and key in best:
            learner, launch = learners[done.learner_id]
            grades.append(
                Grade(
                    f"completion/{done.id}",
                    learner.name,
                    launch,
                    done.course_id,
                    best[key],
                    "Completed",
                    done.completed_at,
                )
            )
    return sorted(grades, key=lambda grade: (grade.at, grade.item))
