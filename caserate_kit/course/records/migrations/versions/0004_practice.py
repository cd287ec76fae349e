"""Add practice: the refreshers a learner takes after passing, kept apart from credit.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

A refresher is a few questions drawn from the lessons a learner passed,
mostly ones they missed. Its result is kept so the course home knows when
the next one is due; it never counts toward a score, a pass or CE credit,
so it lives in a table of its own, append-only like every other.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from caserate_kit.course.records.migrations._append_only import id_column as _id
from caserate_kit.course.records.migrations._append_only import learner_id_column as _learner_id
from caserate_kit.course.records.migrations._append_only import make_append_only
from caserate_kit.course.records.migrations._append_only import moment_column as _moment

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the practice table, its index and its append-only triggers."""
    op.create_table(
        "practice_results",
        _id(),
        _learner_id(),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
        _moment("at"),
        sa.CheckConstraint("score >= 0 AND score <= 1", name="score"),
    )
    op.create_index(None, "practice_results", ["learner_id"])
    make_append_only("practice_results")


def downgrade() -> None:
    """Drop the table (its triggers go with it)."""
    op.drop_table("practice_results")
