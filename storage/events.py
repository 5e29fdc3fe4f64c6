"""Appending to the audit trail; every state change in the project goes through here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.clock import utcnow
from storage.enums import EventAction
from storage.models import Event


def record_event(
    session: Session,
    action: EventAction,
    *,
    actor: str = "system",
    case_id: int | None = None,
    message_id: int | None = None,
    draft_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Event:
    """Add one audit event to ``session`` (committed with the caller's transaction)."""
    event = Event(
        action=action,
        actor=actor,
        case_id=case_id,
        message_id=message_id,
        draft_id=draft_id,
        detail=detail or {},
        created_at=at or utcnow(),
    )
    session.add(event)
    return event
