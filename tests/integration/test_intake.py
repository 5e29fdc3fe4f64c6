"""Lean durable intake (issue 11): one statement per new message, commits shared by
concurrent SMTP sessions, and never a 250 before the commit."""

from __future__ import annotations

import smtplib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from ingest.smtp import InboxHandler, make_controller
from storage.db import make_engine, make_session_factory
from storage.enums import EventAction
from storage.intake import Delivery, make_delivery, store_deliveries
from storage.models import Event, Message

pytestmark = pytest.mark.integration

INBOX = "advice@advice-line.example"


def _mail(n: int) -> bytes:
    return (f"From: Parent {n} <parent{n}@example.org>\r\nTo: {INBOX}\r\n"
            f"Subject: Help {n}\r\nMessage-ID: <intake.{n}@example.org>\r\n\r\n"
            f"The council refused to assess my child, number {n}.\r\n").encode()


def _delivery(n: int) -> Delivery:
    return make_delivery(_mail(n), message_id_header=f"<intake.{n}@example.org>",
                         envelope_from="f@advice-line.example", envelope_to=[INBOX])


class Statements:
    """Counts the SQL statements and commits an engine sends."""

    def __init__(self, engine: Engine) -> None:
        self.sql: list[str] = []
        self.commits = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.sql.append(statement)

    def _commit(self, _conn: Any) -> None:
        self.commits += 1


@pytest.fixture
def pg_factory(committed_pg_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(committed_pg_url)
    yield make_session_factory(engine)
    engine.dispose()


def _count(factory: sessionmaker[Session], model: type[Message] | type[Event]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_new_message_and_its_received_event_are_stored_in_one_statement(
    pg_factory: sessionmaker[Session],
) -> None:
    store_deliveries(pg_factory, [_delivery(0)])  # connects; the dialect asks its questions
    counted = Statements(pg_factory.kw["bind"])
    [stored] = store_deliveries(pg_factory, [_delivery(1)])
    assert not isinstance(stored, Exception)
    assert len(counted.sql) == 1
    assert counted.commits == 1
    with pg_factory() as session:
        events = session.scalars(select(Event).where(Event.message_id == stored.id)).all()
        assert [(e.action, e.actor, e.detail) for e in events] == [
            (EventAction.MESSAGE_RECEIVED, "smtp", {"size": len(_mail(1))})]


def test_a_batch_of_new_messages_is_one_statement_and_one_commit(
    pg_factory: sessionmaker[Session],
) -> None:
    store_deliveries(pg_factory, [_delivery(0)])
    counted = Statements(pg_factory.kw["bind"])
    results = store_deliveries(pg_factory, [_delivery(n) for n in range(1, 9)])
    assert len(counted.sql) == 1
    assert counted.commits == 1
    assert all(not isinstance(r, Exception) and r.created for r in results)
    assert _count(pg_factory, Message) == 9
    assert _count(pg_factory, Event) == 9


def test_a_redelivery_in_the_same_batch_is_recorded_as_such_not_stored_twice(
    committed_session_factory: sessionmaker[Session],
) -> None:
    resent = make_delivery(_mail(1) + b"\r\n", message_id_header="<intake.1@example.org>",
                           envelope_from="f@advice-line.example", envelope_to=[INBOX])
    first, again, other = store_deliveries(committed_session_factory,
                                           [_delivery(1), resent, _delivery(2)])
    assert not isinstance(first, Exception) and first.created
    assert not isinstance(again, Exception) and not again.created and again.id == first.id
    assert not isinstance(other, Exception) and other.created
    with committed_session_factory() as session:
        actions = session.scalars(select(Event.action).where(Event.message_id == first.id)
                                  .order_by(Event.id)).all()
    assert actions == [EventAction.MESSAGE_RECEIVED, EventAction.MESSAGE_REDELIVERED]


def _refuse_commits(url: str) -> Engine:
    """Make every commit that stored a message fail, as a full disk or a lost connection
    at COMMIT would: a deferred constraint trigger runs at commit time."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "CREATE OR REPLACE FUNCTION refuse_commit() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'commit refused (simulated by the test)'; END $$ "
            "LANGUAGE plpgsql"))
        conn.execute(text(
            "CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON messages "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()"))
    return engine


def _allow_commits(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS refuse_commit ON messages"))
    engine.dispose()


def test_a_failed_commit_fails_the_whole_batch_and_stores_nothing(
    committed_pg_url: str, pg_factory: sessionmaker[Session],
) -> None:
    engine = _refuse_commits(committed_pg_url)
    try:
        with pytest.raises(Exception, match="commit refused"):
            store_deliveries(pg_factory, [_delivery(n) for n in range(4)])
        assert _count(pg_factory, Message) == 0
    finally:
        _allow_commits(engine)


def _send_concurrently(settings: Settings, count: int) -> list[int]:
    """Send ``count`` messages at once, one connection each; the SMTP code each got."""
    codes = [0] * count
    ready = threading.Barrier(count)

    def send(n: int) -> None:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=60) as client:
            ready.wait()
            try:
                client.sendmail("f@advice-line.example", [INBOX], _mail(n))
                codes[n] = 250
            except smtplib.SMTPDataError as exc:
                codes[n] = exc.smtp_code

    threads = [threading.Thread(target=send, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return codes


@pytest.fixture
def listener(
    pg_factory: sessionmaker[Session], make_settings: Callable[..., Settings],
    committed_pg_url: str,
) -> Iterator[InboxHandler]:
    settings = make_settings(database_url=committed_pg_url)
    handler = InboxHandler(pg_factory, settings, None)
    controller = make_controller(handler, settings)
    controller.start()
    yield handler
    controller.stop()


def test_when_the_commit_fails_every_session_of_the_batch_gets_451_and_nothing_is_stored(
    listener: InboxHandler, committed_pg_url: str, pg_factory: sessionmaker[Session],
) -> None:
    engine = _refuse_commits(committed_pg_url)
    try:
        assert _send_concurrently(listener.settings, 6) == [451] * 6
        assert _count(pg_factory, Message) == 0
    finally:
        _allow_commits(engine)


def test_concurrent_sessions_share_commits_and_each_hears_250_after_its_own(
    listener: InboxHandler, committed_pg_url: str, pg_factory: sessionmaker[Session],
) -> None:
    counted = Statements(pg_factory.kw["bind"])
    # Hold the first writer inside its insert, so the other sessions' messages wait together.
    blocker = create_engine(committed_pg_url)
    result: list[list[int]] = []
    try:
        with blocker.connect() as lock:
            lock.execute(text("LOCK TABLE events IN EXCLUSIVE MODE"))
            sender = threading.Thread(target=lambda: result.append(
                _send_concurrently(listener.settings, 8)))
            sender.start()
            deadline = time.monotonic() + 30
            while listener.group_commit.waiting < 8 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert listener.group_commit.waiting == 8
            assert not result  # no session has its answer while nothing is committed
            lock.rollback()
        sender.join(timeout=60)
    finally:
        blocker.dispose()
    assert result == [[250] * 8]
    assert _count(pg_factory, Message) == 8
    # The first batch (whatever had arrived when the writer started), then all the rest.
    assert 1 <= counted.commits <= 2
    assert len([s for s in counted.sql if s.lstrip().startswith("WITH")]) == counted.commits
