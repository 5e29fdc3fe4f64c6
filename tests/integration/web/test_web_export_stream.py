"""The cases CSV is streamed: memory stays flat however many cases there are."""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from storage.enums import CaseStatus
from storage.export import iter_cases_csv
from storage.models import Case
from tests.integration.web.web_builders import NOW

ROWS = 20_000
# What 20,000 rows would take if they were all loaded at once is several times this.
PEAK_LIMIT = 6 * 1024 * 1024


def _bulk_cases(factory: sessionmaker[Session], count: int) -> None:
    rows = [{
        "parent_address": f"parent{i}@example.org", "parent_name": f"Parent {i}",
        "subject": f"Help with my child's EHC plan, message number {i} " + "x" * 80,
        "status": CaseStatus.NEW, "categories": ["appeal", "delay"], "next_step": "appeal",
        "triage_summary": "", "safeguarding": False, "confidence": 0.8, "needs_triage": False,
        "overridden": False, "created_at": NOW - timedelta(minutes=i),
        "updated_at": NOW - timedelta(minutes=i),
    } for i in range(count)]
    with factory.begin() as session:
        for start in range(0, count, 5000):
            session.execute(insert(Case), rows[start:start + 5000])


def test_the_cases_csv_streams_without_loading_every_row(
    session_factory: sessionmaker[Session],
) -> None:
    _bulk_cases(session_factory, ROWS)
    lines = 0
    with session_factory() as session:
        tracemalloc.start()
        try:
            for chunk in iter_cases_csv(session):
                lines += chunk.count("\r\n")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert lines == ROWS + 1
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.1f} MB"
