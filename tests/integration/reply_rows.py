"""Jo's appeal for the reply tests: her case, email and triage built with the factories, and
the reply drafted by the real drafting code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from replies.drafting import create_draft
from storage.drafts import approve_draft
from storage.models import Case, Draft, Message, Triage
from tests.factories import CaseFactory, MessageFactory, TriageFactory, UserFactory

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


def jo_case(**fields: Any) -> Case:
    """Jo's appeal against the council's refusal to assess Sam, awaiting a reply."""
    values: dict[str, Any] = {
        "parent_address": PARENT, "parent_name": "Jo Parent",
        "subject": "Council refused to assess", "decision_date": None,
        "deadline": date(2026, 5, 11), "confidence": None, "created_at": NOW}
    return CaseFactory(**(values | fields))


def jo_message(case: Case, message_id: str = "<parent.1@example.org>", *,
               automatic: bool = False) -> Message:
    """Jo's email on ``case``, as the listener stored it."""
    return MessageFactory(
        case=case, message_id_header=message_id, raw=inbound_raw(message_id),
        from_name="Jo Parent", sent_at=NOW, automatic=automatic,
        new_text="The council refused an EHC needs assessment for Sam.")


def jo_triage(message: Message) -> Triage:
    """The classifier's reading of Jo's email: an appeal, with the facts a reply needs."""
    return TriageFactory(
        message=message, model_version="m1", decision_date=date(2026, 3, 10), confidence=0.93,
        evidence={"appeal": ["The council refused an EHC needs assessment."]},
        details={"facts": {"parent_name": "Jo", "child_name": "Sam",
                           "council": "Eastmere Council",
                           "decision_type": "refuse_assessment"},
                 "notes": [], "needs_human": False})


def seed_draft(session: Session, *, safeguarding: bool = False, approve: bool = False) -> Seeded:
    """Jo's case with one reply drafted by the real drafting code (approved by the adviser if
    asked); ``session`` is the factories' one (``factory_session``)."""
    adviser = UserFactory(email="adviser@advice-line.example")
    triage = jo_triage(jo_message(jo_case(safeguarding=safeguarding)))
    case = session.get_one(Case, triage.case_id)
    draft = create_draft(session, case=case, message=triage.message, triage=triage, now=NOW)
    assert draft is not None
    if approve:
        approve_draft(session, draft.id, approver=adviser, confirm_safeguarding=safeguarding,
                      now=NOW)
    session.commit()
    return Seeded(case.id, triage.message_id, draft.id, adviser.id)


def load_draft(factory: sessionmaker[Session], draft_id: int) -> Draft:
    with factory() as session:
        draft = session.get(Draft, draft_id)
        assert draft is not None
        session.expunge(draft)
        return draft
