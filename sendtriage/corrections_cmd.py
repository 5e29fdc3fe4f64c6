"""``sendtriage corrections export``: advisers' reclassifications as training rows (JSON Lines)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from core.labels import CATEGORIES
from core.settings import Settings
from ingest.parse import parse_email
from storage.corrections import CorrectedMessage

# Rows carry this prefix in ``source`` so a corpus can tell advisers' labels from the rest.
SOURCE_PREFIX = "correction:case/"


def training_rows(corrected: Iterable[CorrectedMessage], settings: Settings
                  ) -> Iterator[dict[str, object]]:
    """Each corrected message as a row in the training corpus format (``training/corpus``).

    The text is what the classifier read: the parse of the stored raw message, new words only.
    """
    own = frozenset({settings.message_id_domain})
    for item in corrected:
        parsed = parse_email(item.raw, settings.resolved_forwarders, own_domains=own)
        yield {
            "id": f"correction-{item.correction_id}",
            "text": parsed.new_text,
            "subject": parsed.subject,
            "cats": {category: float(category in item.categories) for category in CATEGORIES},
            "next_step": item.next_step,
            "safeguarding": item.safeguarding,
            "source": f"{SOURCE_PREFIX}{item.case_id}",
            "corrected_at": item.corrected_at.isoformat(),
        }


def write_rows(rows: Iterable[dict[str, object]], out: TextIO) -> int:
    """Write ``rows`` as JSON Lines; how many were written."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
