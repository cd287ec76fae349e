"""The trainer passcode: only a salted hash is kept, privately, and checked in constant time."""

import hmac
import os
import stat
import unicodedata

import pytest

from caserate_kit.course import _passcode
from caserate_kit.course._passcode import (
    PasscodeFileError,
    PasscodeRuleError,
    check_trainer_passcode,
    set_trainer_passcode,
    trainer_passcode_is_set,
    trainer_passcode_path,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="file permissions are POSIX")

PASSCODE = "case rates 2024!"


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
    """Does a 7-character passcode raise an error that states the 8-character rule?"""
    with pytest.raises(PasscodeRuleError, match="at least 8 characters"):
        set_trainer_passcode("abc1234", path)
    assert not path.exists()


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
