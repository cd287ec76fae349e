"""The records as xAPI statements, cmi5-conformant where cmi5 has a rule.

One list of statements serves both the batch export (``caserate-course
export-xapi``) and the live sending to an agency's learning record store
(:mod:`caserate_kit.course.connections`), so the two always agree:

- *attempted* a post-test when an attempt starts (an xAPI statement cmi5
  allows beside its own);
- *passed* or *failed* it when the attempt is submitted: ``result.success``,
  ``result.score.scaled`` (0 to 1) and ``result.duration``; only the first
  pass of a registration is stated, and nothing is passed or failed after it;
- *completed* a course (a lesson) when its completion is recorded:
  ``result.completion`` and ``result.duration`` (the time spent on the lesson
  and its post-test tries), once per registration;
- *earned* a CE certificate when one is issued.

A registration is one learner enrolled in one lesson: its id is derived from
the learner and the lesson, so every statement about them carries the same
one. The cmi5 statements carry the cmi5 category (and *passed* or *failed*
the moveOn category) and the session id (the post-test attempt's). Statement
ids are derived from the record ids: sending again gives the same ids, and an
LRS keeps one of each.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from ..._exceptions import InvalidInputError
from ..records import AttemptRecord, CertificateRecord, Completion, Learner, Store

__all__ = [
    "CMI5_CATEGORY",
    "DEFAULT_BASE_IRI",
    "MOVEON_CATEGORY",
    "SESSION_ID",
    "VERBS",
    "iso_duration",
    "registration_id",
    "xapi_statements",
]

DEFAULT_BASE_IRI = "https://caserate-course.invalid/"
"""Where activity ids live until an agency sets its own base IRI."""

VERBS = {
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "earned": "http://id.tincanapi.com/verb/earned",
}
"""The verb ids the statements use (ADL's, and the registry's *earned*)."""

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"

_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "https://caserate-course.invalid/xapi/statements")
_REGISTRATIONS = uuid.uuid5(
    uuid.NAMESPACE_URL, "https://caserate-course.invalid/xapi/registrations"
)
_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
_COURSE = "http://adlnet.gov/expapi/activities/course"
_CERTIFICATE = "https://w3id.org/xapi/tla/activity-types/credential"


def _base(base_iri: str) -> str:
    parts = urlsplit(base_iri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInputError("base_iri", base_iri, "must be an http:// or https:// address")
    return base_iri if base_iri.endswith("/") else f"{base_iri}/"


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso_duration(span: timedelta) -> str:
    """``span`` as an ISO 8601 duration, to the hundredth of a second (``PT1H2M3.5S``).

    >>> iso_duration(timedelta(hours=1, minutes=2, seconds=3.5))
    'PT1H2M3.5S'
    >>> iso_duration(timedelta(0))
    'PT0S'
    """
    hundredths = max(0, round(span.total_seconds() * 100))
    hours, rest = divmod(hundredths, 360_000)
    minutes, rest = divmod(rest, 6_000)
    seconds = f"{rest / 100:.2f}".rstrip("0").rstrip(".")
    text = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return f"PT{text}{seconds}S" if seconds != "0" or not text else f"PT{text}"


def registration_id(learner_id: str, course_id: str) -> str:
    """The registration of a learner in a lesson: the same id in every statement about them."""
    return str(uuid.uuid5(_REGISTRATIONS, f"{learner_id}/{course_id}"))


def _actor(learner: Learner, base: str) -> dict[str, Any]:
    actor: dict[str, Any] = {"objectType": "Agent", "name": learner.name}
    if learner.email:
        actor["mbox"] = f"mailto:{learner.email}"
    else:
        actor["account"] = {"homePage": base, "name": learner.id}
    return actor


def _activity(base: str, kind: str, key: str, activity_type: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{base}{kind}/{quote(key, safe='')}",
        "definition": {"name": {"en-US": key}, "type": activity_type},
    }


def _context(registration: str, session: str | None, *categories: str) -> dict[str, Any]:
    context: dict[str, Any] = {"registration": registration}
    if categories:
        context["contextActivities"] = {"category": [{"id": c} for c in categories]}
    if session:
        context["extensions"] = {SESSION_ID: session}
    return context


def _statement(
    verb: str, record_id: str, actor: dict[str, Any], target: dict[str, Any], moment: datetime
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(_IDS, f"{verb}/{record_id}")),
        "actor": actor,
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": target,
        "timestamp": _timestamp(moment),
        "version": "1.0.3",
    }


class _Builder:
    """Builds the statements of one store, remembering what cmi5 allows once per registration."""

    def __init__(self, store: Store, base: str) -> None:
        self.store, self.base = store, base
        self.actors = {learner.id: _actor(learner, base) for learner in store.all_learners()}
        self.tries: dict[tuple[str, str], list[AttemptRecord]] = defaultdict(list)

    def attempt(self, attempt: AttemptRecord, passed: set[str]) -> list[dict[str, Any]]:
        quiz = _activity(self.base, "quizzes", attempt.quiz_id, _ASSESSMENT)
        actor = self.actors[attempt.learner_id]
        registration = registration_id(attempt.learner_id, attempt.quiz_id)
        started = _statement("attempted", attempt.attempt_id, actor, quiz, attempt.started_at)
        made = [started | {"context": _context(registration, attempt.attempt_id)}]
        ended_at = attempt.submitted_at
        if ended_at is None or attempt.score is None or registration in passed:
            return made
        self.tries[attempt.learner_id, attempt.quiz_id].append(attempt)
        verb = "passed" if attempt.passed else "failed"
        ended = _statement(verb, attempt.attempt_id, actor, quiz, ended_at)
        ended["result"] = {
            "score": {"scaled": round(attempt.score, 4)},
            "success": bool(attempt.passed),
            "duration": iso_duration(ended_at - attempt.started_at),
        }
        ended["context"] = _context(
            registration, attempt.attempt_id, CMI5_CATEGORY, MOVEON_CATEGORY
        )
        if attempt.passed:
            passed.add(registration)
        return [*made, ended]

    def completion(self, done: Completion) -> dict[str, Any]:
        course = _activity(self.base, "courses", done.course_id, _COURSE)
        tries = self.tries[done.learner_id, done.course_id]
        spent = self.store.time_spent(done.learner_id, done.course_id) + sum(
            ((t.submitted_at or t.started_at) - t.started_at for t in tries), timedelta(0)
        )
        statement = _statement(
            "completed", done.id, self.actors[done.learner_id], course, done.completed_at
        )
        session = tries[-1].attempt_id if tries else done.id
        registration = registration_id(done.learner_id, done.course_id)
        return statement | {
            "result": {"completion": True, "duration": iso_duration(spent)},
            "context": _context(registration, session, CMI5_CATEGORY),
        }

    def certificate(self, record: CertificateRecord) -> dict[str, Any]:
        target = _activity(self.base, "certificates", record.code, _CERTIFICATE)
        target["definition"]["description"] = {
            "en-US": f"CE certificate for {record.course_id}: {record.ce_hours:g} CE hours"
        }
        statement = _statement(
            "earned", record.id, self.actors[record.learner_id], target, record.issued_at
        )
        registration = registration_id(record.learner_id, record.course_id)
        return statement | {"context": _context(registration, None)}


def xapi_statements(store: Store, base_iri: str = DEFAULT_BASE_IRI) -> list[dict[str, Any]]:
    """The records as xAPI statements, oldest first (see the module's notes for the rules).

    The actor is named by e-mail (``mbox``) when the learner gave one, and
    otherwise by an ``account`` on ``base_iri`` whose name is the learner id.
    """
    builder = _Builder(store, _base(base_iri))
    passed: set[str] = set()
    attempts = sorted(
        store.all_attempts(), key=lambda a: (a.submitted_at or a.started_at, a.attempt_id)
    )
    statements = [s for attempt in attempts for s in builder.attempt(attempt, passed)]
    statements += [builder.completion(done) for done in store.all_completions()]
    statements += [builder.certificate(record) for record in store.all_certificates()]
    return sorted(statements, key=lambda statement: (statement["timestamp"], statement["id"]))
