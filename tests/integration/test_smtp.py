"""SMTP round trips: a real smtplib client against the real aiosmtpd listener on 127.0.0.1."""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
import redis
from celery import Celery
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from core.clock import utcnow
from core.settings import Settings
from ingest.smtp import InboxHandler, make_controller
from storage.db import make_engine, make_session_factory
from storage.enums import EventAction, MessageStatus
from storage.messages import sweep_stalled
from storage.models import Event, Message
from tests.conftest import free_port
from worker.app import PROCESS_MESSAGE, make_celery
from worker.dispatch import enqueue

pytestmark = pytest.mark.integration

INBOX = "advice@advice-line.example"
SIMPLE = (
    b"From: Parent <parent@example.org>\r\nTo: advice@advice-line.example\r\n"
    b"Subject: Help with EHCP\r\nMessage-ID: <abc.1@example.org>\r\n"
    b"Date: Mon, 09 Mar 2026 10:00:00 +0000\r\n\r\n"
    b"The council refused to assess my son.\r\n"
)


@dataclass
class Listener:
    settings: Settings
    factory: sessionmaker[Session]
    celery: Celery
    broker_url: str
    handler: InboxHandler

    def client(self) -> smtplib.SMTP:
        return smtplib.SMTP(self.settings.smtp_host, self.settings.smtp_port, timeout=30)

    def count(self) -> int:
        with self.factory() as session:
            return int(session.scalar(select(func.count()).select_from(Message)) or 0)

    def queued(self) -> int:
        # Queueing follows the 250, off the reply path: wait for it to be done.
        assert self.handler.wait_announced()
        client = redis.Redis.from_url(self.broker_url)
        try:
            return int(client.llen("celery"))
        finally:
            client.close()


@pytest.fixture
def start_listener(
    committed_db_url: str, redis_url: str, make_settings: Callable[..., Settings]
) -> Iterator[Callable[..., Listener]]:
    controllers = []

    def start(**overrides: object) -> Listener:
        values: dict[str, object] = {"database_url": committed_db_url, "broker_url": redis_url}
        values.update(overrides)
        settings = make_settings(**values)
        factory = make_session_factory(make_engine(settings.resolved_database_url))
        celery = make_celery(settings)
        handler = InboxHandler(factory, settings,
                               lambda mid: enqueue(PROCESS_MESSAGE, mid, app=celery))
        controller = make_controller(handler, settings)
        controller.start()
        controllers.append(controller)
        return Listener(settings, factory, celery, settings.resolved_broker_url, handler)

    yield start
    for controller in controllers:
        controller.stop()


def test_accepted_message_is_stored_with_its_raw_bytes_and_queued(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    with listener.client() as client:
        refused = client.sendmail("forwarder@advice-line.example", [INBOX], SIMPLE)
    assert refused == {}
    with listener.factory() as session:
        row = session.scalars(select(Message)).one()
        assert row.raw.replace(b"\r\n", b"\n") == SIMPLE.replace(b"\r\n", b"\n")
        assert row.message_id_header == "<abc.1@example.org>"
        assert row.envelope_to == [INBOX]
        assert row.status == MessageStatus.RECEIVED
    assert listener.queued() == 1


def test_unknown_recipient_is_refused_with_550_so_it_is_never_a_relay(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    with listener.client() as client, pytest.raises(smtplib.SMTPRecipientsRefused) as info:
        client.sendmail("spammer@example.net", ["victim@elsewhere.example"], SIMPLE)
    code, reply = info.value.recipients["victim@elsewhere.example"]
    assert code == 550
    assert b"5.1.1" in reply
    assert listener.count() == 0


def test_only_the_configured_recipients_of_a_mixed_envelope_are_accepted(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    with listener.client() as client:
        refused = client.sendmail("p@example.org", [INBOX, "other@example.net"], SIMPLE)
    assert list(refused) == ["other@example.net"]
    with listener.factory() as session:
        assert session.scalars(select(Message)).one().envelope_to == [INBOX]


def test_oversized_message_is_refused_with_552(start_listener: Callable[..., Listener]) -> None:
    listener = start_listener(max_message_bytes=20_000)
    big = SIMPLE + b"x" * 40_000 + b"\r\n"
    with listener.client() as client, pytest.raises(
        (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
    ) as info:
        client.sendmail("p@example.org", [INBOX], big)
    assert info.value.smtp_code == 552
    assert listener.count() == 0


def test_redelivered_message_is_acknowledged_but_stored_and_queued_once(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    with listener.client() as client:
        assert client.sendmail("p@example.org", [INBOX], SIMPLE) == {}
        assert client.sendmail("p@example.org", [INBOX], SIMPLE) == {}
    assert listener.count() == 1
    assert listener.queued() == 1


def test_a_resend_with_one_extra_trailing_crlf_is_recorded_as_a_redelivery_not_a_new_message(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    with listener.client() as client:
        assert client.sendmail("p@example.org", [INBOX], SIMPLE) == {}
        # swaks --data FILE sends the file's own final line end, then its own CRLF.
        assert client.sendmail("p@example.org", [INBOX], SIMPLE + b"\r\n") == {}
    assert listener.count() == 1
    assert listener.queued() == 1
    with listener.factory() as session:
        first = session.scalars(select(Message)).one()
        events = session.scalars(select(Event).where(Event.message_id == first.id)
                                 .order_by(Event.id)).all()
        assert [e.action for e in events] == [EventAction.MESSAGE_RECEIVED,
                                              EventAction.MESSAGE_REDELIVERED]
        assert events[1].detail["identical"] is False


def test_a_resend_with_rewritten_line_ends_and_trailing_spaces_is_a_redelivery(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    rewritten = SIMPLE.replace(b"my son.\r\n", b"my son.  \t\n\n\n")
    with listener.client() as client:
        client.sendmail("p@example.org", [INBOX], SIMPLE)
        client.sendmail("relay@example.net", [INBOX], rewritten)
    assert listener.count() == 1


def test_same_message_id_and_body_from_another_sender_is_stored_separately(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    other = SIMPLE.replace(b"From: Parent <parent@example.org>",
                           b"From: Someone Else <else@example.net>")
    with listener.client() as client:
        client.sendmail("p@example.org", [INBOX], SIMPLE)
        client.sendmail("p@example.org", [INBOX], other)
    assert listener.count() == 2


def test_same_message_id_with_different_content_is_stored_separately(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    with listener.client() as client:
        client.sendmail("p@example.org", [INBOX], SIMPLE)
        client.sendmail("p@example.org", [INBOX], SIMPLE + b"A second line.\r\n")
    assert listener.count() == 2


def test_message_without_message_id_gets_one_and_is_deduplicated_by_content(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    raw = SIMPLE.replace(b"Message-ID: <abc.1@example.org>\r\n", b"")
    with listener.client() as client:
        client.sendmail("p@example.org", [INBOX], raw)
        client.sendmail("p@example.org", [INBOX], raw)
    with listener.factory() as session:
        row = session.scalars(select(Message)).one()
        assert row.message_id_generated
        assert row.message_id_header.startswith("<generated.")


def test_broker_down_still_accepts_the_mail_and_the_sweeper_finds_it(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener(broker_url=f"redis://127.0.0.1:{free_port()}/0")
    with listener.client() as client:
        assert client.sendmail("p@example.org", [INBOX], SIMPLE) == {}
    with listener.factory() as session:
        found = sweep_stalled(session, now=utcnow() + timedelta(minutes=5),
                              stale_after=timedelta(minutes=5), max_attempts=5)
    assert len(found.requeue) == 1


def test_unreachable_database_answers_451_so_the_sender_retries(
    make_settings: Callable[..., Settings], redis_url: str,
) -> None:
    settings = make_settings(
        database_url=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test",
        broker_url=redis_url,
    )
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    controller = make_controller(InboxHandler(factory, settings, None), settings)
    controller.start()
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as client, \
                pytest.raises(smtplib.SMTPDataError) as info:
            client.sendmail("p@example.org", [INBOX], SIMPLE)
        assert info.value.smtp_code == 451
    finally:
        controller.stop()


def test_failure_midway_through_storing_answers_451_and_leaves_nothing_half_written(
    committed_pg_url: str, redis_url: str, make_settings: Callable[..., Settings],
) -> None:
    # The audit event is written after the message row in the same transaction: make the
    # database refuse it, so the row insert must be rolled back too.
    engine = create_engine(committed_pg_url)
    with engine.begin() as conn:
        conn.execute(text(
            "CREATE OR REPLACE FUNCTION refuse_event() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'disk full (simulated by the test)'; END $$ LANGUAGE plpgsql"))
        conn.execute(text("CREATE TRIGGER refuse_event BEFORE INSERT ON events "
                          "FOR EACH ROW EXECUTE FUNCTION refuse_event()"))
    settings = make_settings(database_url=committed_pg_url, broker_url=redis_url)
    factory = make_session_factory(make_engine(committed_pg_url))
    controller = make_controller(InboxHandler(factory, settings, None), settings)
    controller.start()
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as client:
            with pytest.raises(smtplib.SMTPDataError) as info:
                client.sendmail("p@example.org", [INBOX], SIMPLE)
            assert info.value.smtp_code == 451
            with engine.begin() as conn:
                assert conn.execute(text("SELECT count(*) FROM messages")).scalar() == 0
                conn.execute(text("DROP TRIGGER refuse_event ON events"))
            assert client.sendmail("p@example.org", [INBOX], SIMPLE) == {}
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM messages")).scalar() == 1
    finally:
        controller.stop()
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER IF EXISTS refuse_event ON events"))
        engine.dispose()


def test_mail_with_bare_lf_line_ends_and_long_lines_is_accepted_intact(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    raw = SIMPLE.replace(b"\r\n", b"\n") + b"<p>" + b"long html " * 400 + b"</p>\n"
    with listener.client() as client:
        assert client.sendmail("p@example.org", [INBOX], raw) == {}
    with listener.factory() as session:
        assert b"long html " * 400 in session.scalars(select(Message)).one().raw
