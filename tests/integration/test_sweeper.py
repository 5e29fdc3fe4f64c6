"""The sweeper queues each message left behind once, and a failed one only when it is due."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.errors import TransientError
from core.settings import Settings
from storage.db import transaction
from storage.enums import MessageStatus
from storage.intake import make_delivery, store_delivery
from storage.messages import claim_for_processing, sweep_stalled
from storage.models import Message
from tests.fakes import BrokenClassifier
from worker.failures import RetryLater, retry_delay
from worker.pipeline import Pipeline

pytestmark = pytest.mark.integration

STALLED = 1_000
SWEEPS = 5


def _mail(n: int) -> bytes:
    return (
        f"From: parent{n}@example.org\r\nTo: advice@advice-line.example\r\n"
        f"Subject: Council refused to assess, case {n}\r\nMessage-ID: <stalled.{n}@example.org>\r\n"
        "Date: Tue, 10 Mar 2026 19:00:00 +0000\r\n\r\n"
        "The council refused an EHC needs assessment for my son, letter dated 10 March.\r\n"
    ).encode()


def _store(factory: sessionmaker[Session], count: int, received_at: datetime) -> list[int]:
    if count == 1:
        with transaction(factory) as session:
            return [store_delivery(session, make_delivery(
                _mail(0), message_id_header="<stalled.0@example.org>", envelope_from="f@x.org",
                envelope_to=["advice@advice-line.example"], received_at=received_at)).id]
    # Many rows in one statement: the sweeps are what is under test, not storing.
    rows = [{"raw": _mail(n), "size": len(_mail(n)), "content_sha256": f"{n:064x}",
             "message_id_header": f"<stalled.{n}@example.org>", "envelope_from": "f@x.org",
             "envelope_to": ["advice@advice-line.example"], "received_at": received_at,
             "status": MessageStatus.RECEIVED} for n in range(count)]
    with transaction(factory) as session:
        session.execute(insert(Message), rows)
        return list(session.scalars(select(Message.id).order_by(Message.id)))


@pytest.fixture
def settings(make_settings: Callable[..., Settings], db_url: str) -> Settings:
    return make_settings(database_url=db_url, stale_after_seconds=300,
                         sweep_interval_seconds=60)


def _sweep(factory: sessionmaker[Session], settings: Settings, now: datetime) -> list[int]:
    with transaction(factory) as session:
        return sweep_stalled(session, now=now,
                             stale_after=timedelta(seconds=settings.stale_after_seconds),
                             max_attempts=settings.max_attempts).requeue


def _run_tasks(factory: sessionmaker[Session], message_ids: list[int], now: datetime) -> int:
    """What these queue entries do (``process_message`` without the reading): each claims
    its message and finishes it; returns how many were no-ops (taken or done already)."""
    with transaction(factory) as session:
        won = [mid for mid in message_ids
               if claim_for_processing(session, mid, now=now, stale_after=timedelta(seconds=300))]
        session.execute(update(Message).where(Message.id.in_(won))
                        .values(status=MessageStatus.PROCESSED, processed_at=now))
    return len(message_ids) - len(won)


def test_a_thousand_stalled_messages_over_five_sweeps_are_each_processed_once(
    session_factory: sessionmaker[Session], settings: Settings,
) -> None:
    # Their queue entries were lost (a broker outage): every row is long overdue. The worker
    # is slower than the backlog, so the sweeps come round while most are still queued.
    clock = FixedClock()
    _store(session_factory, STALLED, clock.now() - timedelta(hours=1))
    queue: deque[int] = deque()
    runs = no_ops = 0

    def work(count: int) -> None:
        nonlocal runs, no_ops
        taken = [queue.popleft() for _ in range(min(count, len(queue)))]
        runs += len(taken)
        no_ops += _run_tasks(session_factory, taken, clock.now())

    for _ in range(SWEEPS):
        queue.extend(_sweep(session_factory, settings, clock.now()))
        work(STALLED // 8)
        clock.advance(seconds=settings.sweep_interval_seconds)
    work(len(queue))
    assert runs - no_ops == STALLED
    assert no_ops <= 5, f"{no_ops} no-op runs"
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Message).where(
            Message.status == MessageStatus.PROCESSED)) == STALLED


def test_a_message_waiting_out_its_backoff_is_not_queued_again_until_overdue(
    session_factory: sessionmaker[Session], settings: Settings,
) -> None:
    clock = FixedClock()
    [message_id] = _store(session_factory, 1, clock.now())
    broken = BrokenClassifier(error=TransientError("model server unreachable (test)"))
    with pytest.raises(RetryLater) as failed:
        Pipeline(session_factory, settings, broken, clock).process_message(message_id)
    assert failed.value.delay == retry_delay(1, spread_key=message_id)
    with session_factory() as session:
        message = session.get(Message, message_id)
        assert message is not None and message.status == MessageStatus.RECEIVED
        assert message.next_attempt_at == clock.now() + failed.value.delay
    # The task's retry is its queue entry: the sweeper waits for it, then a grace period.
    grace = timedelta(seconds=settings.stale_after_seconds)
    due = clock.now() + failed.value.delay
    assert _sweep(session_factory, settings, due + grace - timedelta(seconds=1)) == []
    assert _sweep(session_factory, settings, due + grace + timedelta(seconds=1)) == [message_id]
    assert _sweep(session_factory, settings, due + grace + timedelta(seconds=61)) == []


def test_a_claim_abandoned_by_a_dead_worker_is_released_and_queued_once(
    session_factory: sessionmaker[Session], settings: Settings,
) -> None:
    clock = FixedClock()
    [message_id] = _store(session_factory, 1, clock.now())
    with transaction(session_factory) as session:
        assert claim_for_processing(session, message_id, now=clock.now(),
                                    stale_after=timedelta(seconds=300))
    later = clock.now() + timedelta(seconds=301)
    assert _sweep(session_factory, settings, later) == [message_id]
    assert _sweep(session_factory, settings, later + timedelta(seconds=60)) == []
    with session_factory() as session:
        message = session.get(Message, message_id)
        assert message is not None and message.status == MessageStatus.RECEIVED
        assert message.claimed_at is None
