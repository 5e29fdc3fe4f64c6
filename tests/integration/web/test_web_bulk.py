"""Bulk actions from the queue (issue 12): one POST assigns or closes many cases, all or
nothing, with CSRF, every id checked and an adviser kept to their own or unassigned cases."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.enums import CaseStatus, DraftStatus
from storage.models import Case, Draft, Event
from tests.factories import case_with_thread
from tests.integration.web.web_builders import NOW, csrf_from


def _post(client: TestClient, csrf: str | None = None, **fields: object) -> Response:
    token = csrf if csrf is not None else csrf_from(client.get("/queue").text)
    response: Response = client.post("/queue/bulk", data={"csrf_token": token, **fields})
    return response


def _bulk(client: TestClient, csrf: str | None = None, **fields: object) -> int:
    return int(_post(client, csrf, **fields).status_code)


def _statuses(factory: sessionmaker[Session], *ids: int) -> list[CaseStatus]:
    with factory() as session:
        return [session.get(Case, i).status for i in ids]  # type: ignore[union-attr]


def _close_events(factory: sessionmaker[Session]) -> list[tuple[int | None, object]]:
    with factory() as session:
        return [(e.case_id, e.detail.get("reason")) for e in session.scalars(
            select(Event).where(Event.action == "case.closed").order_by(Event.case_id))]


def test_bulk_close_closes_every_ticked_case_and_records_the_reason_in_each_history(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    first, second = case_with_thread().id, case_with_thread(subject="Same again").id
    untouched = case_with_thread(subject="Another family").id
    assert _bulk(adviser, action="close", reason="duplicate",
                 case_ids=[str(first), str(second)]) == 303
    assert _statuses(session_factory, first, second, untouched) == [
        CaseStatus.CLOSED, CaseStatus.CLOSED, CaseStatus.AWAITING_APPROVAL]
    assert _close_events(session_factory) == [(first, "duplicate"), (second, "duplicate")]
    assert "2 cases closed as duplicate." in adviser.get("/queue").text
    assert "closed the case: “duplicate”" in adviser.get(f"/cases/{first}").text


def test_bulk_close_rejects_the_pending_drafts_so_nothing_is_sent(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread().id
    _bulk(adviser, action="close", reason="spam", case_ids=[str(case_id)])
    with session_factory() as session:
        draft = session.scalars(select(Draft).where(Draft.case_id == case_id)).one()
    assert (draft.status, draft.last_error) == (DraftStatus.REJECTED, "case closed as spam")


def test_bulk_assign_gives_every_ticked_case_to_the_chosen_adviser(
    adviser: TestClient, users: dict[str, int], factory_session: Session,
    session_factory: sessionmaker[Session],
) -> None:
    ids = [case_with_thread().id, case_with_thread(subject="Second").id]
    assert _bulk(adviser, action="assign", assignee_id=str(users["other"]),
                 case_ids=[str(i) for i in ids]) == 303
    with session_factory() as session:
        assert [session.get(Case, i).assignee_id for i in ids] == [users["other"]] * 2  # type: ignore[union-attr]
        assigned = session.scalars(select(Event.case_id).where(
            Event.action == "case.assigned", Event.created_at == NOW)).all()
    assert set(assigned) == set(ids)
    assert "2 cases assigned to Olu Adviser." in adviser.get("/queue").text


@pytest.mark.parametrize(("bad", "said"), [
    ("7; DROP", "case_ids must be a whole number"), ("999999", "no such case: #999999")])
def test_a_bad_case_id_is_a_400_naming_it_and_changes_nothing(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
    bad: str, said: str,
) -> None:
    case_id = case_with_thread().id
    response = _post(adviser, action="close", reason="spam", case_ids=[str(case_id), bad])
    assert response.status_code == 400
    assert said in response.text
    assert _statuses(session_factory, case_id) == [CaseStatus.AWAITING_APPROVAL]


def test_an_unknown_close_reason_is_a_400(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread().id
    assert _bulk(adviser, action="close", reason="bored", case_ids=[str(case_id)]) == 400
    assert _statuses(session_factory, case_id) == [CaseStatus.AWAITING_APPROVAL]


def test_a_bulk_action_without_the_csrf_token_is_refused(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread().id
    assert _bulk(adviser, csrf="forged", action="close", reason="spam",
                 case_ids=[str(case_id)]) == 403
    assert _statuses(session_factory, case_id) == [CaseStatus.AWAITING_APPROVAL]


def test_an_adviser_cannot_bulk_close_another_advisers_case(
    adviser: TestClient, users: dict[str, int], factory_session: Session,
    session_factory: sessionmaker[Session],
) -> None:
    mine = case_with_thread(assignee_id=users["adviser"]).id
    theirs = case_with_thread(subject="Olu's case", assignee_id=users["other"]).id
    response = _post(adviser, action="close", reason="resolved",
                     case_ids=[str(mine), str(theirs)])
    assert response.status_code == 403
    assert f"#{theirs} assigned to another adviser" in response.text
    assert _statuses(session_factory, mine, theirs) == [CaseStatus.AWAITING_APPROVAL] * 2


def test_a_manager_may_bulk_close_any_advisers_case(
    manager: TestClient, users: dict[str, int], factory_session: Session,
    session_factory: sessionmaker[Session],
) -> None:
    theirs = case_with_thread(assignee_id=users["other"]).id
    assert _bulk(manager, action="close", reason="resolved", case_ids=[str(theirs)]) == 303
    assert _statuses(session_factory, theirs) == [CaseStatus.CLOSED]


def test_bulk_close_refuses_a_safeguarding_case_and_changes_nothing(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    plain = case_with_thread().id
    flagged = case_with_thread(subject="Scared", safeguarding=True).id
    assert _bulk(adviser, action="close", reason="spam",
                 case_ids=[str(plain), str(flagged)]) == 303
    assert _statuses(session_factory, plain, flagged) == [CaseStatus.AWAITING_APPROVAL] * 2
    assert f"#{flagged} is a safeguarding case" in adviser.get("/queue").text


def test_bulk_close_refuses_while_a_reply_is_being_sent(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    sending = case_with_thread(draft_status=DraftStatus.SENDING).id
    assert _bulk(adviser, action="close", reason="duplicate", case_ids=[str(sending)]) == 303
    assert _statuses(session_factory, sending) == [CaseStatus.AWAITING_APPROVAL]
    assert "a reply is being sent" in adviser.get("/queue").text


def test_ticking_nothing_changes_nothing_and_says_so(
    adviser: TestClient, factory_session: Session,
) -> None:
    assert _bulk(adviser, action="close", reason="spam") == 303
    assert "Select at least one case first." in adviser.get("/queue").text


def test_after_a_bulk_action_the_queue_keeps_its_filters(
    adviser: TestClient, factory_session: Session,
) -> None:
    case_id = case_with_thread().id
    response = _post(adviser, action="close", reason="spam", case_ids=[str(case_id)],
                     back="category=appeal&evil=https://x.example&q=tribunal")
    assert response.headers["location"] == "/queue?q=tribunal&category=appeal"


def test_select_all_works_without_script_by_ticking_every_case_on_the_page(
    adviser: TestClient, factory_session: Session,
) -> None:
    ids = {case_with_thread().id, case_with_thread(subject="Second").id}
    html = adviser.get("/queue").text
    assert 'href="/queue?page=1&amp;select=all" class="select-all-link"' in html
    ticked = adviser.get("/queue?page=1&select=all").text
    assert {int(x) for x in re.findall(
        r'name="case_ids" value="(\d+)" aria-label="Select case #\d+" checked', ticked)} == ids


def test_the_forms_default_button_without_an_action_changes_nothing(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread().id
    assert _bulk(adviser, action="", reason="spam", case_ids=[str(case_id)]) == 303
    assert _statuses(session_factory, case_id) == [CaseStatus.AWAITING_APPROVAL]
    assert "Nothing was changed: press Assign or Close." in adviser.get("/queue").text
