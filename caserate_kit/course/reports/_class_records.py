"""The class's records as the trainer dashboard reads them, and the roster built from them.

:func:`read_class_records` reads everything the dashboard shows in one go;
:func:`roster` says where each learner is in each lesson, one row per learner
and lesson (the roster table and its CSV).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import pandas as pd

from .._catalog import LESSONS, course_id
from ..connections._status import DestinationStatus, outbox_status
from ..records import AttemptRecord, Learner, Store

__all__ = ["ROSTER_COLUMNS", "ClassRecords", "lesson_label", "read_class_records", "roster"]

ROSTER_COLUMNS: Final = (
    "learner",
    "email",
    "license_number",
    "lesson",
    "status",
    "best_score_percent",
    "attempts",
    "minutes_in_lesson",
    "first_passed_on",
    "certificate_code",
)
"""The columns of :func:`roster` and of the roster CSV."""


# Reading the records ----------------------------------------------------------


@dataclass(frozen=True)
class ClassRecords:
    """Everything the dashboard shows, read from the store at once."""

    learners: tuple[Learner, ...]
    attempts: tuple[AttemptRecord, ...]
    results: tuple[tuple[str, str, Mapping[str, Any]], ...]
    """(attempt id, quiz id, stored result) of each submitted attempt."""
    time_spent: Mapping[tuple[str, str], float]
    """Minutes per (learner id, lesson id), for the lessons each learner opened."""
    completions: frozenset[tuple[str, str]]
    certificates: Mapping[tuple[str, str], str]
    read_at: datetime
    outbox: tuple[DestinationStatus, ...] = ()
    """What was sent to the agency's LMS and LRS, and what waits (see :mod:`..connections`)."""


def read_class_records(store: Store) -> ClassRecords:
    """Read every learner's attempts, results, lesson time, completions and certificates,
    and where sending to the LMS and LRS stands."""
    learners = tuple(store.all_learners())
    spent: dict[tuple[str, str], float] = {}
    for learner in learners:
        for lesson in map(course_id, LESSONS):
            minutes = store.time_spent(learner.id, lesson).total_seconds() / 60
            if minutes > 0 or store.visited(learner.id, lesson):
                spent[learner.id, lesson] = minutes
    return ClassRecords(
        learners=learners,
        attempts=tuple(store.all_attempts()),
        results=tuple(store.submitted_results()),
        time_spent=spent,
        completions=frozenset((c.learner_id, c.course_id) for c in store.all_completions()),
        certificates={(c.learner_id, c.course_id): c.code for c in store.all_certificates()},
        read_at=datetime.now().astimezone(),
        outbox=tuple(outbox_status(store)),
    )


def lesson_label(quiz_id: str) -> str:
    """``Lesson 3`` for ``lesson-03``; any other quiz id as it is."""
    numbers = {course_id(lesson): lesson.number for lesson in LESSONS}
    return f"Lesson {numbers[quiz_id]}" if quiz_id in numbers else quiz_id


def _status(done: Sequence[AttemptRecord], started: bool, opened: bool, finished: bool) -> str:
    if finished:
        return "Completed"
    if any(attempt.passed for attempt in done):
        return "Passed"
    if done:
        return "Not passed yet"
    if started:
        return "Taking the post-test"
    return "Reading the lesson" if opened else "Not started"


def roster(records: ClassRecords, lesson: str | None = None) -> pd.DataFrame:
    """Where is each learner in each lesson? One row per learner and lesson.

    With ``lesson`` (a course id) every learner gets a row for it; without,
    a row for each lesson a learner has begun, or one row if none.
    """
    groups: dict[tuple[str, str], list[AttemptRecord]] = defaultdict(list)
    for attempt in records.attempts:
        groups[attempt.learner_id, attempt.quiz_id].append(attempt)
    known = [course_id(item) for item in LESSONS]
    quizzes = [lesson] if lesson else known + sorted({q for _, q in groups} - set(known))
    rows: list[dict[str, object]] = []
    for learner in sorted(records.learners, key=lambda person: person.name.casefold()):
        person = {
            "learner": learner.name,
            "email": learner.email,
            "license_number": learner.license_number,
        }
        count = len(rows)
        for quiz in quizzes:
            mine = groups.get((learner.id, quiz), [])
            done = [a for a in mine if a.submitted_at is not None and a.score is not None]
            minutes = records.time_spent.get((learner.id, quiz))
            code = records.certificates.get((learner.id, quiz), "")
            finished = (learner.id, quiz) in records.completions or bool(code)
            if not lesson and not mine and minutes is None and not finished:
                continue
            passes = [a.submitted_at for a in done if a.passed and a.submitted_at is not None]
            best = max((a.score for a in done if a.score is not None), default=None)
            rows.append(
                person
                | {
                    "lesson": lesson_label(quiz),
                    "status": _status(done, bool(mine), minutes is not None, finished),
                    "best_score_percent": None if best is None else round(100 * best),
                    "attempts": len(done),
                    "minutes_in_lesson": None if minutes is None else round(minutes),
                    "first_passed_on": min(passes).date() if passes else None,
                    "certificate_code": code,
                }
            )
        if len(rows) == count:
            rows.append(person | {"lesson": "", "status": "No lesson opened yet", "attempts": 0})
    return pd.DataFrame(rows, columns=list(ROSTER_COLUMNS))
