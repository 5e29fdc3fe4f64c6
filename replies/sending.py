"""Sending an approved draft through the SMTP relay, at most once.

1. Claim ``approved → sending`` with a conditional UPDATE and persist the outgoing Message-ID;
   commit before any SMTP talk.
2. Talk SMTP step by step, so a refusal (certainly not delivered) is told apart from a
   connection lost after the message text went out (perhaps delivered).
3. Settle: ``sent``; back to ``approved`` and ``TransientError`` (retry later); ``failed`` with
   the reason; or, when delivery is unknown, left in ``sending`` for a manager, never resent.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from enum import StrEnum
from typing import Final, Literal
from urllib.parse import unquote, urlsplit

from sqlalchemy.orm import Session, sessionmaker

from core.clock import utcnow
from core.errors import PermanentError, TransientError
from core.settings import Settings
from replies.outbound import as_wire_bytes, build_reply, make_message_id
from storage.drafts import (
    SendRefusal,
    mark_failed,
    mark_sent,
    note_delivery_unknown,
    release_for_retry,
    start_sending,
)

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS: Final = 30
NO_RELAY: Final = ("No outgoing mail relay is configured (SENDTRIAGE_RELAY_URL), so the reply "
                   "was not sent. An operator must set it; this reply was not delivered and "
                   "must be sent again by hand.")
_DEFAULT_PORTS: Final = {"smtp": 25, "smtps": 465, "smtp+starttls": 587}


class SendOutcome(StrEnum):
    SENT = "sent"
    NOT_APPROVED = "not-approved"
    FAILED = "failed"
    UNKNOWN = "unknown"
    MISSING = "missing"


class DeliveryUnknown(Exception):
    """The connection was lost after the message text was sent: it may have been delivered."""


@dataclass(frozen=True)
class Relay:
    """Where and how to hand replies over: from ``smtp[s|+starttls]://[user:pass@]host[:port]``."""

    host: str
    port: int
    security: Literal["none", "tls", "starttls"]
    username: str | None = None
    password: str | None = None


def parse_relay_url(url: str) -> Relay:
    """The relay named by ``url``; raises ``PermanentError`` naming what is wrong with it."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise PermanentError("SENDTRIAGE_RELAY_URL must start with smtp://, smtps:// or "
                             "smtp+starttls://")
    if not parts.hostname:
        raise PermanentError("SENDTRIAGE_RELAY_URL has no host name")
    try:
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError as exc:
        raise PermanentError("SENDTRIAGE_RELAY_URL has an invalid port") from exc
    security: Literal["none", "tls", "starttls"] = (
        "tls" if scheme == "smtps" else "starttls" if scheme == "smtp+starttls" else "none"
    )
    return Relay(
        host=parts.hostname,
        port=port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def deliver_draft(
    session_factory: sessionmaker[Session],
    draft_id: int,
    settings: Settings,
    *,
    now: datetime | None = None,
) -> str:
    """Send approved draft ``draft_id`` once; returns a ``SendOutcome`` value.

    ``not-approved`` for a draft in any other state (draft, rejected, sent, failed, and
    ``sending``: a draft found there is never sent again). Raises ``TransientError`` after
    putting the draft back to ``approved`` when the relay is down or answers 4xx (until
    ``settings.max_attempts`` claims, then ``failed``). ``failed`` on a permanent refusal (5xx),
    no relay configured or a bad address. ``unknown`` when the connection broke after the
    message text went out: the draft stays in ``sending`` for a manager. Safe to call twice.
    """
    claimed_at = now or utcnow()
    with session_factory.begin() as session:
        claim = start_sending(session, draft_id,
                              lambda case_id, d_id: make_message_id(settings, case_id, d_id),
                              now=claimed_at)
        if isinstance(claim, SendRefusal):
            return SendOutcome(claim.value)
        draft = claim.draft
        try:
            relay = _relay(settings)
            if claim.inbound is None:
                raise PermanentError("the message this reply answers no longer exists")
            payload = as_wire_bytes(build_reply(draft, claim.inbound, settings, now=claimed_at))
        except PermanentError as exc:
            mark_failed(session, draft_id, str(exc), now=claimed_at)
            log.warning("draft %s failed before sending: %s", draft_id, exc)
            return SendOutcome.FAILED
        recipient, attempts = draft.to_address, draft.send_attempts
    # Committed: the draft is ``sending`` with its Message-ID stored before any SMTP talk.
    try:
        _transmit(relay, parseaddr(settings.reply_from)[1], recipient, payload)
    except (TransientError, PermanentError, DeliveryUnknown) as exc:
        return _settle_failure(session_factory, draft_id, exc, attempts=attempts,
                               settings=settings, now=now)
    with session_factory.begin() as session:
        mark_sent(session, draft_id, now=now or utcnow())
    log.info("draft %s sent", draft_id)
    return SendOutcome.SENT


def _settle_failure(
    session_factory: sessionmaker[Session],
    draft_id: int,
    error: TransientError | PermanentError | DeliveryUnknown,
    *,
    attempts: int,
    settings: Settings,
    now: datetime | None,
) -> str:
    """Record why the relay did not take the reply; re-raises a transient error to retry."""
    with session_factory.begin() as session:
        if isinstance(error, DeliveryUnknown):
            note_delivery_unknown(session, draft_id, str(error), now=now or utcnow())
            log.error("draft %s: delivery unknown, left in sending for a manager", draft_id)
            return SendOutcome.UNKNOWN
        if isinstance(error, PermanentError):
            mark_failed(session, draft_id, str(error), now=now or utcnow())
            log.warning("draft %s refused by the relay: %s", draft_id, error)
            return SendOutcome.FAILED
        if attempts >= settings.max_attempts:
            mark_failed(session, draft_id, f"gave up after {attempts} attempts: {error}",
                        now=now or utcnow())
            log.warning("draft %s failed after %s attempts", draft_id, attempts)
            return SendOutcome.FAILED
        release_for_retry(session, draft_id, str(error), now=now or utcnow())
    log.info("draft %s: relay unavailable (attempt %s), will retry", draft_id, attempts)
    raise error


def _relay(settings: Settings) -> Relay:
    if not settings.relay_url:
        raise PermanentError(NO_RELAY)
    return parse_relay_url(settings.relay_url)


def _transmit(relay: Relay, sender: str, recipient: str, payload: bytes) -> None:
    """Hand ``payload`` to the relay. Raises TransientError, PermanentError or DeliveryUnknown."""
    smtp = _open(relay)
    try:
        _envelope(smtp, sender, recipient)
        _send_data(smtp, payload)
    finally:
        _close(smtp)


def _open(relay: Relay) -> smtplib.SMTP:
    """A connection to the relay, logged in; a refusal or failure as our own error kinds."""
    try:
        return _connect(relay)
    except smtplib.SMTPAuthenticationError as exc:
        raise PermanentError(f"the relay refused our login ({exc.smtp_code})") from exc
    except smtplib.SMTPResponseException as exc:
        raise _refusal("connect", exc.smtp_code, exc.smtp_error) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise PermanentError(f"the relay does not support what we asked: {exc}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise TransientError(f"could not reach the relay: {type(exc).__name__}: {exc}") from exc


def _envelope(smtp: smtplib.SMTP, sender: str, recipient: str) -> None:
    """MAIL FROM and RCPT TO; nothing is delivered yet, so a lost line is worth a retry."""
    try:
        code, text = smtp.mail(sender)
        if code != 250:
            raise _refusal("MAIL FROM", code, text)
        code, text = smtp.rcpt(recipient)
        if code not in (250, 251):
            raise _refusal("RCPT TO", code, text)
    except (OSError, smtplib.SMTPException) as exc:
        raise TransientError(f"connection to the relay lost: {type(exc).__name__}") from exc


def _send_data(smtp: smtplib.SMTP, payload: bytes) -> None:
    """DATA: once the text has gone out, a lost line leaves delivery unknown."""
    try:
        # smtplib raises for a refused DATA command but returns the final answer.
        code, text = smtp.data(payload)
    except smtplib.SMTPDataError as exc:
        raise _refusal("DATA", exc.smtp_code, exc.smtp_error) from exc
    except (OSError, smtplib.SMTPException) as exc:
        # The text may have reached the relay before the line dropped: never guess.
        raise DeliveryUnknown(f"connection lost during DATA: {type(exc).__name__}") from exc
    if code != 250:
        raise _refusal("end of DATA", code, text)


def _connect(relay: Relay) -> smtplib.SMTP:
    smtp: smtplib.SMTP
    if relay.security == "tls":
        smtp = smtplib.SMTP_SSL(relay.host, relay.port, timeout=SMTP_TIMEOUT_SECONDS,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(relay.host, relay.port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        smtp.ehlo()
        if relay.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if relay.username:
            smtp.login(relay.username, relay.password or "")
    except BaseException:
        _close(smtp)
        raise
    return smtp


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        # After DATA was accepted the outcome is settled; a failed QUIT changes nothing.
        smtp.close()


def _refusal(stage: str, code: int, text: bytes | str) -> TransientError | PermanentError:
    reply = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    reason = f"the relay refused the reply at {stage}: {code} {' '.join(reply.split())}"[:500]
    return TransientError(reason) if 400 <= code < 500 else PermanentError(reason)


def relay_notification(settings: Settings, recipients: list[str], payload: bytes) -> None:
    """Hand a staff notification (not a reply to a parent) to the relay, once per recipient.

    Raises ``PermanentError`` when no relay is configured or it refuses for good,
    ``TransientError`` when it is unreachable or answers 4xx (the caller may retry; an
    address already served may then get a second copy), ``DeliveryUnknown`` when the line
    dropped during DATA.
    """
    relay = _relay(settings)
    sender = parseaddr(settings.reply_from)[1]
    for recipient in recipients:
        _transmit(relay, sender, recipient, payload)
