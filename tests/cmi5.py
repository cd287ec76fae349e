"""The cmi5 rules the course's xAPI statements follow, as one check for the tests.

:func:`cmi5_problems` reads a list of statements (from the export, or as an LRS
holds them) and says, in words, every rule one of them breaks: passed and
failed carry ``result.success`` and ``result.score.scaled``, completed
carries ``result.completion`` and ``result.duration``; a registration is
passed at most once and neither passed nor failed after that, and completed
at most once; the cmi5 statements carry the cmi5 category and a session id.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

from caserate_kit.course.connections._xapi import CMI5_CATEGORY, MOVEON_CATEGORY, SESSION_ID, VERBS

DURATION = re.compile(r"PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?")
CMI5_VERBS = {VERBS[v]: v for v in ("passed", "failed", "completed")}


def _categories(statement: dict[str, Any]) -> set[str]:
    found = statement.get("context", {}).get("contextActivities", {}).get("category", [])
    return {activity.get("id") for activity in found}


def _one(statement: dict[str, Any]) -> list[str]:
    """The rules one statement breaks on its own."""
    name, problems = statement.get("id", "?"), []
    for part in ("id", "actor", "verb", "object", "timestamp"):
        if part not in statement:
            problems.append(f"{name}: no {part}")
    try:
        uuid.UUID(statement.get("id", ""))
        if datetime.fromisoformat(statement["timestamp"]).utcoffset() is None:
            problems.append(f"{name}: a timestamp without a time zone")
    except (ValueError, KeyError):
        problems.append(f"{name}: the id or timestamp cannot be read")
    verb = CMI5_VERBS.get(statement.get("verb", {}).get("id"))
    if verb is None:
        return problems
    result, context = statement.get("result", {}), statement.get("context", {})
    if not DURATION.fullmatch(result.get("duration", "")) or result.get("duration") == "PT":
        problems.append(f"{name}: {verb} without an ISO 8601 result.duration")
    if "registration" not in context:
        problems.append(f"{name}: {verb} without a registration")
    if CMI5_CATEGORY not in _categories(statement):
        problems.append(f"{name}: {verb} without the cmi5 category")
    if SESSION_ID not in context.get("extensions", {}):
        problems.append(f"{name}: {verb} without a session id")
    if verb == "completed":
        if result.get("completion") is not True:
            problems.append(f"{name}: completed without result.completion true")
        return problems
    if result.get("success") is not (verb == "passed"):
        problems.append(f"{name}: {verb} with result.success {result.get('success')!r}")
    scaled = result.get("score", {}).get("scaled")
    if not isinstance(scaled, int | float) or not 0 <= scaled <= 1:
        problems.append(f"{name}: {verb} without a score.scaled from 0 to 1 ({scaled!r})")
    if MOVEON_CATEGORY not in _categories(statement):
        problems.append(f"{name}: {verb} without the moveOn category")
    return problems


def cmi5_problems(statements: list[dict[str, Any]]) -> list[str]:
    """Every cmi5 rule that ``statements`` break, in words (empty when none)."""
    problems = [problem for statement in statements for problem in _one(statement)]
    by_registration: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for statement in statements:
        verb = CMI5_VERBS.get(statement.get("verb", {}).get("id"))
        registration = statement.get("context", {}).get("registration")
        if verb and registration:
            by_registration[registration].append((statement["timestamp"], verb, statement["id"]))
    for registration, said in by_registration.items():
        verbs = [verb for _, verb, _ in sorted(said)]
        if verbs.count("passed") > 1:
            problems.append(f"registration {registration}: passed {verbs.count('passed')} times")
        if "passed" in verbs and any(v == "failed" for v in verbs[verbs.index("passed") :]):
            problems.append(f"registration {registration}: failed after passed")
        if verbs.count("completed") > 1:
            problems.append(f"registration {registration}: completed more than once")
    return problems
