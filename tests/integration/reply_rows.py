"""Rows for the reply tests: an adviser, a parent's case, message and triage, and its draft."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from replies.drafting import create_draft
from storage.drafts import approve_draft
from storage.enums import CaseStatus
from storage.models import Case, Draft, Message, Triage, User

NOW = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
PARENT = "jo.parent@example.org"


@dataclass(frozen=True)
class Seeded:
    case_id: int
    message_id: int
    draft_id: int
    adviser_id: int


def inbound_raw(message_id: str = "<parent.1@example.org>") -> bytes:
    return (
        f"From: Jo Parent <{PARENT}>\r\nTo: advice@advice-line.example\r\n"
        f"Subject: Council refused to assess\r\nMessage-ID: {message_id}\r\n"
        "Date: Tue, 10 Mar 2026 19:00:00 +0000\r\n\r\n"
        "The council refused an EHC needs assessment for Sam, letter dated 10 March.\r\n\r\nJo\r\n"
    ).encode()


def add_adviser(session: Session, email: str = "adviser@advice-line.example") -> User:
    user = User(email=email, name="Ada Adviser", password_hash="x")
    session.add(user)
    session.flush()
    return user


def add_message(
    session: Session, case: Case, message_id: str = "<parent.1@example.org>",
    *, automatic: bool = False,
) -> Message:
    raw = inbound_raw(message_id)
    message = Message(
        raw=raw, size=len(raw), content_sha256=hashlib.sha256(raw).hexdigest(),
        message_id_header=message_id, case_id=case.id, from_address=PARENT,
        from_name="Jo Parent", subject="Council refused to assess", sent_at=NOW,
        new_text="The council refused an EHC needs assessment for Sam.", references=[],
        automatic=automatic,
    )
    session.add(message)
    session.flush()
    return message


def add_triage(session: Session, message: Message, case: Case) -> Triage:
    triage = Triage(
        message_id=message.id, case_id=case.id, model_version="m1", categories=["appeal"],
        next_step="appeal", decision_date=date(2026, 3, 10), deadline=date(2026, 5, 11),
        confidence=0.93, evidence={"appeal": ["The council refused an EHC needs assessment."]},
        details={"facts": {"parent_name": "Jo", "child_name": "Sam",
                           "council": "Eastmere Council",
                           "decision_type": "refuse_assessment"},
                 "notes": [], "needs_human": False},
    )
    session.add(triage)
    session.flush()
    return triage


def seed_draft(
    factory: sessionmaker[Session], *, safeguarding: bool = False, approve: bool = False
) -> Seeded:
    """A parent's appeal case with one drafted reply (approved by the adviser if asked)."""
    with factory.begin() as session:
        adviser = add_adviser(session)
        case = Case(parent_address=PARENT, parent_name="Jo Parent",
                    subject="Council refused to assess", categories=["appeal"],
                    next_step="appeal", deadline=date(2026, 5, 11), safeguarding=safeguarding,
                    status=CaseStatus.AWAITING_APPROVAL)
        session.add(case)
        session.flush()
        message = add_message(session, case)
        triage = add_triage(session, message, case)
        draft = create_draft(session, case=case, message=message, triage=triage, now=NOW)
        assert draft is not None
        if approve:
            approve_draft(session, draft.id, approver=adviser, confirm_safeguarding=safeguarding,
                          now=NOW)
        return Seeded(case.id, message.id, draft.id, adviser.id)


def load_draft(factory: sessionmaker[Session], draft_id: int) -> Draft:
    with factory() as session:
        draft = session.get(Draft, draft_id)
        assert draft is not None
        session.expunge(draft)
        return draft
