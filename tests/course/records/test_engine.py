"""Opening the records: read-only (nothing created, nothing migrated) and the integrity check."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.exc import DBAPIError

from caserate_kit.course.records._store import (
    RecordsDamagedError,
    RecordsNotFoundError,
    RecordsOutOfDateError,
    RecordsReadOnlyError,
    Store,
)
from caserate_kit.course.records.migrations import alembic_config, current_revision


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return inspect(connection).get_table_names()
    finally:
        engine.dispose()


def _with_learners(path, count: int = 100) -> str:
    url = f"sqlite:///{path}"
    with Store(url) as store:
        for number in range(count):
            store.add_learner(f"Learner {number}", email=f"learner{number}@example.org")
    return url


def test_reading_records_that_are_not_there_creates_nothing(tmp_path, monkeypatch):
    """With a mistyped data folder, is there one message naming the file, and no folder made?"""
    folder = tmp_path / "no-such-folder"
    monkeypatch.setenv("CASERATE_DATA_DIR", str(folder))
    monkeypatch.delenv("CASERATE_DB_URL", raising=False)
    with pytest.raises(RecordsNotFoundError) as refused:
        Store(read_only=True)
    assert str(refused.value) == (
        f"No course records at {folder / 'records.sqlite3'}: check CASERATE_DATA_DIR "
        "(the data folder) or CASERATE_DB_URL. Nothing was created."
    )
    assert not folder.exists()


def test_reading_an_empty_database_runs_no_migration(store_url):
    """Is an empty database (SQLite or PostgreSQL) reported as holding no records, and left
    empty?"""
    with pytest.raises(RecordsNotFoundError, match="No course records at"):
        Store(store_url, read_only=True)
    if store_url.startswith("sqlite"):
        sqlite3.connect(store_url.removeprefix("sqlite:///")).close()  # an empty file
        with pytest.raises(RecordsNotFoundError):
            Store(store_url, read_only=True)
    assert _tables(store_url) == []


def test_records_opened_to_read_are_read_and_never_written(store_url):
    """Does a read-only store give back the learners and refuse every write?"""
    with Store(store_url) as store:
        ada = store.add_learner("Ada Byron")
    with Store(store_url, read_only=True) as reader:
        assert reader.read_only
        assert [learner.id for learner in reader.all_learners()] == [ada.id]
        with pytest.raises(RecordsReadOnlyError, match="opened for reading only"):
            reader.add_learner("Ben Marsh")
    with Store(store_url) as store:
        assert len(store.all_learners()) == 1


def test_the_database_itself_is_opened_read_only(store_url):
    """Is the SQLite file (or the PostgreSQL session) read-only, so that even SQL sent past
    the store's methods cannot write?"""
    Store(store_url).close()
    with Store(store_url, read_only=True) as reader:
        engine = reader._engine
        with pytest.raises(DBAPIError, match=r"read-?only"), engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE intruder (x integer)")


def test_older_records_are_left_as_they_are(tmp_path):
    """Are records at an older revision refused (say how to upgrade them) and not upgraded?"""
    from alembic import command

    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0004")
    with pytest.raises(RecordsOutOfDateError) as refused:
        Store(url, read_only=True)
    assert "at revision 0004" in str(refused.value)
    assert "caserate-course serve" in str(refused.value)
    with engine.connect() as connection:
        assert current_revision(connection) == "0004"
    engine.dispose()


def test_healthy_records_pass_the_integrity_check(store_url):
    """Does the check pass on good records, on both back ends?"""
    with Store(store_url) as store:
        store.add_learner("Ada Byron")
        store.check_integrity()


def test_a_damaged_records_file_is_refused(tmp_path):
    """With garbage written into the middle of a real records file, is it refused, naming the
    file and the backup, whether opened to write (then checked) or to read?"""
    path = tmp_path / "records.sqlite3"
    url = _with_learners(path)
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2)
        file.write(b"garbage!" * 512)
    with Store(url) as store, pytest.raises(RecordsDamagedError) as refused:
        store.check_integrity()
    message = str(refused.value)
    assert message.startswith(f"The course records file {path} is damaged (")
    assert "restore the file from your latest backup of the data folder" in message
    assert "\n" not in message
    with pytest.raises(RecordsDamagedError):
        Store(url, read_only=True)


@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_that_is_no_database_is_refused(tmp_path, read_only):
    """Is a file that is not a database at all refused as damaged, and left as it was?"""
    path = tmp_path / "records.sqlite3"
    text = "These are my notes, not course records.\n" * 200
    path.write_text(text)
    with pytest.raises(RecordsDamagedError, match="file is not a database"):
        Store(f"sqlite:///{path}", read_only=read_only)
    assert path.read_text() == text


def test_records_that_cannot_be_written_say_so_and_where(tmp_path):
    """Is a write SQLite refuses (a read-only file) a clear error naming the file, at once
    rather than after retrying as for a busy database?"""
    from sqlalchemy import event

    from caserate_kit.course.records import RecordsNotWritableError

    path = tmp_path / "records.sqlite3"
    with Store(f"sqlite:///{path}") as store:
        event.listen(
            store._engine, "connect", lambda con, _rec: con.execute("PRAGMA query_only = ON")
        )
        store._engine.dispose()
        with pytest.raises(RecordsNotWritableError, match=f"{path} cannot be written: the file"):
            store.add_learner("Read Only")
