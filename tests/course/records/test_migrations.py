"""The alembic migrations of the records: they build what the store's tables describe, safely."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from caserate_kit.course.records._store import Store
from caserate_kit.course.records._tables import METADATA, TABLES
from caserate_kit.course.records.migrations import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_to_head,
)


def _upgrade(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            return upgrade_to_head(connection)
    finally:
        engine.dispose()


def test_upgrading_an_empty_database_gives_the_store_tables(store_url):
    """Does the upgraded database match the store's tables exactly (alembic finds no difference)?"""
    _upgrade(store_url)
    engine = create_engine(store_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, METADATA) == []
    finally:
        engine.dispose()


def test_upgrading_twice_is_harmless(store_url):
    """Does a second upgrade find nothing to do and change nothing?"""
    first, second = _upgrade(store_url), _upgrade(store_url)
    engine = create_engine(store_url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = current_revision(connection)
    finally:
        engine.dispose()
    assert (first, second, revision) == (True, False, head_revision())
    assert tables == {*TABLES, "alembic_version"}


def test_running_alembic_upgrade_again_is_harmless(store_url):
    """Does alembic's own upgrade command, run on a database at head, leave it as it is?"""
    _upgrade(store_url)
    engine = create_engine(store_url)
    try:
        for _ in range(2):
            with engine.begin() as connection:
                command.upgrade(alembic_config(connection), "head")
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision()
    finally:
        engine.dispose()


def test_opening_a_store_upgrades_the_database(store_url):
    """Is a new database at the newest revision once a store has opened it?"""
    Store(store_url).close()
    engine = create_engine(store_url)
    try:
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision()
    finally:
        engine.dispose()


def test_downgrading_and_upgrading_again_works(store_url):
    """Can the first revision be undone and redone (the triggers and function included)?"""
    _upgrade(store_url)
    engine = create_engine(store_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    assert _upgrade(store_url) is True


def test_the_migrations_are_installed_with_the_package():
    """Are env.py, the script template and the first revision shipped in the package?"""
    folder = resources.files("caserate_kit.course.records.migrations")
    names = {item.name for item in folder.iterdir()} | {
        f"versions/{item.name}" for item in folder.joinpath("versions").iterdir()
    }
    assert {"env.py", "script.py.mako", "versions/0001_initial.py"} <= names


def test_the_head_revision_constant_matches_the_migrations():
    """Does the cheap schema check compare against the newest migration in versions/?"""
    from caserate_kit.course.records.migrations import HEAD_REVISION

    assert head_revision() == HEAD_REVISION


def test_opening_the_records_does_not_import_alembic(tmp_path):
    """Does a page kernel that opens an up-to-date store stay free of alembic (10 MB)?"""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    script = (
        "import sys\n"
        "from caserate_kit.course.records._store import Store\n"
        f"Store({url!r}).close()\n"  # creates the schema: alembic runs
        "for name in [m for m in sys.modules if m.split('.')[0] == 'alembic']:\n"
        "    del sys.modules[name]\n"
        f"Store({url!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"
