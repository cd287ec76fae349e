"""Add who a learner is across computers: personal codes, sessions, sign-outs, merges.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

A returning learner proves who they are with their email and a personal code
(its hash is kept); each sign-in is a session that expires and can be ended;
wrong codes are counted per email; and a trainer can record that two learner
records are one person. All append-only, like every other table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from caserate_kit.course.records.migrations._append_only import id_column as _id
from caserate_kit.course.records.migrations._append_only import learner_id_column as _learner_id
from caserate_kit.course.records.migrations._append_only import make_append_only
from caserate_kit.course.records.migrations._append_only import moment_column as _moment

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("personal_codes", "sessions", "session_ends", "sign_in_refusals", "learner_merges")


def _create_tables() -> None:
    op.create_table(
        "personal_codes",
        _id(),
        _learner_id(),
        sa.Column("code_hash", sa.String(200), nullable=False),
        sa.Column("set_by", sa.String(20), nullable=False),
        _moment("at"),
        sa.CheckConstraint("set_by IN ('sign-in', 'trainer')", name="set_by"),
    )
    op.create_index(None, "personal_codes", ["learner_id"])
    op.create_table("sessions", _id(), _learner_id(), _moment("started_at"), _moment("expires_at"))
    op.create_index(None, "sessions", ["learner_id"])
    op.create_table(
        "session_ends",
        _id(),
        _learner_id(),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id")),
        _moment("at"),
    )
    op.create_index(None, "session_ends", ["learner_id"])
    op.create_index(None, "session_ends", ["session_id"])
    op.create_table(
        "sign_in_refusals",
        _id(),
        sa.Column("email", sa.String(320), nullable=False),
        _moment("at"),
    )
    op.create_index(None, "sign_in_refusals", ["email", "at"])
    op.create_table(
        "learner_merges",
        _id(),
        sa.Column(
            "learner_id", sa.String(36), sa.ForeignKey("learners.id"), nullable=False, unique=True
        ),
        sa.Column("into_id", sa.String(36), sa.ForeignKey("learners.id"), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        _moment("at"),
        sa.CheckConstraint("learner_id <> into_id", name="not_itself"),
    )


def upgrade() -> None:
    """Create the tables, their indexes and their append-only triggers."""
    _create_tables()
    for table in TABLES:
        make_append_only(table)


def downgrade() -> None:
    """Drop the tables (their triggers go with them)."""
    for table in reversed(TABLES):
        op.drop_table(table)
