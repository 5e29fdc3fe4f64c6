"""The draft reply state machine; the approval gate lives here, not only in the UI.

    (add_draft) → draft ─edit_draft/rewrite_draft→ draft ─approve_draft→ approved
    approved ─start_sending→ sending ─mark_sent→ sent ─mark_bounced→ failed
    sending ─release_for_retry→ approved;  sending ─mark_failed→ failed
    sending ─note_delivery_unknown→ sending (left for a manager, never resent)
    draft|approved ─reject_draft→ rejected  (add_draft rejects older pending ones as superseded)

Every transition is a conditional UPDATE on the expected current status (and, for edits, the
expected version), so two advisers or two workers can never both win. ``replies`` composes the
text and calls one of these per step; none of them commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.errors import InvalidTransition
from core.labels import NextStep
from storage.cases import mark_replied
from storage.enums import DraftStatus, EventAction
from storage.events import record_event
from storage.models import Case, Draft, DraftAttachment, DraftRevision, Message, User
from storage.queue import local_today

log = logging.getLogger(__name__)

SUPERSEDED: Final = "superseded by a newer message"
FILES_CARRIED: Final = ("The files attached to the earlier draft are attached to this one: "
                        "check they still fit this reply.")


class StaleDraft(InvalidTransition):
    """The draft changed since the editor loaded it (another adviser saved first)."""


class DeadlinePassed(InvalidTransition):
    """The case's legal deadline has passed and the approver did not confirm they saw it."""


def _get(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id, populate_existing=True)
    if draft is None:
        raise InvalidTransition(f"draft {draft_id} does not exist")
    return draft


@dataclass(frozen=True)
class NewDraft:
    """A composed reply to store: what the parent would receive and what only advisers see."""

    case_id: int
    message_id: int
    triage_id: int | None
    next_step: NextStep
    to_address: str
    subject: str
    body: str
    adviser_notes: Sequence[str]
    drafted_by: str
    in_reply_to: str | None
    references: Sequence[str]
    detail: dict[str, Any] = field(default_factory=dict)


def drafts_for_message(session: Session, message_id: int) -> list[Draft]:
    """Every draft answering ``message_id``, newest first."""
    return list(session.scalars(
        select(Draft).where(Draft.message_id == message_id).order_by(Draft.id.desc())
    ))


def latest_draft(session: Session, case_id: int) -> Draft | None:
    """The case's newest draft in any status."""
    return session.scalars(
        select(Draft).where(Draft.case_id == case_id).order_by(Draft.id.desc()).limit(1)
    ).first()


def last_sent_draft(session: Session, case_id: int, *, before: datetime) -> Draft | None:
    """The case's reply most recently sent before ``before``, or None."""
    return session.scalars(
        select(Draft)
        .where(Draft.case_id == case_id, Draft.status == DraftStatus.SENT,
               Draft.sent_at.is_not(None), Draft.sent_at <= before)
        .order_by(Draft.sent_at.desc(), Draft.id.desc()).limit(1)
    ).first()


def add_draft(session: Session, new: NewDraft, *, now: datetime) -> Draft:
    """``→ draft``: store a fresh reply (``draft.created``, with ``new.detail``); flushes.

    Older drafts on the case still awaiting review are rejected as superseded: the newest
    message is the one to answer. The unique partial index allows one active draft per
    message: two workers cannot both get here for one message (the pipeline claims it first);
    if they somehow did, the loser's flush fails and its retry finds the winner's draft.
    """
    superseded = session.scalars(
        select(Draft.id).where(Draft.case_id == new.case_id, Draft.message_id != new.message_id,
                               Draft.status == DraftStatus.DRAFT)
    ).all()
    for older_id in superseded:
        reject_draft(session, older_id, actor="system", reason=SUPERSEDED, now=now)
    draft = Draft(
        case_id=new.case_id,
        message_id=new.message_id,
        triage_id=new.triage_id,
        status=DraftStatus.DRAFT,
        next_step=new.next_step,
        to_address=new.to_address,
        subject=new.subject,
        body=new.body,
        adviser_notes=list(new.adviser_notes),
        version=1,
        drafted_by=new.drafted_by,
        in_reply_to=new.in_reply_to,
        references=list(new.references),
        created_at=now,
        updated_at=now,
    )
    session.add(draft)
    session.flush()
    _carry_files(session, superseded, draft)
    record_event(session, EventAction.DRAFT_CREATED, actor=new.drafted_by, case_id=new.case_id,
                 message_id=new.message_id, draft_id=draft.id, detail=new.detail, at=now)
    return draft


def _carry_files(session: Session, superseded: Sequence[int], draft: Draft) -> None:
    """Files an adviser attached to a superseded draft (a model letter) move to its successor,
    with a note to check they still fit."""
    if not superseded:
        return
    result = session.execute(update(DraftAttachment).where(
        DraftAttachment.draft_id.in_(superseded)).values(draft_id=draft.id),
        execution_options={"synchronize_session": False})
    if result.rowcount:  # type: ignore[attr-defined]
        draft.adviser_notes = [*draft.adviser_notes, FILES_CARRIED]


def skip_draft(
    session: Session, case_id: int, message_id: int, reason: str, *, now: datetime
) -> None:
    """Record that no reply could be drafted for the message (``draft.skipped``)."""
    record_event(session, EventAction.DRAFT_SKIPPED, actor="system", case_id=case_id,
                 message_id=message_id, detail={"reason": reason}, at=now)


def rewrite_draft(
    session: Session,
    draft: Draft,
    *,
    body: str,
    subject: str,
    next_step: NextStep,
    adviser_notes: Sequence[str],
    actor: str,
    detail: dict[str, Any],
    now: datetime,
) -> Draft | None:
    """``draft → draft``: re-rendered text at the next version, the previous one kept.

    Conditional on the draft still being a ``draft`` at the version the caller read: when it
    was approved, rejected or edited meanwhile, returns None and leaves that version alone.
    Records ``draft.redrafted`` with ``detail``.
    """
    result = session.execute(
        update(Draft)
        .where(Draft.id == draft.id, Draft.status == DraftStatus.DRAFT,
               Draft.version == draft.version)
        .values(body=body, subject=subject, next_step=next_step,
                adviser_notes=list(adviser_notes), version=Draft.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.add(DraftRevision(draft_id=draft.id, version=draft.version, body=draft.body,
                              edited_by=actor, created_at=now))
    record_event(session, EventAction.DRAFT_REDRAFTED, actor=actor, case_id=draft.case_id,
                 draft_id=draft.id, detail=detail, at=now)
    session.refresh(draft)
    return draft


def note_redraft(
    session: Session, draft: Draft, *, replaces: int, actor: str, now: datetime
) -> None:
    """Record that ``draft`` was written afresh to replace rejected draft ``replaces``."""
    record_event(session, EventAction.DRAFT_REDRAFTED, actor=actor, case_id=draft.case_id,
                 draft_id=draft.id, detail={"replaces": replaces}, at=now)


def edit_draft(
    session: Session,
    draft_id: int,
    body: str,
    *,
    editor: User,
    expected_version: int,
    subject: str | None = None,
    now: datetime | None = None,
) -> Draft:
    """Replace the body of a draft still in ``draft`` state, keeping the previous text.

    Raises ``StaleDraft`` if someone saved since ``expected_version``; ``InvalidTransition`` if
    the draft is no longer editable. Saving the same text again is harmless.
    """
    now = now or utcnow()
    draft = _get(session, draft_id)
    if draft.status != DraftStatus.DRAFT:
        raise InvalidTransition(f"draft {draft_id} is {draft.status}, not editable")
    previous_body = draft.body
    unchanged = body == previous_body and (subject is None or subject == draft.subject)
    if unchanged and draft.version == expected_version:
        return draft
    values: dict[str, object] = {
        "body": body,
        "version": Draft.version + 1,
        "updated_at": now,
    }
    if subject is not None:
        values["subject"] = subject
    result = session.execute(
        update(Draft)
        .where(
            Draft.id == draft_id,
            Draft.status == DraftStatus.DRAFT,
            Draft.version == expected_version,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleDraft(f"draft {draft_id} was changed by someone else; reload it")
    session.add(
        DraftRevision(
            draft_id=draft_id,
            version=expected_version,
            body=previous_body,
            edited_by_id=editor.id,
            edited_by=editor.email,
            created_at=now,
        )
    )
    record_event(session, EventAction.DRAFT_EDITED, actor=editor.email, case_id=draft.case_id,
                 draft_id=draft_id, detail={"version": expected_version + 1}, at=now)
    return _get(session, draft_id)


def approve_draft(
    session: Session,
    draft_id: int,
    *,
    approver: User,
    expected_version: int | None = None,
    confirm_safeguarding: bool = False,
    confirm_deadline_passed: bool = False,
    now: datetime | None = None,
) -> Draft:
    """Move ``draft → approved`` and record who approved. The caller then enqueues sending.

    A safeguarding case needs ``confirm_safeguarding=True``; a case whose legal deadline is
    before today (in England) needs ``confirm_deadline_passed=True`` (``DeadlinePassed``
    otherwise: a reply that still talks of "two months to appeal" would mislead). Raises
    ``InvalidTransition`` when the draft is not in ``draft`` state (a second approval is
    refused, not repeated).
    """
    now = now or utcnow()
    draft = _get(session, draft_id)
    case = session.get(Case, draft.case_id)
    if case is not None and case.safeguarding and not confirm_safeguarding:
        raise InvalidTransition("safeguarding case: explicit confirmation is required to send")
    overdue = days_overdue(case, now)
    if overdue and not confirm_deadline_passed:
        assert case is not None and case.deadline is not None
        raise DeadlinePassed(
            f"the deadline passed on {case.deadline:%d %B %Y} ({overdue} day"
            f"{'s' if overdue != 1 else ''} ago): confirm you have checked the reply still "
            "makes sense before approving it")
    if not draft.body.strip() or not draft.to_address:
        raise InvalidTransition(f"draft {draft_id} has no text or no recipient; cannot approve")
    conditions = [Draft.id == draft_id, Draft.status == DraftStatus.DRAFT]
    if expected_version is not None:
        conditions.append(Draft.version == expected_version)
    result = session.execute(
        update(Draft)
        .where(*conditions)
        .values(status=DraftStatus.APPROVED, approved_by_id=approver.id, approved_at=now,
                updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if expected_version is not None and draft.status == DraftStatus.DRAFT:
            raise StaleDraft(f"draft {draft_id} was changed by someone else; reload it")
        raise InvalidTransition(f"draft {draft_id} is {draft.status}, cannot approve")
    record_event(session, EventAction.DRAFT_APPROVED, actor=approver.email, case_id=draft.case_id,
                 draft_id=draft_id, detail={"deadline_passed_days": overdue} if overdue else None,
                 at=now)
    return _get(session, draft_id)


def days_overdue(case: Case | None, now: datetime) -> int:
    """How many days ago the case's legal deadline passed (0: not passed, or none)."""
    if case is None or case.deadline is None:
        return 0
    return max(0, (local_today(now) - case.deadline).days)


def reject_draft(
    session: Session, draft_id: int, *, actor: str, reason: str = "", now: datetime | None = None
) -> Draft:
    """Move ``draft|approved → rejected``; a draft already sending or sent cannot be rejected."""
    now = now or utcnow()
    draft = _get(session, draft_id)
    result = session.execute(
        update(Draft)
        .where(Draft.id == draft_id,
               Draft.status.in_([DraftStatus.DRAFT, DraftStatus.APPROVED]))
        .values(status=DraftStatus.REJECTED, last_error=reason or None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidTransition(f"draft {draft_id} is {draft.status}, cannot reject")
    record_event(session, EventAction.DRAFT_REJECTED, actor=actor, case_id=draft.case_id,
                 draft_id=draft_id, detail={"reason": reason}, at=now)
    return _get(session, draft_id)


class SendRefusal(StrEnum):
    """Why ``start_sending`` did not claim a draft: it must then not be sent."""

    MISSING = "missing"
    NOT_APPROVED = "not-approved"


@dataclass(frozen=True)
class SendClaim:
    """A draft claimed for sending, with the inbound message it answers (None if deleted)."""

    draft: Draft
    inbound: Message | None


def start_sending(
    session: Session,
    draft_id: int,
    new_message_id: Callable[[int, int], str],
    *,
    now: datetime,
) -> SendClaim | SendRefusal:
    """``approved → sending``, with the outgoing Message-ID stored before any SMTP talk.

    The id is the one a previous attempt stored, else ``new_message_id(case_id, draft_id)``.
    Refuses a missing draft and one in any other status (``sending`` included: a draft found
    there is never sent again). Commit right after, before sending.
    """
    draft = session.get(Draft, draft_id)
    if draft is None:
        return SendRefusal.MISSING
    if draft.status != DraftStatus.APPROVED:
        log.info("draft %s is %s: not sending", draft_id, draft.status)
        return SendRefusal.NOT_APPROVED
    message_id = draft.outgoing_message_id or new_message_id(draft.case_id, draft.id)
    if not claim_for_sending(session, draft_id, message_id, now=now):
        return SendRefusal.NOT_APPROVED
    session.refresh(draft)
    return SendClaim(draft, session.get(Message, draft.message_id))


def claim_for_sending(
    session: Session, draft_id: int, outgoing_message_id: str, *, now: datetime | None = None
) -> bool:
    """Claim ``approved → sending`` and persist the outgoing Message-ID before any SMTP talk.

    Returns False when the draft is not approved (already sending, sent, failed, or never
    approved): the caller must then not send. This is the at-most-once guard.
    """
    now = now or utcnow()
    result = session.execute(
        update(Draft)
        .where(Draft.id == draft_id, Draft.status == DraftStatus.APPROVED,
               Draft.approved_by_id.is_not(None))
        .values(status=DraftStatus.SENDING, outgoing_message_id=outgoing_message_id,
                sending_since=now, send_attempts=Draft.send_attempts + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    draft = _get(session, draft_id)
    record_event(session, EventAction.DRAFT_SENDING, actor="worker", case_id=draft.case_id,
                 draft_id=draft_id, detail={"attempt": draft.send_attempts}, at=now)
    return True


def mark_sent(session: Session, draft_id: int, *, now: datetime | None = None) -> None:
    """``sending → sent``; also stamps the case's first response and status."""
    now = now or utcnow()
    result = session.execute(
        update(Draft)
        .where(Draft.id == draft_id, Draft.status == DraftStatus.SENDING)
        .values(status=DraftStatus.SENT, sent_at=now, last_error=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidTransition(f"draft {draft_id} is not sending")
    draft = _get(session, draft_id)
    mark_replied(session, draft.case_id, now=now)
    record_event(session, EventAction.DRAFT_SENT, actor="worker", case_id=draft.case_id,
                 draft_id=draft_id, at=now)


def release_for_retry(
    session: Session, draft_id: int, error: str, *, now: datetime | None = None
) -> None:
    """``sending → approved`` after a transient failure that certainly did not deliver.

    The outgoing Message-ID is kept, so a retry sends the same message, not a new one. Raises
    ``InvalidTransition`` if the draft is not ``sending`` (someone else already settled it).
    """
    now = now or utcnow()
    result = session.execute(
        update(Draft)
        .where(Draft.id == draft_id, Draft.status == DraftStatus.SENDING)
        .values(status=DraftStatus.APPROVED, last_error=error, sending_since=None,
                updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidTransition(f"draft {draft_id} is not sending")
    draft = _get(session, draft_id)
    record_event(session, EventAction.DRAFT_SEND_RETRY, actor="worker", case_id=draft.case_id,
                 draft_id=draft_id, detail={"error": error}, at=now)


def mark_failed(
    session: Session,
    draft_id: int,
    error: str,
    *,
    from_statuses: tuple[DraftStatus, ...] = (DraftStatus.SENDING,),
    now: datetime | None = None,
) -> Draft:
    """Move the draft from one of ``from_statuses`` to ``failed``, keeping the reason.

    The reason is shown to advisers and managers. ``from_statuses=(DraftStatus.SENT,)`` is for
    a bounce. Raises ``InvalidTransition`` when the draft is in none of them.
    """
    now = now or utcnow()
    result = session.execute(
        update(Draft)
        .where(Draft.id == draft_id, Draft.status.in_(from_statuses))
        .values(status=DraftStatus.FAILED, last_error=error, sending_since=None,
                updated_at=now)
        .execution_options(synchronize_session=False)
    )
    draft = _get(session, draft_id)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidTransition(f"draft {draft_id} is {draft.status}, cannot mark failed")
    record_event(session, EventAction.DRAFT_FAILED, actor="worker", case_id=draft.case_id,
                 draft_id=draft_id, detail={"error": error}, at=now)
    return draft


def note_delivery_unknown(
    session: Session, draft_id: int, error: str, *, now: datetime | None = None
) -> None:
    """Keep the draft in ``sending`` after the line dropped during DATA (``draft.send_unknown``).

    It may have been delivered: a manager checks it; it is never resent automatically.
    """
    draft = _get(session, draft_id)
    record_event(session, EventAction.DRAFT_SEND_UNKNOWN, actor="worker", case_id=draft.case_id,
                 draft_id=draft_id, detail={"error": error}, at=now or utcnow())


def mark_bounced(session: Session, outgoing_message_id: str, reason: str) -> Draft | None:
    """``sent → failed`` for our reply with this Message-ID, because it bounced.

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


def stuck_sending(session: Session, older_than: datetime) -> list[Draft]:
    """Drafts left in ``sending`` since before ``older_than``: shown to managers, never resent."""
    return list(
        session.scalars(
            select(Draft)
            .where(Draft.status == DraftStatus.SENDING, Draft.sending_since < older_than)
            .order_by(Draft.sending_since)
        )
    )
