"""Attachments: the text read from inbound ones, and files advisers attach to draft replies.

Inbound files stay in the raw mail (``core.mailparts`` finds them again); what was read from
them is kept here per attachment. A reply's files are stored with its draft and can change
only while the draft is a draft. None of these functions commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.errors import InvalidTransition
from storage.enums import DraftStatus, EventAction
from storage.events import record_event
from storage.models import AttachmentText, Draft, DraftAttachment, User


class ReadingRecord(Protocol):
    """What storage keeps of one attachment's reading (``ingest.attachments``)."""

    @property
    def position(self) -> int: ...
    @property
    def sha256(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def pages(self) -> int | None: ...
    @property
    def note(self) -> str: ...
    @property
    def preview_png(self) -> bytes | None: ...


def record_readings(session: Session, message_id: int, readings: Sequence[ReadingRecord], *,
                    now: datetime) -> None:
    """Keep what was read from each attachment of ``message_id``.

    Repeatable: an attachment already recorded keeps its first reading (a second call adds
    only positions not stored yet).
    """
    stored = set(session.scalars(
        select(AttachmentText.position).where(AttachmentText.message_id == message_id)))
    for reading in readings:
        if reading.position in stored:
            continue
        session.add(AttachmentText(
            message_id=message_id, position=reading.position, sha256=reading.sha256,
            kind=reading.kind, status=str(reading.status), text=reading.text or None,
            pages=reading.pages, note=reading.note[:500], preview_png=reading.preview_png,
            created_at=now))
    session.flush()


@dataclass(frozen=True)
class ReadingView:
    """What the case page shows of a reading (the preview's bytes stay in the database)."""

    status: str
    kind: str
    text: str
    pages: int | None
    note: str
    has_preview: bool


def readings_for(session: Session, message_ids: Sequence[int]) -> dict[tuple[int, int],
                                                                        ReadingView]:
    """The stored readings of these messages' attachments, by (message id, position)."""
    if not message_ids:
        return {}
    rows = session.execute(select(
        AttachmentText.message_id, AttachmentText.position, AttachmentText.status,
        AttachmentText.kind, AttachmentText.text, AttachmentText.pages, AttachmentText.note,
        AttachmentText.preview_png.is_not(None),
    ).where(AttachmentText.message_id.in_(message_ids)))
    return {(mid, pos): ReadingView(status, kind, text or "", pages, note, bool(preview))
            for mid, pos, status, kind, text, pages, note, preview in rows}


def reading_of(session: Session, message_id: int, position: int) -> AttachmentText | None:
    """The stored reading of one attachment, or None."""
    return session.scalar(select(AttachmentText).where(
        AttachmentText.message_id == message_id, AttachmentText.position == position))


# --- files attached to replies ----------------------------------------------------------------


def _editable_draft(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id, populate_existing=True)
    if draft is None:
        raise InvalidTransition(f"draft {draft_id} does not exist")
    if draft.status != DraftStatus.DRAFT:
        raise InvalidTransition("files can be attached or removed only before the reply is "
                                "approved")
    return draft


def attach_to_draft(session: Session, draft_id: int, *, filename: str, content_type: str,
                    data: bytes, actor: User, now: datetime) -> DraftAttachment:
    """Store ``data`` as a file sent with draft ``draft_id`` (``draft.file_attached``; the
    event names no file: a file name can name the child, and events outlive retention).

    The caller has checked the file's type and size. Raises ``InvalidTransition`` unless the
    draft is still a draft. Each call adds a file (attaching twice sends two copies).
    """
    draft = _editable_draft(session, draft_id)
    row = DraftAttachment(draft_id=draft_id, filename=filename[:255],
                          content_type=content_type[:100], size=len(data),
                          sha256=hashlib.sha256(data).hexdigest(), data=data,
                          added_by=actor.email, created_at=now)
    session.add(row)
    session.flush()
    record_event(session, EventAction.DRAFT_FILE_ATTACHED, actor=actor.email,
                 case_id=draft.case_id, draft_id=draft_id,
                 detail={"attachment_id": row.id, "size": row.size}, at=now)
    return row


def remove_from_draft(session: Session, draft_id: int, attachment_id: int, *, actor: User,
                      now: datetime) -> None:
    """Take file ``attachment_id`` off draft ``draft_id`` (``draft.file_removed``).

    Raises ``InvalidTransition`` unless the draft is still a draft and holds that file.
    """
    draft = _editable_draft(session, draft_id)
    row = session.get(DraftAttachment, attachment_id)
    if row is None or row.draft_id != draft_id:
        raise InvalidTransition("no such file on this draft")
    session.execute(delete(DraftAttachment).where(DraftAttachment.id == attachment_id))
    session.expire(draft, ["attachments"])
    record_event(session, EventAction.DRAFT_FILE_REMOVED, actor=actor.email,
                 case_id=draft.case_id, draft_id=draft_id,
                 detail={"attachment_id": attachment_id}, at=now)


def draft_files(session: Session, draft_id: int) -> list[DraftAttachment]:
    """The files attached to draft ``draft_id``, oldest first."""
    return list(session.scalars(select(DraftAttachment).where(
        DraftAttachment.draft_id == draft_id).order_by(DraftAttachment.id)))
