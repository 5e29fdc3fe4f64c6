"""Workers fed by the database: claiming the next due message, and the loop that drains them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.errors import TransientError
from core.settings import Settings
from storage.db import transaction
from storage.enums import MessageStatus
from storage.intake import make_delivery, store_delivery
from storage.messages import Claim, claim_for_processing, claim_next
from storage.models import Message
from tests.fakes import BrokenClassifier, FixedClassifier
from worker.dispatch import announce_messages
from worker.drain import IDLE_WAIT, drain_messages, process_next
from worker.failures import retry_delay
from worker.pipeline import Outcome, Pipeline

pytestmark = pytest.mark.integration

STALE = timedelta(seconds=300)


def _mail(n: int) -> bytes:
    return (
        f"From: parent{n}@example.org\r\nTo: advice@advice-line.example\r\n"
        f"Subject: Refusal {n}\r\nMessage-ID: <feed.{n}@example.org>\r\n"
        "Date: Tue, 10 Mar 2026 19:00:00 +0000\r\n\r\n"
        "The council refused an EHC needs assessment for my son, letter dated 10 March.\r\n"
    ).encode()


def _store(factory: sessionmaker[Session], count: int, received_at: datetime) -> list[int]:
    with transaction(factory) as session:
        return [store_delivery(session, make_delivery(
                    _mail(n), message_id_header=f"<feed.{n}@example.org>", envelope_from="f@x.org",
                    envelope_to=["advice@advice-line.example"], received_at=received_at)).id
                for n in range(count)]


def _claim_next(factory: sessionmaker[Session], now: datetime,
                max_attempts: int = 5) -> Claim | None:
    with transaction(factory) as session:
        return claim_next(session, now=now, stale_after=STALE, max_attempts=max_attempts)


@pytest.fixture
def settings(make_settings: Callable[..., Settings], db_url: str) -> Settings:
    return make_settings(database_url=db_url, stale_after_seconds=int(STALE.total_seconds()))


def test_the_oldest_received_message_is_claimed_first_and_only_once(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FixedClock()
    first, second = _store(session_factory, 2, clock.now())
    claims = [_claim_next(session_factory, clock.now()) for _ in range(3)]
    assert [c.message_id if c else None for c in claims] == [first, second, None]
    assert claims[0] is not None and claims[0].raw == _mail(0) and claims[0].attempts == 1


def test_a_message_waiting_out_its_backoff_is_not_claimed_before_it_is_due(
    session_factory: sessionmaker[Session], settings: Settings,
) -> None:
    clock = FixedClock()
    [message_id] = _store(session_factory, 1, clock.now())
    broken = BrokenClassifier(error=TransientError("model server unreachable (test)"))
    with pytest.raises(TransientError):
        Pipeline(session_factory, settings, broken, clock).process_message(message_id)
    due = clock.now() + retry_delay(1, spread_key=message_id)
    assert _claim_next(session_factory, due - timedelta(seconds=1)) is None
    claim = _claim_next(session_factory, due)
    assert claim is not None and claim.message_id == message_id


def test_a_claim_abandoned_by_a_dead_worker_is_taken_over_once_stale(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FixedClock()
    [message_id] = _store(session_factory, 1, clock.now())
    with transaction(session_factory) as session:
        assert claim_for_processing(session, message_id, now=clock.now(), stale_after=STALE)
    assert _claim_next(session_factory, clock.now() + STALE - timedelta(seconds=1)) is None
    taken = _claim_next(session_factory, clock.now() + STALE + timedelta(seconds=1))
    assert taken is not None and taken.message_id == message_id and taken.attempts == 2


def test_an_abandoned_claim_with_no_attempts_left_is_left_for_the_sweeper(
    session_factory: sessionmaker[Session],
) -> None:
    # A message that kills its worker every time must end in quarantine, not loop forever.
    clock = FixedClock()
    [message_id] = _store(session_factory, 1, clock.now())
    with transaction(session_factory) as session:
        assert claim_for_processing(session, message_id, now=clock.now(), stale_after=STALE)
    assert _claim_next(session_factory, clock.now() + STALE * 2, max_attempts=1) is None


def test_draining_processes_every_due_message_then_waits_for_more(
    session_factory: sessionmaker[Session], settings: Settings,
) -> None:
    clock = FixedClock()
    _store(session_factory, 3, clock.now())
    waits: list[float] = []
    ran = drain_messages(Pipeline(session_factory, settings, FixedClassifier(), clock),
                         stopping=lambda: bool(waits), wait=waits.append)
    assert ran == 3
    assert waits == [IDLE_WAIT]
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Message).where(
            Message.status == MessageStatus.PROCESSED)) == 3


def test_draining_goes_on_past_a_message_that_failed_transiently(
    session_factory: sessionmaker[Session], settings: Settings,
) -> None:
    clock = FixedClock()
    _store(session_factory, 2, clock.now())
    broken = BrokenClassifier(error=TransientError("model server unreachable (test)"))
    waits: list[float] = []
    pipeline = Pipeline(session_factory, settings, broken, clock)
    assert drain_messages(pipeline, stopping=lambda: bool(waits), wait=waits.append) == 0
    assert broken.calls == 2
    assert waits == [IDLE_WAIT]
    with session_factory() as session:
        assert set(session.scalars(select(Message.status))) == {MessageStatus.RECEIVED}


def test_process_next_says_so_when_nothing_is_due(
    session_factory: sessionmaker[Session], settings: Settings,
) -> None:
    clock = FixedClock()
    pipeline = Pipeline(session_factory, settings, FixedClassifier(), clock)
    assert process_next(pipeline) is None
    [message_id] = _store(session_factory, 1, clock.now())
    assert process_next(pipeline) == (message_id, Outcome.PROCESSED)


def test_mail_on_the_embedded_default_never_goes_through_the_broker(
    make_settings: Callable[..., Settings], tmp_path: Path,
) -> None:
    embedded = make_settings()
    assert embedded.feeds_from_database
    assert announce_messages(embedded)(1)
    assert not (embedded.resolved_data_dir / "broker.db").exists()


def test_with_a_broker_configured_workers_are_fed_by_the_broker_unless_told_otherwise(
    make_settings: Callable[..., Settings],
) -> None:
    assert not make_settings(broker_url="redis://127.0.0.1:6379/5").feeds_from_database
    assert make_settings(broker_url="redis://127.0.0.1:6379/5",
                         pipeline_feed="database").feeds_from_database
    assert not make_settings(pipeline_feed="broker").feeds_from_database
