"""The listener's limits (Postfix's, each a setting): a real smtplib client against the real
aiosmtpd listener on 127.0.0.1."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from ingest.smtp import InboxHandler, make_controller
from storage.db import make_engine, make_session_factory
from storage.models import Message

pytestmark = pytest.mark.integration

INBOX = "advice@advice-line.example"
SECOND_INBOX = "triage@advice-line.example"
SIMPLE = (
    b"From: Parent <parent@example.org>\r\nTo: advice@advice-line.example\r\n"
    b"Subject: Help with EHCP\r\nMessage-ID: <limits.1@example.org>\r\n"
    b"Date: Mon, 09 Mar 2026 10:00:00 +0000\r\n\r\n"
    b"The council refused to assess my son.\r\n"
)
USER, PASSWORD = "helpline-mta", "a long random relay password 8f3k"


@dataclass
class Listener:
    settings: Settings
    factory: sessionmaker[Session]

    def client(self, source: str = "127.0.0.1") -> smtplib.SMTP:
        return smtplib.SMTP(self.settings.smtp_host, self.settings.smtp_port, timeout=10,
                            source_address=(source, 0))

    def stored(self) -> list[Message]:
        with self.factory() as session:
            return list(session.scalars(select(Message)))


@pytest.fixture
def start_listener(
    sqlite_url: str, make_settings: Callable[..., Settings]
) -> Iterator[Callable[..., Listener]]:
    controllers = []
    engines = []

    def start(**overrides: object) -> Listener:
        settings = make_settings(database_url=sqlite_url, **overrides)
        engine = make_engine(sqlite_url)
        engines.append(engine)
        factory = make_session_factory(engine)
        controller = make_controller(InboxHandler(factory, settings, None), settings)
        controller.start()
        controllers.append(controller)
        return Listener(settings, factory)

    yield start
    for controller in controllers:
        controller.stop()
    for engine in engines:
        engine.dispose()


@dataclass
class Certificates:
    ca: trustme.CA
    cert_file: Path
    key_file: Path

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    """A throw-away CA and a server certificate for 127.0.0.1, made in the test."""
    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    cert_file, key_file = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    server.private_key_and_cert_chain_pem.write_to_path(str(cert_file))
    server.private_key_pem.write_to_path(str(key_file))
    return Certificates(ca, cert_file, key_file)


def test_connections_beyond_the_total_limit_get_421_and_are_closed(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener(smtp_max_connections=2, smtp_max_connections_per_client=10)
    with listener.client(), listener.client("127.0.0.2"), \
            pytest.raises(smtplib.SMTPConnectError) as info:
        listener.client("127.0.0.3")
    assert info.value.smtp_code == 421
    assert b"too many connections" in info.value.smtp_error


def test_connections_beyond_the_per_client_limit_get_421_while_others_still_connect(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener(smtp_max_connections=10, smtp_max_connections_per_client=2)
    with listener.client(), listener.client():
        with pytest.raises(smtplib.SMTPConnectError) as info:
            listener.client()
        with listener.client("127.0.0.2") as other:
            assert other.noop()[0] == 250
    assert info.value.smtp_code == 421
    assert b"from your address" in info.value.smtp_error


def test_idle_session_is_closed_with_421_after_the_idle_timeout(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener(smtp_idle_timeout_seconds=0.3)
    with listener.client() as client:
        client.ehlo()
        # Waits on the socket for what the server says next: the timeout's 421, then EOF.
        code, reply = client.getreply()
    assert (code, reply) == (421, b"4.4.2 Error: timeout exceeded")


def test_repeated_recipients_are_collapsed_into_one(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener()
    with listener.client() as client:
        refused = client.sendmail("p@example.org", [INBOX, INBOX, INBOX.upper(), INBOX], SIMPLE)
    assert refused == {}
    assert [row.envelope_to for row in listener.stored()] == [[INBOX]]


def test_recipients_beyond_the_limit_get_452(start_listener: Callable[..., Listener]) -> None:
    listener = start_listener(smtp_max_recipients=1)
    with listener.client() as client:
        client.ehlo()
        client.mail("p@example.org")
        assert client.rcpt(INBOX)[0] == 250
        code, reply = client.rcpt(SECOND_INBOX)
    assert (code, reply) == (452, b"4.5.3 Error: too many recipients")


def test_client_is_disconnected_after_the_hard_error_limit(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener(smtp_hard_error_limit=3)
    with listener.client() as client:
        client.ehlo()
        client.mail("p@example.org")
        codes = [client.rcpt(f"nobody{i}@elsewhere.example")[0] for i in range(3)]
        after = client.noop()
        with pytest.raises(smtplib.SMTPServerDisconnected):
            client.noop()
    assert codes == [550, 550, 550]
    assert after == (421, b"4.7.0 Error: too many errors")


def test_delivered_message_clears_the_error_count(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener(smtp_hard_error_limit=3)
    with listener.client() as client:
        client.ehlo()
        for _ in range(2):
            client.mail("p@example.org")
            assert client.rcpt("nobody@elsewhere.example")[0] == 550
            assert client.rcpt(INBOX)[0] == 250
            assert client.data(SIMPLE)[0] == 250
        assert client.noop()[0] == 250


def test_client_outside_the_allow_list_is_refused_with_554(
    start_listener: Callable[..., Listener],
) -> None:
    listener = start_listener(smtp_allowed_clients="127.0.0.2, 10.0.0.0/8")
    with pytest.raises(smtplib.SMTPConnectError) as info:
        listener.client("127.0.0.1")
    with listener.client("127.0.0.2") as allowed:
        assert allowed.noop()[0] == 250
    assert info.value.smtp_code == 554


def test_starttls_with_the_configured_certificate_delivers_over_tls(
    start_listener: Callable[..., Listener], certificates: Certificates,
) -> None:
    listener = start_listener(smtp_tls_cert_file=certificates.cert_file,
                              smtp_tls_key_file=certificates.key_file)
    with listener.client() as client:
        client.ehlo()
        assert client.has_extn("starttls")
        client.starttls(context=certificates.client_context())
        assert client.sock is not None
        version = client.sock.version()  # type: ignore[attr-defined]
        assert client.sendmail("p@example.org", [INBOX], SIMPLE) == {}
    assert version in ("TLSv1.2", "TLSv1.3")
    assert len(listener.stored()) == 1


def test_required_tls_refuses_mail_before_starttls_with_530(
    start_listener: Callable[..., Listener], certificates: Certificates,
) -> None:
    listener = start_listener(smtp_tls_cert_file=certificates.cert_file,
                              smtp_tls_key_file=certificates.key_file, smtp_require_tls=True)
    with listener.client() as client:
        client.ehlo()
        code, _ = client.mail("p@example.org")
    assert code == 530
    assert listener.stored() == []


def _secured(client: smtplib.SMTP, certificates: Certificates) -> smtplib.SMTP:
    client.starttls(context=certificates.client_context())
    client.ehlo()
    return client


def _with_auth(certificates: Certificates) -> dict[str, object]:
    return {"smtp_tls_cert_file": certificates.cert_file,
            "smtp_tls_key_file": certificates.key_file,
            "smtp_auth_username": USER, "smtp_auth_password": PASSWORD}


def test_auth_is_offered_only_after_starttls(
    start_listener: Callable[..., Listener], certificates: Certificates,
) -> None:
    listener = start_listener(**_with_auth(certificates))
    with listener.client() as client:
        client.ehlo()
        before = client.has_extn("auth")
        after = _secured(client, certificates).has_extn("auth")
    assert (before, after) == (False, True)


def test_mail_without_auth_is_refused_when_auth_is_configured(
    start_listener: Callable[..., Listener], certificates: Certificates,
) -> None:
    listener = start_listener(**_with_auth(certificates))
    with _secured(listener.client(), certificates) as client:
        code, _ = client.mail("p@example.org")
    assert code == 530
    assert listener.stored() == []


def test_wrong_password_is_refused_with_535(
    start_listener: Callable[..., Listener], certificates: Certificates,
) -> None:
    listener = start_listener(**_with_auth(certificates))
    with _secured(listener.client(), certificates) as client, \
            pytest.raises(smtplib.SMTPAuthenticationError) as info:
        client.login(USER, PASSWORD + "x")
    assert info.value.smtp_code == 535


def test_authenticated_client_delivers(
    start_listener: Callable[..., Listener], certificates: Certificates,
) -> None:
    listener = start_listener(**_with_auth(certificates))
    with _secured(listener.client(), certificates) as client:
        client.login(USER, PASSWORD)
        assert client.sendmail("p@example.org", [INBOX], SIMPLE) == {}
    assert len(listener.stored()) == 1
