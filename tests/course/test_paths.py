"""Where the course keeps its content, records and secrets."""

from pathlib import Path

from caserate_kit.course._paths import (
    config_path,
    course_root,
    data_dir,
    database_url,
    secret_path,
)

ROOT = Path(__file__).resolve().parents[2]


def test_records_default_to_a_data_folder_outside_the_course(monkeypatch, tmp_path):
    """Without settings, are records kept in ~/.local/share, outside the served folder?"""
    monkeypatch.delenv("CASERATE_DATA_DIR", raising=False)
    monkeypatch.delenv("CASERATE_DB_URL", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = data_dir(create=False)
    assert folder == tmp_path / ".local" / "share" / "caserate-course"
    assert not folder.is_relative_to(course_root())
    assert database_url() == f"sqlite:///{folder / 'records.sqlite3'}"


def test_the_data_folder_is_private_when_created(monkeypatch, tmp_path):
    """Is a new data folder readable by its owner only?"""
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "records"))
    assert data_dir().stat().st_mode & 0o777 == 0o700


def test_finding_the_records_to_read_them_makes_no_folder(monkeypatch, tmp_path):
    """With create=False, are the records' and the secret's places given without making the
    data folder (a command that only reads must not leave one behind)?"""
    folder = tmp_path / "mistyped"
    monkeypatch.setenv("CASERATE_DATA_DIR", str(folder))
    monkeypatch.delenv("CASERATE_DB_URL", raising=False)
    assert database_url(create=False) == f"sqlite:///{folder / 'records.sqlite3'}"
    assert secret_path(create=False) == folder / "secret.key"
    assert not folder.exists()
    assert secret_path() == folder / "secret.key"
    assert folder.is_dir()


def test_a_database_url_setting_wins(monkeypatch):
    """Does CASERATE_DB_URL choose the records database (PostgreSQL, say)?"""
    monkeypatch.setenv("CASERATE_DB_URL", "postgresql+psycopg://trainer@/course")
    assert database_url() == "postgresql+psycopg://trainer@/course"


def test_the_course_folder_is_found_from_the_package():
    """Is the course folder the one holding quizzes/ and lessons/?"""
    assert course_root() == ROOT
    assert config_path() == ROOT / "course.toml"
