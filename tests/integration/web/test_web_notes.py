"""Internal notes between advisers (issue 12): kept on the case as an audit event, shown in the
conversation as notes, never in the reply to the parent."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Draft, Event
from tests.factories import case_with_thread
from tests.integration.web.web_builders import NOW, csrf_from

NOTE = "Called the school SENCo: she will send the exclusion letter tomorrow."


def _add_note(client: TestClient, case_id: int, text: str, csrf: str | None = None) -> int:
    token = csrf if csrf is not None else csrf_from(client.get(f"/cases/{case_id}").text)
    return int(client.post(f"/cases/{case_id}/notes",
                           data={"csrf_token": token, "text": text}).status_code)


def test_an_internal_note_is_recorded_as_an_event_and_shown_as_a_note(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread().id
    assert _add_note(adviser, case_id, NOTE) == 303
    with session_factory() as session:
        event = session.scalars(select(Event).where(Event.action == "case.note_added")).one()
    assert (event.case_id, event.actor, event.created_at) == (
        case_id, "adam.adviser@advice-line.example", NOW)
    assert event.detail == {"text": NOTE, "author": "Adam Adviser"}
    html = adviser.get(f"/cases/{case_id}").text
    notes = html[html.index('id="notes"'):html.index('id="draft"')]
    assert 'class="message internal-note"' in notes and NOTE in notes
    assert "never sent to the parent" in notes
    assert "added an internal note" in html[html.index('id="history"'):]


def test_an_internal_note_never_enters_the_draft_reply(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread().id
    _add_note(adviser, case_id, NOTE)
    with session_factory() as session:
        draft = session.scalars(select(Draft).where(Draft.case_id == case_id)).one()
    assert "SENCo" not in draft.body


def test_an_empty_note_is_refused(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread().id
    _add_note(adviser, case_id, "   ")
    with session_factory() as session:
        assert session.scalars(select(Event).where(Event.action == "case.note_added")).all() == []
    assert "needs some text" in adviser.get(f"/cases/{case_id}").text


def test_a_note_without_the_csrf_token_is_refused(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread().id
    assert _add_note(adviser, case_id, NOTE, csrf="forged") == 403
    with session_factory() as session:
        assert session.scalars(select(Event).where(Event.action == "case.note_added")).all() == []
