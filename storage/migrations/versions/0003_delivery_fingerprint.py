"""delivery fingerprint: a resent message (whitespace aside) is recognised as a redelivery

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 17:20:00

Rows stored before this revision keep a NULL fingerprint; ``store_inbound`` compares their raw
bytes instead, so no backfill is needed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_fingerprint", sa.String(length=64),
                                      nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_messages_message_id_header_delivery_fingerprint"),
            ["message_id_header", "delivery_fingerprint"])


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_messages_message_id_header_delivery_fingerprint"), type_="unique")
        batch_op.drop_column("delivery_fingerprint")
