"""The aiosmtpd listener: a thin handler that checks recipients and calls ``accept_message``."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from core.settings import Settings
from ingest import codes
from ingest.accept import Enqueue, accept_message

log = logging.getLogger(__name__)


class InboxHandler:
    """aiosmtpd hooks: RCPT accepts only the configured inboxes; DATA stores, then answers."""

    def __init__(
        self,
        factory: sessionmaker[DBSession],
        settings: Settings,
        enqueue: Enqueue | None,
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.enqueue = enqueue
        self.inboxes = frozenset(a.lower() for a in settings.inbox_addresses)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str,
        rcpt_options: list[str],
    ) -> str:
        if address.lower() not in self.inboxes:
            return codes.ERR_UNKNOWN_RECIPIENT
        envelope.rcpt_tos.append(address)
        return codes.OK_RCPT

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if len(raw) > self.settings.max_message_bytes:
            return codes.ERR_TOO_BIG
        try:
            accepted = await asyncio.to_thread(
                accept_message,
                self.factory,
                raw,
                envelope_from=str(envelope.mail_from or ""),
                envelope_to=list(envelope.rcpt_tos),
                enqueue=self.enqueue,
                id_domain=self.settings.message_id_domain,
            )
        except Exception as exc:  # noqa: BLE001 - process edge: any failure must become a 451
            log.error("storing a message failed, answered 451: %s", type(exc).__name__)
            return codes.ERR_TEMPORARY
        log.info("accepted message row=%s new=%s queued=%s", accepted.message_id,
                 accepted.created, accepted.queued)
        return f"{codes.OK_QUEUED} (id {accepted.message_id})"


class TolerantSMTP(SMTP):
    """aiosmtpd's SMTP with a line-length limit as large as the message size limit.

    RFC 5321 caps lines at 1000 octets, but real clients exceed it (HTML on one line, mail
    written with bare LF line ends, which then arrives as a single "line"), and refusing such
    mail loses a parent's email for a formality. Only the limit changes: the end of DATA is
    still recognised solely as CRLF.CRLF, so this does not reopen SMTP smuggling.
    """

    def __init__(self, handler: Any, *, max_line: int, **kwargs: Any) -> None:
        self.line_length_limit = max_line
        super().__init__(handler, **kwargs)


class InboxController(Controller):
    """A Controller whose sessions use ``TolerantSMTP``."""

    def __init__(self, handler: Any, *, max_line: int, **kwargs: Any) -> None:
        self.max_line = max_line
        super().__init__(handler, **kwargs)

    def factory(self) -> SMTP:
        return TolerantSMTP(self.handler, max_line=self.max_line, **self.SMTP_kwargs)


def make_controller(
    handler: InboxHandler, settings: Settings, **kwargs: Any
) -> Controller:
    """An aiosmtpd Controller bound to the configured host/port with the size limit set."""
    return InboxController(
        handler,
        max_line=settings.max_message_bytes + 1024,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        data_size_limit=settings.max_message_bytes,
        server_hostname="sendtriage",
        ident="SEND Triage ESMTP",
        **kwargs,
    )
