"""The trainer passcode: only a salted hash is kept, privately, and checked in constant time."""

import hmac
import os
import stat
import unicodedata

import pytest

from caserate_kit.course import _passcode
from caserate_kit.course._passcode import (
    MIN_PASSCODE_LENGTH,
    HubAnswer,
    PasscodeFileError,
    PasscodeRuleError,
    check_trainer_passcode,
    hub_admin,
    set_trainer_passcode,
    trainer_passcode_is_set,
    trainer_passcode_path,
    under_hub,
    validate_passcode,
)

from .fake_hub import fake_hub, hub_environ

posix_only = pytest.mark.skipif(os.name != "posix", reason="file permissions are POSIX")

PASSCODE = "violet harbor 58!"


@pytest.fixture
def path(tmp_path, monkeypatch):
    """A passcode file in a fresh data folder, hashed at a low cost to keep the tests quick."""
    monkeypatch.setattr(_passcode, "_COST", _passcode._Cost(2**10, 8, 1))
    return tmp_path / "data" / "trainer-passcode"


def test_the_passcode_that_was_set_is_accepted(path):
    """Does checking the passcode that was just set say yes?"""
    set_trainer_passcode(PASSCODE, path)
    assert check_trainer_passcode(PASSCODE, path)


def test_a_different_passcode_is_refused(path):
    """Does a passcode that differs by one character say no?"""
    set_trainer_passcode(PASSCODE, path)
    assert not check_trainer_passcode(PASSCODE[:-1] + "?", path)


def test_every_passcode_is_refused_while_none_is_set(path):
    """With no passcode file, is every passcode refused (and no file made)?"""
    assert not check_trainer_passcode(PASSCODE, path)
    assert not path.exists()


def test_an_empty_passcode_is_refused(path):
    """Is an empty passcode refused even when one is set?"""
    set_trainer_passcode(PASSCODE, path)
    assert not check_trainer_passcode("", path)


def test_the_file_holds_a_salted_scrypt_hash_and_not_the_passcode(path):
    """Does the file hold ``scrypt$N$r$p$salt$hash`` and no trace of the passcode itself?"""
    set_trainer_passcode(PASSCODE, path)
    content = path.read_bytes()
    assert content.startswith(b"scrypt$")
    assert len(content.strip().split(b"$")) == 6
    assert PASSCODE.encode() not in content


def test_the_hash_uses_an_owasp_scrypt_cost(tmp_path):
    """Is the cost N = 2**15, r = 8, p = 3, one of OWASP's recommended scrypt settings?"""
    path = set_trainer_passcode(PASSCODE, tmp_path / "trainer-passcode")
    assert path.read_text().split("$")[1:4] == ["32768", "8", "3"]


def test_a_passcode_stored_at_another_cost_is_still_checked_at_its_own_cost(path, monkeypatch):
    """After the cost for new passcodes changes, is a passcode stored earlier still accepted?"""
    set_trainer_passcode(PASSCODE, path)
    monkeypatch.setattr(_passcode, "_COST", _passcode._Cost(2**11, 8, 2))
    assert check_trainer_passcode(PASSCODE, path)


def test_setting_the_same_passcode_twice_uses_a_new_salt(path, tmp_path):
    """Do two files for the same passcode differ (a fresh random salt each time)?"""
    other = tmp_path / "other"
    set_trainer_passcode(PASSCODE, path)
    set_trainer_passcode(PASSCODE, other)
    assert path.read_text() != other.read_text()


@posix_only
def test_the_file_is_readable_by_its_owner_only(path):
    """Is the passcode file written with mode 0600?"""
    set_trainer_passcode(PASSCODE, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_setting_a_new_passcode_replaces_the_old_one(path):
    """After a new passcode is set, is the old one refused and the new one accepted?"""
    set_trainer_passcode(PASSCODE, path)
    set_trainer_passcode("a new passcode", path)
    old = check_trainer_passcode(PASSCODE, path)
    new = check_trainer_passcode("a new passcode", path)
    assert (old, new) == (False, True)


def test_a_failed_write_keeps_the_old_passcode_and_leaves_no_temporary_file(path, monkeypatch):
    """If the final rename fails, does the old passcode still work, with no stray file left?"""
    set_trainer_passcode(PASSCODE, path)

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(_passcode.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        set_trainer_passcode("a new passcode", path)
    monkeypatch.undo()
    assert check_trainer_passcode(PASSCODE, path)
    assert sorted(p.name for p in path.parent.iterdir()) == ["trainer-passcode"]


def test_a_short_passcode_is_refused_with_a_message_naming_the_rule(path):
    """Does an 11-character passcode raise an error that states the 12-character rule?"""
    with pytest.raises(PasscodeRuleError, match="at least 12 characters"):
        set_trainer_passcode("violet harb", path)
    assert not path.exists()


def test_twelve_characters_are_enough():
    """Is a 12-character passcode that is not easy to guess accepted?"""
    assert MIN_PASSCODE_LENGTH == 12
    assert validate_passcode("violet harbo") == "violet harbo"


@pytest.mark.parametrize(
    "common",
    [
        "123456789012",
        "Password2024",
        "QWERTYUIOPASDF",
        "1qaz2wsx3edc",
        "Correct Horse Battery Staple",
    ],
)
def test_a_common_password_is_refused_whatever_its_case_and_spaces(path, common):
    """Is a password from the shipped list refused, in any case and with spaces added?"""
    with pytest.raises(PasscodeRuleError, match="most common passwords"):
        set_trainer_passcode(common, path)
    assert not path.exists()


@pytest.mark.parametrize(
    "repeated", ["kkkkkkkkkkkkkk", "xyzxyzxyzxyz", "tree tree tree tree", "ab12ab12ba21"]
)
def test_a_few_characters_repeated_are_refused(repeated):
    """Are one character repeated, or one piece typed again and again, refused?"""
    with pytest.raises(PasscodeRuleError, match="repeats the same few characters"):
        validate_passcode(repeated)


@pytest.mark.parametrize(
    "run", ["abcdef123456", "zyxwvutsrqponm", "3456789012345", "POIUYTREWQ098"]
)
def test_a_run_of_keys_letters_or_digits_is_refused(run):
    """Are runs of neighboring keys, letters or digits (either way) refused?"""
    with pytest.raises(PasscodeRuleError, match="run of neighboring keys"):
        validate_passcode(run)


@pytest.mark.parametrize(
    "built",
    [
        "Case Rates 2024!",
        "MANAGEDcare#1234",
        "p@ssw0rd 9731!",
        "trainer passcode 9",
        "2031 Welcome Admin",
    ],
)
def test_the_course_name_or_a_password_word_with_digits_added_is_refused(built):
    """Is the course's name, or a password word (even with look-alike digits), with digits or
    symbols added refused?"""
    with pytest.raises(PasscodeRuleError, match="common password words or the course's name"):
        validate_passcode(built)


@pytest.mark.parametrize(
    "fine", ["violet harbor 58!", "lamp river 1962 snow", "k8#Vq2pLm9zR", "a long trainer passcode"]
)
def test_passcodes_that_are_hard_to_guess_are_accepted(fine):
    """Are long passcodes of unrelated words, or random characters, accepted?"""
    assert validate_passcode(fine) == fine


def test_a_refusal_says_what_to_choose_instead_and_never_repeats_the_passcode():
    """Does a refused common password get advice, and is it kept out of the message?"""
    with pytest.raises(PasscodeRuleError) as caught:
        validate_passcode("Welcome12345")
    message = str(caught.value)
    assert "three or four unrelated words" in message
    assert "welcome12345" not in message.lower()


def test_the_shipped_list_holds_long_passwords_and_words():
    """Does the data file hold common passwords of 12 or more characters, and password words?"""
    passcodes, words = _passcode._common()
    assert len(passcodes) > 100
    assert all(len(entry) >= 10 for entry in passcodes)  # letters and digits of 12 or more
    assert {"password", "welcome", "qwerty"} <= words


def test_the_rule_message_never_repeats_the_passcode(path):
    """Is the rejected passcode kept out of the error message?"""
    with pytest.raises(PasscodeRuleError) as caught:
        set_trainer_passcode("hunter2", path)
    assert "hunter2" not in str(caught.value)


def test_the_same_passcode_typed_in_another_unicode_form_is_accepted(path):
    """Is "é" typed as one character accepted for "é" typed as e plus an accent?"""
    set_trainer_passcode(unicodedata.normalize("NFC", "café au lait"), path)
    assert check_trainer_passcode(unicodedata.normalize("NFD", "café au lait"), path)


def test_hashes_are_compared_in_constant_time(path, monkeypatch):
    """Is the stored hash compared with ``hmac.compare_digest``?"""
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    set_trainer_passcode(PASSCODE, path)
    monkeypatch.setattr(hmac, "compare_digest", spy)
    check_trainer_passcode("not the passcode", path)
    assert len(calls) == 1


def test_a_damaged_file_raises_an_error_naming_the_file_and_the_fix(path):
    """Does a file that is not a stored hash raise an error naming the file and the command?"""
    set_trainer_passcode(PASSCODE, path)
    path.write_text("plain text passcode\n")
    os.chmod(path, 0o600)
    with pytest.raises(PasscodeFileError, match="trainer-passcode") as caught:
        check_trainer_passcode(PASSCODE, path)
    assert "caserate-course trainer-passcode" in str(caught.value)


def test_a_file_asking_for_an_enormous_cost_is_refused_as_damaged(path):
    """Is a stored cost beyond the bound (N = 2**30) refused rather than run?"""
    set_trainer_passcode(PASSCODE, path)
    parts = path.read_text().strip().split("$")
    parts[1] = str(2**30)
    path.write_text("$".join(parts) + "\n")
    with pytest.raises(PasscodeFileError, match="damaged"):
        check_trainer_passcode(PASSCODE, path)


@posix_only
def test_a_file_readable_by_other_users_is_refused_with_the_chmod_fix(path):
    """Is a group- or world-readable passcode file refused, naming ``chmod 600``?"""
    set_trainer_passcode(PASSCODE, path)
    os.chmod(path, 0o644)
    with pytest.raises(PasscodeFileError, match="chmod 600"):
        check_trainer_passcode(PASSCODE, path)


def test_the_default_file_is_trainer_passcode_in_the_data_folder(path, tmp_path, monkeypatch):
    """Without a path, is the hash kept in ``$CASERATE_DATA_DIR/trainer-passcode``?"""
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    assert set_trainer_passcode(PASSCODE) == tmp_path / "data" / "trainer-passcode"
    assert trainer_passcode_path() == tmp_path / "data" / "trainer-passcode"
    assert check_trainer_passcode(PASSCODE)


def test_is_set_says_whether_a_passcode_was_set(path):
    """Does ``trainer_passcode_is_set`` turn true once a passcode is set?"""
    before = trainer_passcode_is_set(path)
    set_trainer_passcode(PASSCODE, path)
    assert (before, trainer_passcode_is_set(path)) == (False, True)


# Under JupyterHub: the hub's administrators ------------------------------------------

HUB_USERS = {
    "alice-token": {"kind": "user", "name": "alice", "admin": True},
    "bob-token": {"kind": "user", "name": "bob", "admin": False},
    "carol-token": {"kind": "user", "name": "carol", "admin": False, "roles": ["user", "admin"]},
}


@pytest.fixture
def hub():
    with fake_hub(HUB_USERS) as (api_url, received):
        yield api_url, received


def test_under_hub_needs_the_user_the_api_address_and_the_token():
    """Is a page under a hub only when all three of the hub's variables are set?"""
    full = hub_environ("http://127.0.0.1:8081/hub/api", "alice", "alice-token")
    assert under_hub(full)
    assert not under_hub({**full, "JUPYTERHUB_API_TOKEN": ""})
    assert not under_hub({})


def test_the_hub_says_an_admin_is_an_admin_when_asked_with_the_servers_token(hub):
    """Is ``GET /hub/api/user``, with ``Authorization: token ...``, asked, and "admin": true
    believed?"""
    api_url, received = hub
    assert hub_admin(hub_environ(api_url, "alice", "alice-token")) is HubAnswer.ADMIN
    assert received == [("/hub/api/user", "token alice-token")]


def test_a_user_who_is_not_an_admin_is_not_one(hub):
    """Is a user whose model says "admin": false not an administrator?"""
    api_url, _ = hub
    assert hub_admin(hub_environ(api_url, "bob", "bob-token")) is HubAnswer.NOT_ADMIN


def test_a_user_with_the_admin_role_is_an_admin(hub):
    """Is a user holding the hub's ``admin`` role an administrator?"""
    api_url, _ = hub
    assert hub_admin(hub_environ(api_url, "carol", "carol-token")) is HubAnswer.ADMIN


def test_an_answer_about_another_user_is_no_answer(hub):
    """If the token is another user's (alice's on bob's server), is the answer not believed?"""
    api_url, _ = hub
    assert hub_admin(hub_environ(api_url, "bob", "alice-token")) is HubAnswer.NO_ANSWER


def test_a_refused_token_or_an_unreachable_hub_is_no_answer(hub):
    """Does a 403, or a hub that does not listen, give no answer rather than an error?"""
    api_url, _ = hub
    assert hub_admin(hub_environ(api_url, "dave", "unknown-token")) is HubAnswer.NO_ANSWER
    closed = hub_environ("http://127.0.0.1:9/hub/api", "alice", "alice-token")
    assert hub_admin(closed, timeout=2) is HubAnswer.NO_ANSWER


def test_the_hub_is_asked_directly_never_through_a_web_proxy(hub, monkeypatch):
    """With a web proxy configured, does the token still go straight to the hub?"""
    api_url, received = hub
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("no_proxy", "")
    assert hub_admin(hub_environ(api_url, "alice", "alice-token")) is HubAnswer.ADMIN
    assert len(received) == 1
