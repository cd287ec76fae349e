"""Add what keeps the records trustworthy: frozen certificate holders, passcode failures, the key.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

- A certificate now carries the name and license number it was issued to
  (``holder_name``, ``holder_license``), so correcting "Your details" later
  cannot relabel it; a correction issues a new certificate that names the one
  it ``replaces``. Certificates issued before this revision have no holder
  columns and keep showing the learner's details.
- ``passcode_failures``: every wrong trainer passcode, with the address it
  came from, so that the lockout holds across pages and restarts.
- ``signing_keys``: the fingerprint of the secret that signs links and
  certificates, so that a lost or swapped ``secret.key`` is noticed at start.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from caserate_kit.course.records.migrations._append_only import id_column as _id
from caserate_kit.course.records.migrations._append_only import make_append_only
from caserate_kit.course.records.migrations._append_only import moment_column as _moment

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOLDER_COLUMNS = ("holder_name", "holder_license", "replaces")


def upgrade() -> None:
    """Add the certificate holder columns and the two tables (append-only)."""
    with op.batch_alter_table("certificates", recreate="never") as batch:
        batch.add_column(sa.Column("holder_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("holder_license", sa.String(100), nullable=True))
        batch.add_column(sa.Column("replaces", sa.String(100), nullable=True))
    op.create_table(
        "passcode_failures",
        _id(),
        sa.Column("client", sa.String(100), nullable=False),
        _moment("at"),
    )
    op.create_index(None, "passcode_failures", ["client", "at"])
    op.create_index(None, "passcode_failures", ["at"])
    make_append_only("passcode_failures")
    op.create_table(
        "signing_keys",
        _id(),
        sa.Column("fingerprint", sa.String(100), nullable=False),
        _moment("at"),
    )
    make_append_only("signing_keys")


def downgrade() -> None:
    """Drop the two tables and the holder columns."""
    op.drop_table("signing_keys")
    op.drop_table("passcode_failures")
    with op.batch_alter_table("certificates") as batch:
        for name in reversed(HOLDER_COLUMNS):
            batch.drop_column(name)
