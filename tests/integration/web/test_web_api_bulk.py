"""POST /api/v1/cases/bulk (issue 12): the bulk bar for API clients, with the page's checks."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.enums import CaseStatus, DraftStatus
from storage.models import Case, Draft, User
from storage.users import create_api_token
from tests.factories import case_with_thread


@pytest.fixture
def tokens(session_factory: sessionmaker[Session], users: dict[str, int]) -> dict[str, str]:
    with session_factory.begin() as session:
        return {role: create_api_token(session, session.get_one(User, uid), f"{role} script")
                for role, uid in users.items()}


def _bulk(client: TestClient, token: str, **payload: object) -> tuple[int, dict[str, object]]:
    response = client.post("/api/v1/cases/bulk", json=payload,
                           headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.json()


def _status(factory: sessionmaker[Session], case_id: int) -> CaseStatus:
    with factory() as session:
        return session.get_one(Case, case_id).status


def test_the_api_closes_many_cases_and_rejects_their_pending_drafts(
    anon: TestClient, tokens: dict[str, str], factory_session: Session,
    session_factory: sessionmaker[Session],
) -> None:
    ids = [case_with_thread().id, case_with_thread(subject="Copy").id]
    code, body = _bulk(anon, tokens["adviser"], action="close", reason="duplicate",
                       case_ids=ids)
    assert (code, body["count"]) == (200, 2)
    assert [item["status"] for item in body["items"]] == ["closed", "closed"]  # type: ignore[attr-defined]
    with session_factory() as session:
        assert set(session.scalars(select(Draft.status).where(Draft.case_id.in_(ids)))) == {
            DraftStatus.REJECTED}


def test_the_api_assigns_many_cases(
    anon: TestClient, tokens: dict[str, str], users: dict[str, int], factory_session: Session,
) -> None:
    ids = [case_with_thread().id, case_with_thread(subject="Copy").id]
    code, body = _bulk(anon, tokens["manager"], action="assign", case_ids=ids,
                       assignee_id=users["other"])
    assert code == 200
    assert [item["assignee"] for item in body["items"]] == [  # type: ignore[attr-defined]
        "olu.adviser@advice-line.example"] * 2


@pytest.mark.parametrize(("case_ids", "said"), [
    ([999999], "no such case: #999999"), ([2**40], "case_ids must be from 1 to")])
def test_the_api_answers_400_for_a_bad_case_and_changes_nothing(
    anon: TestClient, tokens: dict[str, str], factory_session: Session,
    session_factory: sessionmaker[Session], case_ids: list[int], said: str,
) -> None:
    case_id = case_with_thread().id
    code, body = _bulk(anon, tokens["adviser"], action="close", reason="spam",
                       case_ids=[case_id, *case_ids])
    assert code == 400
    assert said in str(body["detail"])
    assert _status(session_factory, case_id) == CaseStatus.AWAITING_APPROVAL


def test_the_api_refuses_an_adviser_another_advisers_case(
    anon: TestClient, tokens: dict[str, str], users: dict[str, int], factory_session: Session,
    session_factory: sessionmaker[Session],
) -> None:
    theirs = case_with_thread(assignee_id=users["other"]).id
    code, _ = _bulk(anon, tokens["adviser"], action="close", reason="spam", case_ids=[theirs])
    assert code == 403
    assert _status(session_factory, theirs) == CaseStatus.AWAITING_APPROVAL


def test_the_api_refuses_closing_a_safeguarding_case_with_409(
    anon: TestClient, tokens: dict[str, str], factory_session: Session,
    session_factory: sessionmaker[Session],
) -> None:
    flagged = case_with_thread(safeguarding=True).id
    code, body = _bulk(anon, tokens["manager"], action="close", reason="spam",
                       case_ids=[flagged])
    assert code == 409
    assert "safeguarding case" in str(body["detail"])
    assert _status(session_factory, flagged) == CaseStatus.AWAITING_APPROVAL


def test_the_api_needs_a_token(anon: TestClient, factory_session: Session) -> None:
    case_id = case_with_thread().id
    assert anon.post("/api/v1/cases/bulk", json={"action": "close", "reason": "spam",
                                                 "case_ids": [case_id]}).status_code == 401
