"""The caserate-course commands for learner records: learners, reset-code, merge-learners."""

from __future__ import annotations

import re

import pytest

from caserate_kit.course.pages._session import SignInRefusedError, sign_in
from caserate_kit.course.records import Store
from caserate_kit.course.server._cli import main

SECRET = bytes(range(32))


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The records the commands open (``CASERATE_DB_URL``), shared with the test."""
    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    monkeypatch.setenv("CASERATE_DB_URL", url)
    with Store(url) as opened:
        yield opened


def test_learners_lists_each_record_with_its_email(store, capsys):
    """Does `learners` list id, name and email, and `--email` only that email's records?"""
    ada = store.add_learner("Ada Byron", email="ada@example.org")
    store.add_learner("Ada Byron", email="ada.b@example.org")
    assert main(["learners"]) == 0
    out = capsys.readouterr().out
    assert "<ada@example.org>" in out
    assert "<ada.b@example.org>" in out
    assert main(["learners", "--email", "ADA@example.org"]) == 0
    assert capsys.readouterr().out.startswith(ada.id)
    assert main(["learners", "--email", "nobody@example.org"]) == 1
    assert "No learner records with the email" in capsys.readouterr().err


def test_reset_code_prints_a_new_code_that_signs_the_learner_in(store, capsys):
    """After `reset-code EMAIL`, does the printed code sign in and the old one not?"""
    learner, _, old = sign_in(store, "Ada Byron", "ada@example.org", secret=SECRET)
    assert main(["reset-code", "ada@example.org"]) == 0
    code = re.search(r": ([A-Z0-9]{4}-[A-Z0-9]{4})$", capsys.readouterr().out.strip()).group(1)
    again = sign_in(store, "Ada", "ada@example.org", secret=SECRET, code=code)
    assert again.learner == learner
    with pytest.raises(SignInRefusedError):
        sign_in(store, "Ada", "ada@example.org", secret=SECRET, code=old)


def test_reset_code_names_what_is_wrong(store, capsys):
    """Does an unknown email or id, or an email on two records, say so and change nothing?"""
    assert main(["reset-code", "nobody@example.org"]) == 1
    assert "No learner record has the email" in capsys.readouterr().err
    assert main(["reset-code", "no-such-id"]) == 1
    assert "No learner record has the id no-such-id" in capsys.readouterr().err
    first = store.add_learner("Ada", email="ada@example.org")
    store.add_learner("Ada", email="ada@example.org")
    assert main(["reset-code", "ada@example.org"]) == 1
    assert "2 learner records have the email" in capsys.readouterr().err
    assert not store.has_personal_code(first.id)


def test_merge_learners_puts_the_duplicates_records_under_the_person(store, capsys):
    """After a merge, do the duplicate's attempts count as the person's, listed once?"""
    person = store.add_learner("Ada Byron", email="ada@example.org")
    twin = store.add_learner("Ada Byron", email="ada@example.org")
    attempt = store.start_attempt(twin.id, "posttest-1", bank_version="v1", seed=1)
    store.submit_attempt(attempt.id, score=0.9, passed=True, result={})
    assert main(["merge-learners", twin.id, person.id]) == 0
    assert "now count as Ada Byron's" in capsys.readouterr().out
    assert store.best_result(person.id, "posttest-1").best_score == 0.9
    assert [learner.id for learner in store.all_learners()] == [person.id]
    assert main(["merge-learners", twin.id, person.id]) == 1
    assert "already merged" in capsys.readouterr().err
    assert main(["merge-learners", "no-such-id", person.id]) == 1
    assert "Not merged" in capsys.readouterr().err
