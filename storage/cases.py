"""The case: one conversation with a parent, and every transition it goes through.

Inbound mail (the worker, inside the transaction that holds the message's row lock):
``record_parse`` → ``find_thread`` → ``attach_message`` (thread or open) → ``record_triage`` →
``apply_triage``. Advisers: ``assign_case``/``claim_case``, ``reclassify_case``, ``close_case``,
``reopen_case``. Drafts: ``await_approval`` after a redraft, ``mark_replied`` when a reply is
sent. None of them commits; each records its event in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.errors import InvalidTransition
from core.labels import CATEGORIES, Category, NextStep
from storage.enums import CaseStatus, DraftStatus, EventAction, MessageFlag
from storage.events import record_event
from storage.models import Case, Correction, Draft, Message, Triage, User
from storage.queue import OPEN_STATUSES, latest_triage


class AttachmentRecord(Protocol):
    """What is kept of an attachment: listed, never opened."""

    @property
    def filename(self) -> str: ...
    @property
    def content_type(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...
    @property
    def inline(self) -> bool: ...


class ParseRecord(Protocol):
    """What storage keeps of a parsed email (``ingest.message.ParsedEmail`` has all of it)."""

    @property
    def from_address(self) -> str | None: ...
    @property
    def from_name(self) -> str | None: ...
    @property
    def via_address(self) -> str | None: ...
    @property
    def sent_at(self) -> datetime | None: ...
    @property
    def subject(self) -> str: ...
    @property
    def base_subject(self) -> str: ...
    @property
    def in_reply_to(self) -> str | None: ...
    @property
    def references(self) -> Sequence[str]: ...
    @property
    def case_token(self) -> int | None: ...
    @property
    def automatic(self) -> bool: ...
    @property
    def automatic_reason(self) -> str | None: ...
    @property
    def new_text(self) -> str: ...
    @property
    def full_text(self) -> str: ...
    @property
    def html(self) -> str | None: ...
    @property
    def attachments(self) -> Sequence[AttachmentRecord]: ...


class TriageRecord(Protocol):
    """What storage keeps of a triage (``classify.types.Triage`` has all of it)."""

    @property
    def categories(self) -> Sequence[Category]: ...
    @property
    def scores(self) -> Mapping[Category, float]: ...
    @property
    def next_step(self) -> NextStep: ...
    @property
    def decision_date(self) -> date | None: ...
    @property
    def certificate_date(self) -> date | None: ...
    @property
    def deadline(self) -> date | None: ...
    @property
    def safeguarding(self) -> bool: ...
    @property
    def confidence(self) -> float: ...
    @property
    def model_version(self) -> str: ...
    @property
    def needs_human(self) -> bool: ...
    @property
    def evidence(self) -> Mapping[str, Sequence[str]]: ...
    @property
    def facts(self) -> Mapping[str, str]: ...
    @property
    def notes(self) -> Sequence[str]: ...


# --- inbound mail ----------------------------------------------------------------------------


def record_parse(session: Session, message_id: int, parsed: ParseRecord) -> Message:
    """Keep the parse on the message row (who wrote, when, the text, the attachment list).

    Repeatable: a second call with the same parse writes the same values.
    """
    message = session.get(Message, message_id)
    if message is None:
        raise InvalidTransition(f"message {message_id} does not exist")
    message.from_address = parsed.from_address
    message.from_name = (parsed.from_name or "")[:200] or None
    message.via_address = parsed.via_address
    message.sent_at = parsed.sent_at
    message.subject = parsed.subject
    message.in_reply_to = parsed.in_reply_to
    message.references = list(parsed.references)
    message.automatic = parsed.automatic
    message.automatic_reason = (parsed.automatic_reason or "")[:200] or None
    message.new_text = parsed.new_text
    message.full_text = parsed.full_text
    message.html = parsed.html
    message.attachments = [
        {"filename": a.filename, "content_type": a.content_type, "size": a.size,
         "sha256": a.sha256, "inline": a.inline}
        for a in parsed.attachments
    ]
    return message


def find_thread(session: Session, parsed: ParseRecord) -> Case | None:
    """The case an inbound message continues, or None for a new conversation.

    By the newest referenced message we stored or sent (In-Reply-To, then References right to
    left); else by a ``[ST-n]`` subject tag, but only from that case's own parent.
    """
    refs: list[str] = []
    if parsed.in_reply_to:
        refs.append(parsed.in_reply_to)
    refs.extend(reversed(parsed.references))
    case = _case_by_references(session, refs)
    if case is None and parsed.case_token is not None:
        case = _case_by_token(session, parsed.case_token, parsed.from_address)
    return case


def attach_message(
    session: Session, message: Message, parsed: ParseRecord, case: Case | None, *, now: datetime
) -> Case:
    """Put ``message`` on ``case``, or on a new case when it starts a conversation.

    A new case takes the parent's address, name and subject and starts ``new``
    (``case.opened``); a message added to a case whose subject it does not share is flagged
    ``subject_changed`` (``case.message_added``).
    """
    if case is None:
        case = Case(
            parent_address=parsed.from_address,
            parent_name=parsed.from_name,
            subject=parsed.subject[:998],
            created_at=message.received_at,
            status=CaseStatus.NEW,
        )
        session.add(case)
        session.flush()
        record_event(session, EventAction.CASE_OPENED, actor="worker", case_id=case.id,
                     message_id=message.id, at=now)
    else:
        if _subject_changed(case, parsed):
            message.flags = [*message.flags, MessageFlag.SUBJECT_CHANGED]
        record_event(session, EventAction.CASE_MESSAGE_ADDED, actor="worker", case_id=case.id,
                     message_id=message.id, at=now)
    message.case_id = case.id
    return case


def record_triage(
    session: Session, message: Message, case: Case, triage: TriageRecord, *, now: datetime
) -> Triage:
    """Store the classifier's reading of ``message`` (``triage.recorded``).

    One row per message and model version: a second call returns the stored row unchanged.
    """
    existing = session.scalar(
        select(Triage).where(Triage.message_id == message.id,
                             Triage.model_version == triage.model_version)
    )
    if existing is not None:
        return existing
    row = Triage(
        message_id=message.id,
        case_id=case.id,
        model_version=triage.model_version,
        scores=dict(triage.scores),
        categories=list(triage.categories),
        next_step=triage.next_step,
        decision_date=triage.decision_date,
        certificate_date=triage.certificate_date,
        deadline=triage.deadline,
        safeguarding=triage.safeguarding,
        confidence=triage.confidence,
        evidence={k: list(v) for k, v in triage.evidence.items()},
        details={"facts": dict(triage.facts), "notes": list(triage.notes),
                 "needs_human": triage.needs_human},
        created_at=now,
    )
    session.add(row)
    session.flush()
    record_event(session, EventAction.TRIAGE_RECORDED, actor=f"model:{triage.model_version}",
                 case_id=case.id, message_id=message.id,
                 detail={"categories": list(triage.categories), "next_step": triage.next_step,
                         "confidence": round(triage.confidence, 3)}, at=now)
    return row


def apply_triage(case: Case, triage: TriageRecord, *, threshold: float, now: datetime) -> None:
    """Refresh the case from a new message's triage; the case then awaits approval, or
    needs triage when the classifier asks for a person or is less confident than ``threshold``.

    An adviser's correction (``overridden``) keeps its categories, next step and decision
    date, and so does a follow-up with nothing new to act on ("thank you"). The case keeps
    the nearest deadline and stays safeguarding once flagged. Reopens a closed case.
    """
    if not case.overridden and (triage.categories or not case.categories):
        case.categories = list(triage.categories)
        case.next_step = triage.next_step
        case.decision_date = triage.decision_date or case.decision_date
    case.deadline = _nearest(case.deadline, triage.deadline)
    case.safeguarding = case.safeguarding or triage.safeguarding
    case.confidence = triage.confidence
    case.needs_triage = triage.needs_human or triage.confidence < threshold
    case.triage_summary = _summary(triage)
    # The status is what the queue filters on (issue 12: the flag alone said "needs triage"
    # while the status said "awaiting approval", so the filter found nothing).
    case.status = (CaseStatus.NEEDS_TRIAGE if case.needs_triage
                   else CaseStatus.AWAITING_APPROVAL)
    case.closed_at = None
    case.updated_at = now


# --- drafts ------------------------------------------------------------------------------------


def await_approval(session: Session, case_id: int) -> None:
    """``new|needs_triage → awaiting_approval``: its draft now matches an adviser's triage.

    A case in any other status is left as it is.
    """
    case = session.get(Case, case_id)
    if case is not None and case.status in (CaseStatus.NEW, CaseStatus.NEEDS_TRIAGE):
        case.status = CaseStatus.AWAITING_APPROVAL


def mark_replied(session: Session, case_id: int, *, now: datetime) -> None:
    """``→ replied`` when a reply was sent; the first one stamps the first response time."""
    case = session.get(Case, case_id)
    if case is None:
        return
    if case.first_response_at is None:
        case.first_response_at = now
    case.status = CaseStatus.REPLIED


# --- advisers ----------------------------------------------------------------------------------


def assign_case(
    session: Session,
    case_id: int,
    assignee: User | None,
    *,
    actor: User,
    now: datetime | None = None,
) -> Case:
    """Give the case to ``assignee`` (None: unassign), recorded in the case history.

    Assigning to the current assignee again records nothing. Raises ``InvalidTransition`` for an
    unknown case or an inactive assignee.
    """
    now = now or utcnow()
    target = _require_case(session, case_id)
    if assignee is not None and not assignee.active:
        raise InvalidTransition("cannot assign a case to a deactivated user")
    new_id = assignee.id if assignee is not None else None
    if target.assignee_id == new_id:
        return target
    old = target.assignee.email if target.assignee is not None else None
    target.assignee_id = new_id
    target.assignee = assignee
    target.updated_at = now
    action = (EventAction.CASE_CLAIMED if assignee is not None and assignee.id == actor.id
              else EventAction.CASE_ASSIGNED)
    record_event(session, action, actor=actor.email, case_id=case_id,
                 detail={"from": old, "to": assignee.email if assignee else None}, at=now)
    return target


def claim_case(session: Session, case_id: int, *, actor: User, now: datetime | None = None) -> Case:
    """Assign the case to ``actor`` ("assign to me")."""
    return assign_case(session, case_id, actor, actor=actor, now=now)


def reclassify_case(
    session: Session,
    case_id: int,
    *,
    categories: Collection[Category],
    next_step: NextStep,
    actor: User,
    note: str = "",
    now: datetime | None = None,
) -> Correction | None:
    """Replace the triage's categories/next step with an adviser's, kept for retraining.

    Stores a ``Correction`` (old → new, with the triage it corrects), marks the case
    ``overridden`` and records a ``case.reclassified`` event. Returns None and changes nothing
    when the new values equal the current ones. The caller re-renders the draft afterwards.
    Raises ``InvalidTransition`` for an unknown case.
    """
    now = now or utcnow()
    target = _require_case(session, case_id)
    new_categories = [c for c in CATEGORIES if c in set(categories)]
    old_categories = list(target.categories or [])
    if sorted(old_categories) == sorted(new_categories) and target.next_step == next_step:
        return None
    triage = latest_triage(session, case_id)
    correction = Correction(
        case_id=case_id,
        triage_id=triage.id if triage is not None else None,
        user_id=actor.id,
        old_categories=old_categories,
        new_categories=new_categories,
        old_next_step=target.next_step,
        new_next_step=next_step,
        text=note.strip(),
        created_at=now,
    )
    session.add(correction)
    target.categories = new_categories
    target.next_step = next_step
    target.overridden = True
    target.needs_triage = False
    target.updated_at = now
    detail = {
        "from": {"categories": old_categories, "next_step": correction.old_next_step},
        "to": {"categories": new_categories, "next_step": next_step},
        "note": note.strip(),
    }
    record_event(session, EventAction.CASE_RECLASSIFIED, actor=actor.email, case_id=case_id,
                 detail=detail, at=now)
    session.flush()
    return correction


def close_case(session: Session, case_id: int, *, actor: User, reason: str = "",
               now: datetime | None = None) -> Case:
    """Take the case off the queue without a reply (spam, duplicate, dealt with by phone).

    Refused while a draft is approved or sending. Closing a closed case records nothing.
    """
    now = now or utcnow()
    target = _require_case(session, case_id)
    if target.status == CaseStatus.CLOSED:
        return target
    busy = session.scalar(select(func.count()).select_from(Draft).where(
        Draft.case_id == case_id, Draft.status.in_([DraftStatus.APPROVED, DraftStatus.SENDING])))
    if busy:
        raise InvalidTransition("a reply is being sent; wait for it before closing the case")
    old = target.status
    target.status = CaseStatus.CLOSED
    target.closed_at = now
    target.updated_at = now
    record_event(session, EventAction.CASE_CLOSED, actor=actor.email, case_id=case_id,
                 detail={"from": old.value, "reason": reason.strip()}, at=now)
    return target


def reopen_case(session: Session, case_id: int, *, actor: User,
                now: datetime | None = None) -> Case:
    """Put a closed or replied case back on the queue (awaiting an adviser)."""
    now = now or utcnow()
    target = _require_case(session, case_id)
    if target.status in OPEN_STATUSES:
        return target
    old = target.status
    target.status = CaseStatus.NEW
    target.updated_at = now
    record_event(session, EventAction.CASE_REOPENED, actor=actor.email, case_id=case_id,
                 detail={"from": old.value}, at=now)
    return target


# --- helpers -----------------------------------------------------------------------------------


def _require_case(session: Session, case_id: int) -> Case:
    found = session.get(Case, case_id)
    if found is None:
        raise InvalidTransition(f"case {case_id} does not exist")
    return found


def _case_by_references(session: Session, message_ids: Sequence[str]) -> Case | None:
    """The case of the newest referenced message we stored or sent (ids newest first)."""
    for mid in message_ids:
        if not mid:
            continue
        case_id = session.scalar(
            select(Draft.case_id).where(Draft.outgoing_message_id == mid).limit(1)
        )
        if case_id is None:
            case_id = session.scalar(
                select(Message.case_id)
                .where(Message.message_id_header == mid, Message.case_id.is_not(None))
                .order_by(Message.id.desc())
                .limit(1)
            )
        if case_id is not None:
            return session.get(Case, case_id)
    return None


def _case_by_token(session: Session, case_id: int, sender: str | None) -> Case | None:
    # Guessable numbers must not let anyone write into another family's case (zammad#5064).
    case = session.get(Case, case_id)
    if case is None or not sender or (case.parent_address or "").lower() != sender.lower():
        return None
    return case


def _subject_changed(case: Case, parsed: ParseRecord) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.lower().split())

    base = parsed.base_subject or parsed.subject
    return bool(base) and norm(base) not in norm(case.subject) and norm(case.subject) not in norm(
        base
    )


def _nearest(current: date | None, new: date | None) -> date | None:
    if current is None or new is None:
        return new or current
    return min(current, new)


def _summary(triage: TriageRecord) -> str:
    cats = ", ".join(triage.categories) or "no specific category"
    parts = [f"{cats} → {triage.next_step}"]
    if triage.deadline:
        parts.append(f"deadline {triage.deadline.isoformat()}")
    if triage.safeguarding:
        parts.append("SAFEGUARDING")
    return "; ".join(parts)
