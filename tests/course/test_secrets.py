"""The course secret: made once, private to its owner, shared by racing processes."""

import os
import stat
import subprocess
import sys
import time

import pytest

import caserate_kit as ck
from caserate_kit.course import _secrets
from caserate_kit.course._secrets import SecretFileError, load_or_create_secret

posix_only = pytest.mark.skipif(os.name != "posix", reason="file permissions are POSIX")

RACER = """
import sys, time, pathlib
from caserate_kit.course._secrets import load_or_create_secret
secret, ready, go = (pathlib.Path(arg) for arg in sys.argv[1:])
ready.touch()
while not go.exists():
    time.sleep(0.001)
sys.stdout.write(load_or_create_secret(secret).hex())
"""


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_first_use_creates_32_bytes(tmp_path):
    """Does the first call write a secret of 32 bytes and return it?"""
    path = tmp_path / "secret.key"
    secret = load_or_create_secret(path)
    assert len(secret) == 32
    assert path.read_bytes() == secret


@posix_only
def test_new_secret_file_is_readable_by_its_owner_only(tmp_path):
    """Is the new file created with mode 0600?"""
    path = tmp_path / "secret.key"
    load_or_create_secret(path)
    assert mode(path) == 0o600


@posix_only
def test_missing_data_folder_is_created_private(tmp_path):
    """Is a missing data folder created with mode 0700?"""
    path = tmp_path / "data" / "secret.key"
    load_or_create_secret(path)
    assert mode(path.parent) == 0o700


def test_secret_is_reused(tmp_path):
    """Does a second call return the same secret rather than a new one?"""
    path = tmp_path / "secret.key"
    assert load_or_create_secret(path) == load_or_create_secret(path)


def test_each_course_gets_its_own_random_secret(tmp_path):
    """Do two data folders get different secrets?"""
    assert load_or_create_secret(tmp_path / "a.key") != load_or_create_secret(tmp_path / "b.key")


def test_no_temporary_file_is_left_behind(tmp_path):
    """Is the folder left holding the secret file only?"""
    load_or_create_secret(tmp_path / "secret.key")
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]


@posix_only
@pytest.mark.parametrize("permissions", [0o644, 0o640, 0o604, 0o620])
def test_secret_other_users_can_use_is_refused(tmp_path, permissions):
    """Is a secret readable or writable by the group or by everyone refused?"""
    path = tmp_path / "secret.key"
    path.write_bytes(b"k" * 32)
    path.chmod(permissions)
    with pytest.raises(SecretFileError, match=f"{permissions:04o}.*chmod 600 {path}"):
        load_or_create_secret(path)


def test_short_secret_is_refused(tmp_path):
    """Is a 10-byte file refused, saying how many bytes it holds and needs?"""
    path = tmp_path / "secret.key"
    path.write_bytes(b"k" * 10)
    path.chmod(0o600)
    with pytest.raises(SecretFileError, match="holds 10 bytes; a secret needs at least 32"):
        load_or_create_secret(path)


def test_folder_in_place_of_the_secret_is_refused(tmp_path):
    """Is a directory at the secret's path refused as not a regular file?"""
    path = tmp_path / "secret.key"
    path.mkdir(mode=0o700)
    with pytest.raises(SecretFileError, match="is not a regular file"):
        load_or_create_secret(path)


def test_secret_errors_are_toolkit_errors(tmp_path):
    """Can callers catch a bad secret file as a CaseRateKitError?"""
    path = tmp_path / "secret.key"
    path.write_bytes(b"")
    path.chmod(0o600)
    with pytest.raises(ck.CaseRateKitError):
        load_or_create_secret(path)


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
    assert load_or_create_secret(path) == winner


def test_file_system_without_hard_links_still_gets_a_secret(tmp_path, monkeypatch):
    """Where hard links are not supported, is the secret created exclusively instead?"""

    def no_links(source, target):
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(_secrets.os, "link", no_links)
    path = tmp_path / "secret.key"
    secret = load_or_create_secret(path)
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
