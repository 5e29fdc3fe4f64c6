"""Classification throughput: the full ``Classifier.triage_many`` path against raw ``nlp.pipe``.

Both run in one process, on the same 1-2 KB emails, with the same shipped pipeline, one core.
Prints emails per second for each and how much the wrapper (preparation, routing, dates,
deadlines, facts, evidence) costs on top of the raw pipeline.

    .venv/bin/python bench/bench_classify.py [--emails 2000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from classify.pipeline import load_classifier
from classify.train import CORPUS_PATH
from classify.types import EmailText

MIN_CHARS = 1000
MAX_CHARS = 2000


def sample_emails(count: int) -> list[EmailText]:
    """``count`` emails of 1-2 KB built from the training corpus (whole emails, or two joined)."""
    rows = [json.loads(line) for line in CORPUS_PATH.read_text().splitlines() if line.strip()]
    bodies: list[tuple[str, str]] = []
    pending = ""
    for row in rows:
        text = str(row["text"])
        if len(text) > MAX_CHARS:
            continue
        body = f"{pending}\n\n{text}".strip() if pending else text
        if len(body) >= MIN_CHARS:
            bodies.append((body[:MAX_CHARS], str(row.get("subject", ""))))
            pending = ""
        else:
            pending = body
    if not bodies:
        raise SystemExit("no 1-2 KB texts could be built from the corpus")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return [
        EmailText(body, subject, start + timedelta(hours=index))
        for index, (body, subject) in enumerate(bodies[index % len(bodies)]
                                                 for index in range(count))
    ]


def best_rate(run: Callable[[], object], count: int, repeats: int) -> float:
    """Emails per second of the fastest of ``repeats`` runs."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return count / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    classifier = load_classifier()
    nlp = classifier.nlp
    emails = sample_emails(args.emails)
    raw_texts = [f"{e.subject}\n\n{e.body}" for e in emails]
    sizes = sorted(len(t.encode()) for t in raw_texts)

    # Warm up both paths (lazy imports, caches) before timing.
    classifier.triage_many(emails[:50])
    list(nlp.pipe(raw_texts[:50]))

    raw = best_rate(lambda: list(nlp.pipe(raw_texts, batch_size=64)), len(emails), args.repeats)
    full = best_rate(lambda: classifier.triage_many(emails), len(emails), args.repeats)
    overhead = raw / full - 1.0
    print(f"pipeline      {classifier.model_version} ({', '.join(nlp.pipe_names)})")
    print(f"emails        {len(emails)} (median {sizes[len(sizes) // 2]} bytes, "
          f"{sizes[0]}-{sizes[-1]}), best of {args.repeats}, pid {os.getpid()}, one core")
    print(f"raw nlp.pipe  {raw:8.1f} emails/s")
    print(f"triage_many   {full:8.1f} emails/s")
    print(f"ratio         {full / raw:8.3f} (wrapper costs {overhead:+.1%} over raw nlp.pipe)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
