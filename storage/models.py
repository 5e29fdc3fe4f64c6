"""SQLAlchemy 2 models: messages, cases, triage results, drafts, users and the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from core.clock import utcnow
from core.labels import Category, NextStep
from storage.enums import CaseStatus, Direction, DraftStatus, MessageStatus, Role

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type[StrEnum], *, length: int = 32, checked: bool = True) -> Enum:
    # Stored as VARCHAR (with a CHECK when ``checked``) so SQLite and PostgreSQL behave the same;
    # an unknown value is refused on write and on read.
    return Enum(
        cls,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        create_constraint=checked,
        validate_strings=True,
        name=cls.__name__.lower(),
    )


def _label(cls: type[StrEnum]) -> Enum:
    # The triage vocabulary columns were plain VARCHAR(40) before the enums existed: the same
    # schema, without a CHECK.
    return _enum(cls, length=40, checked=False)


_Label = TypeVar("_Label", bound=StrEnum)


class LabelList(TypeDecorator[list[_Label]], Generic[_Label]):
    """A JSON list of vocabulary labels, read back as enum members (stored as plain strings)."""

    impl = JSON
    cache_ok = True

    def __init__(self, enum: type[_Label]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(
        self, value: list[_Label] | None, dialect: Dialect
    ) -> list[str] | None:
        return None if value is None else [self.enum(item).value for item in value]

    def process_result_value(
        self, value: list[str] | None, dialect: Dialect
    ) -> list[_Label] | None:
        return None if value is None else [self.enum(item) for item in value]


class UTCDateTime(TypeDecorator[datetime]):
    """Always timezone-aware UTC; SQLite drops the zone, so it is put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
    }


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role), default=Role.ADVISER)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class SavedView(Base):
    """A user's named queue filters (issue 12), listed on their queue page as a link."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(80))
    # The queue's query parameters ({"category": "appeal", "assignee": "me"}), kept tidy by web.
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here,
    so reading this table does not give anyone a usable session."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LoginFailure(Base):
    """Failed sign-ins counted under one throttle key (an account, an address, or both);
    the key is a SHA-256, so the table names no one."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(index=True)


class Case(Base):
    """A conversation with one parent; what the queue and dashboard show."""

    __tablename__ = "cases"
    __table_args__ = (
        # The dashboard's open cases by deadline (at risk, missed) without reading closed ones.
        Index("ix_cases_status_deadline", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_address: Mapped[str | None] = mapped_column(String(320), index=True)
    parent_name: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(998), default="")
    status: Mapped[CaseStatus] = mapped_column(
        _enum(CaseStatus), default=CaseStatus.NEW, index=True
    )
    categories: Mapped[list[Category]] = mapped_column(LabelList(Category), default=list)
    next_step: Mapped[NextStep | None] = mapped_column(_label(NextStep))
    triage_summary: Mapped[str] = mapped_column(Text, default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float | None] = mapped_column(Float)
    needs_triage: Mapped[bool] = mapped_column(Boolean, default=False)
    overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    first_response_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # When the safeguarding alert went out (None: none owed, or owed and not yet sent).
    safeguarding_alerted_at: Mapped[datetime | None]
    # When storage.retention deleted the case's personal content (None: still held).
    purged_at: Mapped[datetime | None]

    assignee: Mapped[User | None] = relationship()
    messages: Mapped[list[Message]] = relationship(back_populates="case", order_by="Message.id")
    drafts: Mapped[list[Draft]] = relationship(back_populates="case", order_by="Draft.id")


class Message(Base):
    """One email as received: the raw bytes are the source of truth, the rest is derived."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("message_id_header", "content_sha256"),
        UniqueConstraint("message_id_header", "delivery_fingerprint"),
        # The newest quarantined messages without walking every message by date.
        Index("ix_messages_status_received_at", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[Direction] = mapped_column(_enum(Direction), default=Direction.INBOUND)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    message_id_header: Mapped[str] = mapped_column(String(998), index=True)
    message_id_generated: Mapped[bool] = mapped_column(Boolean, default=False)
    # core.redelivery: sender and body with whitespace normalised (None: stored before 0003).
    delivery_fingerprint: Mapped[str | None] = mapped_column(String(64))
    envelope_from: Mapped[str] = mapped_column(String(320), default="")
    envelope_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[MessageStatus] = mapped_column(
        _enum(MessageStatus), default=MessageStatus.RECEIVED, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime | None]
    processed_at: Mapped[datetime | None]
    # When a queue entry is expected to run it (None: at ``received_at``, queued on arrival);
    # later after a failure (backoff). Overdue by a grace period means the entry was lost.
    next_attempt_at: Mapped[datetime | None]

    # Filled in by the worker from the parse.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    from_address: Mapped[str | None] = mapped_column(String(320))
    from_name: Mapped[str | None] = mapped_column(String(200))
    via_address: Mapped[str | None] = mapped_column(String(320))
    sent_at: Mapped[datetime | None]
    subject: Mapped[str | None] = mapped_column(Text)
    in_reply_to: Mapped[str | None] = mapped_column(String(998))
    references: Mapped[list[str]] = mapped_column(JSON, default=list)
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    automatic_reason: Mapped[str | None] = mapped_column(String(200))
    new_text: Mapped[str | None] = mapped_column(Text)
    full_text: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)

    case: Mapped[Case | None] = relationship(back_populates="messages")
    triages: Mapped[list[Triage]] = relationship(back_populates="message")


class AttachmentText(Base):
    """What the worker read from one attachment of an inbound message (issue 12).

    ``position`` is the attachment's index in ``Message.attachments``; the file itself stays
    in the raw mail. ``status`` is ``read``, ``unreadable`` (could not read: never retried) or
    ``not_read`` (a kind of file not read); ``note`` says why for a person. ``preview_png`` is
    an image attachment re-encoded by Pillow, the only form of it shown inline.
    """

    __tablename__ = "attachment_texts"
    __table_args__ = (UniqueConstraint("message_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="")
    status: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    preview_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Triage(Base):
    """The classifier's reading of one inbound message, by one model version."""

    __tablename__ = "triages"
    __table_args__ = (UniqueConstraint("message_id", "model_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    model_version: Mapped[str] = mapped_column(String(100))
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    categories: Mapped[list[Category]] = mapped_column(LabelList(Category), default=list)
    next_step: Mapped[NextStep] = mapped_column(_label(NextStep))
    decision_date: Mapped[date | None] = mapped_column(Date)
    certificate_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    message: Mapped[Message] = relationship(back_populates="triages")


class Draft(Base):
    """A reply an adviser must approve before it is sent; at most one active per message."""

    __tablename__ = "drafts"
    __table_args__ = (
        Index(
            "uq_drafts_active_per_message",
            "message_id",
            unique=True,
            sqlite_where=text("status IN ('draft', 'approved', 'sending')"),
            postgresql_where=text("status IN ('draft', 'approved', 'sending')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    triage_id: Mapped[int | None] = mapped_column(ForeignKey("triages.id"))
    status: Mapped[DraftStatus] = mapped_column(
        _enum(DraftStatus), default=DraftStatus.DRAFT, index=True
    )
    next_step: Mapped[NextStep] = mapped_column(_label(NextStep))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    drafted_by: Mapped[str] = mapped_column(String(100), default="")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    outgoing_message_id: Mapped[str | None] = mapped_column(String(998), unique=True)
    in_reply_to: Mapped[str | None] = mapped_column(String(998))
    references: Mapped[list[str]] = mapped_column(JSON, default=list)
    send_attempts: Mapped[int] = mapped_column(Integer, default=0)
    sending_since: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # For the adviser only, never sent: unconfirmed rules, unresolved dates, safeguarding.
    adviser_notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship(back_populates="drafts")
    approved_by: Mapped[User | None] = relationship()
    revisions: Mapped[list[DraftRevision]] = relationship(order_by="DraftRevision.id")
    attachments: Mapped[list[DraftAttachment]] = relationship(order_by="DraftAttachment.id")


class DraftAttachment(Base):
    """A file an adviser attached to a draft reply; sent with it (issue 12)."""

    __tablename__ = "draft_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DraftRevision(Base):
    """A previous text of a draft, kept on every edit (who changed what, when)."""

    __tablename__ = "draft_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    edited_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Correction(Base):
    """An adviser's change to the triage, kept for retraining and override statistics."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    triage_id: Mapped[int | None] = mapped_column(ForeignKey("triages.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    old_categories: Mapped[list[Category]] = mapped_column(LabelList(Category), default=list)
    new_categories: Mapped[list[Category]] = mapped_column(LabelList(Category), default=list)
    old_next_step: Mapped[NextStep | None] = mapped_column(_label(NextStep))
    new_next_step: Mapped[NextStep | None] = mapped_column(_label(NextStep))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Event(Base):
    """Append-only audit trail: every state change, by whom, on what."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"), index=True)
    actor: Mapped[str] = mapped_column(String(320), default="system")
    action: Mapped[str] = mapped_column(String(64), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
