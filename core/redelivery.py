"""What makes two deliveries one message: Message-ID, sender and body, whitespace aside.

Mail is resent with its line ends rewritten or a blank line added at the end (``swaks --data``
adds a CRLF; some MTAs strip trailing spaces): such a copy is a redelivery, not new mail.
Pure (bytes in, digest out).
"""

from __future__ import annotations

import hashlib
import re
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import parseaddr
from typing import Final

_HEADER_END: Final = re.compile(rb"\r?\n\r?\n")
_LINE_END: Final = re.compile(rb"\r\n|\r|\n")
# Headers longer than this are not mail we would match anyway.
_HEADER_LIMIT: Final = 256 * 1024


def split_headers(raw: bytes) -> tuple[bytes, bytes]:
    """``raw`` as (header block, body); no blank line means all headers, no body."""
    end = _HEADER_END.search(raw)
    if end is None:
        return raw, b""
    return raw[:end.start()], raw[end.end():]


def sender_address(headers: bytes) -> str:
    """The From header's address, lower-cased; empty when there is none or it is unreadable."""
    try:
        parsed = BytesHeaderParser(policy=compat32).parsebytes(headers[:_HEADER_LIMIT])
    except (ValueError, TypeError, IndexError, UnicodeError):
        return ""
    return sender_of(parsed)


def sender_of(headers: Message | None) -> str:
    """``sender_address`` of a header block parsed already (with ``compat32``); None: ``""``."""
    if headers is None:
        return ""
    try:
        value = headers.get("From")
    except (ValueError, TypeError, IndexError, UnicodeError):
        return ""
    return parseaddr(str(value or ""))[1].strip().lower()


def normalise_body(body: bytes) -> bytes:
    """``body`` with LF line ends, no trailing spaces or tabs on any line, no blank lines at
    the end: what survives a resend unchanged."""
    lines = [line.rstrip(b" \t") for line in _LINE_END.split(body)]
    while lines and not lines[-1]:
        lines.pop()
    return b"\n".join(lines)


def delivery_fingerprint(raw: bytes) -> str:
    """A digest equal for two deliveries of one message from one sender (see the module
    docstring); compare it only between rows that also share the Message-ID."""
    headers, body = split_headers(raw)
    return fingerprint(sender_address(headers), body)


def fingerprint(sender: str, body: bytes) -> str:
    """``delivery_fingerprint`` from the sender's address and the body, read already."""
    digest = hashlib.sha256(sender.encode("utf-8"))
    digest.update(b"\0")
    digest.update(normalise_body(body))
    return digest.hexdigest()
