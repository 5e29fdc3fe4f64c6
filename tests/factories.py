"""factory_boy factories for the rows the pipeline stores: users, cases, messages, triages, drafts.

Use them inside a test that asks for the ``factory_session`` fixture: every row is committed
as it is built (on PostgreSQL a savepoint inside the test's rolled-back transaction), so the
sessions that the code under test opens see it. Read results back through a fresh session:
the objects a factory returns are not refreshed when the code under test changes the rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy.orm import Session

from core.labels import Category, NextStep
from storage.enums import CaseStatus, Direction, DraftStatus, MessageStatus, Role
from storage.models import Case, Correction, Draft, Message, Triage, User
from storage.users import hash_password

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
INBOX = "advice@advice-line.example"
APPEAL_BODY = (
    "Dear advice line,\n\n"
    "The council wrote on 10 November 2026 to say they refuse to carry out an EHC needs "
    "assessment for my son Sam. We want to appeal this decision.\n"
    "He is eight and is struggling badly at school.\n\nThanks, Priya"
)
# What the classifier quotes from APPEAL_BODY as its evidence.
APPEAL_EVIDENCE = {"appeal": [
    "The council wrote on 10 November 2026 to say they refuse to carry out an EHC needs "
    "assessment for my son Sam.",
    "We want to appeal this decision.",
]}
DRAFT_BODY = "Dear Priya,\n\nThank you for writing to us. You can appeal.\n"

_sessions: list[Session] = []


@contextmanager
def building_in(session: Session) -> Iterator[Session]:
    """Build (and commit) every factory row in ``session`` until the block ends."""
    _sessions.append(session)
    try:
        yield session
    finally:
        _sessions.pop()


def _current_session() -> Session:
    if not _sessions:
        raise RuntimeError("the factories have no database: ask for the factory_session fixture")
    return _sessions[-1]


class _Factory(SQLAlchemyModelFactory):  # type: ignore[misc]  # factory_boy has no types
    class Meta:
        abstract = True
        sqlalchemy_session_factory = _current_session
        sqlalchemy_session_persistence = "commit"


class UserFactory(_Factory):
    """An active adviser; pass ``password`` to give them one they can sign in with."""

    class Meta:
        model = User

    class Params:
        password = None

    email = factory.Sequence(lambda n: f"adviser{n}@advice-line.example")
    name = "Ada Adviser"
    role = Role.ADVISER
    password_hash = factory.LazyAttribute(
        lambda u: hash_password(u.password) if u.password else "!no-password")
    active = True


class CaseFactory(_Factory):
    """A parent's appeal awaiting approval (its messages, triage and draft are separate rows)."""

    class Meta:
        model = Case

    parent_address = "priya.parent@example.org"
    parent_name = "Priya Parent"
    subject = "EHC needs assessment refused"
    status = CaseStatus.AWAITING_APPROVAL
    categories = factory.LazyFunction(lambda: [Category.APPEAL])
    next_step = NextStep.APPEAL
    decision_date = date(2026, 11, 10)
    deadline = date(2027, 1, 11)
    safeguarding = False
    confidence = 0.91
    needs_triage = False
    created_at = NOW - timedelta(hours=5)
    updated_at = factory.SelfAttribute("created_at")


def _raw(message: Any) -> bytes:
    return (f"From: {message.from_address}\r\nTo: {INBOX}\r\nSubject: {message.subject}\r\n"
            f"Message-ID: {message.message_id_header}\r\n\r\n"
            f"{message.new_text}{message.html or ''}\r\n").encode()


class MessageFactory(_Factory):
    """The parent's inbound email on a case, parsed and processed."""

    class Meta:
        model = Message

    case = factory.SubFactory(CaseFactory)
    direction = Direction.INBOUND
    from_address = factory.SelfAttribute("case.parent_address")
    from_name = factory.SelfAttribute("case.parent_name")
    subject = factory.SelfAttribute("case.subject")
    message_id_header = factory.Sequence(lambda n: f"<parent.{n}@parent.example>")
    new_text = APPEAL_BODY
    full_text = factory.SelfAttribute("new_text")
    html = None
    attachments = factory.LazyFunction(list)
    raw = factory.LazyAttribute(_raw)
    size = factory.LazyAttribute(lambda m: len(m.raw))
    content_sha256 = factory.LazyAttribute(lambda m: hashlib.sha256(m.raw).hexdigest())
    envelope_from = factory.SelfAttribute("from_address")
    envelope_to = factory.LazyFunction(lambda: [INBOX])
    received_at = factory.SelfAttribute("case.created_at")
    sent_at = factory.LazyAttribute(lambda m: m.received_at - timedelta(minutes=3))
    status = MessageStatus.PROCESSED
    processed_at = factory.SelfAttribute("received_at")


class TriageFactory(_Factory):
    """The classifier's reading of a message, agreeing with its case."""

    class Meta:
        model = Triage

    message = factory.SubFactory(MessageFactory)
    case_id = factory.SelfAttribute("message.case_id")
    model_version = "test-model-1"
    categories = factory.LazyAttribute(lambda t: list(t.message.case.categories))
    scores = factory.LazyAttribute(lambda t: {c: 0.9 for c in t.categories})
    next_step = factory.SelfAttribute("message.case.next_step")
    decision_date = factory.SelfAttribute("message.case.decision_date")
    deadline = factory.SelfAttribute("message.case.deadline")
    safeguarding = factory.SelfAttribute("message.case.safeguarding")
    confidence = factory.SelfAttribute("message.case.confidence")
    evidence = factory.LazyAttribute(
        lambda t: APPEAL_EVIDENCE if t.message.new_text == APPEAL_BODY else {})
    details = factory.LazyAttribute(lambda t: {
        "facts": {"child": "Sam"}, "notes": [], "needs_human": t.message.case.needs_triage})
    created_at = factory.SelfAttribute("message.received_at")


class DraftFactory(_Factory):
    """A reply drafted from a triage; ``status`` past DRAFT stamps the times it implies."""

    class Meta:
        model = Draft

    class Params:
        triage = factory.SubFactory(TriageFactory)

    case = factory.SelfAttribute("triage.message.case")
    message_id = factory.SelfAttribute("triage.message_id")
    triage_id = factory.SelfAttribute("triage.id")
    status = DraftStatus.DRAFT
    next_step = factory.SelfAttribute("triage.next_step")
    to_address = factory.SelfAttribute("case.parent_address")
    subject = factory.LazyAttribute(lambda d: f"Re: {d.case.subject} [ST-{d.case.id}]")
    body = DRAFT_BODY
    version = 1
    drafted_by = factory.LazyAttribute(lambda d: f"model:{d.triage.model_version}")
    in_reply_to = factory.SelfAttribute("triage.message.message_id_header")
    references = factory.LazyAttribute(lambda d: [d.in_reply_to])
    created_at = factory.SelfAttribute("triage.created_at")
    updated_at = factory.SelfAttribute("created_at")
    approved_at = factory.LazyAttribute(
        lambda d: d.created_at if d.status != DraftStatus.DRAFT else None)
    sending_since = factory.LazyAttribute(
        lambda d: d.created_at if d.status == DraftStatus.SENDING else None)


class CorrectionFactory(_Factory):
    """An adviser's reclassification of a case the classifier called an appeal."""

    class Meta:
        model = Correction

    old_categories = factory.LazyFunction(lambda: [Category.APPEAL])
    old_next_step = NextStep.APPEAL
    created_at = NOW


def case_with_thread(
    *,
    body: str = APPEAL_BODY,
    html: str | None = None,
    attachments: Sequence[dict[str, Any]] = (),
    evidence: dict[str, list[str]] | None = None,
    draft_body: str | None = DRAFT_BODY,
    draft_status: DraftStatus = DraftStatus.DRAFT,
    message_fields: Mapping[str, Any] | None = None,
    draft_fields: Mapping[str, Any] | None = None,
    **case_fields: Any,
) -> Case:
    """A case as the pipeline leaves it: one inbound message, its triage and (unless
    ``draft_body`` is None) a draft. ``case_fields`` go to ``CaseFactory``, the ``*_fields``
    mappings to the message's and the draft's factories."""
    case: Case = CaseFactory(**case_fields)
    message = MessageFactory(case=case, new_text=body, html=html, attachments=list(attachments),
                             **(message_fields or {}))
    triage = TriageFactory(message=message,
                           **({} if evidence is None else {"evidence": evidence}))
    if draft_body is not None:
        DraftFactory(triage=triage, body=draft_body, status=draft_status, **(draft_fields or {}))
    return case
