"""CSV exports: one row per case (streamed from the database) and the dashboard's aggregates."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

from sqlalchemy import String, cast, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from storage.dashboard import Dashboard
from storage.models import Case, Correction, Message, User
from storage.sqlfuncs import iso_date_text, iso_utc_text, whole_seconds_between

CASE_COLUMNS: Final = (
    "id", "created_at", "parent", "parent_name", "subject", "categories", "next_step",
    "confidence", "needs_triage", "decision_date", "deadline", "safeguarding", "status",
    "assignee", "messages", "first_response_at", "first_response_secs", "closed_at",
    "resolution_secs", "overridden", "corrections", "updated_at",
)
AGGREGATE_COLUMNS: Final = ("metric", "period_start", "key", "value")
BATCH: Final = 1000
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _rows_to_csv(rows: Iterable[Sequence[object]], per_chunk: int = 1) -> Iterator[str]:
    """CSV text of ``rows``, one chunk per ``per_chunk`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    source = iter(rows)
    while batch := list(itertools.islice(source, per_chunk)):
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


def _whole_secs(value: int | None) -> str:
    return "" if value is None else str(max(0, value))


def safe_text(value: str | None) -> str:
    """Free text made safe for spreadsheets: a leading formula character is quoted with ``'``."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _bool(value: bool) -> str:
    return "true" if value else "false"


@functools.lru_cache(maxsize=256)
def _categories_text(stored: str | None) -> str:
    """A case's categories (their stored JSON text) as the CSV shows them: joined by ``;``.
    Cached: 100,000 cases hold a few dozen distinct lists, and decoding each row's list
    was a sixth of the export's time (issue 11)."""
    return ";".join(json.loads(stored) or []) if stored else ""


def _case_rows(session: Session) -> Iterator[Sequence[object]]:
    """The export's rows, oldest case first, from one statement (counts joined per case).

    Times, dates and durations come out of the database as the text the CSV shows: turning
    100,000 rows into Python datetimes first cost more than everything else together. Run on
    the session's connection (Core rows), not through the ORM's row loading, which cost a
    tenth of the export for rows that are plain values anyway.
    """
    assignee = aliased(User)
    messages = (select(Message.case_id, func.count().label("n"))
                .where(Message.case_id.is_not(None)).group_by(Message.case_id).subquery())
    corrections = (select(Correction.case_id, func.count().label("n"))
                   .group_by(Correction.case_id).subquery())
    stmt = (
        select(Case.id, iso_utc_text(Case.created_at), Case.parent_address, Case.parent_name,
               Case.subject, cast(Case.categories, String), type_coerce(Case.next_step, String),
               Case.confidence, Case.needs_triage, iso_date_text(Case.decision_date),
               iso_date_text(Case.deadline), Case.safeguarding,
               type_coerce(Case.status, String), assignee.email,
               func.coalesce(messages.c.n, 0), iso_utc_text(Case.first_response_at),
               whole_seconds_between(Case.created_at, Case.first_response_at),
               iso_utc_text(Case.closed_at), whole_seconds_between(Case.created_at, Case.closed_at),
               Case.overridden, func.coalesce(corrections.c.n, 0), iso_utc_text(Case.updated_at))
        .outerjoin(assignee, assignee.id == Case.assignee_id)
        .outerjoin(messages, messages.c.case_id == Case.id)
        .outerjoin(corrections, corrections.c.case_id == Case.id)
        .order_by(Case.id)
        .execution_options(yield_per=BATCH)
    )
    for (case_id, created_at, parent, parent_name, subject, categories, next_step, confidence,
         needs_triage, decision_date, deadline, safeguarding, status, assignee_email,
         message_count, first_response_at, first_response_secs, closed_at, resolution_secs,
         overridden, correction_count, updated_at) in session.connection().execute(stmt):
        yield (
            case_id, created_at, safe_text(parent), safe_text(parent_name), safe_text(subject),
            _categories_text(categories), next_step or "",
            "" if confidence is None else f"{confidence:.3f}", _bool(needs_triage),
            decision_date or "", deadline or "", _bool(safeguarding), status,
            assignee_email or "", message_count, first_response_at or "",
            _whole_secs(first_response_secs), closed_at or "", _whole_secs(resolution_secs),
            _bool(overridden), correction_count, updated_at or "",
        )


def iter_cases_csv(session: Session) -> Iterator[str]:
    """Yield the cases CSV, header first, oldest case first, in chunks of ``BATCH`` rows.

    UTF-8 text, ISO 8601 UTC times, durations in whole seconds, booleans as true/false,
    categories joined by ``;``. One statement, read through a server-side cursor
    (``yield_per``), so memory stays flat whatever the number of cases; a chunk holds many
    rows because each one crosses to the client as a write of its own. Keep the session
    open until the iterator is exhausted; it only reads.
    """
    rows = _case_rows(session)
    return _rows_to_csv(itertools.chain([CASE_COLUMNS], rows), per_chunk=BATCH)


def iter_aggregates_csv(dashboard: Dashboard) -> Iterator[str]:
    """Yield the dashboard's figures as a long CSV: ``metric, period_start, key, value``.

    The groupings match the charts: ``volume_day`` and ``volume_week`` per category,
    ``backlog`` per age bucket, ``first_response_secs`` (median, p90, count), deadlines,
    drafts, quarantine, throughput per adviser e-mail and override rate per category.
    """

    def rows() -> Iterator[Sequence[object]]:
        yield AGGREGATE_COLUMNS
        for volume in (dashboard.volume_daily, dashboard.volume_weekly):
            metric = f"volume_{volume.period}"
            for i, start in enumerate(volume.starts):
                for key, counts in volume.by_category.items():
                    yield (metric, start.isoformat(), key, counts[i])
                yield (metric, start.isoformat(), "total_cases", volume.totals[i])
        for label, count in dashboard.backlog:
            yield ("backlog", "", label, count)
        fr = dashboard.first_response
        yield ("first_response_secs", "", "count", fr.count)
        yield ("first_response_secs", "", "median",
               "" if fr.median_secs is None else round(fr.median_secs))
        yield ("first_response_secs", "", "p90", "" if fr.p90_secs is None else round(fr.p90_secs))
        yield ("deadlines", "", "next_7_days", dashboard.deadlines_soon_count)
        yield ("deadlines", "", "missed", dashboard.deadlines_missed_count)
        yield ("drafts", "", "awaiting_approval", dashboard.drafts_awaiting_count)
        yield ("drafts", "", "stuck_sending", len(dashboard.stuck_sending))
        yield ("drafts", "", "failed", len(dashboard.failed_drafts))
        yield ("messages", "", "quarantined", dashboard.quarantined_count)
        for t in dashboard.throughput:
            yield ("approved_7d", "", safe_text(t.email), t.approved_7d)
            yield ("approved_30d", "", safe_text(t.email), t.approved_30d)
            yield ("sent_30d", "", safe_text(t.email), t.sent_30d)
            yield ("reclassified_30d", "", safe_text(t.email), t.reclassified_30d)
        for o in dashboard.overrides:
            yield ("override_rate", "", o.category, "" if o.rate is None else f"{o.rate:.4f}")
            yield ("override_predicted", "", o.category, o.predicted)
            yield ("override_changed", "", o.category, o.changed)
        yield ("override_next_step", "", "cases", dashboard.next_step_overrides)

    return _rows_to_csv(rows())
