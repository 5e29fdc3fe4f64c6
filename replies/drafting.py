"""Creating, re-rendering and bouncing draft replies inside the caller's transaction.

The worker pipeline calls ``create_draft`` for each triaged message, the web app calls
``redraft_case`` after an adviser reclassifies, and the worker calls ``mark_bounced`` when a
delivery report for one of our replies comes back. None of them commits.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.clock import utcnow
from replies.compose import DraftReply, compose_draft
from replies.facts import facts_from_records
from replies.outbound import reference_chain
from storage.drafts import mark_failed, reject_draft
from storage.enums import ACTIVE_DRAFT_STATUSES, DraftStatus
from storage.events import record_event
from storage.models import Case, Draft, DraftRevision, Message, Triage

log = logging.getLogger(__name__)

SUPERSEDED = "superseded by a newer message"


def create_draft(
    session: Session,
    *,
    case: Case,
    message: Message,
    triage: Triage | None,
    now: datetime | None = None,
) -> Draft | None:
    """Draft the reply to ``message`` on ``case`` and record who drafted it; no commit.

    Safe to call twice: a message that already has an active draft gets that draft back, and
    one whose draft was already sent, failed or rejected gets None (nothing new is drafted).
    Also None for automatic mail and for a message with no parent address to reply to. An
    older draft on the case still awaiting review is rejected as superseded: the newest
    message is the one to answer.
    """
    now = now or utcnow()
    existing = _drafts_for_message(session, message.id)
    active = [d for d in existing if d.status in ACTIVE_DRAFT_STATUSES]
    if active:
        return active[0]
    if existing or message.automatic:
        return None
    return _new_draft(session, case, message, triage, now)


def redraft_case(
    session: Session, case_id: int, *, actor: str, now: datetime | None = None
) -> Draft | None:
    """Re-render the case's draft still awaiting review from the case's corrected values.

    The previous text is kept as a ``DraftRevision`` (by ``actor``) and the version goes up, so
    an adviser holding the old version gets a stale-edit refusal rather than overwriting it.
    When the case's latest draft was rejected by an adviser (or failed), a fresh draft answering
    the same message is written instead, so a rejection is never a dead end. Returns None when
    there is nothing to redraft (approved, sending or sent replies are never rewritten). A
    second call with nothing changed keeps the text and adds no revision.
    """
    now = now or utcnow()
    case = session.get(Case, case_id)
    if case is None:
        return None
    latest = session.scalars(
        select(Draft).where(Draft.case_id == case_id).order_by(Draft.id.desc()).limit(1)
    ).first()
    if latest is None:
        return None
    if latest.status in (DraftStatus.REJECTED, DraftStatus.FAILED) and \
            latest.last_error != SUPERSEDED:
        return _redraft_after_rejection(session, case, latest, actor, now)
    draft = latest if latest.status == DraftStatus.DRAFT else None
    if draft is None:
        return None
    message = session.get(Message, draft.message_id)
    if message is None:
        return None
    triage = session.get(Triage, draft.triage_id) if draft.triage_id is not None else None
    facts = facts_from_records(case, message, triage)
    reply = compose_draft(facts)
    notes = [f"Redrafted after reclassification by {actor}; the earlier text is in the "
             "draft's history.", *reply.adviser_notes]
    if reply.body == draft.body and facts.next_step == draft.next_step:
        return draft
    result = session.execute(
        update(Draft)
        .where(Draft.id == draft.id, Draft.status == DraftStatus.DRAFT,
               Draft.version == draft.version)
        .values(body=reply.body, subject=reply.subject, next_step=facts.next_step,
                adviser_notes=notes, version=Draft.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        # Approved, rejected or edited by someone in the meantime: leave their version alone.
        return None
    session.add(DraftRevision(draft_id=draft.id, version=draft.version, body=draft.body,
                              edited_by=actor, created_at=now))
    record_event(session, "draft.redrafted", actor=actor, case_id=case_id, draft_id=draft.id,
                 detail=_event_detail(reply, facts.next_step), at=now)
    session.refresh(draft)
    return draft


def _redraft_after_rejection(
    session: Session, case: Case, rejected: Draft, actor: str, now: datetime
) -> Draft | None:
    message = session.get(Message, rejected.message_id)
    if message is None:
        return None
    triage = session.get(Triage, rejected.triage_id) if rejected.triage_id is not None else None
    draft = _new_draft(session, case, message, triage, now)
    if draft is not None:
        record_event(session, "draft.redrafted", actor=actor, case_id=case.id,
                     draft_id=draft.id, detail={"replaces": rejected.id}, at=now)
    return draft


def mark_bounced(session: Session, outgoing_message_id: str, reason: str) -> Draft | None:
    """Mark our sent reply with this Message-ID as failed because it bounced; no commit.

    Returns the draft (also when it was already failed, so a second report is harmless), or
    None when the id is not one of our replies.
    """
    value = outgoing_message_id.strip()
    candidates = {value, f"<{value.strip('<>')}>", value.strip("<>")}
    draft = session.scalars(
        select(Draft).where(Draft.outgoing_message_id.in_(candidates)).limit(1)
    ).first()
    if draft is None:
        return None
    if draft.status == DraftStatus.SENT:
        draft = mark_failed(session, draft.id, f"bounced: {reason}"[:2000],
                            from_statuses=(DraftStatus.SENT,))
        log.info("reply bounced: draft %s", draft.id)
    return draft


def _new_draft(
    session: Session, case: Case, message: Message, triage: Triage | None, now: datetime
) -> Draft | None:
    """Compose and add a fresh draft answering ``message``; older pending drafts are superseded."""
    facts = facts_from_records(case, message, triage)
    if not facts.to_address:
        record_event(session, "draft.skipped", actor="system", case_id=case.id,
                     message_id=message.id, detail={"reason": "no parent address"}, at=now)
        return None
    reply = compose_draft(facts)
    drafted_by = f"model:{triage.model_version}" if triage is not None else "model:none"
    in_reply_to, references = reference_chain(message)

    for older in session.scalars(
        select(Draft).where(Draft.case_id == case.id, Draft.message_id != message.id,
                            Draft.status == DraftStatus.DRAFT)
    ).all():
        reject_draft(session, older.id, actor="system", reason=SUPERSEDED, now=now)

    draft = Draft(
        case_id=case.id,
        message_id=message.id,
        triage_id=triage.id if triage is not None else None,
        status=DraftStatus.DRAFT,
        next_step=facts.next_step,
        to_address=facts.to_address,
        subject=reply.subject,
        body=reply.body,
        adviser_notes=list(reply.adviser_notes),
        version=1,
        drafted_by=drafted_by,
        in_reply_to=in_reply_to,
        references=references,
        created_at=now,
        updated_at=now,
    )
    # The unique partial index allows one active draft per message. Two workers cannot both
    # get here for one message (the pipeline claims it first); if they somehow did, the loser's
    # transaction fails on flush and its retry finds the winner's draft above.
    session.add(draft)
    session.flush()
    record_event(session, "draft.created", actor=drafted_by, case_id=case.id,
                 message_id=message.id, draft_id=draft.id,
                 detail=_event_detail(reply, facts.next_step), at=now)
    return draft


def _drafts_for_message(session: Session, message_id: int) -> list[Draft]:
    return list(session.scalars(
        select(Draft).where(Draft.message_id == message_id).order_by(Draft.id.desc())
    ))


def _event_detail(reply: DraftReply, next_step: str) -> dict[str, object]:
    return {"next_step": next_step, "templates": list(reply.templates),
            "notes": len(reply.adviser_notes), "questions": len(reply.questions)}
