"""dashboard indexes: open cases by deadline, quarantined messages by date

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 17:30:00

With the dashboard aggregated in SQL (issue 11), two of its lists still read far more rows than
they show: SQLite walked every message newest first (reading each whole row) to find the few
quarantined ones, and counted deadlines at risk by reading every case with a past deadline,
closed or not. Both filter on a status first.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_status_deadline", "cases", ["status", "deadline"])
    op.create_index("ix_messages_status_received_at", "messages", ["status", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_messages_status_received_at", "messages")
    op.drop_index("ix_cases_status_deadline", "cases")
