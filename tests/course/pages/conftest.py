"""Fixtures shared by the tests in this folder."""

from __future__ import annotations

import pytest
from course_config import unpaced_config

from caserate_kit.course.pages._session import sign_in
from caserate_kit.course.records._store import Store


@pytest.fixture
def records(tmp_path, monkeypatch):
    """A records store in a fresh data folder (the session secret lives there too)."""
    data = tmp_path / "data"
    monkeypatch.setenv("CASERATE_DATA_DIR", str(data))
    monkeypatch.delenv("CASERATE_DB_URL", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    with Store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as store:
        yield store


@pytest.fixture
def ada(records):
    """A signed-in learner and her session token."""
    return sign_in(records, "Ada Byron", email="ada@example.org", license_number="LCSW 101")


@pytest.fixture
def unpaced(tmp_path, monkeypatch):
    """``course.toml`` with the post-test's pacing off, for tests that retake at once."""
    monkeypatch.setenv("CASERATE_CONFIG", str(unpaced_config(tmp_path)))
