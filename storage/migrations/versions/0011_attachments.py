"""attachments: text read from inbound attachments, files attached to draft replies

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 19:50:00

Issue 12: attachments were listed only. The worker now reads PDF, DOCX and image attachments
(the file stays in the raw mail) and keeps the text per attachment; advisers can attach a file
to a reply, stored with the draft until it is sent.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachment_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("preview_png", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"],
                                name=op.f("fk_attachment_texts_message_id_messages")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment_texts")),
        sa.UniqueConstraint("message_id", "position",
                            name=op.f("uq_attachment_texts_message_id_position")),
    )
    op.create_index(op.f("ix_attachment_texts_message_id"), "attachment_texts", ["message_id"])
    op.create_table(
        "draft_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"],
                                name=op.f("fk_draft_attachments_draft_id_drafts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_attachments")),
    )
    op.create_index(op.f("ix_draft_attachments_draft_id"), "draft_attachments", ["draft_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_draft_attachments_draft_id"), "draft_attachments")
    op.drop_table("draft_attachments")
    op.drop_index(op.f("ix_attachment_texts_message_id"), "attachment_texts")
    op.drop_table("attachment_texts")
