"""``sendtriage classify``: raw .eml files → parse → triage → one JSON record per file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from classify.types import EmailText
from core.labels import NextStep
from core.settings import Settings
from ingest.attachments import read_attachments
from ingest.message import ParsedEmail
from ingest.parse import parse_email
from worker.reading import classifier_text

BATCH = 64


def _header_fields(path: Path, parsed: ParsedEmail) -> dict[str, object]:
    return {
        "file": str(path),
        "from": parsed.from_address,
        "sent": parsed.sent_at.isoformat() if parsed.sent_at else None,
        "subject": parsed.subject,
        "automatic": parsed.automatic,
        "automatic_reason": parsed.automatic_reason,
        "forwarded": parsed.forwarded,
        "via": parsed.via_address,
    }


def _not_classified(reason: str | None) -> dict[str, object]:
    return {
        "categories": [], "next_step": NextStep.GENERAL_ADVICE, "decision_date": None,
        "deadline": None, "safeguarding": False, "confidence": 1.0, "not_classified": reason,
    }


def classify_files(
    paths: Sequence[Path], settings: Settings, model_path: Path | None
) -> Iterator[dict[str, object]]:
    """Yield one record per path, in order; a file that cannot be read yields an ``error``.

    Automatic mail and unreadable mail are not classified (no draft would be written for them):
    they get no categories and ``general_advice``.
    """
    from classify.output import triage_record  # noqa: PLC0415
    from classify.pipeline import load_classifier  # noqa: PLC0415

    classifier = load_classifier(model_path)
    forwarders = settings.resolved_forwarders
    own = frozenset({settings.message_id_domain})
    for start in range(0, len(paths), BATCH):
        batch = paths[start:start + BATCH]
        parsed: list[tuple[Path, ParsedEmail | None, str | None]] = []
        texts: list[EmailText] = []
        for path in batch:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                parsed.append((path, None, f"cannot read file: {exc.strerror or exc}"))
                continue
            email = parse_email(raw, forwarders, own_domains=own)
            parsed.append((path, email, None))
            if not email.automatic and not email.problem:
                # Attached letters are read as the worker reads them (a decision date).
                texts.append(classifier_text(email, read_attachments(raw, email.attachments)))
        triages = iter(classifier.triage_many(texts))
        for path, p, error in parsed:
            if p is None:
                yield {"file": str(path), "error": error}
                continue
            record = _header_fields(path, p)
            if p.automatic or p.problem:
                record.update(_not_classified(p.automatic_reason or p.problem))
            else:
                record.update(triage_record(next(triages)))
            yield record
