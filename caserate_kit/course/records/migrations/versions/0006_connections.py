"""Add what the connections to an agency's own systems need: LMS launches and deliveries.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

- ``lti_launches``: each launch from the agency's learning management system
  (LTI 1.3): who the LMS said the learner is (its user id, name and e-mail),
  which registration (issuer, client id, deployment id) and where grades go
  (the Assignment and Grade Services line items address). The newest launch of
  a learner counts.
- ``deliveries``: each try to send a record to the LMS (a grade) or to a
  learning record store (an xAPI statement), sent or not, with what went wrong
  and when the next try is due. What has no successful try is still waiting:
  the outbox is these rows read against the records, so nothing written to the
  records can be lost by a crash or a restart.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from caserate_kit.course.records.migrations._append_only import id_column as _id
from caserate_kit.course.records.migrations._append_only import make_append_only
from caserate_kit.course.records.migrations._append_only import moment_column as _moment

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the two tables (append-only)."""
    op.create_table(
        "lti_launches",
        _id(),
        sa.Column("external_id", sa.String(200), nullable=False),
        sa.Column("issuer", sa.String(300), nullable=False),
        sa.Column("client_id", sa.String(200), nullable=False),
        sa.Column("deployment_id", sa.String(200), nullable=False),
        sa.Column("lms_user_id", sa.String(300), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("context_id", sa.String(300), nullable=True),
        sa.Column("resource_link_id", sa.String(300), nullable=True),
        sa.Column("lineitems_url", sa.Text(), nullable=True),
        sa.Column("scopes", sa.Text(), nullable=True),
        _moment("at"),
    )
    op.create_index(None, "lti_launches", ["external_id", "at"])
    make_append_only("lti_launches")
    op.create_table(
        "deliveries",
        _id(),
        sa.Column("destination", sa.String(20), nullable=False),
        sa.Column("item", sa.String(200), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=True),
        _moment("at"),
    )
    op.create_index(None, "deliveries", ["destination", "item"])
    op.create_index(None, "deliveries", ["destination", "at"])
    make_append_only("deliveries")


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_table("deliveries")
    op.drop_table("lti_launches")
