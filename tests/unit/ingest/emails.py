"""Helpers for the parser tests: the fixture folder and the helpline's configured addresses."""

from __future__ import annotations

from ingest.message import ParsedEmail
from ingest.parse import parse_email
from tests.conftest import EMAILS_DIR

HELPLINE = "enquiries@advice-line.example"
FORWARDERS = frozenset({HELPLINE})
OWN_DOMAINS = frozenset({"sendtriage.advice-line.example"})


def raw_fixture(name: str) -> bytes:
    return (EMAILS_DIR / name).read_bytes()


def parse_fixture(name: str, forwarders: frozenset[str] = FORWARDERS) -> ParsedEmail:
    """Parse ``tests/data/emails/<name>`` as the worker would (helpline configured as forwarder)."""
    return parse_email(raw_fixture(name), forwarders, own_domains=OWN_DOMAINS)
