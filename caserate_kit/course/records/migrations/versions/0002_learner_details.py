"""Add learner details: a learner's corrected name, email and license number.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Learners (under JupyterHub especially, where the hub gives only a user name)
can correct the name and license number printed on their certificates. The
records stay append-only: each correction is a new row, and the newest one
counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "learner_details"
PG_FUNCTION = "caserate_refuse_change"  # created by 0001


def upgrade() -> None:
    """Create the table, its index and its append-only triggers."""
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("learner_id", sa.String(36), sa.ForeignKey("learners.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("license_number", sa.String(100)),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(None, TABLE, ["learner_id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action, verb in (("UPDATE", "changed"), ("DELETE", "deleted")):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, "
                f"'The {TABLE} records are append-only: rows cannot be {verb}.'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
        )
    else:  # pragma: no cover - only the two supported databases reach here
        raise NotImplementedError(f"append-only triggers are not written for {dialect}")


def downgrade() -> None:
    """Drop the table (its triggers go with it)."""
    op.drop_table(TABLE)
