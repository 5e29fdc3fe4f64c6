"""Inbound message rows after storage (``storage.intake``): claiming for processing,
quarantine, sweep.

A message goes ``received → processing`` (claim) and then ``processed`` (with a case and a
draft, or as automatic mail), back to ``received`` after a transient error, or ``quarantined``
for a person.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from core.clock import utcnow
from core.errors import InvalidTransition, PermanentError
from storage.cases import ParseRecord, record_parse
from storage.drafts import mark_bounced
from storage.enums import EventAction, MessageStatus
from storage.events import record_event
from storage.models import Case, Message

log = logging.getLogger(__name__)


def claim_for_processing(
    session: Session, message_id: int, *, now: datetime, stale_after: timedelta
) -> bool:
    """Claim a message for processing with a conditional UPDATE; True if this caller won.

    A message can be claimed when it is ``received``, or ``processing`` with a claim older than
    ``stale_after`` (its worker died). Processed and quarantined messages are never reclaimed,
    so a duplicate task is a no-op. Commit right after so the claim is visible to others.
    """
    result = session.execute(
        update(Message)
        .where(
            Message.id == message_id,
            or_(
                Message.status == MessageStatus.RECEIVED,
                (Message.status == MessageStatus.PROCESSING)
                & or_(Message.claimed_at.is_(None), Message.claimed_at < now - stale_after),
            ),
        )
        .values(status=MessageStatus.PROCESSING, claimed_at=now, attempts=Message.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined,no-any-return]


@dataclass(frozen=True)
class Claim:
    """A message this worker claimed: its id, raw bytes and how many claims it has had."""

    raw: bytes
    attempts: int
    message_id: int


def claim(session: Session, message_id: int, *, now: datetime,
          stale_after: timedelta) -> Claim | None:
    """``claim_for_processing``, then what processing needs; None when another worker holds
    the message or it is done. Commit right after."""
    if not claim_for_processing(session, message_id, now=now, stale_after=stale_after):
        return None
    message = session.get(Message, message_id)
    if message is None:
        raise InvalidTransition(f"message {message_id} vanished while claimed")
    return Claim(message.raw, message.attempts, message_id)


def claim_next(session: Session, *, now: datetime, stale_after: timedelta,
               max_attempts: int) -> Claim | None:
    """Claim the oldest message due for processing, for workers that take their work from
    the database; None when nothing is due or another worker won it (ask again).

    Due: ``received`` and past its ``next_attempt_at`` (backoff), or ``processing`` under a
    claim older than ``stale_after`` (its worker died) with attempts left; one that has none
    left is the sweeper's to quarantine. Commit right after, as for ``claim``.
    """
    candidate = session.scalar(
        select(Message.id).where(or_(
            (Message.status == MessageStatus.RECEIVED) & _due(now),
            (Message.status == MessageStatus.PROCESSING)
            & (Message.claimed_at < now - stale_after) & (Message.attempts < max_attempts),
        )).order_by(Message.id).limit(1)
        # PostgreSQL: workers asking at once get different rows; SQLite has one writer.
        .with_for_update(skip_locked=True)
    )
    if candidate is None:
        return None
    return claim(session, candidate, now=now, stale_after=stale_after)


def lock_in_processing(session: Session, message_id: int) -> Message | None:
    """The claimed message, row-locked until commit; None when it is no longer ``processing``
    (another worker finished it after taking over a stale claim)."""
    message = session.get(Message, message_id, with_for_update=True)
    if message is None or message.status != MessageStatus.PROCESSING:
        return None
    return message


def mark_processed(message: Message, *, now: datetime) -> None:
    """``processing → processed`` for a message now on a triaged case with its draft."""
    message.status = MessageStatus.PROCESSED
    message.processed_at = now
    message.last_error = None


def record_automatic(
    session: Session,
    message: Message,
    case: Case | None,
    *,
    bounced_message_ids: Sequence[str],
    reason: str | None,
    now: datetime,
) -> None:
    """``processing → processed`` for automatic mail (``message.automatic``): never drafted.

    It is kept on its case when it threads, but never reopens it. A bounce of one of our
    replies marks that reply failed and puts the report on the reply's case.
    """
    if case is not None:
        message.case_id = case.id
    for mid in bounced_message_ids:
        draft = mark_bounced(session, mid, reason or "bounced")
        if draft is not None:
            message.case_id = draft.case_id
    message.status = MessageStatus.PROCESSED
    message.processed_at = now
    record_event(session, EventAction.MESSAGE_AUTOMATIC, actor="worker", case_id=message.case_id,
                 message_id=message.id, detail={"reason": reason}, at=now)


def settle_error(
    session: Session, message_id: int, error: Exception, *, attempts: int, max_attempts: int,
    now: datetime, permanent: bool = False, retry_at: datetime | None = None,
) -> bool:
    """After processing failed with ``error``: back to ``received`` with the error kept, due
    again at ``retry_at`` (default ``now``), for the caller to retry; or quarantined (True
    returned) when the error is permanent (a ``PermanentError``, or ``permanent`` as the
    caller judged it) or the message already had ``max_attempts`` claims."""
    reason = f"{type(error).__name__}: {error}"
    if permanent or isinstance(error, PermanentError) or attempts >= max_attempts:
        quarantine(session, message_id, reason, now=now)
        log.warning("message quarantined after %s attempt(s): %s", attempts,
                    type(error).__name__)
        return True
    release_after_error(session, message_id, reason, retry_at=retry_at or now)
    return False


def release_after_error(session: Session, message_id: int, error: str, *,
                        retry_at: datetime) -> None:
    """Put a message back to ``received`` after a transient failure, keeping the error; it
    is due again at ``retry_at``."""
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.PROCESSING)
        .values(status=MessageStatus.RECEIVED, last_error=error[:2000], claimed_at=None,
                next_attempt_at=retry_at)
        .execution_options(synchronize_session=False)
    )


def quarantine(session: Session, message_id: int, reason: str, *, now: datetime) -> None:
    """Set a message aside for a person, with a readable reason; it is kept, never dropped."""
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status != MessageStatus.PROCESSED)
        .values(status=MessageStatus.QUARANTINED, last_error=reason[:2000], claimed_at=None,
                processed_at=now)
        .execution_options(synchronize_session=False)
    )
    record_event(session, EventAction.MESSAGE_QUARANTINED, actor="worker", message_id=message_id,
                 detail={"reason": reason[:500]}, at=now)


def requeue_quarantined(session: Session, message_id: int, *, actor: str,
                        now: datetime | None = None) -> bool:
    """Give a quarantined message another go (after a fix): back to ``received``, attempts 0,
    due at once (the caller queues it)."""
    result = session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.QUARANTINED)
        .values(status=MessageStatus.RECEIVED, attempts=0, claimed_at=None, processed_at=None,
                next_attempt_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        record_event(session, EventAction.MESSAGE_REQUEUED, actor=actor, message_id=message_id)
        return True
    return False


@dataclass(frozen=True)
class SweepResult:
    requeue: list[int]
    quarantined: list[int]


# Rows per UPDATE … WHERE id IN (…): well under SQLite's limit on bound parameters.
_CHUNK = 500


def _due(now: datetime) -> ColumnElement[bool]:
    # A row queued on arrival is due at ``received_at``; after a failure, at its backoff.
    return func.coalesce(Message.next_attempt_at, Message.received_at) <= now


def sweep_stalled(
    session: Session,
    *,
    now: datetime,
    stale_after: timedelta,
    max_attempts: int,
    received_grace: timedelta | None = None,
    requeue: bool = True,
) -> SweepResult:
    """Find messages left behind: ``received`` and overdue by ``received_grace`` (default
    ``stale_after``), or ``processing`` under a claim older than ``stale_after``.

    Those that used up ``max_attempts`` are quarantined here (in the caller's transaction).
    With ``requeue`` the others are put back to ``received`` and marked queued now (due
    ``now``), and returned for the caller to queue after commit: a later sweep passes them
    over until they are overdue again, so a backlog is never queued twice (issue 10, item 6).
    Without ``requeue`` (workers that take due rows from the database) nothing else changes.
    """
    grace = stale_after if received_grace is None else received_grace
    rows = session.execute(
        select(Message.id, Message.attempts, Message.last_error).where(
            or_(
                (Message.status == MessageStatus.RECEIVED) & _due(now - grace),
                (Message.status == MessageStatus.PROCESSING)
                & (Message.claimed_at < now - stale_after),
            )
        ).order_by(Message.id)
    ).all()
    again: list[int] = []
    quarantined: list[int] = []
    for mid, attempts, last_error in rows:
        if attempts >= max_attempts:
            reason = f"gave up after {attempts} attempts"
            if last_error:
                reason += f"; last error: {last_error}"
            quarantine(session, mid, reason, now=now)
            quarantined.append(mid)
        else:
            again.append(mid)
    if not requeue:
        return SweepResult([], quarantined)
    for start in range(0, len(again), _CHUNK):
        session.execute(
            update(Message)
            .where(Message.id.in_(again[start:start + _CHUNK]),
                   or_(Message.status == MessageStatus.RECEIVED,
                       (Message.status == MessageStatus.PROCESSING)
                       & (Message.claimed_at < now - stale_after)))
            .values(status=MessageStatus.RECEIVED, claimed_at=None, next_attempt_at=now)
            .execution_options(synchronize_session=False)
        )
    return SweepResult(again, quarantined)


def set_aside_unreadable(session: Session, message_id: int, parsed: ParseRecord, problem: str,
                         *, now: datetime) -> None:
    """Keep what the parser read of an unreadable message and quarantine it for a person."""
    record_parse(session, message_id, parsed)
    quarantine(session, message_id, f"unreadable email: {problem}", now=now)
