"""Completion, certificates and the verify / report / export-xapi commands, end to end."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, insert

from caserate_kit.course._paths import secret_path
from caserate_kit.course._secrets import load_or_create_secret
from caserate_kit.course.certificates._codes import (
    REJECTED,
    Correction,
    format_date,
    make_code,
    normalize_code,
)
from caserate_kit.course.certificates._completion import (
    NotCompleteError,
    certificate_data,
    genuine_certificate,
    issue_certificate,
    missing_steps,
    reissue_after_correction,
    verify_code,
)
from caserate_kit.course.certificates._pdf import render_certificate_pdf
from caserate_kit.course.records._store import Store
from caserate_kit.course.records._tables import CertificateRow
from caserate_kit.course.server._cli import main

COURSE = "lesson-01"
SECRET = bytes(range(32))


@pytest.fixture
def course_env(tmp_path, monkeypatch):
    """A data folder and a SQLite store of our own, as the commands will find them, with
    the course secret made before the first learner (as the course does when it starts)."""
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CASERATE_DB_URL", f"sqlite:///{tmp_path / 'records.sqlite3'}")
    with Store() as store:
        load_or_create_secret(secret_path(), store)
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


# Certificates that cannot be relabelled ------------------------------------------


def _secret() -> bytes:
    return load_or_create_secret(secret_path(), None, Store)


def test_a_certificate_states_the_details_it_was_issued_to(course_env):
    """After the learner's details change (without a re-issue), does the certificate still
    state the name and license number it was issued to?"""
    learner = course_env.add_learner("Rae Fox", license_number="LCSW-1234").id
    complete(course_env, learner)
    record = issue_certificate(course_env, learner, COURSE, secret=SECRET)
    course_env.update_details(learner, "Someone Else", license_number="X-9")
    data = certificate_data(course_env, record)
    assert (data.learner_name, data.license_number) == ("Rae Fox", "LCSW-1234")
    genuine, message = verify_code(course_env, record.code, secret=SECRET)
    assert genuine
    assert "Rae Fox completed" in message
    assert "Someone Else" not in message


def _recorded_before_holders(store, learner_id):
    """A certificate as recorded before revision 0005: no holder on it."""
    code = make_code(SECRET, "AAAAAA")
    engine = create_engine(store.url)
    with engine.begin() as connection:
        connection.execute(
            insert(CertificateRow).values(
                id="AAAAAA",
                code=code,
                learner_id=learner_id,
                course_id=COURSE,
                issued_at=datetime(2025, 3, 3, 12, tzinfo=UTC),
                completion_date=date(2025, 3, 3),
                ce_hours=0.5,
                format="home study",
            )
        )
    engine.dispose()
    record = store.find_certificate(code)
    assert record is not None
    assert record.holder_name is None
    return record


def test_a_certificate_from_before_holders_were_kept_states_the_learners_details(course_env):
    """Does a certificate with no holder on record state the learner's details, as before?"""
    learner = course_env.add_learner("Rae Fox", license_number="LCSW-1234").id
    record = _recorded_before_holders(course_env, learner)
    course_env.update_details(learner, "Rae Q. Fox", license_number="LCSW-1235")
    data = certificate_data(course_env, record)
    assert (data.learner_name, data.license_number) == ("Rae Q. Fox", "LCSW-1235")


def test_a_correction_reissues_each_certificate_under_a_new_code(course_env):
    """Does a corrected name re-issue every certificate (same course, date, hours, format;
    new code) replacing the old, and list only the new ones as held?"""
    learner = course_env.add_learner("Rae Fx").id
    for course in (COURSE, "lesson-02"):
        complete(course_env, learner, course)
    old = [issue_certificate(course_env, learner, c, secret=SECRET) for c in (COURSE, "lesson-02")]
    course_env.update_details(learner, "Rae Fox", license_number="LCSW-1")
    new = reissue_after_correction(course_env, learner, secret=SECRET)
    assert [(r.course_id, r.replaces) for r in new] == [(o.course_id, o.code) for o in old]
    for before, after in zip(old, new, strict=True):
        assert (after.code != before.code, after.id != before.id) == (True, True)
        same = ("completion_date", "ce_hours", "format")
        assert [getattr(after, k) for k in same] == [getattr(before, k) for k in same]
        assert (after.holder_name, after.holder_license) == ("Rae Fox", "LCSW-1")
    assert course_env.certificates_for(learner) == new
    assert all(course_env.find_certificate(o.code) == o for o in old)  # kept on record
    assert issue_certificate(course_env, learner, COURSE, secret=SECRET) == new[0]
    assert reissue_after_correction(course_env, learner, secret=SECRET) == []  # nothing left


def test_verify_shows_the_correction_from_both_ends(course_env):
    """Does the old code still verify with the old name and the code that replaced it, and
    the new one with the new name and the code it replaces?"""
    learner = course_env.add_learner("Rae Fx").id
    complete(course_env, learner)
    old = issue_certificate(course_env, learner, COURSE, secret=SECRET)
    course_env.update_details(learner, "Rae Fox")
    (new,) = reissue_after_correction(course_env, learner, secret=SECRET)
    on = format_date(new.issued_at.date())
    genuine, message = verify_code(course_env, old.code, secret=SECRET)
    assert genuine
    assert message.startswith(
        f"This certificate is genuine but was replaced on {on} by certificate {new.code}"
    )
    assert "As issued, it states: Rae Fx completed" in message
    genuine, message = verify_code(course_env, new.code, secret=SECRET)
    assert genuine
    assert message.startswith("This certificate is genuine. Rae Fox completed")
    assert (
        f"It replaces certificate {old.code} (issued {format_date(old.issued_at.date())})."
        in message
    )
    page = genuine_certificate(course_env, old.code, secret=SECRET)
    assert page is not None
    assert page.replaced_by == Correction(new.code, new.issued_at.date())


def test_a_certificate_from_before_holders_were_kept_is_reissued_from_the_old_details(
    course_env,
):
    """Given the details before the correction, is a certificate with no holder on record
    re-issued (it stated those), and left alone without them?"""
    learner = course_env.add_learner("Rae Fx")
    record = _recorded_before_holders(course_env, learner.id)
    course_env.update_details(learner.id, "Rae Fox")
    assert reissue_after_correction(course_env, learner.id, secret=SECRET) == []
    (new,) = reissue_after_correction(course_env, learner.id, before=learner, secret=SECRET)
    assert (new.replaces, new.holder_name) == (record.code, "Rae Fox")


def test_verify_command_shows_the_correction(course_env, capsys):
    """Does `caserate-course verify` say which code replaced an old one, with the old name?"""
    learner = course_env.add_learner("Sam Ortz").id
    complete(course_env, learner)
    old = issue_certificate(course_env, learner, COURSE).code
    course_env.update_details(learner, "Sam Ortiz")
    (new,) = reissue_after_correction(course_env, learner)
    assert main(["verify", old]) == 0
    out = capsys.readouterr().out
    assert f"replaced on {format_date(new.issued_at.date())} by certificate {new.code}" in out
    assert "Sam Ortz completed" in out
    assert main(["verify", new.code]) == 0
    out = capsys.readouterr().out
    assert "Sam Ortiz completed" in out
    assert f"It replaces certificate {old}" in out


def test_the_report_lists_the_current_certificate(course_env, capsys):
    """After a correction, does the report give the new code, not the replaced one?"""
    learner = course_env.add_learner("Sam Ortz", email="sam@example.org").id
    complete(course_env, learner)
    issue_certificate(course_env, learner, COURSE)
    course_env.update_details(learner, "Sam Ortiz", "sam@example.org")
    (new,) = reissue_after_correction(course_env, learner)
    assert main(["report"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["learner_name"], r["certificate_code"]) for r in rows] == [("Sam Ortiz", new.code)]


# Codes pasted loosely ---------------------------------------------------------------


def _pasted(code: str, dash: str = "-", gap: str = "") -> str:
    return code.replace("-", f"{gap}{dash}{gap}")


LOOSE = [
    pytest.param("\u2013", "", id="en dash"),
    pytest.param("\u2014", "", id="em dash"),
    pytest.param("\u2010", "", id="hyphen"),
    pytest.param("\u2011", "", id="non-breaking hyphen"),
    pytest.param("\u2012", "", id="figure dash"),
    pytest.param("\u2015", "", id="horizontal bar"),
    pytest.param("\u2212", "", id="minus sign"),
    pytest.param("", " ", id="spaces"),
    pytest.param("", "\u00a0", id="no-break spaces"),
    pytest.param("", "\u202f", id="narrow no-break spaces"),
    pytest.param("", "\u200b", id="zero-width spaces"),
    pytest.param("", "\ufeff", id="byte-order marks"),
    pytest.param("-", " \u00a0", id="dashes between spaces"),
]


@pytest.mark.parametrize(("dash", "gap"), LOOSE)
def test_a_code_pasted_loosely_verifies_on_the_page_and_the_command(course_env, dash, gap):
    """Does a code pasted with other dashes or spaces, in lower case, verify on the page
    (genuine_certificate) and with `caserate-course verify`?"""
    learner = course_env.add_learner("Sam Ortiz").id
    complete(course_env, learner)
    code = issue_certificate(course_env, learner, COURSE).code
    loose = _pasted(code, dash, gap).lower()
    assert normalize_code(loose) == code
    data = genuine_certificate(course_env, loose)
    assert data is not None
    assert data.verification_code == code
    assert main(["verify", f"\u00a0{loose} "]) == 0


# Control characters -----------------------------------------------------------------


def test_control_characters_in_an_old_name_are_not_printed_by_verify_or_report(course_env, capsys):
    """Is a name recorded with a terminal escape printed by verify and report without it?"""
    learner = course_env.add_learner("Ada\x1b[31m Lovelace", email="ada@example.org").id
    code = make_code(_secret(), "AAAAAA")
    course_env.record_certificate(learner, COURSE, code, date(2025, 3, 3), 0.5)
    assert main(["verify", code]) == 0
    out = capsys.readouterr().out
    assert "Ada[31m Lovelace completed" in out
    assert "\x1b" not in out
    attempt = course_env.start_attempt(learner, COURSE, "v1", seed=7)
    course_env.submit_attempt(attempt.id, 0.9, True, {"items": []})
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["learner_name"], row["certificate_code"]) == ("Ada[31m Lovelace", code)
