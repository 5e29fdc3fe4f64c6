"""Advisers' reclassifications read back as labelled examples for retraining."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.labels import Category, NextStep
from storage.models import Case, Correction, Message, Triage


@dataclass(frozen=True)
class CorrectedMessage:
    """The message a triage read and the labels an adviser gave it in the end."""

    correction_id: int
    case_id: int
    message_id: int
    raw: bytes
    categories: tuple[Category, ...]
    next_step: NextStep | None
    safeguarding: bool
    corrected_at: datetime


def corrected_messages(session: Session, *, since: datetime | None = None
                       ) -> Iterator[CorrectedMessage]:
    """One row per corrected case, its latest correction, in correction order.

    An adviser may reclassify a case twice; the last word is the label. The message is the one
    the corrected triage read (a case's later reply may have been triaged instead of the first);
    a correction made before any triage falls back to the case's first message.
    """
    latest = (select(func.max(Correction.id)).group_by(Correction.case_id)).scalar_subquery()
    first_message = (select(func.min(Message.id)).where(Message.case_id == Correction.case_id)
                     .correlate(Correction).scalar_subquery())
    message_id = func.coalesce(Triage.message_id, first_message)
    query = (
        select(Correction, Case.safeguarding, Message)
        .join(Case, Case.id == Correction.case_id)
        .outerjoin(Triage, Triage.id == Correction.triage_id)
        .join(Message, Message.id == message_id)
        # A purged case's mail is gone (storage.retention): nothing left to learn from.
        .where(Correction.id.in_(latest), Case.purged_at.is_(None))
        .order_by(Correction.id)
    )
    if since is not None:
        query = query.where(Correction.created_at >= since)
    for correction, safeguarding, message in session.execute(query):
        yield CorrectedMessage(
            correction_id=correction.id, case_id=correction.case_id, message_id=message.id,
            raw=message.raw, categories=tuple(correction.new_categories),
            next_step=correction.new_next_step, safeguarding=bool(safeguarding),
            corrected_at=correction.created_at,
        )
