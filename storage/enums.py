"""The states and kinds stored in the database, as string enums shared with every package."""

from __future__ import annotations

from enum import StrEnum


class MessageStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    PROCESSED = "processed"
    QUARANTINED = "quarantined"


class CaseStatus(StrEnum):
    NEW = "new"
    AWAITING_APPROVAL = "awaiting_approval"
    NEEDS_TRIAGE = "needs_triage"
    REPLIED = "replied"
    CLOSED = "closed"


class DraftStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    REJECTED = "rejected"


ACTIVE_DRAFT_STATUSES = (DraftStatus.DRAFT, DraftStatus.APPROVED, DraftStatus.SENDING)


class Role(StrEnum):
    ADVISER = "adviser"
    MANAGER = "manager"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
