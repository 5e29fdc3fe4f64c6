"""The adviser's queue and case page over a real database: order, filters, actions, history."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta
from html.parser import HTMLParser

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from storage.enums import CaseStatus, DraftStatus
from storage.models import Case, Correction, Draft, DraftRevision, Event, User
from tests.factories import case_with_thread
from tests.integration.web.web_builders import (
    NOW,
    TODAY,
    XSS_HTML,
    XSS_TEXT,
    csrf_from,
)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def parsed_elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element the browser would build from ``html``, with its attributes."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


def _queue_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'data-case-id="(\d+)"', html)]


def _draft(factory: sessionmaker[Session], case_id: int) -> Draft:
    with factory() as session:
        return session.scalars(select(Draft).where(Draft.case_id == case_id)
                               .order_by(Draft.id.desc())).first()  # type: ignore[return-value]


def _actions(factory: sessionmaker[Session], case_id: int) -> list[str]:
    with factory() as session:
        return list(session.scalars(select(Event.action).where(Event.case_id == case_id)
                                    .order_by(Event.id)))


def _form(client: TestClient, case_id: int, **fields: object) -> dict[str, object]:
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    return {"csrf_token": csrf_from(page.text), **fields}


def test_queue_puts_safeguarding_first_then_nearest_deadline_then_oldest(
    adviser: TestClient, factory_session: Session
) -> None:
    old_no_deadline = case_with_thread(subject="old, no deadline", deadline=None,
                                       created_at=NOW - timedelta(days=9)).id
    new_no_deadline = case_with_thread(subject="new, no deadline", deadline=None,
                                       created_at=NOW - timedelta(hours=1)).id
    far = case_with_thread(subject="far deadline", deadline=TODAY + timedelta(days=40)).id
    near = case_with_thread(subject="near deadline", deadline=TODAY + timedelta(days=3)).id
    safeguarding = case_with_thread(subject="safeguarding", deadline=None,
                                    safeguarding=True, created_at=NOW - timedelta(minutes=5)).id
    case_with_thread(subject="already replied", status=CaseStatus.REPLIED)
    ids = _queue_ids(adviser.get("/queue").text)
    assert ids == [safeguarding, near, far, old_no_deadline, new_no_deadline]


def test_queue_row_shows_days_left_in_red_when_close_and_needs_triage_when_unsure(
    adviser: TestClient, factory_session: Session
) -> None:
    case_with_thread(deadline=TODAY + timedelta(days=2), confidence=0.42,
                     needs_triage=True, status=CaseStatus.NEEDS_TRIAGE)
    html = adviser.get("/queue").text
    assert "2 days left" in html
    assert 'class="deadline dl-close"' in html
    assert "needs triage" in html
    assert "42%" in html


def test_queue_shows_an_overdue_deadline(
    adviser: TestClient, factory_session: Session
) -> None:
    case_with_thread(deadline=TODAY - timedelta(days=3))
    html = adviser.get("/queue").text
    assert "3 days overdue" in html
    assert "dl-overdue" in html


def test_queue_filters_by_category_status_and_assignee(
    adviser: TestClient, factory_session: Session, users: dict[str, int]
) -> None:
    other = factory_session.get_one(User, users["other"])
    appeal = case_with_thread(categories=["appeal"]).id
    exclusion = case_with_thread(categories=["exclusion", "discrimination"],
                                 next_step="challenge_exclusion", assignee=other).id
    closed = case_with_thread(categories=["exclusion"], status=CaseStatus.CLOSED).id
    assert _queue_ids(adviser.get("/queue?category=exclusion").text) == [exclusion]
    assert _queue_ids(adviser.get("/queue?category=appeal").text) == [appeal]
    assert _queue_ids(adviser.get("/queue?category=exclusion&status=closed").text) == [closed]
    assert _queue_ids(adviser.get(f"/queue?assignee={users['other']}").text) == [exclusion]
    assert _queue_ids(adviser.get("/queue?assignee=none").text) == [appeal]
    assert _queue_ids(adviser.get("/queue?assignee=me").text) == []


def test_queue_searches_parent_address_and_email_text(
    adviser: TestClient, factory_session: Session
) -> None:
    jo = case_with_thread(parent_address="jo.bloggs@example.org",
                          body="My daughter was excluded for five days after a meltdown.").id
    sam = case_with_thread(parent_address="sam@example.net").id
    assert _queue_ids(adviser.get("/queue?q=BLOGGS").text) == [jo]
    assert _queue_ids(adviser.get("/queue?q=meltdown").text) == [jo]
    assert _queue_ids(adviser.get("/queue?q=sam@example").text) == [sam]
    assert _queue_ids(adviser.get("/queue?q=100%25").text) == []


def test_case_page_shows_the_conversation_with_the_evidence_highlighted(
    adviser: TestClient, factory_session: Session
) -> None:
    case_id = case_with_thread(attachments=[
        {"filename": "decision-letter.pdf", "content_type": "application/pdf", "size": 48213,
         "sha256": "ab" * 32}]).id
    html = adviser.get(f"/cases/{case_id}").text
    assert '<mark class="evidence ev-appeal"' in html
    assert "We want to appeal this decision.</mark>" in html
    assert "decision-letter.pdf" in html
    assert "never opened in the browser" in html
    assert "decision-letter.pdf</a>" not in html  # the name is no link: "Download" is
    assert "Approve and send" in html


def test_the_reply_we_sent_is_shown_in_the_conversation_after_the_parents_email(
    adviser: TestClient, factory_session: Session
) -> None:
    sent = "Hi Jo,\n\nHere is what we suggest about the appeal.\n\nKate"
    case = case_with_thread(draft_body=sent, draft_status=DraftStatus.SENT,
                            draft_fields={"sent_at": NOW - timedelta(hours=1)})
    html = adviser.get(f"/cases/{case.id}").text
    conversation = html.split('id="conversation"', 1)[1].split("</section>", 1)[0]
    assert "Conversation <span class=\"muted\">(2 messages)" in conversation
    assert "Our reply" in conversation
    assert conversation.index("We want to appeal this decision.") < \
        conversation.index("Here is what we suggest about the appeal.")


def test_an_xss_email_is_rendered_inert(
    adviser: TestClient, factory_session: Session
) -> None:
    case_id = case_with_thread(body=XSS_TEXT, html=XSS_HTML, subject='<b onmouseover=x>hi').id
    html = adviser.get(f"/cases/{case_id}").text
    body = html.split('<main id="main"', 1)[1]
    elements = parsed_elements(html)
    scripts = [attrs for tag, attrs in elements if tag == "script"]
    assert scripts == [{"src": "/static/app.js?v=2", "defer": None}]
    handlers = [(tag, name) for tag, attrs in elements for name in attrs if name.startswith("on")]
    assert handlers == []
    urls = [v or "" for _, attrs in elements for k, v in attrs.items() if k in ("href", "src")]
    assert not [u for u in urls if u.strip().lower().startswith("javascript:")]
    assert not [u for u in urls if "evil.example" in u]
    assert not [tag for tag, _ in elements if tag in ("iframe", "style", "object", "embed")]
    assert [a for t, a in elements if t == "form" and "evil" in str(a.get("action"))] == []
    assert "1 image blocked" in html
    assert "&lt;script&gt;alert(&#34;text&#34;)&lt;/script&gt;" in body  # text shown, escaped
    assert "&lt;b onmouseover=x&gt;hi" in body


def test_saving_the_draft_keeps_the_previous_text_and_records_who(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread().id
    draft = _draft(session_factory, case_id)
    response = adviser.post(f"/cases/{case_id}/draft", data=_form(
        adviser, case_id, draft_id=draft.id, version=1, subject=draft.subject,
        body="Dear Priya,\n\nEdited by Adam.\n", action="save"))
    assert response.status_code == 303
    saved = _draft(session_factory, case_id)
    assert saved.body == "Dear Priya,\n\nEdited by Adam.\n"
    assert saved.version == 2
    assert saved.status == DraftStatus.DRAFT
    with session_factory() as session:
        revision = session.scalars(select(DraftRevision)).one()
    assert revision.body == draft.body
    assert revision.edited_by == "adam.adviser@advice-line.example"
    assert "draft.edited" in _actions(session_factory, case_id)
    assert "Draft saved." in adviser.get(f"/cases/{case_id}").text


def test_two_advisers_saving_the_same_draft_do_not_overwrite_each_other(
    adviser: TestClient, other_adviser: TestClient, factory_session: Session,
    session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread().id
    draft = _draft(session_factory, case_id)
    first = _form(adviser, case_id, draft_id=draft.id, version=1, subject=draft.subject,
                  body="Adam's version", action="save")
    second = _form(other_adviser, case_id, draft_id=draft.id, version=1, subject=draft.subject,
                   body="Olu's version", action="save")
    adviser.post(f"/cases/{case_id}/draft", data=first)
    other_adviser.post(f"/cases/{case_id}/draft", data=second)
    assert _draft(session_factory, case_id).body == "Adam's version"
    page = other_adviser.get(f"/cases/{case_id}").text
    assert "Someone else changed this draft" in page
    assert "Olu&#39;s version" in page  # their text is offered back, not lost


def test_approving_a_draft_someone_else_changed_is_refused(
    adviser: TestClient, other_adviser: TestClient, factory_session: Session,
    session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread().id
    draft = _draft(session_factory, case_id)
    stale = _form(other_adviser, case_id, draft_id=draft.id, version=1, subject=draft.subject,
                  body=draft.body, action="approve")
    adviser.post(f"/cases/{case_id}/draft", data=_form(
        adviser, case_id, draft_id=draft.id, version=1, subject=draft.subject,
        body="Changed by Adam", action="save"))
    other_adviser.post(f"/cases/{case_id}/draft", data=stale)
    assert _draft(session_factory, case_id).status == DraftStatus.DRAFT


def _broker_messages(settings: Settings) -> list[str]:
    path = settings.resolved_data_dir / "broker.db"
    with sqlite3.connect(path) as conn:
        return [str(row[0]) for row in conn.execute("SELECT payload FROM kombu_message")]


def test_approving_records_the_approver_and_queues_sending_after_commit(
    adviser: TestClient, factory_session: Session,
    session_factory: sessionmaker[Session], web_settings: Settings
) -> None:
    case_id = case_with_thread().id
    draft = _draft(session_factory, case_id)
    response = adviser.post(f"/cases/{case_id}/draft", data=_form(
        adviser, case_id, draft_id=draft.id, version=1, subject=draft.subject,
        body=draft.body, action="approve"))
    assert response.status_code == 303
    approved = _draft(session_factory, case_id)
    assert approved.status == DraftStatus.APPROVED
    assert approved.approved_at == NOW
    with session_factory() as session:
        approver = session.get(User, approved.approved_by_id)
    assert approver is not None and approver.email == "adam.adviser@advice-line.example"
    assert "draft.approved" in _actions(session_factory, case_id)
    queued = _broker_messages(web_settings)
    assert len(queued) == 1
    assert "worker.send_reply" in queued[0]
    assert "queued for sending" in adviser.get(f"/cases/{case_id}").text


def test_edits_made_while_approving_are_saved_first(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread().id
    draft = _draft(session_factory, case_id)
    adviser.post(f"/cases/{case_id}/draft", data=_form(
        adviser, case_id, draft_id=draft.id, version=1, subject=draft.subject,
        body="Final text", action="approve"))
    approved = _draft(session_factory, case_id)
    assert (approved.status, approved.body, approved.version) == (DraftStatus.APPROVED,
                                                                  "Final text", 2)


def test_a_safeguarding_reply_needs_the_explicit_confirmation(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread(safeguarding=True).id
    draft = _draft(session_factory, case_id)
    html = adviser.get(f"/cases/{case_id}").text
    assert 'name="confirm_safeguarding"' in html
    fields = {"draft_id": draft.id, "version": 1, "subject": draft.subject, "body": draft.body,
              "action": "approve"}
    adviser.post(f"/cases/{case_id}/draft", data=_form(adviser, case_id, **fields))
    assert _draft(session_factory, case_id).status == DraftStatus.DRAFT
    assert "explicit confirmation" in adviser.get(f"/cases/{case_id}").text
    adviser.post(f"/cases/{case_id}/draft",
                 data=_form(adviser, case_id, confirm_safeguarding="1", **fields))
    assert _draft(session_factory, case_id).status == DraftStatus.APPROVED


def test_rejecting_a_draft_records_the_reason(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread().id
    draft = _draft(session_factory, case_id)
    adviser.post(f"/cases/{case_id}/draft/reject", data=_form(
        adviser, case_id, draft_id=draft.id, reason="parent phoned instead"))
    rejected = _draft(session_factory, case_id)
    assert rejected.status == DraftStatus.REJECTED
    html = adviser.get(f"/cases/{case_id}").text
    assert "rejected the draft: “parent phoned instead”" in html


def test_after_a_rejection_the_adviser_can_have_a_new_draft_written(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread().id
    draft = _draft(session_factory, case_id)
    adviser.post(f"/cases/{case_id}/draft/reject", data=_form(
        adviser, case_id, draft_id=draft.id, reason="wrong tone"))
    assert "Write a new draft" in adviser.get(f"/cases/{case_id}").text
    adviser.post(f"/cases/{case_id}/redraft", data=_form(adviser, case_id))
    fresh = _draft(session_factory, case_id)
    assert fresh.id != draft.id
    assert fresh.status == DraftStatus.DRAFT


def test_claim_and_reassign_are_recorded_in_the_case_history(
    adviser: TestClient, factory_session: Session,
    session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    case_id = case_with_thread().id
    adviser.post(f"/cases/{case_id}/claim", data=_form(adviser, case_id))
    with session_factory() as session:
        assert session.get(Case, case_id).assignee_id == users["adviser"]  # type: ignore[union-attr]
    adviser.post(f"/cases/{case_id}/assign",
                 data=_form(adviser, case_id, assignee_id=users["other"]))
    with session_factory() as session:
        assert session.get(Case, case_id).assignee_id == users["other"]  # type: ignore[union-attr]
    assert _actions(session_factory, case_id)[-2:] == ["case.claimed", "case.assigned"]
    html = adviser.get(f"/cases/{case_id}").text
    assert "claimed the case" in html
    assert "assigned the case to olu.adviser@advice-line.example" in html


def test_reclassifying_stores_a_correction_and_re_renders_the_draft(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread(status=CaseStatus.NEEDS_TRIAGE, needs_triage=True,
                               confidence=0.3).id
    before = _draft(session_factory, case_id)
    response = adviser.post(f"/cases/{case_id}/reclassify", data=_form(
        adviser, case_id, categories=["exclusion", "discrimination"],
        next_step="challenge_exclusion", note="it is an exclusion, not an appeal"))
    assert response.status_code == 303
    with session_factory() as session:
        case = session.get(Case, case_id)
        correction = session.scalars(select(Correction)).one()
    assert case is not None
    assert case.categories == ["exclusion", "discrimination"]
    assert case.next_step == "challenge_exclusion"
    assert case.overridden and not case.needs_triage
    assert case.status == CaseStatus.AWAITING_APPROVAL
    assert (correction.old_categories, correction.new_categories) == (
        ["appeal"], ["exclusion", "discrimination"])
    assert correction.old_next_step == "appeal"
    assert correction.text == "it is an exclusion, not an appeal"
    after = _draft(session_factory, case_id)
    assert after.id == before.id
    assert after.body != before.body
    assert after.version > before.version
    assert "case.reclassified" in _actions(session_factory, case_id)
    assert "reclassified the case: Appeal / Appeal → Exclusion, Discrimination" in (
        adviser.get(f"/cases/{case_id}").text)


def test_reclassifying_to_the_same_values_changes_nothing(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread().id
    adviser.post(f"/cases/{case_id}/reclassify", data=_form(
        adviser, case_id, categories=["appeal"], next_step="appeal"))
    with session_factory() as session:
        assert session.scalars(select(Correction)).first() is None


def test_closing_a_case_takes_it_off_the_queue(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    case_id = case_with_thread().id
    response = adviser.post(f"/cases/{case_id}/close", data=_form(adviser, case_id,
                                                                  reason="duplicate"))
    assert response.headers["location"] == "/queue"
    assert _queue_ids(adviser.get("/queue").text) == []
    assert _draft(session_factory, case_id).status == DraftStatus.REJECTED
    with session_factory() as session:
        assert session.get(Case, case_id).closed_at == NOW  # type: ignore[union-attr]


def test_the_queue_pages_through_many_cases(
    adviser: TestClient, factory_session: Session
) -> None:
    for i in range(55):
        case_with_thread(subject=f"case {i}", deadline=date(2027, 1, 1) + timedelta(days=i),
                         draft_body=None)
    first = adviser.get("/queue").text
    assert len(_queue_ids(first)) == 50
    assert "Page 1 of 2" in first
    assert len(_queue_ids(adviser.get("/queue?page=2").text)) == 5
