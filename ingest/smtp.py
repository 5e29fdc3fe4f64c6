"""The aiosmtpd listener: a thin handler that checks recipients, then stores with group commit."""

from __future__ import annotations

import asyncio
import hmac
import logging
import socket
import ssl
from functools import partial
from typing import Any, AnyStr, Final, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from sqlalchemy import Engine
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from core.settings import Settings
from ingest import codes
from ingest.accept import read_delivery
from ingest.admission import Admission, client_address
from ingest.announce import Announcer, Enqueue
from ingest.groupcommit import GroupCommit
from storage.intake import BatchWriter, Delivery

log = logging.getLogger(__name__)

# Smaller messages are read on the event loop: a thread hop costs more than reading them.
_READ_INLINE_BYTES: Final = 256 * 1024


class InboxHandler:
    """aiosmtpd hooks: RCPT accepts only the configured inboxes; DATA stores, then answers.

    DATA answers 250 only once the message is committed, with those of concurrent sessions
    (``GroupCommit``); the queue hears of it afterwards, off the reply path (``Announcer``).
    """

    def __init__(
        self,
        factory: sessionmaker[DBSession],
        settings: Settings,
        enqueue: Enqueue | None,
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.inboxes = frozenset(a.lower() for a in settings.inbox_addresses)
        self.announcer = Announcer(enqueue) if enqueue is not None else None
        self.writer = BatchWriter(cast(Engine, factory.kw["bind"]))
        self.group_commit = GroupCommit(
            self.writer, self.announcer.hand_off if self.announcer is not None else None)

    def close(self) -> None:
        """Release the database connection (the listener stopped)."""
        self.writer.close()

    def wait_announced(self, timeout: float = 30.0) -> bool:
        """Wait until every committed message was handed to the queue (tests, shutdown)."""
        return self.announcer is None or self.announcer.wait_idle(timeout)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str,
        rcpt_options: list[str],
    ) -> str:
        folded = address.lower()
        if any(folded == known.lower() for known in envelope.rcpt_tos):
            # A repeated RCPT is one recipient: acknowledged, stored once.
            return codes.OK_RCPT
        if len(envelope.rcpt_tos) >= self.settings.smtp_max_recipients:
            return codes.ERR_TOO_MANY_RECIPIENTS
        if folded not in self.inboxes:
            return codes.ERR_UNKNOWN_RECIPIENT
        envelope.rcpt_tos.append(address)
        return codes.OK_RCPT

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if len(raw) > self.settings.max_message_bytes:
            return codes.ERR_TOO_BIG
        try:
            delivery = await self._read(raw, str(envelope.mail_from or ""),
                                        list(envelope.rcpt_tos))
            stored = await self.group_commit.store(delivery)
        except Exception as exc:  # noqa: BLE001 - process edge: any failure must become a 451
            log.error("storing a message failed, answered 451: %s", type(exc).__name__)
            return codes.ERR_TEMPORARY
        log.info("accepted message row=%s new=%s", stored.id, stored.created)
        if isinstance(server, LimitedSMTP):
            server.forgive_errors()
        return f"{codes.OK_QUEUED} (id {stored.id})"

    async def _read(self, raw: bytes, envelope_from: str, envelope_to: list[str]) -> Delivery:
        read = partial(read_delivery, raw, envelope_from=envelope_from, envelope_to=envelope_to,
                       id_domain=self.settings.message_id_domain)
        if len(raw) > _READ_INLINE_BYTES:
            # Hashing megabytes would stall every other session on this loop.
            return await asyncio.to_thread(read)
        return read()


class LimitedSMTP(SMTP):
    """aiosmtpd's SMTP with the listener's limits: admission, idle timeout, hard errors.

    The line-length limit is as large as the message size limit. RFC 5321 caps lines at 1000
    octets, but real clients exceed it (HTML on one line, mail written with bare LF line ends,
    which then arrives as a single "line"), and refusing such mail loses a parent's email for a
    formality. Only the limit changes: the end of DATA is still recognised solely as
    CRLF.CRLF, so this does not reopen SMTP smuggling.
    """

    def __init__(self, handler: Any, *, max_line: int, admission: Admission,
                 hard_error_limit: int, **kwargs: Any) -> None:
        self.line_length_limit = max_line
        self.admission = admission
        self.hard_error_limit = hard_error_limit
        self.errors = 0
        self.refusal: str | None = None
        self.admitted: str | None = None
        super().__init__(handler, **kwargs)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # Called again with the TLS transport after STARTTLS: admit the connection once.
        first = self._original_transport is None
        super().connection_made(transport)
        if first:
            address = client_address(transport.get_extra_info("peername"))
            self.refusal = self.admission.admit(address)
            if self.refusal is None:
                self.admitted = address

    def connection_lost(self, error: Exception | None) -> None:
        if self.admitted is not None:
            self.admission.release(self.admitted)
            self.admitted = None
        super().connection_lost(error)

    async def _handle_client(self) -> None:
        if self.refusal is not None:
            log.info("SMTP connection refused: %s", self.refusal)
            self.say_goodbye(self.refusal)
            return
        await super()._handle_client()

    def _timeout_cb(self) -> None:
        # aiosmtpd closes silently; Postfix says why, so the client knows it may retry.
        log.info("SMTP session idle too long, closed")
        self.say_goodbye(codes.ERR_IDLE_TIMEOUT)

    async def push(self, status: AnyStr) -> None:
        await super().push(status)
        first = status[:1]
        if first in ("4", "5", b"4", b"5"):
            self.errors += 1
            if self.errors >= self.hard_error_limit:
                log.info("SMTP session made %s errors, disconnected", self.errors)
                self.say_goodbye(codes.ERR_TOO_MANY_ERRORS)

    def forgive_errors(self) -> None:
        """A message was delivered: like Postfix, count errors afresh from here."""
        self.errors = 0

    def say_goodbye(self, reply: str) -> None:
        """Send ``reply`` and close the connection (the session ends; no further command)."""
        if self.transport is None or self.transport.is_closing():
            return
        self._writer.write(reply.encode("ascii") + b"\r\n")
        self.transport.close()


class InboxController(Controller):
    """A Controller whose sessions use ``LimitedSMTP``, sharing one ``Admission``."""

    def __init__(self, handler: Any, *, max_line: int, admission: Admission,
                 hard_error_limit: int, **kwargs: Any) -> None:
        self.max_line = max_line
        self.admission = admission
        self.hard_error_limit = hard_error_limit
        super().__init__(handler, **kwargs)

    def _trigger_server(self) -> None:
        # aiosmtpd's start-up probe opens a session and drops it; end it with QUIT and wait
        # for the close, so it has left the connection counts before the first client comes.
        with socket.create_connection((self.hostname or self._localhost, self.port),
                                      timeout=5.0) as probe:
            try:
                probe.recv(1024)
                probe.sendall(b"QUIT\r\n")
                while probe.recv(1024):
                    pass
            except OSError:
                pass  # refused by the allow-list: closed already, which is all we wait for

    def stop(self, no_assert: bool = False) -> None:
        super().stop(no_assert)
        if isinstance(self.handler, InboxHandler):
            self.handler.close()

    def factory(self) -> SMTP:
        return LimitedSMTP(self.handler, max_line=self.max_line, admission=self.admission,
                           hard_error_limit=self.hard_error_limit, **self.SMTP_kwargs)


def make_tls_context(settings: Settings) -> ssl.SSLContext | None:
    """The server-side TLS context for STARTTLS, or None when no certificate is configured."""
    if settings.smtp_tls_cert_file is None or settings.smtp_tls_key_file is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(settings.smtp_tls_cert_file, settings.smtp_tls_key_file)
    return context


class Authenticator:
    """aiosmtpd authenticator: one configured login (the helpline MTA's), compared in constant
    time; every failure is a 535 that counts towards the hard error limit."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username.encode("utf-8")
        self.password = password.encode("utf-8")

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                 auth_data: Any) -> AuthResult:
        if mechanism not in ("LOGIN", "PLAIN") or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login_ok = hmac.compare_digest(auth_data.login, self.username)
        password_ok = hmac.compare_digest(auth_data.password, self.password)
        return AuthResult(success=login_ok and password_ok, handled=False)


def _auth_kwargs(settings: Settings) -> dict[str, Any]:
    if settings.smtp_auth_username is None or settings.smtp_auth_password is None:
        return {}
    return {
        "authenticator": Authenticator(settings.smtp_auth_username,
                                       settings.smtp_auth_password.get_secret_value()),
        "auth_required": True,
        # AUTH is offered only inside STARTTLS: the password never crosses in clear.
        "auth_require_tls": True,
    }


def make_controller(
    handler: InboxHandler, settings: Settings, **kwargs: Any
) -> Controller:
    """An aiosmtpd Controller bound to the configured host/port with every limit set."""
    admission = Admission(settings.smtp_client_networks, settings.smtp_max_connections,
                          settings.smtp_max_connections_per_client)
    tls_context = make_tls_context(settings)
    return InboxController(
        handler,
        max_line=settings.max_message_bytes + 1024,
        admission=admission,
        hard_error_limit=settings.smtp_hard_error_limit,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        data_size_limit=settings.max_message_bytes,
        server_hostname="sendtriage",
        ident="SEND Triage ESMTP",
        timeout=settings.smtp_idle_timeout_seconds,
        tls_context=tls_context,
        require_starttls=settings.smtp_require_tls,
        **_auth_kwargs(settings),
        **kwargs,
    )
