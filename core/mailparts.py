"""An attachment's bytes found again in the stored raw mail, by the SHA-256 the parser listed.

The raw message is the source of truth (DESIGN.md): attachments are not stored a second time,
so the worker (to read them) and the web app (to offer them for download) both look them up
here. Standard library only; never raises on bad MIME.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
from collections.abc import Collection
from email.errors import MessageError
from email.message import Message
from typing import Final

# What the standard library raises on broken MIME (as ``ingest.headers.EMAIL_ERRORS``).
_MIME_ERRORS: Final = (ValueError, TypeError, AttributeError, IndexError, LookupError,
                       UnicodeError, MessageError)
# A stored message is at most a few MiB; this only bounds a pathological tree.
MAX_PARTS: Final = 10_000


def payload_bytes(part: Message) -> bytes:
    """The part's payload with its transfer encoding undone; b'' when there is none."""
    try:
        data = part.get_payload(decode=True)
    except _MIME_ERRORS:
        data = None
    if isinstance(data, bytes):
        return data
    try:
        raw = part.get_payload()
    except _MIME_ERRORS:
        return b""
    if isinstance(raw, str):
        return raw.encode("ascii", "surrogateescape")
    return b""


def _candidate(part: Message) -> bytes | None:
    """The bytes the parser hashed for this part: its decoded payload, or for an attached
    message the message itself; None for a container."""
    try:
        ctype = part.get_content_type()
    except _MIME_ERRORS:
        return None
    if ctype.startswith("message/"):
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            try:
                return payload[0].as_bytes(policy=email.policy.compat32)
            except (*_MIME_ERRORS, RecursionError):
                return None
        return payload_bytes(part)
    if part.is_multipart():
        return None
    return payload_bytes(part)


def find_parts(raw: bytes, sha256s: Collection[str]) -> dict[str, bytes]:
    """The bytes of every part of ``raw`` whose SHA-256 (hex) is in ``sha256s``, by hash.

    A hash not found (a purged message, a part the parser could not frame) is simply absent.
    Pure; safe to call repeatedly.
    """
    wanted = {h.lower() for h in sha256s}
    found: dict[str, bytes] = {}
    if not raw or not wanted:
        return found
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except (*_MIME_ERRORS, RecursionError):
        return found
    stack: list[Message] = [message]
    seen = 0
    while stack and seen < MAX_PARTS and len(found) < len(wanted):
        part = stack.pop()
        seen += 1
        data = _candidate(part)
        if data is not None:
            digest = hashlib.sha256(data).hexdigest()
            if digest in wanted:
                found.setdefault(digest, data)
        try:
            children = part.get_payload() if part.is_multipart() else []
        except _MIME_ERRORS:
            children = []
        if isinstance(children, list):
            stack.extend(reversed([c for c in children if isinstance(c, Message)]))
    return found
