"""needs-triage status: cases flagged as needing triage but left "awaiting approval" move to it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 17:00:00

Until issue 12 a triage that asked for a person set only the ``needs_triage`` flag and left the
case ``awaiting_approval``: the page and ``sendtriage stats`` said "needs triage" while the
queue's status filter (and the API's) found nothing. New triages now set the status; this moves
the open cases already in that state. Downgrading leaves them where they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE cases SET status = 'needs_triage'"
        " WHERE needs_triage AND status = 'awaiting_approval' AND NOT overridden"
    )


def downgrade() -> None:
    """Nothing to undo: ``needs_triage`` was always a valid status."""
