"""``caserate-course send-records``: nowhere to send is said in one line; one round sends."""

from __future__ import annotations

from caserate_kit.course.connections._xapi import xapi_statements
from caserate_kit.course.records._store import Store
from caserate_kit.course.server._cli import main

from .classroom import seat_learners, take_lesson

SENDING = ("CASERATE_LRS_URL", "CASERATE_LTI_TOKEN_URL")


def test_nowhere_to_send_is_one_line_and_status_2(monkeypatch, capsys):
    """Without an LRS or an LMS set, does the command say what to set, in one line?"""
    for name in SENDING:
        monkeypatch.delenv(name, raising=False)
    assert main(["send-records", "--once"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("caserate-course: error: There is nowhere to send the records")
    assert "CASERATE_LRS_URL" in err
    assert "\n" not in err


def test_one_round_sends_the_records_to_the_lrs(monkeypatch, capsys, tmp_path, lrs):
    """With an LRS set, does one round send every statement and say so?"""
    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    with Store(url) as store:
        [learner] = seat_learners(store, 1, first=80)
        take_lesson(store, learner, "lesson-02", 80)
        owed = len(xapi_statements(store))
    monkeypatch.setenv("CASERATE_DB_URL", url)
    monkeypatch.setenv("CASERATE_LRS_URL", lrs.url)
    monkeypatch.setenv("CASERATE_LRS_USER", lrs.user)
    monkeypatch.setenv("CASERATE_LRS_PASSWORD", lrs.password)
    monkeypatch.delenv("CASERATE_LTI_TOKEN_URL", raising=False)
    assert main(["send-records", "--once"]) == 0
    err = capsys.readouterr().err
    assert f"to the LRS at {lrs.url}" in err
    assert f"LRS: {owed} sent, 0 failed; 0 waiting" in err
    with Store(url) as store:
        assert len(store.sent_items("lrs")) == owed
