"""What the migrations share: the records' usual columns and the append-only triggers.

Every migration that creates a table makes it append-only with
:func:`make_append_only`: triggers that refuse ``UPDATE`` and ``DELETE`` (and,
on PostgreSQL, ``TRUNCATE``). Past migrations run this code too, so it must
keep doing exactly what it does; a new need gets a new function.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = [
    "PG_FUNCTION",
    "create_refusal_function",
    "id_column",
    "learner_id_column",
    "make_append_only",
    "moment_column",
]

PG_FUNCTION = "caserate_refuse_change"
"""The PostgreSQL trigger function that refuses a change (created by revision 0001)."""


def id_column() -> sa.Column[str]:
    """A text primary key ``id`` (a UUID)."""
    return sa.Column("id", sa.String(36), primary_key=True)


def learner_id_column() -> sa.Column[str]:
    """The ``learner_id`` every learner's row carries."""
    return sa.Column("learner_id", sa.String(36), sa.ForeignKey("learners.id"), nullable=False)


def moment_column(name: str) -> sa.Column[object]:
    """A required moment in time, with its time zone."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def create_refusal_function() -> None:
    """On PostgreSQL, the trigger function that every table's triggers call."""
    op.execute(
        f"""
        CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'The % records are append-only: rows cannot be changed or deleted.',
                TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END
        $$
        """
    )


def make_append_only(table: str) -> None:
    """Add the triggers that refuse changing or deleting ``table``'s rows."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action, verb in (("UPDATE", "changed"), ("DELETE", "deleted")):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, "
                f"'The {table} records are append-only: rows cannot be {verb}.'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
        )
    else:  # pragma: no cover - only the two supported databases reach here
        raise NotImplementedError(f"append-only triggers are not written for {dialect}")
