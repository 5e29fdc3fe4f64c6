"""The storage calls behind each web page, timed in process: one caller, min/median/max.

    .venv/bin/python bench/web_calls.py URL [URL ...] [--rounds 5] [--pages queue,case,...]

Where ``bench_web.py`` measures pages over HTTP with many users, this times what each page
asks of the database (the same calls, the same arguments), one at a time, on a seeded database
(``bench/seed.py``): the figures to compare two versions of the queries without the server,
the templates and the other users in the way. Each call gets a fresh session.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.dashboard import compute_dashboard
from storage.db import make_engine
from storage.enums import CaseStatus
from storage.export import iter_cases_csv
from storage.models import Case
from storage.notes import case_notes
from storage.queue import (
    QueueFilter,
    active_draft,
    active_draft_statuses,
    case_corrections,
    case_drafts,
    case_history,
    case_messages,
    latest_triage,
    list_queue,
    queue_counts,
)
from storage.users import active_users
from storage.worklist import latest_case_id, next_case_id

# Search terms as bench_web.py uses them, split by how many cases they find.
RARE_TERMS: Final = ("bloggs", "okafor", "priya.patel", "kowalski", "siobhan", "tariq.hussain")
COMMON_TERMS: Final = ("meltdown", "oakfield", "royston", "@parents.example", "residential trip")
PAGES: Final = ("queue", "case", "search_rare", "search_common", "dashboard", "csv")
ALL: Final = tuple(CaseStatus)


def queue_page(session: Session, rng: random.Random, cases: int) -> None:
    page = 1 if rng.random() < 0.7 else rng.randint(2, 5)
    found = list_queue(session, QueueFilter(), page=page, per_page=50)
    active_draft_statuses(session, [c.id for c in found.cases])
    queue_counts(session)
    active_users(session)
    latest_case_id(session)


def case_page(session: Session, rng: random.Random, cases: int) -> None:
    case_id = rng.randint(1, cases)
    session.get(Case, case_id)
    latest_triage(session, case_id)
    active_draft(session, case_id)
    case_drafts(session, case_id)
    case_messages(session, case_id)
    case_history(session, case_id)
    case_corrections(session, case_id)
    active_users(session)
    case_notes(session, case_id)
    next_case_id(session, case_id)


def search(terms: tuple[str, ...]) -> Callable[[Session, random.Random, int], None]:
    def run(session: Session, rng: random.Random, cases: int) -> None:
        found = list_queue(session, QueueFilter(search=rng.choice(terms), statuses=ALL))
        active_draft_statuses(session, [c.id for c in found.cases])
        queue_counts(session)
    return run


def dashboard(session: Session, rng: random.Random, cases: int) -> None:
    compute_dashboard(session, datetime.now(UTC))


def csv_export(session: Session, rng: random.Random, cases: int) -> None:
    for _ in iter_cases_csv(session):
        pass


CALLS: Final[dict[str, Callable[[Session, random.Random, int], None]]] = {
    "queue": queue_page, "case": case_page, "search_rare": search(RARE_TERMS),
    "search_common": search(COMMON_TERMS), "dashboard": dashboard, "csv": csv_export,
}


def time_calls(url: str, pages: list[str], rounds: int) -> dict[str, list[float]]:
    """Milliseconds per call of each page, ``rounds`` calls each (after one unmeasured)."""
    engine = make_engine(url)
    factory = sessionmaker(engine)
    with factory() as session:
        cases = int(session.scalar(select(func.max(Case.id))) or 1)
    found: dict[str, list[float]] = {}
    for page in pages:
        rng = random.Random(11)
        times = []
        for i in range(rounds + 1):
            with factory() as session:
                started = time.perf_counter()
                CALLS[page](session, rng, cases)
                took = (time.perf_counter() - started) * 1000
            if i:
                times.append(took)
        found[page] = times
    engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    pages = args.pages.split(",")
    for url in args.urls:
        load = os.getloadavg()[0]
        found = time_calls(url, pages, args.rounds)
        print(f"== {url.split('/')[-1]} ({datetime.now(UTC):%H:%M} UTC, load {load:.1f} → "
              f"{os.getloadavg()[0]:.1f}): ms median (min–max) of {args.rounds}")
        for page, times in found.items():
            print(f"{page:14s} {statistics.median(times):8.0f} "
                  f"({min(times):.0f}–{max(times):.0f})", flush=True)


if __name__ == "__main__":
    main()
