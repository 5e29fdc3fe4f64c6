"""Drafting replies inside the caller's transaction: compose the text, then one storage step.

The worker pipeline calls ``create_draft`` for each triaged message and the web app calls
``redraft_case`` after an adviser reclassifies. The state changes themselves are
``storage.drafts`` transitions; none of them commits.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.orm import Session

from core.clock import utcnow
from core.labels import NextStep
from replies.compose import DraftReply, compose_draft
from replies.facts import facts_from_records
from replies.outbound import reference_chain
from replies.thread import EarlierReply, reply_from_body, reply_quoted_in
from storage.cases import await_approval
from storage.drafts import (
    SUPERSEDED,
    NewDraft,
    add_draft,
    drafts_for_message,
    last_sent_draft,
    latest_draft,
    note_redraft,
    rewrite_draft,
    skip_draft,
)
from storage.enums import ACTIVE_DRAFT_STATUSES, DraftStatus
from storage.models import Case, Draft, Message, Triage

__all__ = ["SUPERSEDED", "create_draft", "redraft_case"]


def create_draft(
    session: Session,
    *,
    case: Case,
    message: Message,
    triage: Triage | None,
    now: datetime | None = None,
    own_addresses: Collection[str] = (),
) -> Draft | None:
    """Draft the reply to ``message`` on ``case`` and record who drafted it; no commit.

    A message answering our reply is drafted as a follow-up to it: the reply sent on the case,
    else one quoted in the message from one of ``own_addresses`` (our From and inbox addresses).

    Safe to call twice: a message that already has an active draft gets that draft back, and
    one whose draft was already sent, failed or rejected gets None (nothing new is drafted).
    Also None for automatic mail and for a message with no parent address to reply to. An
    older draft on the case still awaiting review is rejected as superseded: the newest
    message is the one to answer.
    """
    now = now or utcnow()
    existing = drafts_for_message(session, message.id)
    active = [d for d in existing if d.status in ACTIVE_DRAFT_STATUSES]
    if active:
        return active[0]
    if existing or message.automatic:
        return None
    return _new_draft(session, case, message, triage, now, own_addresses=own_addresses)


def redraft_case(
    session: Session, case_id: int, *, actor: str, now: datetime | None = None,
    own_addresses: Collection[str] = (),
) -> Draft | None:
    """Re-render the case's draft still awaiting review from the case's corrected values.

    The previous text is kept as a ``DraftRevision`` (by ``actor``) and the version goes up, so
    an adviser holding the old version gets a stale-edit refusal rather than overwriting it.
    When the case's latest draft was rejected by an adviser (or failed), a fresh draft answering
    the same message is written instead, so a rejection is never a dead end. Returns None when
    there is nothing to redraft (approved, sending or sent replies are never rewritten). A
    second call with nothing changed keeps the text and adds no revision. A case that was
    waiting for triage then awaits approval: its draft matches an adviser's classification.
    """
    now = now or utcnow()
    case = session.get(Case, case_id)
    latest = latest_draft(session, case_id) if case is not None else None
    if case is None or latest is None:
        return None
    if latest.status in (DraftStatus.REJECTED, DraftStatus.FAILED) and \
            latest.last_error != SUPERSEDED:
        draft = _redraft_after_rejection(session, case, latest, actor, now,
                                         own_addresses=own_addresses)
    elif latest.status == DraftStatus.DRAFT:
        draft = _rerender(session, case, latest, actor, now, own_addresses=own_addresses)
    else:
        draft = None
    if draft is not None:
        await_approval(session, case_id)
    return draft


def _rerender(
    session: Session, case: Case, draft: Draft, actor: str, now: datetime, *,
    own_addresses: Collection[str],
) -> Draft | None:
    message = session.get(Message, draft.message_id)
    if message is None:
        return None
    triage = session.get(Triage, draft.triage_id) if draft.triage_id is not None else None
    earlier = earlier_reply(session, case, message, own_addresses)
    facts = facts_from_records(case, message, triage, earlier)
    reply = compose_draft(facts)
    if reply.body == draft.body and facts.next_step == draft.next_step:
        return draft
    notes = [f"Redrafted after reclassification by {actor}; the earlier text is in the "
             "draft's history.", *reply.adviser_notes]
    # None when approved, rejected or edited by someone in the meantime: their version stays.
    return rewrite_draft(session, draft, body=reply.body, subject=reply.subject,
                         next_step=facts.next_step, adviser_notes=notes, actor=actor,
                         detail=_event_detail(reply, facts.next_step), now=now)


def _redraft_after_rejection(
    session: Session, case: Case, rejected: Draft, actor: str, now: datetime, *,
    own_addresses: Collection[str],
) -> Draft | None:
    message = session.get(Message, rejected.message_id)
    if message is None:
        return None
    triage = session.get(Triage, rejected.triage_id) if rejected.triage_id is not None else None
    draft = _new_draft(session, case, message, triage, now, own_addresses=own_addresses)
    if draft is not None:
        note_redraft(session, draft, replaces=rejected.id, actor=actor, now=now)
    return draft


def earlier_reply(
    session: Session, case: Case, message: Message, own_addresses: Collection[str]
) -> EarlierReply | None:
    """Our reply ``message`` answers: the last one sent on the case before it arrived, else
    one quoted in it from ``own_addresses``; None for a first contact."""
    sent = last_sent_draft(session, case.id, before=message.received_at)
    if sent is not None and sent.message_id != message.id:
        return reply_from_body(sent.body, next_step=sent.next_step,
                               sent_on=sent.sent_at.date() if sent.sent_at else None)
    return reply_quoted_in(message.full_text or "", own_addresses)


def _new_draft(
    session: Session, case: Case, message: Message, triage: Triage | None, now: datetime, *,
    own_addresses: Collection[str],
) -> Draft | None:
    """Compose and add a fresh draft answering ``message``; older pending drafts are superseded."""
    earlier = earlier_reply(session, case, message, own_addresses)
    facts = facts_from_records(case, message, triage, earlier)
    if not facts.to_address:
        skip_draft(session, case.id, message.id, "no parent address", now=now)
        return None
    reply = compose_draft(facts)
    in_reply_to, references = reference_chain(message)
    return add_draft(session, NewDraft(
        case_id=case.id,
        message_id=message.id,
        triage_id=triage.id if triage is not None else None,
        next_step=facts.next_step,
        to_address=facts.to_address,
        subject=reply.subject,
        body=reply.body,
        adviser_notes=reply.adviser_notes,
        drafted_by=f"model:{triage.model_version}" if triage is not None else "model:none",
        in_reply_to=in_reply_to,
        references=references,
        detail=_event_detail(reply, facts.next_step),
    ), now=now)


def _event_detail(reply: DraftReply, next_step: NextStep) -> dict[str, object]:
    return {"next_step": next_step, "templates": list(reply.templates),
            "notes": len(reply.adviser_notes), "questions": len(reply.questions)}
