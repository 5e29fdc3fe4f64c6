"""The date extractor measured on hand-labelled date mentions of the real train split.

``assets/real/date_mentions_train.jsonl`` holds, for every real **train** row, every span that
names a day, month or year (relative ones too), with the day it means against the row's
``sent`` date (null when the day cannot be known), its form and its role. This prints, per
form, how many mentions ``classify.dates.find_dates`` finds (overlapping the span), how many
of those it resolves to the labelled day (uncertain labels left out), and the mentions it
finds that are not labelled (split into those with a day and vague ones such as "recently").

    .venv/bin/python -m training.date_mentions [--verbose]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from classify.dates import DateMention, find_dates
from training.real import REAL_DIR, RealRow, load_rows

MENTIONS_PATH: Final = REAL_DIR / "date_mentions_train.jsonl"
FORMS: Final = ("numeric", "day-month", "ordinal-only", "weekday", "relative", "anchored",
                "month-only", "year-only")


def load_mentions(path: Path = MENTIONS_PATH) -> list[dict[str, Any]]:
    """The labelled mentions, one dict a line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def measure(rows: Sequence[RealRow], mentions: Sequence[dict[str, Any]],
            verbose: bool = False) -> dict[str, Counter[str]]:
    """Per form: ``n``, ``found``, ``judged``, ``right``; and under ``"false"``: ``dated`` and
    ``vague`` counts of found mentions that overlap no labelled one."""
    by_row: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mention in mentions:
        by_row[mention["id"]].append(mention)
    figures: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        labelled = by_row.get(row.id, [])
        found = find_dates(row.text, row.sent)
        for gold in labelled:
            _score_mention(row.id, gold, found, figures[gold["form"]], verbose)
        for seen in found:
            if not any(seen.start < g["end"] and g["start"] < seen.end for g in labelled):
                figures["false"]["dated" if seen.value else "vague"] += 1
                if verbose:
                    print(f"not a labelled mention {row.id}: {seen.text!r} -> {seen.value}")
    return figures


def _score_mention(row_id: str, gold: dict[str, Any], found: Sequence[DateMention],
                   counts: Counter[str], verbose: bool) -> None:
    """Count one labelled mention: found (overlapping) or not, and read right or not."""
    counts["n"] += 1
    hit = next((m for m in found if m.start < gold["end"] and gold["start"] < m.end), None)
    if hit is None:
        if verbose:
            print(f"missed {row_id} {gold['form']}: {gold['text']!r}")
        return
    counts["found"] += 1
    if gold.get("uncertain"):
        return
    counts["judged"] += 1
    value = hit.value.isoformat() if hit.value else None
    if value == gold["resolved"]:
        counts["right"] += 1
    elif verbose:
        print(f"wrong {row_id}: {gold['text']!r} is {gold['resolved']}, read {value}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    mentions = load_mentions()
    ids = {m["id"] for m in mentions}
    rows = [r for r in load_rows() if r.split == "train" and r.label is not None]
    assert ids <= {r.id for r in rows}, "date mentions are labelled on train rows only"
    figures = measure(rows, mentions, args.verbose)
    total: Counter[str] = Counter()
    print(f"{'form':14}{'mentions':>9}{'recall':>8}{'resolved right':>16}")
    for form in FORMS:
        counts = figures[form]
        total.update(counts)
        print(f"{form:14}{counts['n']:>9}{counts['found'] / max(counts['n'], 1):>8.2f}"
              f"{counts['right']:>10}/{counts['judged']}")
    print(f"{'all':14}{total['n']:>9}{total['found'] / max(total['n'], 1):>8.2f}"
          f"{total['right']:>10}/{total['judged']}")
    print(f"found but not labelled: {figures['false']['dated']} with a day, "
          f"{figures['false']['vague']} vague ('recently', 'a while ago')")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
