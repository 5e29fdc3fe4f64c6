"""Retention: delete the personal content of cases closed longer than the helpline's policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from storage.enums import CaseStatus, EventAction, MessageStatus
from storage.events import record_event
from storage.models import (
    AttachmentText,
    Case,
    Correction,
    Draft,
    DraftAttachment,
    DraftRevision,
    Event,
    Message,
    Triage,
)

# Cases updated per statement: keeps each IN list well under every driver's parameter limit.
BATCH = 500


@dataclass(frozen=True)
class PurgeCounts:
    """How many rows a purge emptied (or, in a dry run, would empty); no personal data."""

    cases: int = 0
    messages: int = 0
    triages: int = 0
    drafts: int = 0
    draft_revisions: int = 0
    corrections: int = 0
    notes: int = 0
    attachment_texts: int = 0
    reply_files: int = 0
    reasons: int = 0
    unfiled_messages: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts by row kind, as printed and recorded in the audit event."""
        return asdict(self)


def retention_cutoff(now: datetime, retention_days: int) -> datetime | None:
    """Cases closed before this instant are due; None when the policy keeps everything (0)."""
    return None if retention_days <= 0 else now - timedelta(days=retention_days)


def purge_expired_cases(session: Session, *, now: datetime, retention_days: int,
                        dry_run: bool = False) -> PurgeCounts:
    """Empty the personal content of every case closed more than ``retention_days`` before
    ``now`` and not purged yet; record one ``retention.purged`` event (counts only).

    Kept: the case row's labels, status, dates, flags and counts, so the dashboard and
    ``sendtriage stats`` count the same before and after. A dry run counts and changes nothing.
    """
    cutoff = retention_cutoff(now, retention_days)
    if cutoff is None:
        return PurgeCounts()
    # A purged case that got new mail and was closed again holds new content: due once more.
    due = select(Case.id).where(
        Case.status == CaseStatus.CLOSED, Case.closed_at < cutoff,
        or_(Case.purged_at.is_(None), Case.purged_at < Case.closed_at)).order_by(Case.id)
    # Locked (PostgreSQL) so a case reopened meanwhile waits for the purge rather than racing it.
    case_ids = list(session.scalars(due if dry_run else due.with_for_update()))
    totals = PurgeCounts()
    for start in range(0, len(case_ids), BATCH):
        batch = case_ids[start:start + BATCH]
        counts = _count(session, batch)
        if not dry_run:
            _empty(session, batch, now)
        totals = PurgeCounts(**{kind: total + counts.as_dict()[kind]
                                for kind, total in totals.as_dict().items()})
    totals = replace(totals, unfiled_messages=_purge_unfiled(session, cutoff, dry_run))
    if not dry_run:
        record_event(session, EventAction.RETENTION_PURGED,
                     detail={**totals.as_dict(), "retention_days": retention_days}, at=now)
    return totals


def _count(session: Session, case_ids: Sequence[int]) -> PurgeCounts:
    def count(stmt: Select[int]) -> int:
        return int(session.scalar(stmt) or 0)

    messages = select(Message.id).where(Message.case_id.in_(case_ids))
    drafts = select(Draft.id).where(Draft.case_id.in_(case_ids))
    return PurgeCounts(
        cases=len(case_ids),
        messages=count(select(func.count()).where(Message.case_id.in_(case_ids))),
        triages=count(select(func.count()).where(Triage.message_id.in_(messages))),
        drafts=count(select(func.count()).where(Draft.case_id.in_(case_ids))),
        draft_revisions=count(select(func.count()).where(DraftRevision.draft_id.in_(drafts))),
        corrections=count(select(func.count()).where(Correction.case_id.in_(case_ids))),
        notes=count(select(func.count()).where(*_notes_of(case_ids))),
        attachment_texts=count(select(func.count()).where(
            AttachmentText.message_id.in_(messages))),
        reply_files=count(select(func.count()).where(DraftAttachment.draft_id.in_(drafts))),
        reasons=count(select(func.count()).where(*_reasons_of(case_ids))),
    )


def _notes_of(case_ids: Sequence[int]) -> tuple[ColumnElement[bool], ...]:
    # Advisers' internal notes live in the audit trail (storage.notes) and may quote the parent.
    return (Event.case_id.in_(case_ids), Event.action == EventAction.CASE_NOTE_ADDED.value)


def _reasons_of(case_ids: Sequence[int]) -> tuple[ColumnElement[bool], ...]:
    # The reason an adviser types when closing a case or rejecting a draft may quote the parent.
    return (Event.case_id.in_(case_ids), Event.action.in_(
        [EventAction.CASE_CLOSED.value, EventAction.DRAFT_REJECTED.value]))


def _unfiled_due(cutoff: datetime) -> tuple[ColumnElement[bool], ...]:
    # Mail that never joined a case (automatic replies, bounces, unreadable mail set aside) has
    # no closing date: it is due by when it arrived. An emptied message has no raw bytes left.
    return (Message.case_id.is_(None), Message.received_at < cutoff,
            Message.status.in_([MessageStatus.PROCESSED, MessageStatus.QUARANTINED]),
            func.length(Message.raw) > 0)


def _purge_unfiled(session: Session, cutoff: datetime, dry_run: bool) -> int:
    due = select(Message.id).where(*_unfiled_due(cutoff)).order_by(Message.id)
    message_ids = list(session.scalars(due))
    if not dry_run:
        for start in range(0, len(message_ids), BATCH):
            _empty_messages(session, Message.id.in_(message_ids[start:start + BATCH]))
    return len(message_ids)


def _empty_messages(session: Session, which: ColumnElement[bool]) -> None:
    # Hashes, Message-IDs, sizes, statuses and times stay: they name no one, and threading and
    # redelivery detection still recognise the message.
    session.execute(update(Message).where(which).values(
        raw=b"", envelope_from="", from_address=None, from_name=None, via_address=None,
        subject=None, new_text=None, full_text=None, html=None, attachments=[],
        last_error=None), execution_options={"synchronize_session": False})
    # What was read from the parent's attachments goes with the raw mail.
    session.execute(delete(AttachmentText).where(
        AttachmentText.message_id.in_(select(Message.id).where(which))),
        execution_options={"synchronize_session": False})


def _empty_reasons(session: Session, case_ids: Sequence[int]) -> None:
    # Only the typed reason goes; the rest of the detail (the status it was closed from) stays.
    for event in session.scalars(select(Event).where(*_reasons_of(case_ids))):
        event.detail = {**(event.detail or {}), "reason": ""}


def _empty(session: Session, case_ids: Sequence[int], now: datetime) -> None:
    messages = select(Message.id).where(Message.case_id.in_(case_ids))
    drafts = select(Draft.id).where(Draft.case_id.in_(case_ids))
    _empty_messages(session, Message.case_id.in_(case_ids))
    _empty_reasons(session, case_ids)
    # The files advisers attached to replies (a model letter filled in with the child's
    # details) go with the raw mail.
    session.execute(delete(DraftAttachment).where(DraftAttachment.draft_id.in_(drafts)),
                    execution_options={"synchronize_session": False})
    session.execute(update(Triage).where(Triage.message_id.in_(messages)).values(
        evidence={}, details={}), execution_options={"synchronize_session": False})
    session.execute(update(DraftRevision).where(DraftRevision.draft_id.in_(drafts)).values(
        body=""), execution_options={"synchronize_session": False})
    session.execute(update(Draft).where(Draft.case_id.in_(case_ids)).values(
        to_address="", subject="", body="", adviser_notes=[], last_error=None,
        updated_at=now),
        execution_options={"synchronize_session": False})
    # An adviser's reason for reclassifying may quote the parent; the labels stay.
    session.execute(update(Correction).where(Correction.case_id.in_(case_ids)).values(
        text=""), execution_options={"synchronize_session": False})
    # The note's author is shown from the event's actor; only the text goes.
    session.execute(update(Event).where(*_notes_of(case_ids)).values(detail={"text": ""}),
                    execution_options={"synchronize_session": False})
    session.execute(update(Case).where(Case.id.in_(case_ids)).values(
        parent_address=None, parent_name=None, subject="", purged_at=now, updated_at=now),
        execution_options={"synchronize_session": False})
