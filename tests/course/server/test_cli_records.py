"""The caserate-course commands on the records: reading creates nothing, a lost or different
secret and damaged records are refused, and every such error is one line, never a traceback."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from caserate_kit.course._secrets import course_secret
from caserate_kit.course.records import Store
from caserate_kit.course.server._cli import main

CODE = "CRK-0000-0000-0000-0000"


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A data folder of the test's own, where the commands look for the records and secret."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CASERATE_DATA_DIR", str(folder))
    monkeypatch.delenv("CASERATE_DB_URL", raising=False)
    return folder


@pytest.fixture
def records(data):
    """The course's records in the data folder, made (with the secret) as the course starts."""
    with Store() as store:
        course_secret(store)
        store.add_learner("Ada Byron", email="ada@example.org")
        yield store


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("caserate-course: error: ")
    assert "Traceback" not in err
    return lines[0]


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", [["verify", CODE], ["report"], ["export-xapi"], ["learners"]])
def test_reading_with_a_mistyped_data_folder_creates_nothing(data, capsys, command):
    """Do verify, report, export-xapi and learners say there are no records there, in one
    line with exit status 2, and create no folder, records or secret?"""
    assert main(command) == 2
    line = _one_error_line(capsys)
    assert f"No course records at {data / 'records.sqlite3'}: check CASERATE_DATA_DIR" in line
    assert not data.exists()


@pytest.mark.parametrize("command", [["verify", CODE], ["report"], ["export-xapi"]])
def test_reading_commands_never_change_the_records(data, capsys, command):
    """Is the records file byte for byte the same after verify, report and export-xapi, even
    for records that hold no fingerprint of the secret yet (made before fingerprints)?"""
    with Store() as store:
        store.add_learner("Ada Byron")
    (data / "secret.key").write_bytes(bytes(range(32)))
    (data / "secret.key").chmod(0o600)
    before = _digest(data / "records.sqlite3")
    main(command)
    capsys.readouterr()
    assert _digest(data / "records.sqlite3") == before
    with Store() as store:
        assert store.signing_key() is None


def test_verify_with_the_secret_lost_refuses_and_makes_none(records, data, capsys):
    """With secret.key gone, does verify say so (naming the file and the backup) instead of
    calling every certificate a fake, and leave no new secret behind?"""
    (data / "secret.key").unlink()
    assert main(["verify", CODE]) == 2
    line = _one_error_line(capsys)
    assert f"The secret file {data / 'secret.key'} is missing" in line
    assert "backup of the data folder" in line
    assert not (data / "secret.key").exists()


def test_verify_with_another_secret_refuses(records, data, capsys):
    """With a secret.key that is not the records' own, does verify refuse it by name?"""
    (data / "secret.key").unlink()
    (data / "secret.key").write_bytes(os.urandom(32))
    (data / "secret.key").chmod(0o600)
    assert main(["verify", CODE]) == 2
    line = _one_error_line(capsys)
    assert "is not the secret these course records were made with" in line


def test_verify_with_the_records_own_secret_answers(records, capsys):
    """With the records and their secret in place, does verify answer as before?"""
    assert main(["verify", CODE]) == 1
    assert capsys.readouterr().err == ""


@pytest.fixture
def damaged(records, data):
    """The records file, with garbage written into its middle."""
    for number in range(100):
        records.add_learner(f"Learner {number}")
    records.close()
    path = data / "records.sqlite3"
    with path.open("r+b") as file:
        file.seek(path.stat().st_size // 2)
        file.write(b"garbage!" * 512)
    return path


@pytest.mark.parametrize(
    "command", [["verify", CODE], ["report"], ["learners"], ["reset-code", "ada@example.org"]]
)
def test_damaged_records_are_refused_by_every_command(damaged, capsys, command):
    """Does each command that opens the records refuse a damaged file, naming it?"""
    assert main(command) == 2
    line = _one_error_line(capsys)
    assert f"The course records file {damaged} is damaged" in line
    assert "restore the file from your latest backup" in line


def test_a_file_that_cannot_be_written_is_one_line(records, tmp_path, capsys):
    """Does `report --out` into a folder that is not there end in one line, not a traceback?"""
    target = tmp_path / "no-such-folder" / "progress.csv"
    assert main(["report", "--out", str(target)]) == 2
    line = _one_error_line(capsys)
    assert str(target) in line
    assert "No such file or directory" in line


def test_a_database_error_is_one_line(tmp_path, monkeypatch, capsys):
    """Does a database that cannot be opened end in one line naming the setting to check?"""
    monkeypatch.setenv("CASERATE_DB_URL", f"sqlite:///{tmp_path}")  # a folder, not a file
    assert main(["reset-code", "ada@example.org"]) == 2
    line = _one_error_line(capsys)
    assert "The course records could not be used (unable to open database file)" in line
    assert "CASERATE_DB_URL" in line


def test_the_command_itself_prints_no_traceback(tmp_path):
    """Run as a program, does a missing data folder give exit status 2 and one line?"""
    env = {**os.environ, "CASERATE_DATA_DIR": str(tmp_path / "typo")}
    env.pop("CASERATE_DB_URL", None)
    command = [sys.executable, "-m", "caserate_kit.course.server._cli", "verify", CODE]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("caserate-course: error: No course records at ")
    assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "typo").exists()


def test_verify_server_checks_the_secret_before_serving(records, data, capsys, monkeypatch):
    """Does verify-server refuse a lost secret before it listens?"""
    from caserate_kit.course.server import _verify_service

    def must_not_serve(*_args: object) -> None:
        raise AssertionError("the server was started")

    monkeypatch.setattr(_verify_service, "verify_server", must_not_serve)
    (data / "secret.key").unlink()
    assert main(["verify-server"]) == 2
    assert "secret.key is missing" in _one_error_line(capsys)
    assert not (data / "secret.key").exists()


def test_names_with_terminal_escapes_print_without_them(records, capsys):
    """Are a name's control characters (an old record's) left out of every command that prints
    learners: learners, reset-code and merge-learners?"""
    odd = records.add_learner("Eve\x1b[2J\x1b]0;owned\x07 Mallory", email="eve@example.org")
    other = records.add_learner("Eve Mallory", email="eve2@example.org")
    assert main(["learners"]) == 0
    assert main(["reset-code", "eve@example.org"]) == 0
    assert main(["merge-learners", other.id, odd.id]) == 0
    printed = capsys.readouterr()
    both = printed.out + printed.err
    assert "\x1b" not in both
    assert "\x07" not in both
    assert "Eve[2J]0;owned Mallory" in printed.out
