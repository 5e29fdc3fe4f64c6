"""The safeguarding alert email: built without personal data, sent through the relay at once."""

from __future__ import annotations

import logging
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from core.errors import PermanentError, TransientError
from core.settings import Settings
from replies.sending import DeliveryUnknown, relay_notification
from storage.alerts import (
    claim_safeguarding_alert,
    record_safeguarding_alert,
    release_safeguarding_alert,
)

log = logging.getLogger(__name__)


class AlertOutcome(StrEnum):
    SENT = "sent"
    NOT_OWED = "not-owed"
    NO_RECIPIENTS = "no-recipients"
    FAILED = "failed"


def build_safeguarding_alert(settings: Settings, case_id: int, *, now: datetime) -> bytes:
    """The alert for case ``case_id``: its number and a link, never the parent's name, address
    or words (the alert may land on a phone's lock screen or a shared mailbox)."""
    link = f"{settings.web_public_url.rstrip('/')}/cases/{case_id}"
    mail = EmailMessage()
    mail["From"] = settings.reply_from
    mail["To"] = ", ".join(settings.safeguarding_alert_to)
    mail["Subject"] = f"Safeguarding case #{case_id} needs attention now"
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = make_msgid("safeguarding", domain=settings.message_id_domain)
    # A notification, not a conversation: auto-responders must not answer it (RFC 3834).
    mail["Auto-Submitted"] = "auto-generated"
    mail["X-Auto-Response-Suppress"] = "All"
    mail.set_content(
        f"A message the triage flagged as a safeguarding concern arrived at "
        f"{now:%H:%M} UTC on {now:%d %B %Y}.\n\n"
        f"Open case #{case_id} in SEND Triage now and follow the safeguarding procedure:\n"
        f"{link}\n\n"
        "This alert deliberately holds no personal details.\n")
    return mail.as_bytes()


def send_safeguarding_alert(
    factory: sessionmaker[Session], case_id: int, settings: Settings, *, now: datetime
) -> AlertOutcome:
    """Email ``settings.safeguarding_alert_to`` about case ``case_id`` if it is owed an alert.

    Claims the alert first (a second call, or another worker, gets ``NOT_OWED``); a relay
    failure releases it for the sweeper and returns ``FAILED`` (logged, never raised: the
    message that raised the flag is processed either way). ``NO_RECIPIENTS`` when no address
    is configured; nothing is claimed then.
    """
    recipients = list(settings.safeguarding_alert_to)
    if not recipients:
        return AlertOutcome.NO_RECIPIENTS
    with factory.begin() as session:
        if not claim_safeguarding_alert(session, case_id, now=now):
            return AlertOutcome.NOT_OWED
    try:
        relay_notification(settings, recipients, build_safeguarding_alert(settings, case_id,
                                                                           now=now))
    except (TransientError, PermanentError, DeliveryUnknown) as exc:
        with factory.begin() as session:
            release_safeguarding_alert(session, case_id)
        log.warning("safeguarding alert for case %s not sent, will retry: %s", case_id, exc)
        return AlertOutcome.FAILED
    with factory.begin() as session:
        record_safeguarding_alert(session, case_id, len(recipients), now=now)
    log.info("safeguarding alert for case %s sent", case_id)
    return AlertOutcome.SENT
