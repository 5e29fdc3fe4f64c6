"""Property tests: any bytes, and real messages mangled, parse to a ParsedEmail without raising."""

from __future__ import annotations

from dataclasses import astuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.message import ParsedEmail
from ingest.parse import parse_email
from tests.conftest import EMAILS_DIR
from tests.unit.ingest.emails import FORWARDERS, OWN_DOMAINS

# The two biggest fixtures only slow the search down; their quirks have tests of their own.
SEEDS = [
    path.read_bytes()
    for path in sorted(EMAILS_DIR.glob("*.eml"))
    if path.name not in {"many_parts.eml", "very_long_line.eml"}
]

# Fragments that steer mutations towards the parser's hard cases.
SNIPPETS = [
    b"\n--",
    b"\r\n",
    b"\x00",
    b"=?utf-8?b?",
    b"?=",
    b"Content-Type: multipart/mixed; boundary=x\n",
    b"Content-Transfer-Encoding: base64\n",
    b'charset="x-bogus"',
    b"\n\n",
    b"<div class=gmail_quote>",
    b"---------- Forwarded message ---------\nFrom: ",
    b"\nOn 1 Jan 2026, X wrote:\n> ",
    b"\xff\xfe",
    b"Content-Type: message/rfc822\n\n",
    b'charset="utf-7"\n',
    b"+2DQ-",
    b"Date: \n",
    b"From: <>\n",
    b"-- \n",
]


def _assert_no_internal_failure(parsed: ParsedEmail) -> None:
    # parse_email turns any exception into a "parser failed" problem so the contract holds; the
    # properties check that no input actually reaches that safety net, and that every text the
    # value carries can be stored (encodes as UTF-8: no lone surrogates).
    assert not (parsed.problem or "").startswith("the parser failed"), parsed.problem
    for value in astuple(parsed):
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, str):
                item.encode("utf-8")


@st.composite
def mutated_messages(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        position = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        action = draw(
            st.sampled_from(["flip", "delete", "insert", "snippet", "truncate", "repeat"])
        )
        if action == "flip" and data:
            data[position] = draw(st.integers(min_value=0, max_value=255))
        elif action == "delete":
            del data[position : position + draw(st.integers(min_value=1, max_value=200))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=64))
        elif action == "snippet":
            data[position:position] = draw(st.sampled_from(SNIPPETS))
        elif action == "truncate":
            del data[position:]
        else:
            chunk = bytes(data[position : position + 80])
            data[position:position] = chunk * draw(st.integers(min_value=1, max_value=20))
    return bytes(data)


@pytest.mark.timeout(120)
@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    parsed = parse_email(raw, FORWARDERS, own_domains=OWN_DOMAINS)
    assert isinstance(parsed, ParsedEmail)
    _assert_no_internal_failure(parsed)


@pytest.mark.timeout(120)
@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_messages())
def test_mutated_real_messages_never_raise(raw: bytes) -> None:
    parsed = parse_email(raw, FORWARDERS, own_domains=OWN_DOMAINS)
    assert isinstance(parsed, ParsedEmail)
    assert "\n" not in parsed.subject
    _assert_no_internal_failure(parsed)


@pytest.mark.timeout(120)
@settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_arbitrary_text_bodies_never_raise(body: str) -> None:
    raw = b"From: a@example.org\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n"
    parsed = parse_email(raw + body.encode("utf-8", "surrogatepass"))
    assert isinstance(parsed, ParsedEmail)
    _assert_no_internal_failure(parsed)
