"""Durable acceptance of one delivered message: store raw bytes and row, commit, then enqueue."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from email.policy import compat32

from sqlalchemy.orm import Session, sessionmaker

from core.clock import utcnow
from storage.db import transaction
from storage.messages import store_inbound

log = logging.getLogger(__name__)

_MSGID = re.compile(r"<[^<>\s]+>")
Enqueue = Callable[[int], bool]


@dataclass(frozen=True)
class Accepted:
    """What happened to one delivery: its row id, whether it was new, whether it was queued."""

    message_id: int
    created: bool
    queued: bool


def extract_message_id(raw: bytes) -> str | None:
    """The Message-ID header in its ``<…>`` form, or None when missing or unusable."""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:256 * 1024])
        value = headers.get("Message-ID")
    except (ValueError, TypeError, IndexError, UnicodeError):
        return None
    if value is None:
        return None
    match = _MSGID.search(str(value))
    return match.group(0)[:998] if match else None


def accept_message(
    factory: sessionmaker[Session],
    raw: bytes,
    *,
    envelope_from: str,
    envelope_to: list[str],
    enqueue: Enqueue | None,
    id_domain: str,
    now: datetime | None = None,
) -> Accepted:
    """Store ``raw`` durably (one committed transaction), then hand its id to ``enqueue``.

    Raises whatever the database raises: the SMTP handler turns that into 451 so the sender
    retries, and nothing half-written remains (the transaction rolled back). A redelivery of a
    stored message is acknowledged and not queued again. A broker outage only means the row
    waits for the sweeper.
    """
    with transaction(factory) as session:
        stored = store_inbound(
            session,
            raw,
            message_id_header=extract_message_id(raw),
            envelope_from=envelope_from,
            envelope_to=envelope_to,
            received_at=now or utcnow(),
            id_domain=id_domain,
        )
    queued = False
    if stored.created and enqueue is not None:
        queued = enqueue(stored.id)
    return Accepted(stored.id, stored.created, queued)
