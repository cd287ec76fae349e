"""Sending a class's records to a real LRS (ralph): once each, through an outage, per cmi5."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from cmi5 import cmi5_problems
from lrs import RalphLRS

from caserate_kit.course.connections._lrs import send_statements
from caserate_kit.course.connections._sender import Sender
from caserate_kit.course.connections._settings import LrsSettings
from caserate_kit.course.connections._xapi import xapi_statements
from caserate_kit.course.records._store import Store

from .classroom import seat_learners, take_lesson

BASE = "https://training.agency.example/course/"


class Clock:
    """A clock the test moves on by hand."""

    def __init__(self) -> None:
        self.now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def settings(lrs: RalphLRS, password: str | None = None) -> LrsSettings:
    return LrsSettings(lrs.url, lrs.user, lrs.password if password is None else password, BASE)


def test_a_class_reaches_the_lrs_once_each_though_the_lrs_stops_midway(tmp_path, lrs):
    """Half a class, the LRS stopped, the other half, the LRS back: does it then hold every
    statement exactly once, each keeping the cmi5 rules, with the wait explained meanwhile?"""
    clock = Clock()
    with Store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as store:
        sender = Sender(store, settings(lrs), None, clock=clock, first_pause=timedelta(seconds=5))
        for number, learner in enumerate(seat_learners(store, 6)):
            take_lesson(store, learner, "lesson-01", number)
        first = sender.run_once()
        assert (first.failed["lrs"], first.waiting) == (0, [])
        assert first.sent["lrs"] == len(xapi_statements(store, BASE)) > 0

        lrs.stop()
        for number, learner in enumerate(seat_learners(store, 6, first=6), start=6):
            take_lesson(store, learner, "lesson-02", number)
        down = sender.run_once()
        assert down.sent["lrs"] == 0
        assert down.failed["lrs"] == len(down.waiting) > 0
        assert all("could not be reached" in w.detail for w in down.waiting)
        assert all(w.next_try_at == clock.now + timedelta(seconds=5) for w in down.waiting)
        assert any(w.label == "Learner 07 passed lesson-02" for w in down.waiting)
        assert sender.run_once().failed["lrs"] == 0  # pausing: no try before the next is due

        lrs.start()
        clock.now += timedelta(seconds=6)
        back = sender.run_once()
        assert (back.sent["lrs"], back.failed["lrs"], back.waiting) == (down.failed["lrs"], 0, [])
        assert sender.run_once().sent["lrs"] == 0  # nothing is sent twice
        expected = {s["id"] for s in xapi_statements(store, BASE)}
    held = lrs.statements()
    counts = Counter(s["id"] for s in held)
    assert set(counts) == expected
    assert max(counts.values()) == 1
    assert cmi5_problems(held) == []


def test_a_statement_the_lrs_refuses_holds_back_no_other(lrs, tmp_path):
    """With one statement the LRS refuses in a batch, are the others sent and the refusal kept?"""
    with Store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as store:
        [learner] = seat_learners(store, 1, first=40)
        take_lesson(store, learner, "lesson-03", 40)
        statements = xapi_statements(store, BASE)
    broken = {**statements[0], "actor": {"objectType": "Agent"}}  # no way to identify the actor
    results = send_statements(settings(lrs), [broken, *statements[1:]])
    assert [r.sent for r in results] == [False] + [True] * (len(statements) - 1)
    assert "422" in results[0].detail
    held = {s["id"] for s in lrs.statements()}
    assert {s["id"] for s in statements[1:]} <= held
    assert broken["id"] not in held


def test_sending_again_what_the_lrs_holds_counts_as_sent(lrs, tmp_path):
    """After a crash between the LRS's answer and the record of it, is the resend harmless?"""
    with Store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as store:
        [learner] = seat_learners(store, 1, first=50)
        take_lesson(store, learner, "lesson-04", 50)
        statements = xapi_statements(store, BASE)
    assert all(r.sent for r in send_statements(settings(lrs), statements))
    again = send_statements(settings(lrs), statements)
    assert all(r.sent for r in again)
    assert Counter(s["id"] for s in lrs.statements())[statements[0]["id"]] == 1


def test_a_wrong_password_keeps_everything_waiting_and_says_why(lrs, tmp_path):
    """With a wrong password, is every statement kept waiting with the LRS's 401 as reason?"""
    with Store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as store:
        [learner] = seat_learners(store, 1, first=60)
        take_lesson(store, learner, "lesson-05", 60)
        sender = Sender(store, settings(lrs, password="not-the-password"), None, clock=Clock())
        done = sender.run_once()
    assert done.sent["lrs"] == 0
    assert done.waiting
    assert all(w.detail.startswith("the LRS answered 401") for w in done.waiting)


def test_a_round_with_nothing_new_reads_nothing_more(tmp_path, lrs, monkeypatch):
    """With nothing recorded since the last round and no retry due, does a round skip
    building the statements (a busy server's thread stays idle), and a new record end that?"""
    import caserate_kit.course.connections._sender as sending

    built: list[int] = []

    def counted(store: Store, base_iri: str) -> list:
        built.append(1)
        return xapi_statements(store, base_iri)

    monkeypatch.setattr(sending, "xapi_statements", counted)
    with Store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as store:
        [learner] = seat_learners(store, 1, first=70)
        take_lesson(store, learner, "lesson-06", 70)
        sender = Sender(store, settings(lrs), None, clock=Clock())
        assert sender.run_once().sent["lrs"] > 0
        assert sender.run_once().sent["lrs"] == 0
        assert len(built) == 1
        store.update_details(learner.id, "Learner Seventy")
        sender.run_once()
        assert len(built) == 2
