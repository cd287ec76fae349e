"""The CSV report and the xAPI export, on a small store seeded once per database."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, datetime

import pytest

import caserate_kit as ck
from caserate_kit.course.records._store import Store
from caserate_kit.course.reports._exports import (
    ADL_VERBS,
    DEFAULT_BASE_IRI,
    REPORT_COLUMNS,
    export_xapi_command,
    report_command,
    write_report_csv,
    xapi_statements,
)

QUIZ_COURSES = {"posttest-03": "lesson-03"}


@pytest.fixture(scope="module")
def seeded(module_store_url):
    """Three learners: one passed after a retake, one failed, one holds only a certificate."""
    with Store(module_store_url) as store:
        grace = store.add_learner("Grace Hopper", "grace@example.org", "LMHC-42")
        for score, passed in ((0.5, False), (0.875, True)):
            attempt = store.start_attempt(grace.id, "posttest-03", "v1", seed=1)
            store.record_response(attempt.id, "q1", "b")
            store.submit_attempt(attempt.id, score, passed, {})
        store.record_completion(grace.id, "lesson-03")
        store.record_certificate(grace.id, "lesson-03", "CRK-TEST-0001", date(2024, 5, 1), 1.5)
        ada = store.add_learner("Ada Byron")
        failed = store.start_attempt(ada.id, "posttest-03", "v1", seed=2)
        store.submit_attempt(failed.id, 0.25, False, {})
        store.start_attempt(ada.id, "posttest-03", "v1", seed=3)
        eve = store.add_learner("+Eve")
        store.record_certificate(eve.id, "lesson-03", "CRK-TEST-0002", date(2024, 5, 2), 1.5)
        yield store


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


# The xAPI export ----------------------------------------------------------------


def test_every_statement_has_the_required_parts(seeded):
    """Does each statement have an id, actor, verb, object and timestamp?"""
    for statement in xapi_statements(seeded):
        assert {"id", "actor", "verb", "object", "timestamp"} <= statement.keys()
        assert statement["object"]["objectType"] == "Activity"
        uuid.UUID(statement["id"])


def test_the_statements_use_the_adl_verbs(seeded):
    """Are attempts, passes, fails and completions told with the ADL verb ids?"""
    counts: dict[str, int] = {}
    for statement in xapi_statements(seeded):
        counts[statement["verb"]["id"]] = counts.get(statement["verb"]["id"], 0) + 1
    assert counts == {
        ADL_VERBS["attempted"]: 4,
        ADL_VERBS["failed"]: 2,
        ADL_VERBS["passed"]: 1,
        ADL_VERBS["completed"]: 1,
    }


def test_scored_statements_carry_a_scaled_score_between_zero_and_one(seeded):
    """Does every pass or fail report score.scaled in [0, 1], success and completion?"""
    scored = [s for s in xapi_statements(seeded) if "score" in s.get("result", {})]
    assert sorted(s["result"]["score"]["scaled"] for s in scored) == [0.25, 0.5, 0.875]
    assert all(0 <= s["result"]["score"]["scaled"] <= 1 for s in scored)
    assert all(s["result"]["success"] is (s["verb"]["id"] == ADL_VERBS["passed"]) for s in scored)


def test_an_actor_is_named_by_email_when_known_and_by_account_otherwise(seeded):
    """Is Grace named by mailto: and Ada, who gave no e-mail, by an account?"""
    actors = {s["actor"]["name"]: s["actor"] for s in xapi_statements(seeded)}
    assert actors["Grace Hopper"]["mbox"] == "mailto:grace@example.org"
    assert actors["Ada Byron"]["account"]["homePage"] == DEFAULT_BASE_IRI
    assert "mbox" not in actors["Ada Byron"]


def test_exporting_again_gives_the_same_statement_ids(seeded):
    """Are statement ids stable, so that an LRS ignores a repeated export?"""
    ids = [s["id"] for s in xapi_statements(seeded)]
    assert ids == [s["id"] for s in xapi_statements(seeded)]
    assert len(set(ids)) == len(ids)


def test_timestamps_are_iso_8601_with_a_time_zone(seeded):
    """Does every timestamp parse as ISO 8601 and carry a time zone?"""
    for statement in xapi_statements(seeded):
        assert datetime.fromisoformat(statement["timestamp"]).utcoffset() is not None


def test_activity_ids_live_under_the_chosen_base_iri(seeded):
    """Are quizzes and courses named under the agency's own address when one is given?"""
    statements = xapi_statements(seeded, "https://training.example.org/course")
    assert {s["object"]["id"] for s in statements} == {
        "https://training.example.org/course/quizzes/posttest-03",
        "https://training.example.org/course/courses/lesson-03",
    }


def test_a_base_iri_that_is_not_a_web_address_is_refused(seeded):
    """Is a base IRI without http(s) refused with a message naming it?"""
    with pytest.raises(ck.InvalidInputError, match="base_iri must be an http"):
        xapi_statements(seeded, "caserate-course")


def test_the_export_command_writes_a_json_array(seeded, tmp_path):
    """Does the CLI helper write every statement as one JSON array?"""
    message = export_xapi_command(tmp_path / "statements.json", seeded.url)
    written = json.loads((tmp_path / "statements.json").read_text(encoding="utf-8"))
    assert (message.startswith("Wrote 8 xAPI statements"), len(written)) == (True, 8)
