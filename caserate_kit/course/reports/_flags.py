"""Tries a trainer should look at: too fast to have read the questions, or too many too soon.

The course paces tries before a pass (``course.toml``'s ``[posttest]``), so a
learner following the course never shows up here. A flag is not proof of
anything: it points a trainer at a try worth a conversation, for example
before signing a CE certificate.

- **Too fast**: a try submitted less than :data:`SECONDS_PER_QUESTION` seconds
  a question after it started.
- **Too many**: more than :data:`TRIES_PER_HOUR` tries at one post-test
  submitted within an hour (possible only if the pacing was loosened).
- **Passed with little reading**: a pass with less than
  :data:`READING_SHARE` of the lesson's reading time spent on the lesson page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from ..records import AttemptRecord
from ._class_records import ClassRecords

__all__ = ["READING_SHARE", "SECONDS_PER_QUESTION", "TRIES_PER_HOUR", "Flag", "flagged_tries"]

SECONDS_PER_QUESTION: Final = 6
"""Fewer seconds a question than this is too fast to have read them (10 questions: 1 minute)."""
TRIES_PER_HOUR: Final = 3
"""More tries at one post-test than this within an hour is too many to have studied between."""
READING_SHARE: Final = 0.25
"""A pass with less than this share of the lesson's reading time on the lesson page."""
_QUESTIONS: Final = 10


@dataclass(frozen=True)
class Flag:
    """One try (or a pass) to look at, and why, in words."""

    learner_id: str
    learner_name: str
    quiz_id: str
    at: datetime
    reason: str


def flagged_tries(
    records: ClassRecords, reading_minutes: Callable[[str], float | None]
) -> list[Flag]:
    """Every flag in ``records``, newest first; ``reading_minutes`` gives a lesson's reading
    time from its id (None for a quiz that is not a lesson)."""
    done = [a for a in records.attempts if a.submitted_at is not None]
    totals = _question_counts(records.results)
    flags = [_too_fast(a, totals.get(a.attempt_id, _QUESTIONS)) for a in done]
    flags += _too_many(done)
    flags += _little_reading(done, records.time_spent, reading_minutes)
    found = [flag for flag in flags if flag is not None]
    return sorted(found, key=lambda flag: (flag.at, flag.learner_name), reverse=True)


def _question_counts(results: Sequence[tuple[str, str, Mapping[str, object]]]) -> dict[str, int]:
    counts = {}
    for attempt_id, _quiz, result in results:
        total = result.get("total")
        if isinstance(total, int) and total > 0:
            counts[attempt_id] = total
    return counts


def _too_fast(attempt: AttemptRecord, questions: int) -> Flag | None:
    assert attempt.submitted_at is not None
    seconds = (attempt.submitted_at - attempt.started_at).total_seconds()
    if seconds >= SECONDS_PER_QUESTION * questions:
        return None
    return Flag(
        attempt.learner_id,
        attempt.learner_name,
        attempt.quiz_id,
        attempt.submitted_at,
        f"{questions} questions answered in {max(0, round(seconds))} seconds",
    )


def _too_many(done: Sequence[AttemptRecord]) -> list[Flag | None]:
    tries: dict[tuple[str, str], list[AttemptRecord]] = defaultdict(list)
    for attempt in done:
        tries[attempt.learner_id, attempt.quiz_id].append(attempt)
    flags: list[Flag | None] = []
    for series in tries.values():
        series.sort(key=lambda a: a.submitted_at or a.started_at)
        for end, attempt in enumerate(series):
            assert attempt.submitted_at is not None
            start = attempt.submitted_at - timedelta(hours=1)
            within = [a for a in series[: end + 1] if a.submitted_at and a.submitted_at > start]
            if len(within) == TRIES_PER_HOUR + 1:
                flags.append(
                    Flag(
                        attempt.learner_id,
                        attempt.learner_name,
                        attempt.quiz_id,
                        attempt.submitted_at,
                        f"{len(within)} tries within an hour",
                    )
                )
    return flags


def _little_reading(
    done: Sequence[AttemptRecord],
    spent: Mapping[tuple[str, str], float],
    reading_minutes: Callable[[str], float | None],
) -> list[Flag | None]:
    firsts: dict[tuple[str, str], AttemptRecord] = {}
    for attempt in sorted(done, key=lambda a: a.submitted_at or a.started_at):
        if attempt.passed:
            firsts.setdefault((attempt.learner_id, attempt.quiz_id), attempt)
    flags: list[Flag | None] = []
    for (learner, quiz), attempt in firsts.items():
        reading = reading_minutes(quiz)
        minutes = spent.get((learner, quiz), 0.0)
        if reading and attempt.submitted_at and minutes < READING_SHARE * reading:
            flags.append(
                Flag(
                    learner,
                    attempt.learner_name,
                    quiz,
                    attempt.submitted_at,
                    f"passed after {minutes:.0f} of the lesson's {reading:.0f} minutes of reading",
                )
            )
    return flags
