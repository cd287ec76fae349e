"""The CSV report and the xAPI export command, on a small store seeded once per database
(``seeded``, in conftest.py)."""

from __future__ import annotations

import csv
import io
import json

from caserate_kit.course.records._store import Store
from caserate_kit.course.reports._exports import (
    REPORT_COLUMNS,
    export_xapi_command,
    report_command,
    write_report_csv,
)

QUIZ_COURSES = {"posttest-03": "lesson-03"}


def _report(store: Store, quiz_courses: dict[str, str] | None = QUIZ_COURSES) -> list[list[str]]:
    out = io.StringIO()
    write_report_csv(store, out, quiz_courses)
    return list(csv.reader(io.StringIO(out.getvalue())))


def _grace_passed_on(store: Store) -> str:
    grace = next(learner for learner in store.all_learners() if learner.name == "Grace Hopper")
    passed_at = store.best_result(grace.id, "posttest-03").first_passed_at
    assert passed_at is not None
    return passed_at.date().isoformat()


# The CSV report ---------------------------------------------------------------


def test_the_report_header_is_exact(seeded):
    """Are the report's columns the documented ones, in order?"""
    assert _report(seeded)[0] == [
        "learner_name",
        "email",
        "license_number",
        "course_id",
        "quiz_id",
        "attempts",
        "best_score_percent",
        "date_passed",
        "certificate_code",
    ]
    assert tuple(_report(seeded)[0]) == REPORT_COLUMNS


def test_the_report_has_one_row_per_learner_and_course(seeded):
    """Does each learner get a row per course with attempts, best score, pass date and code?"""
    assert _report(seeded)[1:] == [
        ["'+Eve", "", "", "lesson-03", "", "0", "", "", "CRK-TEST-0002"],
        ["Ada Byron", "", "", "lesson-03", "posttest-03", "1", "25", "", ""],
        [
            "Grace Hopper",
            "grace@example.org",
            "LMHC-42",
            "lesson-03",
            "posttest-03",
            "2",
            "87.5",
            _grace_passed_on(seeded),
            "CRK-TEST-0001",
        ],
    ]


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_defused(seeded):
    """Is a name starting with + written with a leading quote, so Excel shows it as text?"""
    assert _report(seeded)[1][0] == "'+Eve"


def test_a_quiz_without_a_course_is_its_own_course(seeded):
    """Without the quiz-to-course map, is a post-test reported under its own id?"""
    courses = {(row[0], row[3]) for row in _report(seeded, None)[1:]}
    assert ("Ada Byron", "posttest-03") in courses


def test_the_report_command_writes_the_file_and_says_so(seeded, tmp_path):
    """Does the CLI helper write the CSV file and report how many rows it wrote?"""
    message = report_command(tmp_path / "report.csv", seeded.url, QUIZ_COURSES)
    lines = (tmp_path / "report.csv").read_text(encoding="utf-8").splitlines()
    assert (message.startswith("Wrote 3 report rows"), len(lines)) == (True, 4)


# The xAPI export command -------------------------------------------------------


def test_the_export_command_writes_a_json_array(seeded, tmp_path):
    """Does the CLI helper write every statement as one JSON array?"""
    message = export_xapi_command(tmp_path / "statements.json", seeded.url)
    written = json.loads((tmp_path / "statements.json").read_text(encoding="utf-8"))
    assert (message.startswith("Wrote 10 xAPI statements"), len(written)) == (True, 10)
