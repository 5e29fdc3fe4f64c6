"""Who may open an SMTP session: the allow-list and the connection counts (pure)."""

from __future__ import annotations

import ipaddress

from ingest import codes
from ingest.admission import Admission, is_allowed

LOCAL = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


def test_ipv4_mapped_ipv6_client_is_matched_against_ipv4_networks() -> None:
    assert is_allowed("::ffff:127.0.0.1", LOCAL)


def test_unparseable_peer_is_not_allowed() -> None:
    assert not is_allowed("", LOCAL)


def test_a_released_session_frees_its_place() -> None:
    admission = Admission(LOCAL, max_total=1, max_per_client=1)
    assert admission.admit("127.0.0.1") is None
    assert admission.admit("127.0.0.2") == codes.ERR_TOO_MANY_CONNECTIONS
    admission.release("127.0.0.1")
    assert admission.admit("127.0.0.2") is None


def test_refused_sessions_are_not_counted() -> None:
    admission = Admission(LOCAL, max_total=5, max_per_client=5)
    assert admission.admit("192.0.2.1") == codes.ERR_CLIENT_NOT_ALLOWED
    assert admission.open_total == 0
