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

from caserate_kit.course.records.migrations._append_only import make_append_only

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "learner_details"


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
    make_append_only(TABLE)


def downgrade() -> None:
    """Drop the table (its triggers go with it)."""
    op.drop_table(TABLE)
