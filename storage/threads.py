"""Finding the case an inbound message belongs to: references first, then a case token."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Case, Draft, Message


def find_case_by_references(session: Session, message_ids: Sequence[str]) -> Case | None:
    """The case of the newest referenced message we stored or sent, or None.

    ``message_ids`` come newest first (In-Reply-To, then References right to left).
    """
    for mid in message_ids:
        if not mid:
            continue
        case_id = session.scalar(
            select(Draft.case_id).where(Draft.outgoing_message_id == mid).limit(1)
        )
        if case_id is None:
            case_id = session.scalar(
                select(Message.case_id)
                .where(Message.message_id_header == mid, Message.case_id.is_not(None))
                .order_by(Message.id.desc())
                .limit(1)
            )
        if case_id is not None:
            return session.get(Case, case_id)
    return None


def find_case_by_token(session: Session, case_id: int, sender: str | None) -> Case | None:
    """The case named by a subject token, but only when ``sender`` is that case's parent.

    Guessable numbers must not let anyone write into another family's case (zammad#5064).
    """
    case = session.get(Case, case_id)
    if case is None or not sender or (case.parent_address or "").lower() != sender.lower():
        return None
    return case
