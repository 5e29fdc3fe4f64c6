"""CSV exports: one row per case (streamed from the database) and the dashboard's aggregates."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from storage.dashboard import Dashboard
from storage.models import Case, Correction, Message, User

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


def _rows_to_csv(rows: Iterable[Sequence[object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


def iso_utc(value: datetime | None) -> str:
    """ISO 8601 in UTC with a ``Z``-free ``+00:00`` offset, or an empty cell."""
    if value is None:
        return ""
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _iso_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def _secs(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return ""
    return str(max(0, int((end - start).total_seconds())))


def safe_text(value: str | None) -> str:
    """Free text made safe for spreadsheets: a leading formula character is quoted with ``'``."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _bool(value: bool) -> str:
    return "true" if value else "false"


def iter_cases_csv(session: Session) -> Iterator[str]:
    """Yield the cases CSV, header first, one case per chunk, oldest case first.

    UTF-8 text, ISO 8601 UTC times, durations in whole seconds, booleans as true/false,
    categories joined by ``;``. Rows are fetched in batches of 1,000 through a server-side
    cursor (``yield_per``), so memory stays flat whatever the number of cases. Keep the session
    open until the iterator is exhausted; it only reads.
    """
    assignee = aliased(User)
    message_count = (select(func.count()).where(Message.case_id == Case.id)
                     .correlate(Case).scalar_subquery())
    correction_count = (select(func.count()).where(Correction.case_id == Case.id)
                        .correlate(Case).scalar_subquery())
    stmt = (
        select(Case.id, Case.created_at, Case.parent_address, Case.parent_name, Case.subject,
               Case.categories, Case.next_step, Case.confidence, Case.needs_triage,
               Case.decision_date, Case.deadline, Case.safeguarding, Case.status,
               assignee.email, message_count, Case.first_response_at, Case.closed_at,
               Case.overridden, correction_count, Case.updated_at)
        .outerjoin(assignee, assignee.id == Case.assignee_id)
        .order_by(Case.id)
        .execution_options(yield_per=BATCH)
    )

    def rows() -> Iterator[Sequence[object]]:
        yield CASE_COLUMNS
        for (case_id, created_at, parent, parent_name, subject, categories, next_step,
             confidence, needs_triage, decision_date, deadline, safeguarding, status,
             assignee_email, messages, first_response_at, closed_at, overridden, corrections,
             updated_at) in session.execute(stmt):
            yield (
                case_id, iso_utc(created_at), safe_text(parent), safe_text(parent_name),
                safe_text(subject), ";".join(categories or []), next_step or "",
                "" if confidence is None else f"{confidence:.3f}", _bool(needs_triage),
                _iso_date(decision_date), _iso_date(deadline), _bool(safeguarding),
                status.value, assignee_email or "", messages, iso_utc(first_response_at),
                _secs(created_at, first_response_at), iso_utc(closed_at),
                _secs(created_at, closed_at), _bool(overridden), corrections,
                iso_utc(updated_at),
            )

    return _rows_to_csv(rows())


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
