"""Internal notes between advisers on a case: kept as audit events, never part of a reply."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InvalidTransition
from storage.enums import EventAction
from storage.events import record_event
from storage.models import Case, Event, User

MAX_NOTE: Final = 5000


def add_internal_note(session: Session, case_id: int, text: str, *, author: User,
                      now: datetime) -> Event:
    """Record ``text`` as an internal note by ``author`` on the case (the ``case.note_added``
    event holds it). Raises ``InvalidTransition`` for an unknown case or an empty or too long
    note. A second call adds a second note."""
    note = text.strip()
    if session.get(Case, case_id) is None:
        raise InvalidTransition(f"case {case_id} does not exist")
    if not note:
        raise InvalidTransition("an internal note needs some text")
    if len(note) > MAX_NOTE:
        raise InvalidTransition(f"an internal note is at most {MAX_NOTE} characters")
    return record_event(session, EventAction.CASE_NOTE_ADDED, actor=author.email,
                        case_id=case_id, detail={"text": note, "author": author.name or ""},
                        at=now)


def case_notes(session: Session, case_id: int) -> list[Event]:
    """The case's internal notes, oldest first."""
    return list(session.scalars(
        select(Event).where(Event.case_id == case_id,
                            Event.action == EventAction.CASE_NOTE_ADDED.value)
        .order_by(Event.created_at, Event.id)
    ))
