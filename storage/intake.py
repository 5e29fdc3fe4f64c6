"""Storing delivered mail: one statement per new message, many messages per commit.

A delivery is new unless it is a redelivery of a stored message (same Message-ID, and the
same bytes or the same sender and body, see ``core.redelivery``). A new one is stored with
its ``message.received`` event in one round trip: on PostgreSQL one ``INSERT … ON CONFLICT
DO NOTHING … RETURNING`` whose result feeds the event's ``INSERT`` in the same statement; on
SQLite (in process, no data-modifying CTE) the same insert, then the event's. A redelivery
conflicts, inserts nothing, and takes the slower path that finds the stored row and records
``message.redelivered`` on it, so it never opens a second case (issue 10, item 9).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, exists, func, insert, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.clock import utcnow
from core.redelivery import delivery_fingerprint
from storage.enums import Direction, EventAction, MessageStatus
from storage.events import record_event
from storage.models import Event, Message

_MESSAGES = cast(Table, Message.__table__)
_EVENTS = cast(Table, Event.__table__)


@dataclass(frozen=True)
class StoredMessage:
    """The outcome of storing one delivery: the row id and whether it was new."""

    id: int
    created: bool


@dataclass(frozen=True)
class Delivery:
    """One delivered message as it will be stored, with what identifies it."""

    raw: bytes
    content_sha256: str
    fingerprint: str
    message_id_header: str
    message_id_generated: bool
    envelope_from: str
    envelope_to: tuple[str, ...]
    received_at: datetime


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def make_delivery(
    raw: bytes,
    *,
    message_id_header: str | None,
    envelope_from: str,
    envelope_to: Sequence[str],
    received_at: datetime | None = None,
    id_domain: str = "sendtriage.invalid",
    fingerprint: str | None = None,
) -> Delivery:
    """``raw`` ready to store. A missing Message-ID is made up from the content hash, so a
    retried delivery of the same bytes still dedupes. ``fingerprint`` is
    ``delivery_fingerprint(raw)``, computed here unless the caller already has it. Pure."""
    digest = content_hash(raw)
    return Delivery(
        raw=raw,
        content_sha256=digest,
        fingerprint=fingerprint if fingerprint is not None else delivery_fingerprint(raw),
        message_id_header=message_id_header or f"<generated.{digest[:32]}@{id_domain}>",
        message_id_generated=not message_id_header,
        envelope_from=envelope_from,
        envelope_to=tuple(envelope_to),
        received_at=received_at or utcnow(),
    )


def store_delivery(session: Session, delivery: Delivery) -> StoredMessage:
    """Add ``delivery`` unless it is a redelivery of a stored message; doesn't commit.

    New: one statement on PostgreSQL, two on SQLite, returning ``created=True``. A
    redelivery returns the stored row with ``created=False`` and records
    ``message.redelivered`` on it. Raises what the database raises. Calling it again for the
    same delivery (a retry) is safe: the second call is a redelivery.
    """
    return store_many(session, [delivery])[0]


def store_many(session: Session, deliveries: Sequence[Delivery]) -> list[StoredMessage]:
    """``store_delivery`` for each of ``deliveries``, in order; doesn't commit.

    The new ones go in one statement together (PostgreSQL; on SQLite one for the rows and
    one for their events); only a redelivery costs statements of its own.
    """
    inserted = _insert_new(session, deliveries, guard_unfingerprinted=True)
    results = []
    for delivery in deliveries:
        new_id = inserted.pop(_key(delivery), None)
        if new_id is not None:
            results.append(StoredMessage(new_id, True))
        else:
            results.append(_store_not_inserted(session, delivery))
    return results


def _store_not_inserted(session: Session, delivery: Delivery) -> StoredMessage:
    # The insert conflicted with a stored row (or one earlier in the same batch), or a row
    # stored before fingerprints shares the Message-ID: find what it is a redelivery of.
    existing = find_redelivered(session, delivery.message_id_header, delivery.content_sha256,
                                delivery.fingerprint, delivery.raw)
    if existing is not None:
        record_event(session, EventAction.MESSAGE_REDELIVERED, actor="smtp",
                     case_id=existing.case_id, message_id=existing.id,
                     detail={"size": len(delivery.raw),
                             "identical": delivery.content_sha256 == existing.content_sha256},
                     at=delivery.received_at)
        return StoredMessage(existing.id, False)
    # Only a row stored before fingerprints, with this Message-ID but other content, held the
    # insert back: the delivery is new after all.
    new_id = _insert_new(session, [delivery], guard_unfingerprinted=False).get(_key(delivery))
    if new_id is None:
        raise RuntimeError("a delivery neither stored nor found as a redelivery")
    return StoredMessage(new_id, True)


def _key(delivery: Delivery) -> tuple[str, str]:
    # What one inserted row is told apart by (unique together).
    return delivery.message_id_header, delivery.content_sha256


def _insert_new(session: Session, deliveries: Sequence[Delivery], *,
                guard_unfingerprinted: bool) -> dict[tuple[str, str], int]:
    """Insert those of ``deliveries`` that conflict with no stored row, and their received
    events; the new ids by ``_key``. Of two equal deliveries in one call, the first is new."""
    rows = [_row(d) for d in deliveries]
    names = list(rows[0])
    selects = [select(*[literal(row[n], _MESSAGES.c[n].type).label(n) for n in names])
               for row in rows]
    values = (union_all(*selects) if len(selects) > 1 else selects[0]).subquery("v")
    source = select(*[values.c[n] for n in names])
    if guard_unfingerprinted:
        # Rows stored before fingerprints existed (migration 0003) cannot conflict on one:
        # with such a row under this Message-ID, let ``find_redelivered`` compare bodies.
        source = source.where(~exists().where(
            _MESSAGES.c.message_id_header == values.c.message_id_header,
            _MESSAGES.c.delivery_fingerprint.is_(None)))
    else:
        source = source.where(literal(True))  # SQLite: ON CONFLICT after a SELECT needs WHERE
    returned = (_MESSAGES.c.id, _MESSAGES.c.message_id_header, _MESSAGES.c.content_sha256)
    if session.get_bind().dialect.name == "postgresql":
        stored = (postgresql.insert(_MESSAGES).from_select(names, source)
                  .on_conflict_do_nothing()
                  .returning(*returned, _MESSAGES.c.size, _MESSAGES.c.received_at)
                  .cte("stored"))
        recorded = insert(_EVENTS).from_select(
            ["message_id", "actor", "action", "detail", "created_at"],
            select(stored.c.id, literal("smtp"), literal(EventAction.MESSAGE_RECEIVED.value),
                   func.json_build_object("size", stored.c.size), stored.c.received_at),
        ).cte("recorded")
        result = session.execute(select(stored.c.id, stored.c.message_id_header,
                                        stored.c.content_sha256).add_cte(recorded))
        return {(mid, digest): new_id for new_id, mid, digest in result}
    result = session.execute(sqlite.insert(_MESSAGES).from_select(names, source)
                             .on_conflict_do_nothing().returning(*returned))
    inserted = {(mid, digest): new_id for new_id, mid, digest in result}
    firsts = {_key(d): d for d in reversed(deliveries)}
    if inserted:
        session.execute(insert(_EVENTS).values([
            {"message_id": new_id, "actor": "smtp", "action": EventAction.MESSAGE_RECEIVED.value,
             "detail": {"size": len(firsts[key].raw)}, "created_at": firsts[key].received_at}
            for key, new_id in inserted.items()]))
    return inserted


def _row(delivery: Delivery) -> dict[str, Any]:
    # Every column with a Python-side default is given: INSERT … SELECT does not apply them.
    return {
        "direction": Direction.INBOUND,
        "raw": delivery.raw,
        "size": len(delivery.raw),
        "content_sha256": delivery.content_sha256,
        "message_id_header": delivery.message_id_header,
        "message_id_generated": delivery.message_id_generated,
        "delivery_fingerprint": delivery.fingerprint,
        "envelope_from": delivery.envelope_from,
        "envelope_to": list(delivery.envelope_to),
        "received_at": delivery.received_at,
        "status": MessageStatus.RECEIVED,
        "attempts": 0,
        "references": [],
        "automatic": False,
        "attachments": [],
        "flags": [],
    }


# Rows stored before delivery fingerprints existed are compared byte by byte, a few at most.
_UNFINGERPRINTED_CANDIDATES = 5


def find_redelivered(
    session: Session, mid: str, digest: str, fingerprint: str, raw: bytes
) -> Message | None:
    """The stored message that ``raw`` (Message-ID ``mid``) is a redelivery of, or None."""
    same = session.scalars(
        select(Message).where(Message.message_id_header == mid,
                              (Message.content_sha256 == digest)
                              | (Message.delivery_fingerprint == fingerprint))
        .order_by(Message.id).limit(1)
    ).first()
    if same is not None:
        return same
    older = session.scalars(
        select(Message).where(Message.message_id_header == mid,
                              Message.delivery_fingerprint.is_(None))
        .order_by(Message.id).limit(_UNFINGERPRINTED_CANDIDATES)
    )
    return next((row for row in older if delivery_fingerprint(row.raw) == fingerprint), None)


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` says the database is unreachable or refusing work (as opposed to
    refusing one statement): retrying the batch message by message would not help."""
    return isinstance(error, OperationalError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)


def store_deliveries(
    factory: sessionmaker[Session], deliveries: Sequence[Delivery]
) -> list[StoredMessage | Exception]:
    """Store ``deliveries`` in one transaction and commit once (group commit).

    Returns one outcome per delivery, in order, each true only once committed. If the commit
    fails, or the database is out, this raises: no delivery of the batch may be acknowledged.
    If a statement fails (one bad delivery), the batch is rolled back and each delivery is
    stored alone, so the others are not refused with it; its outcome is then the exception.
    """
    session = factory()
    try:
        try:
            results: list[StoredMessage | Exception] = list(store_many(session, deliveries))
            session.flush()
        except Exception as exc:
            session.rollback()
            if len(deliveries) == 1 or is_outage(exc):
                raise
            return [_store_alone(factory, d) for d in deliveries]
        session.commit()
        return results
    finally:
        session.close()


class BatchWriter:
    """``store_deliveries`` on one connection kept from batch to batch: checking one out of
    the pool per batch costs a round trip (the pre-ping) as long as the insert itself.

    For one writer at a time (batches in turn, from any thread). A batch that fails drops
    the connection, so a broken one never serves the next batch; that batch reconnects.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._factory: sessionmaker[Session] | None = None

    def __call__(self, deliveries: Sequence[Delivery]) -> list[StoredMessage | Exception]:
        if self._connection is None or self._factory is None:
            self._connection = self.engine.connect()
            self._factory = sessionmaker(self._connection, expire_on_commit=False)
        try:
            return store_deliveries(self._factory, deliveries)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        """Give the connection back (the next batch takes a new one)."""
        if self._connection is not None:
            self._connection.close()
        self._connection = self._factory = None


def _store_alone(factory: sessionmaker[Session], delivery: Delivery) -> StoredMessage | Exception:
    try:
        with factory() as session:
            stored = store_delivery(session, delivery)
            session.commit()
    except Exception as exc:  # noqa: BLE001 - the outcome of this delivery alone, for its 451
        return exc
    return stored
