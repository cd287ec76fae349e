"""The records store, on SQLite and on PostgreSQL: what it keeps, refuses and gives back."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

import caserate_kit as ck
from caserate_kit._exceptions import InvalidInputError
from caserate_kit.course.records import _learners
from caserate_kit.course.records._store import (
    AttemptSubmittedError,
    DuplicateRecordError,
    Store,
    StoreUnavailableError,
    UnknownRecordError,
)
from caserate_kit.course.records._tables import TABLES

from .test_launches import EXAMPLE_LAUNCH

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def _minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def _count(store: Store, table: str) -> int:
    engine = create_engine(store.url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def _passed_attempt(store: Store, learner_id: str, quiz_id: str = "quiz-1") -> str:
    attempt = store.start_attempt(learner_id, quiz_id, "v1", seed=1)
    store.submit_attempt(attempt.id, 0.9, True, {})
    return attempt.id


# Learners -------------------------------------------------------------------


def test_a_learner_is_read_back_as_recorded(store):
    """Does a learner come back with the name, e-mail and license number given?"""
    ada = store.add_learner("Ada Byron", "ada@example.org", "LPC-123", external_id="ada")
    assert store.get_learner(ada.id) == ada
    assert (ada.name, ada.email, ada.license_number) == ("Ada Byron", "ada@example.org", "LPC-123")


def test_times_come_back_in_utc(store):
    """Is a stored time read back with the UTC time zone?"""
    assert store.add_learner("Ada").created_at.tzinfo is UTC


def test_an_empty_name_is_refused_naming_the_field(store):
    """Does an empty name raise an error that names the field?"""
    with pytest.raises(ck.InvalidInputError, match="name must not be empty"):
        store.add_learner("   ")


def test_a_bad_email_is_refused_naming_the_field(store):
    """Does an e-mail without an @ raise an error that names the field?"""
    with pytest.raises(ck.InvalidInputError, match="email must look like"):
        store.add_learner("Ada", email="ada.example.org")


def test_a_blank_email_is_kept_as_unknown(store):
    """Is a blank e-mail field stored as no e-mail?"""
    assert store.add_learner("Ada", email="  ").email is None


def test_a_learner_is_found_by_external_id(store):
    """Is a JupyterHub user found again by their user name?"""
    ada = store.add_learner("Ada", external_id="jupyterhub-ada")
    assert store.find_learner_by_external_id("jupyterhub-ada") == ada


def test_an_unknown_learner_is_none(store):
    """Is an id that matches no learner answered with None?"""
    assert store.get_learner(str(uuid.uuid4())) is None


def test_adding_a_known_external_id_returns_that_learner(store):
    """Does a second sign-up of the same hub user return the first learner?"""
    first = store.add_learner("Ada", external_id="ada")
    assert store.add_learner("Ada B.", external_id="ada") == first


def test_a_retried_learner_is_stored_once(store):
    """Is a learner added twice with the same id stored only once?"""
    learner_id = str(uuid.uuid4())
    store.add_learner("Ada", learner_id=learner_id)
    store.add_learner("Ada", learner_id=learner_id)
    assert [learner.id for learner in store.all_learners()] == [learner_id]


# Lesson visits ----------------------------------------------------------------


def test_an_open_and_its_close_make_the_time_spent(store):
    """Is the time from opening a lesson to closing it counted?"""
    ada = store.add_learner("Ada")
    store.record_visit(ada.id, "lesson-01", "open", _minutes(0))
    store.record_visit(ada.id, "lesson-01", "close", _minutes(25))
    assert store.time_spent(ada.id, "lesson-01") == timedelta(minutes=25)


def test_an_open_without_a_close_counts_until_the_next_open(store):
    """Does an unclosed open count up to the learner's next open?"""
    ada = store.add_learner("Ada")
    for minute, event in ((0, "open"), (10, "open"), (15, "close")):
        store.record_visit(ada.id, "lesson-01", event, _minutes(minute))
    assert store.time_spent(ada.id, "lesson-01") == timedelta(minutes=15)


def test_a_last_open_without_a_close_counts_nothing(store):
    """Does a lesson left open (no close yet) add no time?"""
    ada = store.add_learner("Ada")
    store.record_visit(ada.id, "lesson-01", "open", _minutes(0))
    store.record_visit(ada.id, "lesson-01", "close", _minutes(5))
    store.record_visit(ada.id, "lesson-01", "open", _minutes(60))
    assert store.time_spent(ada.id, "lesson-01") == timedelta(minutes=5)


def test_a_last_open_counts_up_to_a_given_moment_at_most_two_hours(store):
    """Asked up to a moment, does a lesson still open count until then, capped at two hours?"""
    ada = store.add_learner("Ada")
    store.record_visit(ada.id, "lesson-01", "open", _minutes(0))
    store.record_visit(ada.id, "lesson-01", "close", _minutes(5))
    store.record_visit(ada.id, "lesson-01", "open", _minutes(60))
    assert store.time_spent(ada.id, "lesson-01", until=_minutes(72)) == timedelta(minutes=17)
    assert store.time_spent(ada.id, "lesson-01", until=_minutes(600)) == timedelta(minutes=125)
    assert store.time_spent(ada.id, "lesson-01", until=_minutes(30)) == timedelta(minutes=5)


@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["open", "close"])), max_size=30))
def test_time_spent_lies_within_the_span_of_the_visits(visits):
    """Is the time spent never negative and never more than first-to-last visit?"""
    moments = [(T0 + timedelta(seconds=seconds), event) for seconds, event in visits]
    span = max(m for m, _ in moments) - min(m for m, _ in moments) if moments else timedelta()
    assert timedelta() <= _learners._time_spent(moments) <= span


def test_a_lesson_is_visited_once_opened(store):
    """Is a lesson visited after it was opened, and not before?"""
    ada = store.add_learner("Ada")
    before = store.visited(ada.id, "lesson-01")
    store.record_visit(ada.id, "lesson-01", "open")
    assert (before, store.visited(ada.id, "lesson-01")) == (False, True)


def test_a_visit_time_without_a_time_zone_is_refused(store):
    """Is a time without a time zone refused, as it is ambiguous?"""
    ada = store.add_learner("Ada")
    with pytest.raises(ck.InvalidInputError, match="at must be a date and time with a time zone"):
        store.record_visit(ada.id, "lesson-01", "open", datetime(2024, 3, 4, 9, 0))


def test_a_visit_event_must_be_open_or_close(store):
    """Is an event other than open or close refused?"""
    ada = store.add_learner("Ada")
    with pytest.raises(ck.InvalidInputError, match="event must be 'open' or 'close'"):
        store.record_visit(ada.id, "lesson-01", "scroll")


def test_a_visit_by_an_unknown_learner_is_refused(store):
    """Is a visit for a learner id that was never recorded refused?"""
    with pytest.raises(UnknownRecordError, match="learner_id"):
        store.record_visit(str(uuid.uuid4()), "lesson-01", "open")


# Attempts and responses -------------------------------------------------------


def test_the_latest_answer_to_a_question_wins(store):
    """Does each change of answer replace the one before?"""
    attempt = store.start_attempt(store.add_learner("Ada").id, "quiz-1", "v1", seed=3)
    for answer in ("a", "b", None, ["c", "d"]):
        store.record_response(attempt.id, "q1", answer)
    store.record_response(attempt.id, "q2", "true")
    assert store.latest_responses(attempt.id) == {"q1": ["c", "d"], "q2": "true"}


def test_an_answer_must_be_text_a_list_of_texts_or_none(store):
    """Is an answer of another shape refused before it is stored?"""
    attempt = store.start_attempt(store.add_learner("Ada").id, "quiz-1", "v1", seed=3)
    with pytest.raises(ck.InvalidInputError, match="answer must be text"):
        store.record_response(attempt.id, "q1", {"a": 1})  # type: ignore[arg-type]


def test_a_retried_response_is_stored_once(store):
    """Is a response sent twice with the same id stored only once?"""
    attempt = store.start_attempt(store.add_learner("Ada").id, "quiz-1", "v1", seed=3)
    response_id = str(uuid.uuid4())
    first = store.record_response(attempt.id, "q1", "a", response_id=response_id)
    assert store.record_response(attempt.id, "q1", "a", response_id=response_id) == first
    assert _count(store, "responses") == 1


def test_the_open_attempt_is_the_latest_unsubmitted_one(store):
    """After a reload, is the attempt to resume the latest one not yet submitted?"""
    ada = store.add_learner("Ada")
    _passed_attempt(store, ada.id)
    resumed = store.start_attempt(ada.id, "quiz-1", "v1", seed=2)
    assert store.open_attempt(ada.id, "quiz-1") == resumed


def test_there_is_no_open_attempt_after_submitting(store):
    """Is there nothing to resume once the only attempt is submitted?"""
    ada = store.add_learner("Ada")
    _passed_attempt(store, ada.id)
    assert store.open_attempt(ada.id, "quiz-1") is None


def test_a_second_submit_returns_the_first_and_adds_no_row(store):
    """Does a double click on Submit keep the first submission only?"""
    attempt = store.start_attempt(store.add_learner("Ada").id, "quiz-1", "v1", seed=3)
    first = store.submit_attempt(attempt.id, 0.6, False, {"wrong": ["q2"]})
    assert store.submit_attempt(attempt.id, 1.0, True, {}) == first
    assert _count(store, "submissions") == 1


def test_an_answer_after_submitting_is_refused(store):
    """Is an answer sent after the attempt was submitted refused with a clear error?"""
    ada = store.add_learner("Ada")
    attempt_id = _passed_attempt(store, ada.id)
    with pytest.raises(AttemptSubmittedError, match="already submitted"):
        store.record_response(attempt_id, "q1", "b")


def test_a_response_to_an_unknown_attempt_is_refused(store):
    """Is an answer for an attempt that was never started refused?"""
    with pytest.raises(UnknownRecordError, match="attempt_id"):
        store.record_response(str(uuid.uuid4()), "q1", "a")


def test_a_score_outside_zero_to_one_is_refused(store):
    """Is a score given as a percentage refused (scores are fractions)?"""
    attempt = store.start_attempt(store.add_learner("Ada").id, "quiz-1", "v1", seed=3)
    with pytest.raises(ck.OutOfRangeError, match="score must be a fraction from 0 to 1"):
        store.submit_attempt(attempt.id, 85, True, {})


def test_a_retried_start_is_stored_once(store):
    """Is an attempt started twice with the same id stored only once?"""
    ada = store.add_learner("Ada")
    attempt_id = str(uuid.uuid4())
    first = store.start_attempt(ada.id, "quiz-1", "v1", seed=3, attempt_id=attempt_id)
    assert store.start_attempt(ada.id, "quiz-1", "v1", seed=3, attempt_id=attempt_id) == first
    assert len(store.attempts(ada.id, "quiz-1")) == 1


def test_attempts_list_each_try_with_its_result(store):
    """Are a learner's attempts listed oldest first, the unsubmitted one without a result?"""
    ada = store.add_learner("Ada")
    _passed_attempt(store, ada.id)
    store.start_attempt(ada.id, "quiz-1", "v1", seed=2)
    assert [(a.score, a.passed) for a in store.attempts(ada.id, "quiz-1")] == [
        (0.9, True),
        (None, None),
    ]


def test_a_pass_is_kept_after_a_worse_retake(store):
    """Does a learner who passed keep the pass and best score after failing a retake?"""
    ada = store.add_learner("Ada")
    _passed_attempt(store, ada.id)
    retake = store.start_attempt(ada.id, "quiz-1", "v1", seed=2)
    store.submit_attempt(retake.id, 0.4, False, {})
    best = store.best_result(ada.id, "quiz-1")
    assert (best.best_score, best.attempts, best.passed) == (0.9, 2, True)


def test_submissions_hold_each_submitted_try_with_its_result_oldest_first(store):
    """Are a learner's submitted tries listed with their stored results, and no one else's?"""
    ada, ben = store.add_learner("Ada"), store.add_learner("Ben")
    first = store.start_attempt(ada.id, "quiz-1", "v1", seed=1)
    store.submit_attempt(first.id, 0.5, False, {"objectives": [{"id": "a"}]})
    second = store.start_attempt(ada.id, "quiz-1", "v1", seed=2)
    store.submit_attempt(second.id, 0.9, True, {"n": 2})
    store.start_attempt(ada.id, "quiz-1", "v1", seed=3)  # open: not a submission
    other = store.start_attempt(ben.id, "quiz-1", "v1", seed=4)
    store.submit_attempt(other.id, 1.0, True, {})
    done = store.submissions(ada.id, "quiz-1")
    assert [(s.attempt_id, s.score, s.passed) for s in done] == [
        (first.id, 0.5, False),
        (second.id, 0.9, True),
    ]
    assert done[0].result == {"objectives": [{"id": "a"}]}
    assert store.submissions(ada.id, "quiz-2") == []


def test_the_best_result_without_attempts_is_empty(store):
    """Does a learner with no attempts have no score and no pass?"""
    best = store.best_result(store.add_learner("Ada").id, "quiz-1")
    assert (best.best_score, best.attempts, best.first_passed_at) == (None, 0, None)


def test_all_attempts_make_a_dataframe(store):
    """Can the trainer dashboard turn every attempt into a pandas table?"""
    ada = store.add_learner("Ada")
    _passed_attempt(store, ada.id)
    frame = pd.DataFrame(store.all_attempts())
    assert frame[["learner_name", "quiz_id", "score", "passed"]].values.tolist() == [
        ["Ada", "quiz-1", 0.9, True]
    ]


def test_all_responses_for_a_quiz_are_the_answers_that_count(store):
    """Does the item analysis see only the latest answer to each question?"""
    ada = store.add_learner("Ada")
    attempt = store.start_attempt(ada.id, "quiz-1", "v1", seed=3)
    store.record_response(attempt.id, "q1", "a")
    store.record_response(attempt.id, "q1", "b")
    rows = store.all_responses_for_quiz("quiz-1")
    assert [(r.learner_id, r.question_key, r.answer, r.submitted) for r in rows] == [
        (ada.id, "q1", "b", False)
    ]


# Evaluations, completions, certificates ------------------------------------


def test_an_evaluation_is_recorded(store):
    """Is a learner's evaluation kept, and the course then evaluated?"""
    ada = store.add_learner("Ada")
    evaluation = store.record_evaluation(ada.id, "lesson-01", True, 4, {"clear": 5}, "Useful.")
    assert (evaluation.ratings, store.has_evaluation(ada.id, "lesson-01")) == ({"clear": 5}, True)


@pytest.mark.parametrize("relevance", [0, 6, 4.5, True])
def test_a_relevance_outside_one_to_five_is_refused(store, relevance):
    """Is a relevance that is not a whole number from 1 to 5 refused?"""
    ada = store.add_learner("Ada")
    with pytest.raises(ck.OutOfRangeError, match="relevance must be a whole number from 1 to 5"):
        store.record_evaluation(ada.id, "lesson-01", True, relevance, {}, "")


def test_a_rating_outside_one_to_five_is_refused_naming_the_question(store):
    """Does a bad rating name the question it was given for?"""
    ada = store.add_learner("Ada")
    with pytest.raises(ck.OutOfRangeError, match=r"ratings\['pace'\]"):
        store.record_evaluation(ada.id, "lesson-01", True, 3, {"pace": 9}, "")


def test_a_course_is_complete_once_visited_passed_and_evaluated(store):
    """Is the course complete when all three steps are done?"""
    ada = store.add_learner("Ada")
    store.record_visit(ada.id, "lesson-01", "open")
    _passed_attempt(store, ada.id)
    store.record_evaluation(ada.id, "course-1", True, 5, {}, "")
    assert store.completion_status(ada.id, "course-1", "lesson-01", "quiz-1").complete


def test_a_failed_post_test_leaves_the_course_incomplete(store):
    """Is a course not complete while the post-test is only failed?"""
    ada = store.add_learner("Ada")
    store.record_visit(ada.id, "lesson-01", "open")
    attempt = store.start_attempt(ada.id, "quiz-1", "v1", seed=1)
    store.submit_attempt(attempt.id, 0.5, False, {})
    store.record_evaluation(ada.id, "course-1", True, 5, {}, "")
    status = store.completion_status(ada.id, "course-1", "lesson-01", "quiz-1")
    assert (status.visited, status.passed, status.evaluated, status.complete) == (
        True,
        False,
        True,
        False,
    )


def test_a_completion_is_recorded_once(store):
    """Does recording a completion again keep the first date?"""
    ada = store.add_learner("Ada")
    first = store.record_completion(ada.id, "course-1", _minutes(0))
    assert store.record_completion(ada.id, "course-1", _minutes(30)) == first
    assert store.all_completions() == [first]


def _certificate(store: Store, learner_id: str, code: str = "CRK-AAAA", **extra: object):
    return store.record_certificate(
        learner_id, "course-1", code, date(2024, 3, 4), 1.5, "home study", **extra
    )


def test_a_certificate_is_found_by_its_code(store):
    """Can a certificate be looked up by its verification code?"""
    record = _certificate(store, store.add_learner("Ada").id)
    assert store.find_certificate("CRK-AAAA") == record


def test_an_unknown_certificate_code_is_none(store):
    """Is a code that was never issued answered with None?"""
    assert store.find_certificate("CRK-NONE") is None


def test_recording_a_certificate_again_returns_the_first(store):
    """Does re-recording the same certificate keep one record?"""
    ada = store.add_learner("Ada")
    first = _certificate(store, ada.id)
    assert _certificate(store, ada.id) == first
    assert store.certificates_for(ada.id) == [first]


def test_a_code_of_another_learner_is_refused(store):
    """Is a code already issued to someone else refused?"""
    _certificate(store, store.add_learner("Ada").id)
    with pytest.raises(DuplicateRecordError, match="code already belongs to another"):
        _certificate(store, store.add_learner("Grace").id)


def test_a_taken_certificate_id_is_refused(store):
    """Is a certificate id that is already used refused, so that a new one is drawn?"""
    ada, bob = store.add_learner("Ada"), store.add_learner("Bob")
    _certificate(store, ada.id, certificate_id="7F3Q92")
    with pytest.raises(DuplicateRecordError, match="certificate_id is already used"):
        _certificate(store, bob.id, "CRK-BBBB", certificate_id="7F3Q92")


def test_a_second_certificate_for_the_same_course_returns_the_first(store):
    """Does a learner keep one certificate per course, whatever code a second request drew?"""
    ada = store.add_learner("Ada")
    first = _certificate(store, ada.id)
    assert _certificate(store, ada.id, "CRK-BBBB", certificate_id="8G4R03") == first
    assert store.certificates_for(ada.id) == [first]


def test_corrected_details_are_the_learners_everywhere(store):
    """After a correction, do the learner, the roster and the attempts all carry the new name?"""
    hub = store.add_learner("jdoe", external_id="jdoe")
    store.update_details(hub.id, "Jane Doe", license_number="LCSW-1")
    newest = store.update_details(hub.id, "Jane Q. Doe", "jane@example.org", "LCSW-12")
    assert (newest.name, newest.email, newest.license_number) == (
        "Jane Q. Doe",
        "jane@example.org",
        "LCSW-12",
    )
    assert store.get_learner(hub.id) == newest
    assert store.find_learner_by_external_id("jdoe") == newest
    assert store.all_learners() == [newest]
    store.start_attempt(hub.id, "quiz-1", "v1", seed=1)
    assert [row.learner_name for row in store.all_attempts()] == ["Jane Q. Doe"]


@pytest.mark.parametrize(
    ("name", "email", "field"),
    [("", None, "name"), ("Jane", "not-an-email", "email"), ("J" * 201, None, "name")],
)
def test_a_bad_correction_is_refused_and_changes_nothing(store, name, email, field):
    ada = store.add_learner("Ada")
    with pytest.raises(InvalidInputError) as refused:
        store.update_details(ada.id, name, email)
    assert refused.value.field == field
    assert store.get_learner(ada.id) == ada


def test_details_for_an_unknown_learner_are_refused(store):
    with pytest.raises(UnknownRecordError):
        store.update_details("no-such-learner", "Nobody")


# The store itself ---------------------------------------------------------


@pytest.fixture(scope="module")
def store_with_every_table(module_store_url):
    """A store with one row in every table (the tests that use it change nothing)."""
    with Store(module_store_url) as store:
        ada = store.add_learner("Ada")
        store.update_details(ada.id, "Ada Lovelace", license_number="LPC-1")
        store.record_visit(ada.id, "lesson-01", "open")
        attempt = store.start_attempt(ada.id, "quiz-1", "v1", seed=1)
        store.record_response(attempt.id, "q1", "a")
        store.submit_attempt(attempt.id, 0.9, True, {})
        store.record_evaluation(ada.id, "course-1", True, 5, {}, "")
        store.record_completion(ada.id, "course-1")
        _certificate(store, ada.id)
        store.set_personal_code(ada.id, "K7QM-4TXP")
        store.end_session(store.start_session(ada.id, timedelta(hours=1)))
        store.record_sign_in_refusal("ada@example.org")
        store.merge_learners(store.add_learner("Ada again").id, ada.id, "trainer")
        store.record_practice(ada.id, 0.5, {})
        store.record_passcode_failure("192.0.2.10")
        store.record_signing_key("sha256:" + "0" * 32)
        store.record_launch(EXAMPLE_LAUNCH)
        store.record_delivery("lrs", "statement-1", sent=False, detail="LRS down")
        yield store


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("statement", ["UPDATE {table} SET {key} = {key}", "DELETE FROM {table}"])
def test_the_database_refuses_changing_or_deleting_records(
    store_with_every_table, table, statement
):
    """Does the database itself refuse an UPDATE or a DELETE, whoever sends it?"""
    key = "attempt_id" if table == "submissions" else "id"
    before = _count(store_with_every_table, table)
    assert before >= 1
    engine = create_engine(store_with_every_table.url)
    try:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement.format(table=table, key=key)))
    finally:
        engine.dispose()
    assert _count(store_with_every_table, table) == before


def test_the_store_describes_where_records_are_without_the_password(store_url):
    """Does the start-up line name the database but hide a password?"""
    url = make_url(store_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(password="hunter2")  # the socket's peer authentication ignores it
    with Store(url.render_as_string(hide_password=False)) as store:
        shown = store.describe()
    assert "hunter2" not in shown
    assert str(url.database).rsplit("/", 1)[-1] in shown


def test_the_default_store_is_the_configured_url(tmp_path, monkeypatch):
    """Does Store() open the database named by CASERATE_DB_URL?"""
    monkeypatch.setenv("CASERATE_DB_URL", f"sqlite:///{tmp_path / 'chosen.sqlite3'}")
    with Store() as store:
        assert store.describe() == f"SQLite file {tmp_path.resolve() / 'chosen.sqlite3'}"


def test_a_database_other_than_sqlite_or_postgresql_is_refused():
    """Is a MySQL URL refused with a plain message?"""
    with pytest.raises(ck.InvalidInputError, match="must be a SQLite or PostgreSQL database URL"):
        Store("mysql://someone@localhost/records")


def test_every_sqlite_connection_is_set_up_for_many_writers(tmp_path):
    """Does each SQLite connection use WAL, a 30 s busy timeout, NORMAL sync and foreign keys?"""
    pragmas = ("journal_mode", "busy_timeout", "synchronous", "foreign_keys")
    with Store(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store, store._engine.connect() as raw:
        values = [raw.exec_driver_sql(f"PRAGMA {name}").scalar() for name in pragmas]
    assert values == ["wal", 30_000, 1, 1]


def test_a_busy_sqlite_file_is_retried_and_the_retries_are_reported(tmp_path):
    """When another process holds the write lock, is the write retried and reported?"""
    retries: list[tuple[int, float]] = []
    path = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    with Store(path, tries=8, first_pause=0.05, busy_timeout_ms=20) as store:
        store.on_retry = lambda attempt, pause: retries.append((attempt, pause))
        holder = sqlite3.connect(
            tmp_path / "r.sqlite3", isolation_level=None, check_same_thread=False
        )
        holder.execute("BEGIN IMMEDIATE")
        threading.Timer(0.3, holder.commit).start()
        ada = store.add_learner("Ada")
        holder.close()
    assert ada.name == "Ada"
    assert [attempt for attempt, _pause in retries] == list(range(1, len(retries) + 1))
    assert retries


def test_a_sqlite_file_busy_for_too_long_gives_a_plain_error(tmp_path):
    """Does a write that never gets the lock end in a plain 'cannot be reached' message?"""
    path = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    with Store(path, tries=3, first_pause=0.01, busy_timeout_ms=20) as store:
        holder = sqlite3.connect(tmp_path / "r.sqlite3", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreUnavailableError, match="cannot be reached right now"):
                store.add_learner("Ada")
        finally:
            holder.close()


def test_an_unreachable_postgresql_server_is_retried_then_reported(tmp_path):
    """Does a server that does not answer lead to retries and then a plain error?"""
    retries: list[int] = []
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match=r"tried 3 times"):
        Store(
            f"postgresql+psycopg://nobody@/records?host={tmp_path}",
            on_retry=lambda attempt, _pause: retries.append(attempt),
            tries=3,
            first_pause=0.01,
        )
    assert (retries, time.monotonic() - started < 10) == ([1, 2], True)


# Practice (refreshers after a pass) ---------------------------------------------


def test_practice_is_recorded_and_listed_oldest_first_apart_from_attempts(store):
    """Are refreshers kept per learner, in order, without touching attempts or best results?"""
    ada, ben = store.add_learner("Ada"), store.add_learner("Ben")
    first = store.record_practice(ada.id, 0.5, {"items": [{"item_id": "x", "correct": False}]})
    store.record_practice(ada.id, 1.0, {"items": []})
    store.record_practice(ben.id, 0.0, {})
    done = store.practice_results(ada.id)
    assert [p.score for p in done] == [0.5, 1.0]
    assert done[0].id == first.id
    assert done[0].result["items"][0]["item_id"] == "x"
    assert store.attempts(ada.id, "lesson-01") == []
    assert store.best_result(ada.id, "lesson-01").attempts == 0


def test_a_retried_practice_write_is_kept_once_and_a_bad_score_refused(store):
    """Is the same practice id written twice kept once, and a score above 1 refused by name?"""
    ada = store.add_learner("Ada")
    store.record_practice(ada.id, 0.5, {}, practice_id="p-1")
    store.record_practice(ada.id, 0.5, {}, practice_id="p-1")
    assert len(store.practice_results(ada.id)) == 1
    with pytest.raises(ValueError, match="score"):
        store.record_practice(ada.id, 1.5, {})
