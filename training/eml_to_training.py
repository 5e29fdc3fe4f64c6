"""Turn labelled folders of .eml files (eval-shaped labels.jsonl) into hand-written training rows.

Reads each email as the worker would (the parent's new words, subject, automatic mail dropped)
and prints one JSON row per email in the ``training/assets/handwritten*.jsonl`` format.
Never point it at ../shared/eval or a blind set: those must stay out of training.

    .venv/bin/python -m training.eml_to_training tests/data/classify_dev/set1 ... > out.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ingest.parse import parse_email

FORWARDERS = frozenset({"@advice-line.example"})
REFUSED = ("eval", "blind")


def rows_for(folder: Path) -> list[dict[str, object]]:
    if any(part.startswith(REFUSED) for part in folder.resolve().parts):
        raise SystemExit(f"{folder}: evaluation and blind sets must never become training data")
    labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text().splitlines()
              if line.strip()]
    rows: list[dict[str, object]] = []
    for label in labels:
        parsed = parse_email((folder / f"{label['id']}.eml").read_bytes(), FORWARDERS)
        if parsed.automatic or parsed.problem or not parsed.new_text.strip():
            continue
        rows.append({"subject": parsed.subject, "labels": list(label["categories"]),
                     "safeguarding": bool(label["safeguarding"]), "text": parsed.new_text})
    return rows


def main(argv: list[str]) -> int:
    for folder in argv:
        for row in rows_for(Path(folder)):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
