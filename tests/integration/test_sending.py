"""Sending approved replies through a real SMTP sink: threading, retries, refusals, at most once.

Ends with the whole path: a parent's email in over SMTP, the pipeline, the adviser's approval,
the reply at the sink, and the parent's answer threading back into the same case.
"""

from __future__ import annotations

import smtplib
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.errors import TransientError
from core.settings import Settings
from ingest.smtp import InboxHandler, make_controller
from replies.outbound import verify_message_id
from replies.sending import NO_RELAY, deliver_draft
from storage.drafts import approve_draft, claim_for_sending, stuck_sending
from storage.enums import CaseStatus, DraftStatus
from storage.models import Case, Draft, Event, Message
from tests.conftest import SmtpSink, free_port
from tests.factories import UserFactory
from tests.fakes import FixedClassifier
from tests.integration.reply_rows import NOW, PARENT, load_draft, seed_draft
from worker.pipeline import Outcome, Pipeline

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(make_settings: Callable[..., Settings], smtp_sink: SmtpSink,
             db_url: str) -> Settings:
    return make_settings(relay_url=smtp_sink.url, secret_key="sending-test",
                         database_url=db_url, max_attempts=3)


def test_an_approved_reply_is_delivered_once_to_the_parent_with_threading_headers(
    factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings, smtp_sink: SmtpSink,
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    assert deliver_draft(session_factory, seeded.draft_id, settings, now=NOW) == "sent"
    assert len(smtp_sink.messages) == 1
    envelope, msg = smtp_sink.messages[0]
    assert envelope.rcpt_tos == [PARENT]
    assert envelope.mail_from == "advice@advice-line.example"
    assert msg["In-Reply-To"] == "<parent.1@example.org>"
    assert msg["References"] == "<parent.1@example.org>"
    assert msg["Subject"] == f"Re: Council refused to assess [ST-{seeded.case_id}]"
    assert "11 May 2026" in msg.get_content()
    draft = load_draft(session_factory, seeded.draft_id)
    assert draft.status == DraftStatus.SENT
    assert msg["Message-ID"] == draft.outgoing_message_id
    assert verify_message_id(settings, draft.outgoing_message_id or "") == (
        seeded.case_id, seeded.draft_id)
    with session_factory() as session:
        case = session.get(Case, seeded.case_id)
        assert case is not None
        assert case.status == CaseStatus.REPLIED
        assert case.first_response_at == NOW


def test_delivering_a_sent_reply_again_sends_nothing(
    factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings, smtp_sink: SmtpSink,
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    assert deliver_draft(session_factory, seeded.draft_id, settings) == "sent"
    assert deliver_draft(session_factory, seeded.draft_id, settings) == "not-approved"
    assert len(smtp_sink.messages) == 1


def test_relay_down_retries_then_delivers_once_with_the_same_message_id(
    factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings, smtp_sink: SmtpSink,
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    down = settings.model_copy(update={"relay_url": f"smtp://127.0.0.1:{free_port()}"})
    with pytest.raises(TransientError, match="could not reach the relay"):
        deliver_draft(session_factory, seeded.draft_id, down, now=NOW)
    waiting = load_draft(session_factory, seeded.draft_id)
    assert waiting.status == DraftStatus.APPROVED
    assert waiting.send_attempts == 1
    assert "could not reach the relay" in (waiting.last_error or "")
    first_id = waiting.outgoing_message_id
    assert first_id is not None

    assert deliver_draft(session_factory, seeded.draft_id, settings, now=NOW) == "sent"
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.messages[0][1]["Message-ID"] == first_id
    assert load_draft(session_factory, seeded.draft_id).send_attempts == 2


def test_a_temporary_refusal_puts_the_reply_back_for_a_retry(
    factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings, smtp_sink: SmtpSink,
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    smtp_sink.handler.refuse_with = "451 4.3.0 try again later"
    with pytest.raises(TransientError, match="451"):
        deliver_draft(session_factory, seeded.draft_id, settings)
    assert load_draft(session_factory, seeded.draft_id).status == DraftStatus.APPROVED


def test_a_permanent_refusal_fails_the_reply_with_the_reason_shown(
    factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings, smtp_sink: SmtpSink,
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    smtp_sink.handler.refuse_with = "550 5.7.1 message rejected as spam"
    assert deliver_draft(session_factory, seeded.draft_id, settings) == "failed"
    draft = load_draft(session_factory, seeded.draft_id)
    assert draft.status == DraftStatus.FAILED
    assert draft.last_error is not None
    assert "550 5.7.1 message rejected as spam" in draft.last_error
    smtp_sink.handler.refuse_with = None
    assert deliver_draft(session_factory, seeded.draft_id, settings) == "not-approved"
    assert smtp_sink.messages == []


def test_giving_up_after_max_attempts_fails_the_reply(
    factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    down = settings.model_copy(update={"relay_url": f"smtp://127.0.0.1:{free_port()}"})
    for _ in range(settings.max_attempts - 1):
        with pytest.raises(TransientError):
            deliver_draft(session_factory, seeded.draft_id, down)
    assert deliver_draft(session_factory, seeded.draft_id, down) == "failed"
    draft = load_draft(session_factory, seeded.draft_id)
    assert draft.status == DraftStatus.FAILED
    assert (draft.last_error or "").startswith("gave up after 3 attempts")


def test_no_relay_configured_fails_the_reply_with_a_clear_reason(
    factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings, smtp_sink: SmtpSink,
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    unset = settings.model_copy(update={"relay_url": None})
    assert deliver_draft(session_factory, seeded.draft_id, unset) == "failed"
    assert load_draft(session_factory, seeded.draft_id).last_error == NO_RELAY
    assert smtp_sink.messages == []


def test_a_reply_left_in_sending_by_a_killed_worker_is_never_sent_again(
    factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings, smtp_sink: SmtpSink,
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    # What a worker killed between the claim and the SMTP answer leaves behind.
    with session_factory.begin() as session:
        assert claim_for_sending(session, seeded.draft_id, "<st.killed@t.example>", now=NOW)
    assert deliver_draft(session_factory, seeded.draft_id, settings) == "not-approved"
    assert smtp_sink.messages == []
    assert load_draft(session_factory, seeded.draft_id).status == DraftStatus.SENDING
    with session_factory() as session:
        stuck = stuck_sending(session, NOW + timedelta(minutes=10))
        assert [d.id for d in stuck] == [seeded.draft_id]


class SilentAfterData:
    """A real SMTP server on 127.0.0.1 that takes the whole message, then hangs up unanswered."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn, conn.makefile("rb") as reader:
            conn.sendall(b"220 silent ESMTP\r\n")
            for line in iter(reader.readline, b""):
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250 silent\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    for body_line in iter(reader.readline, b""):
                        self.received += body_line
                        if body_line == b".\r\n":
                            return  # the message went out; the answer never comes
                else:
                    conn.sendall(b"250 ok\r\n")

    def close(self) -> None:
        self.server.close()
        self.thread.join(timeout=5)


def test_a_connection_lost_after_the_text_went_out_is_left_for_a_manager(
    factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    server = SilentAfterData()
    try:
        silent = settings.model_copy(update={"relay_url": f"smtp://127.0.0.1:{server.port}"})
        assert deliver_draft(session_factory, seeded.draft_id, silent, now=NOW) == "unknown"
    finally:
        server.close()
    assert b"Council refused to assess" in server.received
    assert load_draft(session_factory, seeded.draft_id).status == DraftStatus.SENDING
    assert deliver_draft(session_factory, seeded.draft_id, settings) == "not-approved"
    with session_factory() as session:
        assert [d.id for d in stuck_sending(session, NOW + timedelta(minutes=10))] == [
            seeded.draft_id]
        event = session.scalars(select(Event).where(Event.action == "draft.send_unknown")).one()
        assert event.draft_id == seeded.draft_id


# --- The whole path: SMTP in → pipeline → draft → approval → relay → the parent replies. ---

PARENT_MAIL = (
    b"From: Jo Parent <jo.parent@example.org>\r\nTo: advice@advice-line.example\r\n"
    b"Subject: Council refused to assess\r\nMessage-ID: <e2e.1@example.org>\r\n"
    b"Date: Tue, 10 Mar 2026 19:00:00 +0000\r\n\r\n"
    b"The council refused an EHC needs assessment for my son Sam, letter dated 10 March.\r\n"
    b"\r\nJo\r\n"
)


@pytest.fixture
def inbox(settings: Settings,
          committed_session_factory: sessionmaker[Session]) -> Iterator[Callable[[], list[int]]]:
    """The real SMTP listener (its own thread, so rows really commit); the ids of stored
    messages as the worker would get them, once the listener has queued them."""
    queued: list[int] = []

    def enqueue(message_id: int) -> bool:
        queued.append(message_id)
        return True

    handler = InboxHandler(committed_session_factory, settings, enqueue)
    controller = make_controller(handler, settings)
    controller.start()

    def queued_ids() -> list[int]:
        # Queueing follows the 250, off the reply path.
        assert handler.wait_announced()
        return list(queued)

    yield queued_ids
    controller.stop()


def _send_in(settings: Settings, raw: bytes) -> None:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as client:
        assert client.sendmail("forwarder@example.org", ["advice@advice-line.example"],
                               raw) == {}


def test_an_emailed_question_is_drafted_approved_delivered_and_its_answer_threads_back(
    settings: Settings, committed_session_factory: sessionmaker[Session], smtp_sink: SmtpSink,
    inbox: Callable[[], list[int]],
) -> None:
    session_factory = committed_session_factory
    pipeline = Pipeline(session_factory, settings, FixedClassifier(), FixedClock())
    _send_in(settings, PARENT_MAIL)
    assert len(inbox()) == 1
    assert pipeline.process_message(inbox()[0]) is Outcome.PROCESSED

    with session_factory.begin() as session:
        draft = session.scalars(select(Draft)).one()
        assert draft.status == DraftStatus.DRAFT
        adviser = UserFactory.build(email="ada@advice-line.example")
        session.add(adviser)
        session.flush()
        # The fixed triage's deadline (May 2026) is behind the real clock: the adviser confirms.
        approve_draft(session, draft.id, approver=adviser, confirm_deadline_passed=True)
        draft_id, case_id = draft.id, draft.case_id

    assert deliver_draft(session_factory, draft_id, settings) == "sent"
    assert len(smtp_sink.messages) == 1
    envelope, reply = smtp_sink.messages[0]
    assert envelope.rcpt_tos == ["jo.parent@example.org"]
    assert reply["In-Reply-To"] == "<e2e.1@example.org>"
    assert reply["References"] == "<e2e.1@example.org>"
    assert reply["Subject"] == f"Re: Council refused to assess [ST-{case_id}]"
    body = reply.get_content()
    assert "Dear Jo Parent," in body
    assert "11 May 2026" in body
    assert "SEND35a" in body

    answer = (
        f"From: Jo Parent <jo.parent@example.org>\r\nTo: advice@advice-line.example\r\n"
        f"Subject: {reply['Subject']}\r\nMessage-ID: <e2e.2@example.org>\r\n"
        f"In-Reply-To: {reply['Message-ID']}\r\n"
        f"References: <e2e.1@example.org> {reply['Message-ID']}\r\n"
        "Date: Wed, 11 Mar 2026 08:00:00 +0000\r\n\r\n"
        "Thank you. One more question about mediation.\r\n"
    ).encode()
    _send_in(settings, answer)
    assert pipeline.process_message(inbox()[1]) is Outcome.PROCESSED
    with session_factory() as session:
        message = session.get(Message, inbox()[1])
        assert message is not None and message.case_id == case_id
        assert len(session.scalars(select(Case)).all()) == 1
