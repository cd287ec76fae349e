"""Reports for trainers and CE accreditors: a CSV summary and an xAPI export.

:func:`write_report_csv` writes one row per learner and course; the columns
are :data:`REPORT_COLUMNS`. :func:`write_xapi` writes the records as
`xAPI 1.0.3 <https://github.com/adlnet/xAPI-Spec>`_ statements for a
Learning Record Store, the same statements the course sends live to one
(:mod:`caserate_kit.course.connections._xapi` builds them: attempted, passed
or failed, completed, earned).

Activities are named under a base IRI: ``{base}quizzes/{quiz_id}`` and
``{base}courses/{course_id}``. The default, :data:`DEFAULT_BASE_IRI`, uses
the reserved ``.invalid`` domain, so that statements exported before an
agency sets its own address (the address of its course site, say) can never
be mistaken for another site's activities. Statement ids are derived from
the record ids, so exporting again gives the same ids and an LRS ignores the
repeats.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .._names import printable
from .._numbers import format_percent
from ..connections._xapi import DEFAULT_BASE_IRI, VERBS, xapi_statements
from ..records import AttemptRecord, Store

__all__ = [
    "ADL_VERBS",
    "DEFAULT_BASE_IRI",
    "REPORT_COLUMNS",
    "export_xapi_command",
    "report_command",
    "report_rows",
    "write_report_csv",
    "write_xapi",
    "xapi_statements",
]

REPORT_COLUMNS = (
    "learner_name",
    "email",
    "license_number",
    "course_id",
    "quiz_id",
    "attempts",
    "best_score_percent",
    "date_passed",
    "certificate_code",
)
"""The header of the CSV report, in order."""

ADL_VERBS = {verb: VERBS[verb] for verb in ("attempted", "passed", "failed", "completed")}
"""The ADL verb ids the statements use (and *earned*, from the xAPI registry: see ``VERBS``)."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Target = TextIO | str | Path
"""Where an export goes: an open text file, a path, or ``"-"`` for standard output."""


@contextmanager
def _opened(out: Target) -> Iterator[TextIO]:
    if not isinstance(out, str | Path):
        yield out
    elif str(out) == "-":
        yield sys.stdout
    else:
        with Path(out).open("w", encoding="utf-8", newline="") as file:
            yield file


def _cell(text: str | None) -> str:
    """Text a learner typed, kept from being read as a formula by a spreadsheet, and
    without control characters (a terminal showing the report would obey them)."""
    text = printable(text or "")
    if not text:
        return ""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def report_rows(
    store: Store, quiz_courses: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """The rows of the CSV report, one per learner and course, by learner name.

    Parameters
    ----------
    store
        The records.
    quiz_courses
        The course of each post-test (quiz id to course id); a quiz not
        listed is its own course. Certificates are matched by course.
    """
    courses = dict(quiz_courses or {})
    attempts: dict[tuple[str, str], list[AttemptRecord]] = defaultdict(list)
    for attempt in store.all_attempts():
        attempts[attempt.learner_id, courses.get(attempt.quiz_id, attempt.quiz_id)].append(attempt)
    codes = {(c.learner_id, c.course_id): c.code for c in store.all_certificates()}  # latest wins
    learners = {learner.id: learner for learner in store.all_learners()}
    rows = []
    for learner_id, course_id in sorted(
        set(attempts) | set(codes), key=lambda key: (learners[key[0]].name.casefold(), *key)
    ):
        done = [a for a in attempts[learner_id, course_id] if a.submitted_at is not None]
        passes = [a.submitted_at for a in done if a.passed and a.submitted_at is not None]
        best = max((a.score for a in done if a.score is not None), default=None)
        learner = learners[learner_id]
        rows.append(
            {
                "learner_name": _cell(learner.name),
                "email": _cell(learner.email),
                "license_number": _cell(learner.license_number),
                "course_id": course_id,
                "quiz_id": ";".join(sorted({a.quiz_id for a in attempts[learner_id, course_id]})),
                "attempts": str(len(done)),
                "best_score_percent": "" if best is None else format_percent(best, 1, sign=False),
                "date_passed": min(passes).date().isoformat() if passes else "",
                "certificate_code": codes.get((learner_id, course_id), ""),
            }
        )
    return rows


def write_report_csv(
    store: Store, out: Target, quiz_courses: Mapping[str, str] | None = None
) -> int:
    """Write the CSV report (header :data:`REPORT_COLUMNS`); return the number of rows.

    ``attempts`` counts submitted attempts, ``best_score_percent`` is the
    best of them, ``date_passed`` the UTC date of the first pass (a pass is
    kept after a worse retake). See :func:`report_rows` for ``quiz_courses``.
    """
    rows = report_rows(store, quiz_courses)
    with _opened(out) as file:
        writer = csv.DictWriter(file, fieldnames=REPORT_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def write_xapi(store: Store, out: Target, base_iri: str = DEFAULT_BASE_IRI) -> int:
    """Write the xAPI statements as a JSON array; return how many were written."""
    statements = xapi_statements(store, base_iri)
    with _opened(out) as file:
        json.dump(statements, file, indent=2, ensure_ascii=False)
        file.write("\n")
    return len(statements)


def report_command(
    out_path: str | Path,
    url: str | None = None,
    quiz_courses: Mapping[str, str] | None = None,
) -> str:
    """Write the CSV report to ``out_path`` (``"-"``: standard output); say what was done.

    The records are opened for reading only: nothing is created or changed.
    """
    with Store(url, read_only=True) as store:
        count = write_report_csv(store, out_path, quiz_courses)
        where = "standard output" if str(out_path) == "-" else str(out_path)
        return f"Wrote {count} report rows from {store.describe()} to {where}."


def export_xapi_command(
    out_path: str | Path, url: str | None = None, base_iri: str = DEFAULT_BASE_IRI
) -> str:
    """Write the xAPI statements to ``out_path`` (``"-"``: standard output); say what was done.

    The records are opened for reading only: nothing is created or changed.
    """
    with Store(url, read_only=True) as store:
        count = write_xapi(store, out_path, base_iri)
        where = "standard output" if str(out_path) == "-" else str(out_path)
        return f"Wrote {count} xAPI statements from {store.describe()} to {where}."
