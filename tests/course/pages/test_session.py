"""Sign-in, session tokens and the learner on a page."""

from datetime import UTC, datetime, timedelta

import pytest

from caserate_kit.course.pages._session import (
    REFUSAL_LIMIT,
    SignInRefusedError,
    check_token,
    current_learner,
    end_session,
    learner_from_token,
    legacy_token,
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
    learner, token, code = sign_in(store, "Kim Lee", "kim@example.org", "", secret=SECRET)
    assert learner.license_number is None
    assert learner_from_token(store, token, secret=SECRET) == learner
    assert store.personal_code_matches(learner.id, code)


@pytest.mark.parametrize("broken", ["", "nonsense", ".", "abc.def"])
def test_a_missing_or_invented_token_finds_nobody(store, broken):
    """Does a made-up token find no learner?"""
    assert learner_from_token(store, broken, secret=SECRET) is None


def test_an_altered_token_finds_nobody(store):
    """Does changing one character of a real token break it?"""
    token = sign_in(store, "Kim Lee", secret=SECRET).token
    last = token[-1]
    assert learner_from_token(store, token[:-1] + ("A" if last != "A" else "B"), SECRET) is None


def test_a_token_for_another_session_or_learner_id_is_refused(store):
    """Can a learner swap in another session's or learner's id and keep their own tag?"""
    first, token, _ = sign_in(store, "Kim Lee", secret=SECRET)
    other, other_token, _ = sign_in(store, "Ana Ruiz", secret=SECRET)
    tag = token.rpartition(".")[2]
    assert learner_from_token(store, other_token.rpartition(".")[0] + "." + tag, SECRET) is None
    assert learner_from_token(store, other.id + "." + tag, secret=SECRET) is None
    assert first != other


def test_tokens_from_another_secret_are_refused(store):
    """Is a token made with another course's secret refused?"""
    learner = sign_in(store, "Kim Lee", secret=SECRET).learner
    session = store.start_session(learner.id, timedelta(hours=1))
    assert learner_from_token(store, make_token(session, bytes(32)), secret=SECRET) is None
    assert learner_from_token(store, make_token(session, SECRET), secret=SECRET) == learner


def test_the_page_token_names_the_learner(store):
    """Does a page whose address carries the token know its learner?"""
    learner, token, _ = sign_in(store, "Kim Lee", secret=SECRET)
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


# Returning learners ---------------------------------------------------------------


def test_a_returning_learner_with_their_code_gets_their_own_record(store):
    """Does the same email with the personal code give back the same learner, not a new one?"""
    first, _, code = sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET)
    again = sign_in(store, "Kim Lee", "KIM@example.org ", secret=SECRET, code=code.lower())
    assert again.learner == first
    assert again.new_code is None
    assert len(store.all_learners()) == 1


def test_knowing_only_the_email_gets_nothing(store):
    """Is the same email without the code (or with a wrong one) refused, with what to do?"""
    sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET)
    with pytest.raises(SignInRefusedError, match="already on record") as empty:
        sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET)
    assert empty.value.field == "code"
    with pytest.raises(SignInRefusedError, match="does not match"):
        sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET, code="2222-2222")
    with pytest.raises(SignInRefusedError, match="8 letters and digits"):
        sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET, code="12")
    assert len(store.all_learners()) == 1


def test_guessing_codes_is_paused_after_a_few_tries(store):
    """After five wrong codes, is even the right code refused until the pause is over?"""
    code = sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET).new_code
    for _ in range(REFUSAL_LIMIT):
        with pytest.raises(SignInRefusedError, match="does not match"):
            sign_in(store, "K", "kim@example.org", secret=SECRET, code="2222-2222")
    with pytest.raises(SignInRefusedError, match="Too many wrong"):
        sign_in(store, "K", "kim@example.org", secret=SECRET, code=code)
    later = datetime.now(UTC) + timedelta(minutes=16)
    assert sign_in(store, "K", "kim@example.org", secret=SECRET, code=code, now=later).learner


def test_a_code_with_an_email_not_on_record_is_refused(store):
    """Does a code typed with a new email say the email is not on record, creating nobody?"""
    with pytest.raises(SignInRefusedError, match="No learner has this email"):
        sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET, code="K7QM-4TXP")
    assert store.all_learners() == []


def test_a_trainer_reset_replaces_the_code(store):
    """After a reset, does the new code work and the old one not?"""
    learner, _, old = sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET)
    store.set_personal_code(learner.id, "K7QM-4TXP", set_by="trainer")
    assert sign_in(store, "K", "kim@example.org", secret=SECRET, code="k7qm4txp").learner == learner
    with pytest.raises(SignInRefusedError):
        sign_in(store, "K", "kim@example.org", secret=SECRET, code=old)


# Sessions ---------------------------------------------------------------------------


def test_a_session_expires(store):
    """Does a token stop working once its session's hours are over?"""
    token = sign_in(store, "Kim Lee", secret=SECRET, hours=1).token
    assert check_token(store, token, SECRET).state == "valid"
    later = datetime.now(UTC) + timedelta(hours=1, seconds=1)
    found = check_token(store, token, SECRET, now=later)
    assert (found.state, found.valid) == ("expired", False)


def test_signing_out_ends_this_session_and_everywhere_ends_every_one(store):
    """Does sign-out end this address only, and "everywhere" every earlier session?"""
    learner, here, code = sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET)
    there = sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET, code=code).token
    assert end_session(store, here, SECRET) == learner
    assert check_token(store, here, SECRET).state == "ended"
    assert check_token(store, there, SECRET).valid
    assert end_session(store, here, SECRET, everywhere=True) is None  # an ended address
    assert check_token(store, there, SECRET).valid
    end_session(store, there, SECRET, everywhere=True)
    assert check_token(store, there, SECRET).state == "ended"
    after = sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET, code=code).token
    assert check_token(store, after, SECRET).valid


def test_an_old_token_works_until_its_learner_has_a_code(store):
    """Does a token from before sessions open its learner's pages only until they get a code?"""
    learner = store.add_learner("Kim Lee", email="kim@example.org")
    old = legacy_token(learner.id, SECRET)
    assert check_token(store, old, SECRET).state == "legacy"
    assert learner_from_token(store, old, SECRET) == learner
    with pytest.raises(SignInRefusedError, match="no personal code yet"):
        sign_in(store, "Kim Lee", "kim@example.org", secret=SECRET)
    store.set_personal_code(learner.id, "K7QM-4TXP")
    assert learner_from_token(store, old, SECRET) is None


# Learners from the agency's LMS ------------------------------------------------------


def test_a_hub_learner_from_the_lms_is_named_as_the_lms_names_them(store):
    """Under the hub, does a learner who launched from the LMS get its name and e-mail?"""
    from dataclasses import replace

    from caserate_kit.course.pages._session import hub_learner

    from ..records.test_launches import EXAMPLE_LAUNCH

    store.record_launch(replace(EXAMPLE_LAUNCH, external_id="7f3a"))
    learner = hub_learner(store, "7f3a")
    assert (learner.name, learner.email, learner.external_id) == (
        "Alice Moreno",
        "alice@agency.example",
        "7f3a",
    )
    assert hub_learner(store, "7f3a").id == learner.id


def test_a_hub_learner_named_by_user_name_takes_the_lms_name_later(store):
    """Is a learner first seen without a launch renamed once a launch brings a name, and is a
    name with control characters or an e-mail that is no address left out?"""
    from dataclasses import replace

    from caserate_kit.course.pages._session import hub_learner

    from ..records.test_launches import EXAMPLE_LAUNCH

    first = hub_learner(store, "bob")
    assert first.name == "bob"
    store.record_launch(
        replace(EXAMPLE_LAUNCH, external_id="bob", name="Bob\x1b[2J Lee", email="not-an-address")
    )
    renamed = hub_learner(store, "bob")
    assert (renamed.id, renamed.name, renamed.email) == (first.id, "Bob[2J Lee", None)
