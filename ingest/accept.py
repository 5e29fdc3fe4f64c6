"""What the listener stores of one delivered message: the bytes and what identifies them.

Storing happens in ``storage.intake`` (one statement per new message), many sessions per
commit (``ingest.groupcommit``); queueing after the commit (``ingest.announce``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

from core.clock import utcnow
from core.redelivery import fingerprint, sender_of, split_headers
from storage.intake import Delivery, make_delivery

_MSGID = re.compile(r"<[^<>\s]+>")
# Headers longer than this are not mail we would match anyway.
_HEADER_LIMIT = 256 * 1024


def _headers(block: bytes) -> Message | None:
    try:
        return BytesHeaderParser(policy=compat32).parsebytes(block[:_HEADER_LIMIT])
    except (ValueError, TypeError, IndexError, UnicodeError):
        return None


def _message_id(headers: Message | None) -> str | None:
    try:
        value = headers.get("Message-ID") if headers is not None else None
    except (ValueError, TypeError, IndexError, UnicodeError):
        return None
    if value is None:
        return None
    match = _MSGID.search(str(value))
    return match.group(0)[:998] if match else None


def extract_message_id(raw: bytes) -> str | None:
    """The Message-ID header in its ``<…>`` form, or None when missing or unusable."""
    return _message_id(_headers(split_headers(raw)[0]))


def read_delivery(
    raw: bytes,
    *,
    envelope_from: str,
    envelope_to: Sequence[str],
    id_domain: str,
    now: datetime | None = None,
) -> Delivery:
    """``raw`` as the listener stores it, its header block parsed once for both the
    Message-ID and the sender (the redelivery fingerprint). Pure apart from the clock."""
    block, body = split_headers(raw)
    headers = _headers(block)
    return make_delivery(
        raw,
        message_id_header=_message_id(headers),
        envelope_from=envelope_from,
        envelope_to=envelope_to,
        received_at=now or utcnow(),
        id_domain=id_domain,
        fingerprint=fingerprint(sender_of(headers), body),
    )
