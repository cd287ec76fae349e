"""The course secret: made once, private to its owner, shared by racing processes, and
recognised by the records it signs for."""

import hashlib
import os
import re
import stat
import subprocess
import sys
import time

import pytest

import caserate_kit as ck
from caserate_kit.course import _secrets
from caserate_kit.course._secrets import (
    SecretFileError,
    SecretMismatchError,
    SecretMissingError,
    course_secret,
    fingerprint,
    load_or_create_secret,
)
from caserate_kit.course.records import Store

posix_only = pytest.mark.skipif(os.name != "posix", reason="file permissions are POSIX")

RACER = """
import sys, time, pathlib
from caserate_kit.course._secrets import load_or_create_secret
from caserate_kit.course.records import Store
secret, ready, go = (pathlib.Path(arg) for arg in sys.argv[1:])
ready.touch()
while not go.exists():
    time.sleep(0.001)
sys.stdout.write(load_or_create_secret(secret, None, Store).hex())
"""


@pytest.fixture(autouse=True)
def _own_records(tmp_path_factory, monkeypatch):
    """Records of each test's own (a new secret is made only for records with no learner)."""
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path_factory.mktemp("records")))
    monkeypatch.delenv("CASERATE_DB_URL", raising=False)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_first_use_creates_32_bytes(tmp_path):
    """Does the first call write a secret of 32 bytes and return it?"""
    path = tmp_path / "secret.key"
    secret = load_or_create_secret(path, None, Store)
    assert len(secret) == 32
    assert path.read_bytes() == secret


@posix_only
def test_new_secret_file_is_readable_by_its_owner_only(tmp_path):
    """Is the new file created with mode 0600?"""
    path = tmp_path / "secret.key"
    load_or_create_secret(path, None, Store)
    assert mode(path) == 0o600


@posix_only
def test_missing_data_folder_is_created_private(tmp_path):
    """Is a missing data folder created with mode 0700?"""
    path = tmp_path / "data" / "secret.key"
    load_or_create_secret(path, None, Store)
    assert mode(path.parent) == 0o700


def test_secret_is_reused(tmp_path):
    """Does a second call return the same secret rather than a new one?"""
    path = tmp_path / "secret.key"
    assert load_or_create_secret(path, None, Store) == load_or_create_secret(path, None, Store)


def test_each_course_gets_its_own_random_secret(tmp_path):
    """Do two data folders (two sets of records) get different secrets?"""
    with Store("sqlite://") as first, Store("sqlite://") as second:
        a = load_or_create_secret(tmp_path / "a.key", first)
        assert a != load_or_create_secret(tmp_path / "b.key", second)


def test_no_temporary_file_is_left_behind(tmp_path):
    """Is the folder left holding the secret file only?"""
    load_or_create_secret(tmp_path / "secret.key", None, Store)
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]


@posix_only
@pytest.mark.parametrize("permissions", [0o644, 0o640, 0o604, 0o620])
def test_secret_other_users_can_use_is_refused(tmp_path, permissions):
    """Is a secret readable or writable by the group or by everyone refused?"""
    path = tmp_path / "secret.key"
    path.write_bytes(b"k" * 32)
    path.chmod(permissions)
    with pytest.raises(SecretFileError, match=f"{permissions:04o}.*chmod 600 {path}"):
        load_or_create_secret(path, None, Store)


def test_short_secret_is_refused(tmp_path):
    """Is a 10-byte file refused, saying how many bytes it holds and needs?"""
    path = tmp_path / "secret.key"
    path.write_bytes(b"k" * 10)
    path.chmod(0o600)
    with pytest.raises(SecretFileError, match="holds 10 bytes; a secret needs at least 32"):
        load_or_create_secret(path, None, Store)


def test_folder_in_place_of_the_secret_is_refused(tmp_path):
    """Is a directory at the secret's path refused as not a regular file?"""
    path = tmp_path / "secret.key"
    path.mkdir(mode=0o700)
    with pytest.raises(SecretFileError, match="is not a regular file"):
        load_or_create_secret(path, None, Store)


def test_secret_errors_are_toolkit_errors(tmp_path):
    """Can callers catch a bad secret file as a CaseRateKitError?"""
    path = tmp_path / "secret.key"
    path.write_bytes(b"")
    path.chmod(0o600)
    with pytest.raises(ck.CaseRateKitError):
        load_or_create_secret(path, None, Store)


def test_loser_of_a_creation_race_reads_the_winners_secret(tmp_path, monkeypatch):
    """If another process puts its secret in place first, is that secret returned?"""
    path = tmp_path / "secret.key"
    winner = b"w" * 32
    real_link = os.link

    def link_after_another_process(source, target):
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(winner)
        real_link(source, target)

    monkeypatch.setattr(_secrets.os, "link", link_after_another_process)
    assert load_or_create_secret(path, None, Store) == winner


def test_file_system_without_hard_links_still_gets_a_secret(tmp_path, monkeypatch):
    """Where hard links are not supported, is the secret created exclusively instead?"""

    def no_links(source, target):
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(_secrets.os, "link", no_links)
    path = tmp_path / "secret.key"
    secret = load_or_create_secret(path, None, Store)
    assert path.read_bytes() == secret
    assert len(secret) == 32


def test_processes_starting_at_once_end_with_one_secret(tmp_path):
    """Do four processes creating the secret at the same moment all get the same one?"""
    path, go = tmp_path / "data" / "secret.key", tmp_path / "go"
    racers = []
    for number in range(4):
        ready = tmp_path / f"ready-{number}"
        command = [sys.executable, "-c", RACER, str(path), str(ready), str(go)]
        racers.append((ready, subprocess.Popen(command, stdout=subprocess.PIPE, text=True)))
    deadline = time.monotonic() + 120
    while not all(ready.exists() for ready, _ in racers) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    secrets = {process.communicate(timeout=120)[0] for _, process in racers}
    assert all(process.returncode == 0 for _, process in racers)
    assert secrets == {path.read_bytes().hex()}


# The secret and the records it signs for ---------------------------------------------------


def test_the_fingerprint_is_keyed_and_never_the_secret():
    """Is the fingerprint 'sha256:' and 32 hex digits, neither the secret nor its plain hash?"""
    secret = bytes(range(32))
    shown = fingerprint(secret)
    assert re.fullmatch(r"sha256:[0-9a-f]{32}", shown)
    assert secret.hex()[:32] not in shown
    assert hashlib.sha256(secret).hexdigest()[:32] not in shown
    assert fingerprint(bytes(32)) != shown


def test_a_new_secret_records_its_fingerprint(tmp_path):
    """Is the fingerprint of a newly made secret kept in the records it was made for?"""
    with Store("sqlite://") as store:
        secret = load_or_create_secret(tmp_path / "secret.key", store)
        assert store.signing_key() == fingerprint(secret)


def test_no_new_secret_for_records_that_hold_a_learner(tmp_path):
    """With a learner on record, is a missing secret refused, naming the file and the backup,
    and no secret made?"""
    path = tmp_path / "secret.key"
    with Store("sqlite://") as store:
        store.add_learner("Ada Byron")
        with pytest.raises(SecretMissingError) as refused:
            load_or_create_secret(path, store)
        assert store.signing_key() is None
    message = str(refused.value)
    assert str(path) in message
    assert "already hold learners" in message
    assert "backup of the data folder" in message
    assert message.endswith("Nothing was changed.")
    assert not path.exists()


def test_no_new_secret_for_records_made_with_another(tmp_path):
    """With no learner yet but a fingerprint on record, is a lost secret refused, not remade?"""
    with Store("sqlite://") as store:
        load_or_create_secret(tmp_path / "secret.key", store)
        (tmp_path / "secret.key").unlink()
        with pytest.raises(SecretMissingError, match="records were made with it"):
            course_secret(store, tmp_path / "secret.key")
    assert not (tmp_path / "secret.key").exists()


def test_a_page_without_records_at_hand_asks_the_course_records(tmp_path, monkeypatch):
    """Without records given, do the course's own records (CASERATE_DB_URL) decide?"""
    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    monkeypatch.setenv("CASERATE_DB_URL", url)
    with Store(url) as store:
        store.add_learner("Ada Byron")
    with pytest.raises(SecretMissingError, match="already hold learners"):
        load_or_create_secret(tmp_path / "secret.key", None, Store)
    assert not (tmp_path / "secret.key").exists()


def test_the_course_secret_is_accepted_again_with_its_records(tmp_path):
    """Does the secret the records were made with pass the check at every start?"""
    with Store("sqlite://") as store:
        first = course_secret(store, tmp_path / "secret.key")
        store.add_learner("Ada Byron")
        assert course_secret(store, tmp_path / "secret.key") == first
        assert store.signing_key() == fingerprint(first)


def test_a_different_secret_is_refused_at_start(tmp_path):
    """Is a secret.key that is not the one the records were made with refused, by name?"""
    path = tmp_path / "secret.key"
    with Store("sqlite://") as store:
        course_secret(store, path)
        path.unlink()
        path.write_bytes(b"another secret, 32 bytes or more")
        path.chmod(0o600)
        with pytest.raises(SecretMismatchError) as refused:
            course_secret(store, path)
    message = str(refused.value)
    assert str(path) in message
    assert "is not the secret these course records were made with" in message


def test_records_opened_to_read_get_no_secret(tmp_path):
    """Are read-only records checked without a secret being made or a fingerprint recorded?"""
    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    Store(url).close()
    path = tmp_path / "secret.key"
    with Store(url, read_only=True) as reader:
        with pytest.raises(SecretMissingError, match="only reads the records"):
            course_secret(reader, path)
        assert not path.exists()
        path.write_bytes(bytes(32))
        path.chmod(0o600)
        assert course_secret(reader, path) == bytes(32)
    with Store(url) as store:
        assert store.signing_key() is None


def test_the_first_sign_in_makes_the_secret_before_the_learner(tmp_path, monkeypatch):
    """On a course started without `serve` (Binder, say), does the first learner's sign-in
    make the secret, record its fingerprint and give a working link?"""
    from caserate_kit.course._paths import secret_path
    from caserate_kit.course.pages._session import check_token, sign_in

    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    monkeypatch.setenv("CASERATE_DB_URL", url)  # a page's kernel opens the course's records
    with Store(url) as store:
        learner, token, _code = sign_in(store, "Ada Byron", email="ada@example.org")
        assert check_token(store, token).learner == learner
        assert store.signing_key() == fingerprint(secret_path().read_bytes())


def test_a_secret_made_without_records_at_hand_records_nothing(tmp_path):
    """Is a secret made from a path alone left out of the course records, which were only
    asked whether they hold a learner (the records it signs for may be others)?"""
    load_or_create_secret(tmp_path / "secret.key", None, Store)
    with Store() as store:
        assert store.signing_key() is None


def test_without_records_to_ask_a_missing_secret_is_never_made(tmp_path):
    """With no records given and none to open, is a missing secret refused, nothing made?"""
    with pytest.raises(SecretMissingError, match="no course records were given"):
        load_or_create_secret(tmp_path / "secret.key")
    assert not (tmp_path / "secret.key").exists()
