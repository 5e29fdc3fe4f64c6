"""Draft reply state transitions; the approval gate lives here, not only in the UI.

Every transition is a conditional UPDATE on the expected current status (and, for edits, the
expected version), so two advisers or two workers can never both win.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.errors import InvalidTransition
from storage.enums import CaseStatus, DraftStatus
from storage.events import record_event
from storage.models import Case, Draft, DraftRevision, User


class StaleDraft(InvalidTransition):
    """The draft changed since the editor loaded it (another adviser saved first)."""


def _get(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id, populate_existing=True)
    if draft is None:
        raise InvalidTransition(f"draft {draft_id} does not exist")
    return draft


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
    record_event(session, "draft.edited", actor=editor.email, case_id=draft.case_id,
                 draft_id=draft_id, detail={"version": expected_version + 1}, at=now)
    return _get(session, draft_id)


def approve_draft(
    session: Session,
    draft_id: int,
    *,
    approver: User,
    expected_version: int | None = None,
    confirm_safeguarding: bool = False,
    now: datetime | None = None,
) -> Draft:
    """Move ``draft → approved`` and record who approved. The caller then enqueues sending.

    A safeguarding case needs ``confirm_safeguarding=True``. Raises ``InvalidTransition`` when
    the draft is not in ``draft`` state (a second approval is refused, not repeated).
    """
    now = now or utcnow()
    draft = _get(session, draft_id)
    case = session.get(Case, draft.case_id)
    if case is not None and case.safeguarding and not confirm_safeguarding:
        raise InvalidTransition("safeguarding case: explicit confirmation is required to send")
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
    record_event(session, "draft.approved", actor=approver.email, case_id=draft.case_id,
                 draft_id=draft_id, at=now)
    return _get(session, draft_id)


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
    record_event(session, "draft.rejected", actor=actor, case_id=draft.case_id,
                 draft_id=draft_id, detail={"reason": reason}, at=now)
    return _get(session, draft_id)


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
    record_event(session, "draft.sending", actor="worker", case_id=draft.case_id,
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
    case = session.get(Case, draft.case_id)
    if case is not None:
        if case.first_response_at is None:
            case.first_response_at = now
        case.status = CaseStatus.REPLIED
    record_event(session, "draft.sent", actor="worker", case_id=draft.case_id,
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
    record_event(session, "draft.send_retry", actor="worker", case_id=draft.case_id,
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
    record_event(session, "draft.failed", actor="worker", case_id=draft.case_id,
                 draft_id=draft_id, detail={"error": error}, at=now)
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
