"""Safeguarding alerts (issue 12): the worker emails the configured address through the relay
(a real aiosmtpd sink) as soon as triage flags a case, once, without personal data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.settings import Settings
from replies.alerts import AlertOutcome, send_safeguarding_alert
from storage.db import transaction
from storage.intake import make_delivery, store_delivery
from storage.models import Case, Event
from tests.conftest import SmtpSink
from tests.fakes import FixedClassifier
from worker.pipeline import Outcome, Pipeline

pytestmark = pytest.mark.integration

ALERT_TO = "duty-safeguarding@advice-line.example"


def _email(message_id: str, in_reply_to: str = "") -> bytes:
    thread = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (
        "From: Jo Kowalski <jo.kowalski@example.org>\r\nTo: advice@advice-line.example\r\n"
        f"Subject: Excluded again and scared\r\nMessage-ID: {message_id}\r\n{thread}"
        "Date: Fri, 27 Nov 2026 19:00:00 +0000\r\n\r\n"
        "My son Tomasz was excluded again. He says he wants to hurt himself.\r\n"
    ).encode()


def _store(factory: sessionmaker[Session], raw: bytes, message_id: str) -> int:
    with transaction(factory) as session:
        return store_delivery(session, make_delivery(raw, message_id_header=message_id,
                             envelope_from="jo.kowalski@example.org",
                             envelope_to=["advice@advice-line.example"])).id


@pytest.fixture
def settings(make_settings: Callable[..., Settings], smtp_sink: SmtpSink) -> Settings:
    return make_settings(relay_url=smtp_sink.url, safeguarding_alert_to=ALERT_TO,
                         web_public_url="https://triage.advice-line.example")


@pytest.fixture
def pipeline(session_factory: sessionmaker[Session], settings: Settings) -> Pipeline:
    flagged = replace(FixedClassifier().result, safeguarding=True)
    return Pipeline(session_factory, settings, FixedClassifier(result=flagged), FixedClock())


def test_a_safeguarding_email_alerts_the_configured_address_through_the_relay_at_once(
    pipeline: Pipeline, session_factory: sessionmaker[Session], smtp_sink: SmtpSink,
) -> None:
    message_id = _store(session_factory, _email("<sg.1@example.org>"), "<sg.1@example.org>")
    assert pipeline.process_message(message_id) is Outcome.PROCESSED
    assert len(smtp_sink.messages) == 1
    envelope, alert = smtp_sink.messages[0]
    with session_factory() as session:
        case_id = session.scalars(select(Case.id)).one()
        event = session.scalars(
            select(Event).where(Event.action == "case.safeguarding_alerted")).one()
    assert envelope.rcpt_tos == [ALERT_TO]
    assert alert["Subject"] == f"Safeguarding case #{case_id} needs attention now"
    assert alert["Auto-Submitted"] == "auto-generated"
    text = alert.as_string()
    assert f"https://triage.advice-line.example/cases/{case_id}" in text
    for personal in ("Jo", "Kowalski", "jo.kowalski", "Tomasz", "hurt", "Excluded"):
        assert personal not in text
    assert event.case_id == case_id and event.detail == {"recipients": 1}


def test_a_follow_up_on_an_alerted_case_sends_no_second_alert(
    pipeline: Pipeline, session_factory: sessionmaker[Session], smtp_sink: SmtpSink,
) -> None:
    first = _store(session_factory, _email("<sg.1@example.org>"), "<sg.1@example.org>")
    pipeline.process_message(first)
    second = _store(session_factory, _email("<sg.2@example.org>", "<sg.1@example.org>"),
                    "<sg.2@example.org>")
    assert pipeline.process_message(second) is Outcome.PROCESSED
    with session_factory() as session:
        assert len(session.scalars(select(Case)).all()) == 1
    assert len(smtp_sink.messages) == 1


def test_an_alert_the_relay_refused_is_owed_again_and_goes_out_on_the_next_try(
    pipeline: Pipeline, session_factory: sessionmaker[Session], smtp_sink: SmtpSink,
    settings: Settings,
) -> None:
    smtp_sink.handler.refuse_with = "451 4.3.0 try again later"
    message_id = _store(session_factory, _email("<sg.1@example.org>"), "<sg.1@example.org>")
    assert pipeline.process_message(message_id) is Outcome.PROCESSED  # the message is fine
    with session_factory() as session:
        case = session.scalars(select(Case)).one()
        assert case.safeguarding_alerted_at is None
    smtp_sink.handler.refuse_with = None
    now = FixedClock().now()
    assert send_safeguarding_alert(session_factory, case.id, settings, now=now) is \
        AlertOutcome.SENT
    assert send_safeguarding_alert(session_factory, case.id, settings, now=now) is \
        AlertOutcome.NOT_OWED
    assert len(smtp_sink.messages) == 1


def test_no_alert_address_configured_sends_nothing(
    session_factory: sessionmaker[Session], make_settings: Callable[..., Settings],
    smtp_sink: SmtpSink,
) -> None:
    flagged = replace(FixedClassifier().result, safeguarding=True)
    quiet = Pipeline(session_factory, make_settings(relay_url=smtp_sink.url),
                     FixedClassifier(result=flagged), FixedClock())
    message_id = _store(session_factory, _email("<sg.1@example.org>"), "<sg.1@example.org>")
    assert quiet.process_message(message_id) is Outcome.PROCESSED
    assert smtp_sink.messages == []
