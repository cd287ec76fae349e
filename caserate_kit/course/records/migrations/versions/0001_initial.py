"""Create the course records tables, append-only.

Revision ID: 0001
Revises:
Create Date: 2024-11-23

Every table gets triggers that refuse ``UPDATE`` and ``DELETE`` (and, on
PostgreSQL, ``TRUNCATE``): the records are evidence for trainers and CE
accreditors, so they are only ever added to.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from caserate_kit.course.records.migrations._append_only import (
    PG_FUNCTION,
    create_refusal_function,
    make_append_only,
)
from caserate_kit.course.records.migrations._append_only import id_column as _id
from caserate_kit.course.records.migrations._append_only import learner_id_column as _learner_id
from caserate_kit.course.records.migrations._append_only import moment_column as _moment

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "learners",
    "lesson_visits",
    "attempts",
    "responses",
    "submissions",
    "evaluations",
    "completions",
    "certificates",
)


def _create_tables() -> None:
    op.create_table(
        "learners",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("license_number", sa.String(100)),
        sa.Column("external_id", sa.String(200), unique=True),
        _moment("created_at"),
    )
    op.create_table(
        "lesson_visits",
        _id(),
        _learner_id(),
        sa.Column("lesson_id", sa.String(100), nullable=False),
        sa.Column("event", sa.String(5), nullable=False),
        _moment("at"),
        sa.CheckConstraint("event IN ('open', 'close')", name="event"),
    )
    op.create_index(None, "lesson_visits", ["learner_id", "lesson_id"])
    op.create_table(
        "attempts",
        _id(),
        _learner_id(),
        sa.Column("quiz_id", sa.String(100), nullable=False),
        sa.Column("bank_version", sa.String(100), nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=False),
        _moment("started_at"),
    )
    op.create_index(None, "attempts", ["learner_id", "quiz_id"])
    op.create_index(None, "attempts", ["quiz_id"])
    op.create_table(
        "responses",
        _id(),
        sa.Column("attempt_id", sa.String(36), sa.ForeignKey("attempts.id"), nullable=False),
        sa.Column("question_key", sa.String(200), nullable=False),
        sa.Column("answer_json", sa.Text, nullable=False),
        _moment("at"),
    )
    op.create_index(None, "responses", ["attempt_id", "question_key"])
    op.create_table(
        "submissions",
        sa.Column("attempt_id", sa.String(36), sa.ForeignKey("attempts.id"), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
        _moment("submitted_at"),
        sa.CheckConstraint("score >= 0 AND score <= 1", name="score"),
    )
    op.create_table(
        "evaluations",
        _id(),
        _learner_id(),
        sa.Column("course_id", sa.String(100), nullable=False),
        sa.Column("objectives_met", sa.Boolean, nullable=False),
        sa.Column("relevance", sa.Integer, nullable=False),
        sa.Column("ratings_json", sa.Text, nullable=False),
        sa.Column("comments", sa.Text, nullable=False),
        _moment("at"),
        sa.CheckConstraint("relevance >= 1 AND relevance <= 5", name="relevance"),
    )
    op.create_index(None, "evaluations", ["learner_id", "course_id"])
    op.create_table(
        "completions",
        _id(),
        _learner_id(),
        sa.Column("course_id", sa.String(100), nullable=False),
        _moment("completed_at"),
        sa.UniqueConstraint("learner_id", "course_id"),
    )
    op.create_table(
        "certificates",
        _id(),
        sa.Column("code", sa.String(100), nullable=False, unique=True),
        _learner_id(),
        sa.Column("course_id", sa.String(100), nullable=False),
        _moment("issued_at"),
        sa.Column("completion_date", sa.Date, nullable=False),
        sa.Column("ce_hours", sa.Float, nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.CheckConstraint("format IN ('home study', 'live')", name="format"),
        sa.CheckConstraint("ce_hours > 0", name="ce_hours"),
    )
    op.create_index(None, "certificates", ["learner_id"])


def upgrade() -> None:
    """Create the tables and their append-only triggers."""
    _create_tables()
    if op.get_bind().dialect.name == "postgresql":
        create_refusal_function()
    for table in TABLES:
        make_append_only(table)


def downgrade() -> None:
    """Drop the tables (their triggers go with them) and the trigger function."""
    for table in reversed(TABLES):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION {PG_FUNCTION}()")
