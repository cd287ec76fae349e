"""The alembic environment of the course records.

Alembic runs this file. Given a connection in ``config.attributes``
(see :func:`caserate_kit.course.records.migrations.upgrade_to_head`), it migrates
inside that connection's transaction; otherwise it connects to
``sqlalchemy.url`` or to the store's default URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from caserate_kit.course._paths import database_url
from caserate_kit.course.records._tables import METADATA


def _migrate(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=METADATA, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Run the migrations alembic asked for."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or database_url()
    engine = create_engine(url)
    try:
        with engine.begin() as own_connection:
            _migrate(own_connection)
    finally:
        engine.dispose()


def _run_by_alembic() -> bool:
    # Importing this module outside alembic (pytest's doctest collection does)
    # must not run migrations: alembic sets context.config only while it runs.
    return getattr(context, "config", None) is not None


if _run_by_alembic():
    run()
