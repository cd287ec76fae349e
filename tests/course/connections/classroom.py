"""A class's records, written as the course's pages write them, for the sending tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from caserate_kit.course.records import Learner
from caserate_kit.course.records._store import Store


def take_lesson(store: Store, learner: Learner, lesson: str, number: int) -> None:
    """Read ``lesson`` for 20 minutes, fail its post-test once, pass it, and complete the
    lesson with a certificate (code ``CRK-TST{number:03d}``)."""
    now = datetime.now(UTC)
    store.record_visit(learner.id, lesson, "open", now - timedelta(minutes=20))
    store.record_visit(learner.id, lesson, "close", now)
    for score in (0.6, 0.9):
        attempt = store.start_attempt(learner.id, lesson, "v1", seed=number)
        store.submit_attempt(attempt.id, score, score >= 0.8, {})
    store.record_completion(learner.id, lesson)
    store.record_certificate(learner.id, lesson, f"CRK-TST{number:03d}", date.today(), 1.5)


def seat_learners(store: Store, count: int, first: int = 0) -> list[Learner]:
    """``count`` learners, numbered from ``first``, each with an e-mail address."""
    return [
        store.add_learner(f"Learner {n:02d}", f"learner{n:02d}@agency.example")
        for n in range(first, first + count)
    ]
