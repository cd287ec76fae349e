"""Sign-in, session tokens and the learner on a page."""

import pytest

from caserate_kit.course.pages._session import (
    current_learner,
    learner_from_token,
    make_token,
    page_url,
    query_parameters,
    sign_in,
)
from caserate_kit.course.records._store import Store

SECRET = bytes(range(32))


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'r.sqlite3'}") as opened:
        yield opened


def test_sign_in_records_the_learner_and_returns_a_token(store):
    """Does signing in record the learner and give a token that finds them again?"""
    learner, token = sign_in(store, "Kim Lee", "kim@example.org", "", secret=SECRET)
    assert learner.license_number is None
    assert learner_from_token(store, token, secret=SECRET) == learner


@pytest.mark.parametrize("broken", ["", "nonsense", ".", "abc.def"])
def test_a_missing_or_invented_token_finds_nobody(store, broken):
    """Does a made-up token find no learner?"""
    assert learner_from_token(store, broken, secret=SECRET) is None


def test_an_altered_token_finds_nobody(store):
    """Does changing one character of a real token break it?"""
    _, token = sign_in(store, "Kim Lee", secret=SECRET)
    last = token[-1]
    assert learner_from_token(store, token[:-1] + ("A" if last != "A" else "B"), SECRET) is None


def test_a_token_for_another_learner_id_is_refused(store):
    """Can a learner swap in another learner's id and keep their own tag?"""
    first, token = sign_in(store, "Kim Lee", secret=SECRET)
    other, _ = sign_in(store, "Ana Ruiz", secret=SECRET)
    forged = other.id + "." + token.rpartition(".")[2]
    assert learner_from_token(store, forged, secret=SECRET) is None
    assert first != other


def test_tokens_from_another_secret_are_refused(store):
    """Is a token made with another course's secret refused?"""
    learner, _ = sign_in(store, "Kim Lee", secret=SECRET)
    assert learner_from_token(store, make_token(learner.id, bytes(32)), secret=SECRET) is None


def test_the_page_token_names_the_learner(store):
    """Does a page whose address carries the token know its learner?"""
    learner, token = sign_in(store, "Kim Lee", secret=SECRET)
    query = f"quiz=lesson-01&token={token}"
    assert current_learner(store, query, environ={}, secret=SECRET) == learner


def test_a_page_without_a_token_has_no_learner(store):
    """Does a page opened without a token ask for sign-in (no learner)?"""
    assert current_learner(store, "quiz=lesson-01", environ={}, secret=SECRET) is None


def test_under_jupyterhub_the_hub_user_is_the_learner(store):
    """Under JupyterHub, is the hub user the learner, created once?"""
    environ = {"JUPYTERHUB_USER": "jdoe"}
    first = current_learner(store, "", environ=environ, secret=SECRET)
    again = current_learner(store, "", environ=environ, secret=SECRET)
    assert first == again
    assert first.external_id == "jdoe"


def test_page_urls_carry_the_token_and_parameters():
    """Do page links keep the learner's token?"""
    assert page_url("posttest", "abc.def", quiz="lesson-02") == (
        "posttest.ipynb?quiz=lesson-02&token=abc.def"
    )
    assert page_url("home") == "home.ipynb"


def test_query_parameters_are_read_from_the_query_string():
    """Are the address's parameters read, last value winning?"""
    assert query_parameters("a=1&b=2&a=3") == {"a": "3", "b": "2"}
