"""Completion, certificates and the verify / report / export-xapi commands, end to end."""

import csv
import io
import json

import pytest

from caserate_kit.course.certificates._codes import REJECTED
from caserate_kit.course.certificates._completion import (
    NotCompleteError,
    certificate_data,
    issue_certificate,
    missing_steps,
    verify_code,
)
from caserate_kit.course.certificates._pdf import render_certificate_pdf
from caserate_kit.course.records._store import Store
from caserate_kit.course.server._cli import main

COURSE = "lesson-01"
SECRET = bytes(range(32))


@pytest.fixture
def course_env(tmp_path, monkeypatch):
    """A data folder and a SQLite store of our own, as the commands will find them."""
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CASERATE_DB_URL", f"sqlite:///{tmp_path / 'records.sqlite3'}")
    with Store() as store:
        yield store


def complete(store, learner_id, course=COURSE):
    store.record_visit(learner_id, course, "open")
    attempt = store.start_attempt(learner_id, course, "v1", seed=7)
    store.submit_attempt(attempt.id, 0.9, True, {"items": []})
    store.record_evaluation(learner_id, course, True, 5, {"clarity": 4}, "Useful examples.")


def test_nothing_done_lists_every_step(course_env):
    """Does a learner who has done nothing see all three steps still to do?"""
    learner = course_env.add_learner("Rae Fox").id
    assert missing_steps(course_env, learner, COURSE) == [
        "open the lesson",
        "pass the post-test",
        "fill in the course evaluation",
    ]


def test_no_certificate_before_the_evaluation(course_env):
    """Is a certificate refused, with what is missing, before the evaluation is in?"""
    learner = course_env.add_learner("Rae Fox").id
    course_env.record_visit(learner, COURSE, "open")
    attempt = course_env.start_attempt(learner, COURSE, "v1", seed=1)
    course_env.submit_attempt(attempt.id, 1.0, True, {})
    with pytest.raises(NotCompleteError, match="fill in the course evaluation"):
        issue_certificate(course_env, learner, COURSE, secret=SECRET)


def test_a_complete_course_gets_one_certificate(course_env):
    """Is a certificate issued once, with computed CE hours, and the same one on asking again?"""
    learner = course_env.add_learner("Rae Fox", license_number="LCSW-1234").id
    complete(course_env, learner)
    first = issue_certificate(course_env, learner, COURSE, secret=SECRET)
    again = issue_certificate(course_env, learner, COURSE, secret=SECRET)
    assert first == again
    assert first.ce_hours > 0
    assert course_env.completion(learner, COURSE) is not None


def test_the_certificate_pdf_names_the_learner_and_code(course_env):
    """Does the PDF carry the learner, license number and code?"""
    learner = course_env.add_learner("Rae Fox", license_number="LCSW-1234").id
    complete(course_env, learner)
    record = issue_certificate(course_env, learner, COURSE, secret=SECRET)
    data = certificate_data(course_env, record)
    assert (data.learner_name, data.license_number) == ("Rae Fox", "LCSW-1234")
    assert render_certificate_pdf(data, compress=False).count(b"Rae Fox") >= 1


def test_the_certificate_data_carries_the_lessons_level(course_env):
    """Does the certificate of lesson 4 state lesson 4's instructional level from the catalog?"""
    from caserate_kit.course._catalog import lesson_for

    learner = course_env.add_learner("Rae Fox").id
    complete(course_env, learner, "lesson-04")
    record = issue_certificate(course_env, learner, "lesson-04", secret=SECRET)
    assert certificate_data(course_env, record).level == lesson_for("lesson-04").level


def test_a_genuine_code_verifies_and_a_tampered_one_does_not(course_env):
    """Does verify accept the issued code and reject one altered character?"""
    learner = course_env.add_learner("Rae Fox").id
    complete(course_env, learner)
    code = issue_certificate(course_env, learner, COURSE, secret=SECRET).code
    genuine, message = verify_code(course_env, code, secret=SECRET)
    assert genuine
    assert "Rae Fox" in message
    last = code[-1]
    tampered = code[:-1] + ("A" if last != "A" else "B")
    assert verify_code(course_env, tampered, secret=SECRET) == (False, REJECTED)


def test_verify_command_uses_the_secret_file(course_env, capsys):
    """Does `caserate-course verify` accept a code issued with the data folder's secret?"""
    learner = course_env.add_learner("Sam Ortiz").id
    complete(course_env, learner)
    code = issue_certificate(course_env, learner, COURSE).code
    assert main(["verify", code.lower().replace("-", "")]) == 0
    assert "Sam Ortiz" in capsys.readouterr().out
    assert main(["verify", "CRK-0000-0000-0000-0000"]) == 1
    assert REJECTED in capsys.readouterr().out


def test_report_command_lists_the_certificate(course_env, capsys):
    """Does `caserate-course report` write a CSV row with the attempts and certificate code?"""
    learner = course_env.add_learner("Sam Ortiz", email="sam@example.org").id
    complete(course_env, learner)
    code = issue_certificate(course_env, learner, COURSE).code
    assert main(["report"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["learner_name"], r["course_id"], r["certificate_code"]) for r in rows] == [
        ("Sam Ortiz", COURSE, code)
    ]


def test_export_xapi_command_writes_passed_and_completed(course_env, tmp_path):
    """Does `caserate-course export-xapi` write passed and completed statements?"""
    learner = course_env.add_learner("Sam Ortiz", email="sam@example.org").id
    complete(course_env, learner)
    issue_certificate(course_env, learner, COURSE)
    out = tmp_path / "statements.json"
    assert main(["export-xapi", "--out", str(out)]) == 0
    verbs = {s["verb"]["id"].rsplit("/", 1)[-1] for s in json.loads(out.read_text())}
    assert {"attempted", "passed", "completed"} <= verbs


def test_two_tabs_issuing_at_once_get_one_certificate(store_url, tmp_path, monkeypatch):
    # store_url: a fresh SQLite file and a fresh PostgreSQL schema (tests/course/conftest.py)
    """Do eight simultaneous requests for the same certificate all get the same one?"""
    import threading

    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    with Store(store_url) as setup:
        learner = setup.add_learner("Tab Tester")
        complete(setup, learner.id)
    start, codes, errors = threading.Barrier(8), [], []

    def tab() -> None:
        try:
            with Store(store_url) as store:
                start.wait(timeout=30)
                codes.append(issue_certificate(store, learner.id, COURSE, secret=SECRET).code)
        except Exception as error:  # collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=tab) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert len(codes) == 8
    assert len(set(codes)) == 1
    with Store(store_url) as check:
        assert len(check.certificates_for(learner.id)) == 1
