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


class MessageFlag(StrEnum):
    """Remarks the worker keeps on an inbound message for the adviser."""

    SUBJECT_CHANGED = "subject_changed"


class EventAction(StrEnum):
    """What an audit event records; the history page and the dashboard read these."""

    MESSAGE_RECEIVED = "message.received"
    MESSAGE_REDELIVERED = "message.redelivered"
    MESSAGE_QUARANTINED = "message.quarantined"
    MESSAGE_REQUEUED = "message.requeued"
    MESSAGE_AUTOMATIC = "message.automatic"
    CASE_OPENED = "case.opened"
    CASE_MESSAGE_ADDED = "case.message_added"
    CASE_ASSIGNED = "case.assigned"
    CASE_CLAIMED = "case.claimed"
    CASE_RECLASSIFIED = "case.reclassified"
    CASE_CLOSED = "case.closed"
    CASE_REOPENED = "case.reopened"
    CASE_SAFEGUARDING_ALERTED = "case.safeguarding_alerted"
    CASE_NOTE_ADDED = "case.note_added"
    TRIAGE_RECORDED = "triage.recorded"
    DRAFT_CREATED = "draft.created"
    DRAFT_SKIPPED = "draft.skipped"
    DRAFT_REDRAFTED = "draft.redrafted"
    DRAFT_EDITED = "draft.edited"
    DRAFT_APPROVED = "draft.approved"
    DRAFT_REJECTED = "draft.rejected"
    DRAFT_SENDING = "draft.sending"
    DRAFT_SENT = "draft.sent"
    DRAFT_SEND_RETRY = "draft.send_retry"
    DRAFT_SEND_UNKNOWN = "draft.send_unknown"
    DRAFT_FAILED = "draft.failed"
    DRAFT_FILE_ATTACHED = "draft.file_attached"
    DRAFT_FILE_REMOVED = "draft.file_removed"
    USER_CREATED = "user.created"
    USER_ROLE_CHANGED = "user.role_changed"
    USER_DEACTIVATED = "user.deactivated"
    USER_REACTIVATED = "user.reactivated"
    # Event names, not secrets (ruff takes "password"/"token" in a name for one).
    USER_PASSWORD_CHANGED = "user.password_changed"  # noqa: S105
    TOKEN_CREATED = "token.created"  # noqa: S105
    TOKEN_REVOKED = "token.revoked"  # noqa: S105
    AUTH_LOGIN = "auth.login"
    AUTH_LOGIN_FAILED = "auth.login_failed"
    AUTH_LOGIN_THROTTLED = "auth.login_throttled"
    AUTH_LOGOUT = "auth.logout"
    RETENTION_PURGED = "retention.purged"
