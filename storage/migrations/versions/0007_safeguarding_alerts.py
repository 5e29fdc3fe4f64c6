"""safeguarding alerts: when the alert for a safeguarding case went out

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 17:50:00

Safeguarding cases already in the database count as alerted (at their last update): the
feature must not email a backlog the day it is deployed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("safeguarding_alerted_at", sa.DateTime(timezone=True),
                                      nullable=True))
    op.execute("UPDATE cases SET safeguarding_alerted_at = updated_at WHERE safeguarding")


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("safeguarding_alerted_at")
