"""The JSON API: token auth, paged envelopes, cases, messages, drafts (approve/reject), stats."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.enums import DraftStatus
from storage.models import ApiToken, Draft, User
from storage.users import create_api_token, revoke_api_token
from tests.factories import case_with_thread
from tests.integration.web.web_builders import NOW, TODAY, csrf_from


@pytest.fixture
def tokens(session_factory: sessionmaker[Session], users: dict[str, int]) -> dict[str, str]:
    with session_factory.begin() as session:
        return {role: create_api_token(session, session.get_one(User, uid), f"{role} script")
                for role, uid in users.items()}


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _draft_id(factory: sessionmaker[Session], case_id: int) -> int:
    with factory() as session:
        return session.scalars(select(Draft.id).where(Draft.case_id == case_id)).one()


def test_cases_come_in_a_paged_envelope_in_urgency_order(
    anon: TestClient, factory_session: Session, tokens: dict[str, str]
) -> None:
    ids = [case_with_thread(subject=f"case {i}", draft_body=None,
                            deadline=TODAY + timedelta(days=10 - i)).id for i in range(5)]
    body = anon.get("/api/v1/cases?per_page=2&page=2", headers=_auth(tokens["adviser"])).json()
    assert {k: body[k] for k in ("total", "count", "page", "pages", "per_page")} == {
        "total": 5, "count": 2, "page": 2, "pages": 3, "per_page": 2}
    assert [item["id"] for item in body["items"]] == [ids[2], ids[1]]
    item = body["items"][0]
    assert item["type"] == "case"
    assert item["_url"] == f"/api/v1/cases/{ids[2]}"
    assert item["categories"] == ["appeal"]
    assert item["deadline"] == (TODAY + timedelta(days=8)).isoformat()


def test_cases_can_be_filtered_and_searched(
    anon: TestClient, factory_session: Session, tokens: dict[str, str]
) -> None:
    case_with_thread(categories=["appeal"], draft_body=None)
    wanted = case_with_thread(categories=["exclusion"], parent_address="kim@example.org",
                              draft_body=None).id
    headers = _auth(tokens["adviser"])
    assert [c["id"] for c in anon.get("/api/v1/cases?category=exclusion",
                                      headers=headers).json()["items"]] == [wanted]
    assert [c["id"] for c in anon.get("/api/v1/cases?query=kim@",
                                      headers=headers).json()["items"]] == [wanted]
    # 400, not 422: a bad query parameter is a bad request (issue 10), as on the pages.
    assert anon.get("/api/v1/cases?category=nonsense", headers=headers).status_code == 400
    assert anon.get("/api/v1/cases?per_page=1000", headers=headers).status_code == 400


def test_a_case_shows_its_triage_drafts_and_messages(
    anon: TestClient, factory_session: Session, tokens: dict[str, str]
) -> None:
    case_id = case_with_thread(attachments=[{"filename": "letter.pdf", "size": 10}]).id
    headers = _auth(tokens["adviser"])
    case = anon.get(f"/api/v1/cases/{case_id}", headers=headers).json()
    assert case["triage"]["next_step"] == "appeal"
    assert case["triage"]["evidence"]["appeal"][1] == "We want to appeal this decision."
    assert case["drafts"][0]["status"] == "draft"
    messages = anon.get(case["messages_url"], headers=headers).json()
    assert messages["total"] == 1
    message = messages["items"][0]
    assert message["from_address"] == "priya.parent@example.org"
    assert message["attachments"][0]["filename"] == "letter.pdf"
    assert "raw" not in message
    assert anon.get(message["_url"], headers=headers).json()["id"] == message["id"]
    assert anon.get(f"/api/v1/cases/{case_id + 1}", headers=headers).status_code == 404


def test_approve_through_the_api_checks_the_version_and_safeguarding(
    anon: TestClient, factory_session: Session,
    session_factory: sessionmaker[Session], tokens: dict[str, str]
) -> None:
    plain = case_with_thread().id
    safeguarding = case_with_thread(safeguarding=True).id
    headers = _auth(tokens["adviser"])
    plain_draft = _draft_id(session_factory, plain)
    stale = anon.post(f"/api/v1/drafts/{plain_draft}/approve", headers=headers,
                      json={"expected_version": 7})
    assert stale.status_code == 409
    approved = anon.post(f"/api/v1/drafts/{plain_draft}/approve", headers=headers,
                         json={"expected_version": 1})
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] == "adam.adviser@advice-line.example"
    again = anon.post(f"/api/v1/drafts/{plain_draft}/approve", headers=headers)
    assert again.status_code == 409
    sg_draft = _draft_id(session_factory, safeguarding)
    assert anon.post(f"/api/v1/drafts/{sg_draft}/approve", headers=headers).status_code == 409
    confirmed = anon.post(f"/api/v1/drafts/{sg_draft}/approve", headers=headers,
                          json={"confirm_safeguarding": True})
    assert confirmed.json()["status"] == "approved"


def test_reject_through_the_api(
    anon: TestClient, factory_session: Session,
    session_factory: sessionmaker[Session], tokens: dict[str, str]
) -> None:
    case_id = case_with_thread().id
    draft_id = _draft_id(session_factory, case_id)
    response = anon.post(f"/api/v1/drafts/{draft_id}/reject", headers=_auth(tokens["adviser"]),
                         json={"reason": "duplicate"})
    assert response.json()["status"] == "rejected"
    listed = anon.get("/api/v1/drafts?status=rejected", headers=_auth(tokens["adviser"])).json()
    assert [d["id"] for d in listed["items"]] == [draft_id]
    assert listed["items"][0]["last_error"] == "duplicate"


def test_stats_are_for_managers(
    anon: TestClient, factory_session: Session, tokens: dict[str, str]
) -> None:
    case_with_thread(created_at=NOW - timedelta(days=2))
    stats = anon.get("/api/v1/stats", headers=_auth(tokens["manager"])).json()
    assert stats["cases"]["by_category"]["appeal"] == 1
    assert stats["backlog"]["1–3 d"] == 1
    assert stats["drafts"]["by_status"]["draft"] == 1
    assert anon.get("/api/v1/stats", headers=_auth(tokens["adviser"])).status_code == 403


def test_a_revoked_token_stops_working_and_use_is_stamped(
    anon: TestClient, session_factory: sessionmaker[Session], tokens: dict[str, str],
    users: dict[str, int],
) -> None:
    assert anon.get("/api/v1/me", headers=_auth(tokens["adviser"])).json()["role"] == "adviser"
    with session_factory.begin() as session:
        row = session.scalars(select(ApiToken).where(ApiToken.user_id == users["adviser"])).one()
        assert row.last_used_at == NOW
        assert revoke_api_token(session, row.id, user=session.get(User, users["adviser"]))  # type: ignore[arg-type]
    assert anon.get("/api/v1/me", headers=_auth(tokens["adviser"])).status_code == 401


def test_tokens_are_stored_only_as_hashes(
    session_factory: sessionmaker[Session], tokens: dict[str, str]
) -> None:
    with session_factory() as session:
        stored = list(session.scalars(select(ApiToken.token_hash)))
    assert len(stored) == 3
    assert not set(stored) & set(tokens.values())
    assert all(len(h) == 64 for h in stored)


def test_an_adviser_creates_a_token_on_the_account_page_and_sees_it_once(
    adviser: TestClient, anon: TestClient
) -> None:
    token_field = csrf_from(adviser.get("/account").text)
    adviser.post("/account/tokens", data={"csrf_token": token_field, "name": "laptop"})
    page = adviser.get("/account").text
    shown = page.split('readonly value="', 1)[1].split('"', 1)[0]
    assert shown.startswith("st_")
    assert shown not in adviser.get("/account").text
    assert anon.get("/api/v1/me", headers=_auth(shown)).status_code == 200


def test_approved_drafts_can_be_listed(
    anon: TestClient, factory_session: Session, tokens: dict[str, str]
) -> None:
    case_with_thread(draft_status=DraftStatus.APPROVED)
    case_with_thread()
    listed = anon.get("/api/v1/drafts", headers=_auth(tokens["adviser"])).json()
    assert listed["total"] == 1 and listed["items"][0]["status"] == "draft"
    approved = anon.get("/api/v1/drafts?status=approved", headers=_auth(tokens["adviser"]))
    assert approved.json()["total"] == 1
