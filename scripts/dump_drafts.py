#!/usr/bin/env python3
"""Run folders of .eml files through the real worker pipeline on SQLite and print what it stored.

One JSON line per message, in file order: the parse kept on the message, the case, the triage row,
every draft (subject, body, adviser notes, threading) and the outgoing email built for it, with the
random parts (Message-ID nonce, Thread-Index) fixed. A refactoring that must not change behaviour
is checked by diffing this output before and after it.

    .venv/bin/python scripts/dump_drafts.py ../shared/eval [more folders...] > drafts.jsonl
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

from classify.pipeline import load_classifier
from classify.types import TriageModel
from core.clock import FixedClock
from core.errors import PermanentError
from core.settings import Settings
from replies.outbound import as_wire_bytes, build_reply
from storage.db import make_engine, make_session_factory, transaction
from storage.intake import make_delivery, store_delivery
from storage.migrate import upgrade_database
from storage.models import Case, Draft, Event, Message, Triage
from worker.pipeline import Pipeline

INBOX = "advice@advice-line.example"


def _message_id(raw: bytes) -> str | None:
    for line in raw.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n").split(b"\n"):
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().decode("ascii", "replace") or None
    return None


def _row(obj: object, fields: list[str]) -> dict[str, object]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value: object) -> object:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _wire(draft: Draft, inbound: Message, settings: Settings, clock: FixedClock) -> str:
    draft.outgoing_message_id = f"<dump.{draft.case_id}.{draft.id}@{settings.message_id_domain}>"
    try:
        raw = as_wire_bytes(build_reply(draft, inbound, settings, now=clock.now()))
    except (PermanentError, UnicodeError) as exc:
        return f"cannot build: {type(exc).__name__}: {exc}"
    # Thread-Index carries a random byte when it continues an Outlook thread.
    lines = [line for line in raw.decode("utf-8").split("\r\n")
             if not line.startswith("Thread-Index:")]
    return "\n".join(lines)


MESSAGE_FIELDS = ["status", "from_address", "from_name", "via_address", "sent_at", "subject",
                  "in_reply_to", "references", "automatic", "automatic_reason", "new_text",
                  "full_text", "attachments", "flags", "case_id", "last_error"]
CASE_FIELDS = ["id", "status", "parent_address", "parent_name", "subject", "categories",
               "next_step", "triage_summary", "decision_date", "deadline", "safeguarding",
               "confidence", "needs_triage"]
TRIAGE_FIELDS = ["categories", "next_step", "decision_date", "certificate_date", "deadline",
                 "safeguarding", "confidence", "scores", "evidence", "details", "model_version"]
DRAFT_FIELDS = ["id", "status", "next_step", "to_address", "subject", "body", "adviser_notes",
                "in_reply_to", "references", "drafted_by", "last_error"]


def dump_folder(folder: Path, classifier: TriageModel) -> list[dict[str, object]]:
    """Process every .eml in ``folder`` (in name order) in one fresh SQLite database."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/dump.db"
        upgrade_database(url)
        settings = Settings(database_url=url, data_dir=Path(tmp), inbox_addresses=[INBOX])
        factory = make_session_factory(make_engine(url))
        clock = FixedClock()
        pipeline = Pipeline(factory, settings, classifier, clock)
        ids: list[tuple[Path, int]] = []
        for path in sorted(folder.glob("*.eml")):
            raw = path.read_bytes()
            with transaction(factory) as session:
                stored = store_delivery(session, make_delivery(
                    raw, message_id_header=_message_id(raw),
                    envelope_from="helpline@advice-line.example", envelope_to=[INBOX],
                    received_at=clock.now()))
            ids.append((path, stored.id))
            pipeline.process_message(stored.id)
            clock.advance(minutes=1)
        records = []
        with factory() as session:
            for path, message_id in ids:
                message = session.get(Message, message_id)
                assert message is not None
                record: dict[str, object] = {"file": f"{folder.name}/{path.name}",
                                             "message": _row(message, MESSAGE_FIELDS)}
                case = session.get(Case, message.case_id) if message.case_id else None
                record["case"] = _row(case, CASE_FIELDS) if case else None
                record["triages"] = [_row(t, TRIAGE_FIELDS) for t in session.scalars(
                    select(Triage).where(Triage.message_id == message_id).order_by(Triage.id))]
                drafts = list(session.scalars(
                    select(Draft).where(Draft.message_id == message_id).order_by(Draft.id)))
                record["drafts"] = [
                    {**_row(d, DRAFT_FIELDS), "wire": _wire(d, message, settings, clock)}
                    for d in drafts
                ]
                record["events"] = [
                    [e.action, e.actor, _plain(e.detail)] for e in session.scalars(
                        select(Event).where(Event.message_id == message_id).order_by(Event.id))
                ]
                records.append(record)
            session.rollback()
        return records


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    classifier = load_classifier()
    for folder in argv:
        for record in dump_folder(Path(folder), classifier):
            print(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
