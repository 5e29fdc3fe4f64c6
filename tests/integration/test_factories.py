"""The row factories build what the pipeline would have stored, visible to every new session."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.enums import DraftStatus
from storage.models import Case, Draft, Message, Triage
from storage.users import authenticate
from tests.factories import APPEAL_EVIDENCE, DraftFactory, UserFactory, case_with_thread

pytestmark = pytest.mark.integration


def test_a_case_with_its_thread_links_message_triage_and_draft(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread(subject="Refused", draft_status=DraftStatus.SENT).id
    with session_factory() as session:
        case = session.get_one(Case, case_id)
        message = session.scalars(select(Message).where(Message.case_id == case_id)).one()
        triage = session.scalars(select(Triage).where(Triage.message_id == message.id)).one()
        draft = session.scalars(select(Draft).where(Draft.case_id == case_id)).one()
    assert message.subject == case.subject == "Refused"
    assert message.raw.startswith(b"From: priya.parent@example.org\r\n")
    assert (triage.case_id, triage.categories, triage.deadline) == (
        case_id, case.categories, case.deadline)
    assert triage.evidence == APPEAL_EVIDENCE
    assert (draft.message_id, draft.triage_id) == (message.id, triage.id)
    assert draft.in_reply_to == message.message_id_header
    assert draft.subject == f"Re: Refused [ST-{case_id}]"
    assert draft.status == DraftStatus.SENT and draft.approved_at == draft.created_at


def test_each_draft_factory_call_builds_its_own_case(factory_session: Session) -> None:
    first, second = DraftFactory(), DraftFactory()
    assert first.case_id != second.case_id


def test_a_user_built_with_a_password_can_sign_in(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    UserFactory(email="ada@advice-line.example", password="correct horse battery")
    with session_factory() as session:
        assert authenticate(session, "ada@advice-line.example", "correct horse battery")
        assert authenticate(session, "ada@advice-line.example", "wrong") is None
