"""Fixtures of the course tests: a records store on SQLite and on PostgreSQL.

``store_url`` (and ``store``) run a test twice: on a fresh SQLite file, and on
PostgreSQL. Each test module gets a fresh PostgreSQL database with a random
name, dropped afterwards; each test gets a fresh schema inside it. The server
is the local one, reached over its Unix socket as the current user
(``CASERATE_TEST_PG_URL`` names another). If it cannot be reached the
PostgreSQL tests fail and say how to start it, unless
``CASERATE_SKIP_POSTGRES=1`` is set.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course.records._store import Store

from .helpers import notebook

PG_ADMIN_URL = os.environ.get(
    "CASERATE_TEST_PG_URL", "postgresql+psycopg:///postgres?host=/var/run/postgresql"
)
SKIP_POSTGRES = "CASERATE_SKIP_POSTGRES"


def _admin_engine(url: str) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _unreachable(error: OperationalError) -> str:
    cause = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    return f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({cause})"


@pytest.fixture(scope="module")
def postgres_database() -> Iterator[str]:
    """The URL of a fresh PostgreSQL database, dropped after the module."""
    admin = _admin_engine(PG_ADMIN_URL)
    name = f"caserate_test_{secrets.token_hex(6)}"
    problem = None
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        problem = _unreachable(error)
    if problem is not None and os.environ.get(SKIP_POSTGRES) == "1":
        pytest.skip(f"{problem}; skipped because {SKIP_POSTGRES}=1")
    if problem is not None:
        pytest.fail(
            f"{problem}. Start it with `bash scripts/postgres.sh`, "
            f"or set {SKIP_POSTGRES}=1 to skip the PostgreSQL half of the tests.",
            pytrace=False,
        )
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _fresh_schema(database_url: str) -> str:
    """A new, empty schema in the database, as a URL that works inside it."""
    schema = f"test_{secrets.token_hex(6)}"
    engine = _admin_engine(database_url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _empty_database(request: pytest.FixtureRequest, factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{factory.mktemp('records') / 'records.sqlite3'}"
    return _fresh_schema(request.getfixturevalue("postgres_database"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of an empty records database: a SQLite file, or a PostgreSQL schema."""
    return _empty_database(request, tmp_path_factory)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """Like ``store_url``, but shared by the tests of a module that only read it."""
    return _empty_database(request, tmp_path_factory)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A records store on an empty database, closed after the test."""
    with Store(store_url) as opened:
        yield opened


# A small class, for the trainer dashboard and its records ----------------------------------

CLASS_ITEMS = [
    "l01-core-concepts-single-1",
    "l01-core-concepts-single-2",
    "l01-core-concepts-single-3",
]


@pytest.fixture
def class_items() -> list[str]:
    """The item ids of the three questions in the class's results."""
    return list(CLASS_ITEMS)


@pytest.fixture
def names():
    """Learner names no other test uses, so a leak cannot come from elsewhere."""
    token = secrets.token_hex(4)
    return [f"Ada Quill-{token}", f"Ben Marsh-{token}", f"=Cal Reyes-{token}"]


@pytest.fixture
def records_url(tmp_path, names):
    """A store where Ada passed lesson 1 on her 2nd try, Ben failed once, Cal opened lesson 3."""
    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    start = datetime.now(UTC) - timedelta(hours=2)
    with Store(url) as store:
        ada, ben, cal = (store.add_learner(name, email=None) for name in names)
        for learner, rights in ((ada, [0, 1, 1]), (ada, [1, 1, 1]), (ben, [1, 0, 0])):
            attempt = store.start_attempt(learner.id, "lesson-01", "v1", seed=1)
            result = {
                "items": [{"key": f"q{n}", "correct": bool(r)} for n, r in enumerate(rights)],
                "item_ids": {f"q{n}": item for n, item in enumerate(CLASS_ITEMS)},
            }
            score = sum(rights) / 3
            store.submit_attempt(attempt.id, score, score >= 0.8, result)
        store.record_visit(ada.id, "lesson-01", "open", at=start)
        store.record_visit(ada.id, "lesson-01", "close", at=start + timedelta(minutes=25))
        store.record_visit(cal.id, "lesson-03", "open", at=start)
    return url


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder with lesson 1 of 3,000 words and no post-test yet."""
    (tmp_path / "lessons").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "lessons" / LESSONS[0].notebook).write_text(notebook(3_000))
    shutil.copy(Path(__file__).resolve().parents[2] / "course.toml", tmp_path)
    monkeypatch.setenv("CASERATE_COURSE_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def seeded(module_store_url: str) -> Iterator[Store]:
    """Records for the reports and the xAPI statements: three learners; one passed after a
    retake, one failed, one holds only a certificate."""
    with Store(module_store_url) as store:
        grace = store.add_learner("Grace Hopper", "grace@example.org", "LMHC-42")
        for score, passed in ((0.5, False), (0.875, True)):
            attempt = store.start_attempt(grace.id, "posttest-03", "v1", seed=1)
            store.record_response(attempt.id, "q1", "b")
            store.submit_attempt(attempt.id, score, passed, {})
        store.record_completion(grace.id, "lesson-03")
        store.record_certificate(grace.id, "lesson-03", "CRK-TEST-0001", date(2024, 5, 1), 1.5)
        ada = store.add_learner("Ada Byron")
        failed = store.start_attempt(ada.id, "posttest-03", "v1", seed=2)
        store.submit_attempt(failed.id, 0.25, False, {})
        store.start_attempt(ada.id, "posttest-03", "v1", seed=3)
        eve = store.add_learner("+Eve")
        store.record_certificate(eve.id, "lesson-03", "CRK-TEST-0002", date(2024, 5, 2), 1.5)
        yield store
