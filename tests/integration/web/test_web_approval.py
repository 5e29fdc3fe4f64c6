"""Approving a reply (issue 12): the History names the triage model in words, a deadline that
has passed must be confirmed before approval (page and API), and the page follows the reply."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.enums import CaseStatus, DraftStatus, EventAction
from storage.events import record_event
from storage.models import Draft, Event, User
from storage.users import create_api_token
from tests.factories import case_with_thread
from tests.integration.web.web_builders import NOW, TODAY, csrf_from


def _draft(factory: sessionmaker[Session], case_id: int) -> Draft:
    with factory() as session:
        return session.scalars(select(Draft).where(Draft.case_id == case_id)).one()


def _approve(client: TestClient, case_id: int, draft: Draft, **extra: str) -> None:
    csrf = csrf_from(client.get(f"/cases/{case_id}").text)
    response = client.post(f"/cases/{case_id}/draft", data={
        "csrf_token": csrf, "draft_id": draft.id, "version": draft.version,
        "subject": draft.subject, "body": draft.body, "action": "approve", **extra})
    assert response.status_code == 303


def test_history_names_the_triage_model_and_keeps_its_id_in_a_tooltip(
    adviser: TestClient, factory_session: Session,
) -> None:
    case_id = case_with_thread().id
    record_event(factory_session, EventAction.TRIAGE_RECORDED, actor="model:sendtriage-3.2",
                 case_id=case_id, at=NOW)
    factory_session.commit()
    html = adviser.get(f"/cases/{case_id}").text
    history = html[html.index('id="history"'):]
    assert '<span class="actor" title="model:sendtriage-3.2">Triage model</span>' in history
    assert ">model:sendtriage-3.2<" not in html


def test_approving_after_the_deadline_passed_is_refused_until_confirmed(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread(deadline=TODAY - timedelta(days=214)).id
    draft = _draft(session_factory, case_id)
    html = adviser.get(f"/cases/{case_id}").text
    assert 'name="confirm_deadline_passed"' in html
    assert "214 days ago" in html
    _approve(adviser, case_id, draft)
    assert _draft(session_factory, case_id).status == DraftStatus.DRAFT
    assert "The deadline passed on" in adviser.get(f"/cases/{case_id}").text
    _approve(adviser, case_id, draft, confirm_deadline_passed="1")
    assert _draft(session_factory, case_id).status == DraftStatus.APPROVED
    with session_factory() as session:
        event = session.scalars(select(Event).where(Event.action == "draft.approved")).one()
    assert event.detail == {"deadline_passed_days": 214}


def test_an_edit_sent_with_a_refused_approval_past_the_deadline_is_kept(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread(deadline=TODAY - timedelta(days=3)).id
    draft = _draft(session_factory, case_id)
    csrf = csrf_from(adviser.get(f"/cases/{case_id}").text)
    adviser.post(f"/cases/{case_id}/draft", data={
        "csrf_token": csrf, "draft_id": draft.id, "version": draft.version,
        "subject": draft.subject, "body": "The time limit has passed, but...", "action": "approve"})
    kept = _draft(session_factory, case_id)
    assert (kept.status, kept.body) == (DraftStatus.DRAFT, "The time limit has passed, but...")


def test_a_deadline_today_needs_no_confirmation(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread(deadline=TODAY).id
    draft = _draft(session_factory, case_id)
    assert 'name="confirm_deadline_passed"' not in adviser.get(f"/cases/{case_id}").text
    _approve(adviser, case_id, draft)
    assert _draft(session_factory, case_id).status == DraftStatus.APPROVED


def test_the_api_refuses_approval_past_the_deadline_without_confirmation(
    anon: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
    users: dict[str, int],
) -> None:
    case_id = case_with_thread(deadline=TODAY - timedelta(days=1)).id
    draft_id = _draft(session_factory, case_id).id
    with session_factory.begin() as session:
        token = create_api_token(session, session.get_one(User, users["adviser"]), "script")
    headers = {"Authorization": f"Bearer {token}"}
    refused = anon.post(f"/api/v1/drafts/{draft_id}/approve", headers=headers)
    assert refused.status_code == 409
    assert "deadline passed" in refused.json()["detail"]
    approved = anon.post(f"/api/v1/drafts/{draft_id}/approve", headers=headers,
                         json={"confirm_deadline_passed": True})
    assert approved.json()["status"] == "approved"


def test_after_approval_the_case_reads_approved_and_offers_the_next_case(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread(deadline=TODAY + timedelta(days=3)).id
    other = case_with_thread(subject="Next one", deadline=TODAY + timedelta(days=9)).id
    _approve(adviser, case_id, _draft(session_factory, case_id))
    html = adviser.get(f"/cases/{case_id}").text
    start = html.index('id="case-status"')
    header = html[start:html.index("</p>", start)]
    assert "Approved" in header and "Awaiting approval" not in header
    assert f'class="button primary next-case-after" href="/cases/{other}"' in html
    status = adviser.get(f"/cases/{case_id}/status").json()
    assert status == {"status": "approved", "label": "Approved", "final": False}


def test_the_status_endpoint_says_replied_once_the_reply_is_sent(
    adviser: TestClient, factory_session: Session,
) -> None:
    case_id = case_with_thread(status=CaseStatus.REPLIED, draft_status=DraftStatus.SENT).id
    assert adviser.get(f"/cases/{case_id}/status").json() == {
        "status": "replied", "label": "Replied", "final": True}
