"""The manager's figures and cases CSV as the old code computed them: the oracle for the new.

Kept verbatim from storage/dashboard.py and storage/export.py before issue 11 moved the
aggregation and the CSV formatting into the database; ``test_dashboard_sql`` checks that old
and new agree on a varied seeded set.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from core.labels import CATEGORIES, NO_CATEGORY, Category, NextStep
from storage.dashboard import (
    AGE_BUCKETS,
    DEADLINE_HORIZON_DAYS,
    LIST_LIMIT,
    SERIES_KEYS,
    STUCK_SENDING_AFTER,
    WEEKS,
    WINDOW_DAYS,
    CaseRef,
    Dashboard,
    DraftRef,
    OverrideRate,
    QuarantinedMessage,
    ResponseTimes,
    Throughput,
    Volume,
    percentile,
)
from storage.drafts import stuck_sending
from storage.enums import CaseStatus, DraftStatus, MessageStatus, Role
from storage.export import BATCH, CASE_COLUMNS, safe_text
from storage.models import Base, Case, Correction, Draft, Message, User
from storage.queue import OPEN_STATUSES, local_today
from tests.integration.web.web_builders import NOW


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _volume(
    period: str, starts: list[date], rows: list[tuple[date, list[Category]]]
) -> Volume:
    index = {d: i for i, d in enumerate(starts)}
    counts = {k: [0] * len(starts) for k in SERIES_KEYS}
    totals = [0] * len(starts)
    for day, categories in rows:
        key = _week_start(day) if period == "week" else day
        i = index.get(key)
        if i is None:
            continue
        totals[i] += 1
        labels: list[str] = [c for c in categories if c in counts] or [NO_CATEGORY]
        for label in labels:
            counts[label][i] += 1
    return Volume(period, tuple(starts), {k: tuple(v) for k, v in counts.items()}, tuple(totals))


def _case_ref(c: Case, today: date) -> CaseRef:
    return CaseRef(
        id=c.id, subject=c.subject, deadline=c.deadline,
        days_left=(c.deadline - today).days if c.deadline else None,
        safeguarding=c.safeguarding, status=c.status.value,
        assignee=c.assignee.email if c.assignee else None,
    )


def _draft_ref(d: Draft, since: datetime | None) -> DraftRef:
    return DraftRef(d.id, d.case_id, d.status.value, since, d.send_attempts, d.last_error)


def _grouped_counts(
    session: Session, column: InstrumentedAttribute[Any], model: type[Base]
) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).select_from(model).group_by(column))
    return {getattr(k, "value", str(k)): int(n) for k, n in rows}


def reference_dashboard(session: Session, now: datetime) -> Dashboard:  # noqa: C901
    """The dashboard as the Python pass over the rows computed it before the figures moved
    into SQL (issue 11), unchanged: what ``compute_dashboard`` must still answer.

    Windows: volumes over the last 30 days (daily) and 12 weeks (weekly, Monday start, UTC
    dates); response times, throughput and overrides over cases created in the last 30 days;
    backlog, deadlines and drafts are the current state. "Today" is the date in England.
    """
    today = local_today(now)
    window_start = now - timedelta(days=WINDOW_DAYS)
    utc_today = now.date()

    # Volumes: only the two columns needed, for the longest window.
    first_week = _week_start(utc_today) - timedelta(weeks=WEEKS - 1)
    since = min(datetime.combine(first_week, datetime.min.time(), tzinfo=now.tzinfo),
                window_start)
    created = [(ts.date(), list(cats or [])) for ts, cats in
               session.execute(select(Case.created_at, Case.categories)
                               .where(Case.created_at >= since, Case.created_at <= now))]
    days = [utc_today - timedelta(days=i) for i in range(WINDOW_DAYS - 1, -1, -1)]
    weeks = [first_week + timedelta(weeks=i) for i in range(WEEKS)]
    volume_daily = _volume("day", days, created)
    volume_weekly = _volume("week", weeks, created)

    # Backlog by age.
    open_created = list(session.scalars(
        select(Case.created_at).where(Case.status.in_(OPEN_STATUSES))))
    buckets: Counter[str] = Counter()
    for ts in open_created:
        age_days = (now - ts).total_seconds() / 86400
        for label, low, high in AGE_BUCKETS:
            if age_days >= low and (high is None or age_days < high):
                buckets[label] += 1
                break
        else:
            buckets[AGE_BUCKETS[0][0]] += 1  # created "in the future" by clock skew
    backlog = tuple((label, buckets[label]) for label, _, _ in AGE_BUCKETS)

    # Time to first response, for cases created in the window.
    durations = [
        (first - created_at).total_seconds()
        for created_at, first in session.execute(
            select(Case.created_at, Case.first_response_at)
            .where(Case.created_at >= window_start, Case.first_response_at.is_not(None)))
        if first is not None
    ]
    durations = [max(0.0, d) for d in durations]
    first_response = ResponseTimes(
        len(durations),
        statistics.median(durations) if durations else None,
        percentile(durations, 90),
    )

    # Deadlines at risk and missed (open cases only: a replied case is in the parent's hands).
    horizon = today + timedelta(days=DEADLINE_HORIZON_DAYS)
    soon_q = select(Case).where(Case.status.in_(OPEN_STATUSES), Case.deadline >= today,
                                Case.deadline <= horizon)
    missed_q = select(Case).where(Case.status.in_(OPEN_STATUSES), Case.deadline < today)
    soon_count = session.scalar(select(func.count()).select_from(soon_q.subquery())) or 0
    missed_count = session.scalar(select(func.count()).select_from(missed_q.subquery())) or 0
    soon = tuple(_case_ref(c, today) for c in session.scalars(
        soon_q.order_by(Case.deadline, Case.id).limit(LIST_LIMIT)))
    missed = tuple(_case_ref(c, today) for c in session.scalars(
        missed_q.order_by(Case.deadline, Case.id).limit(LIST_LIMIT)))

    # Drafts and messages needing a person.
    awaiting_q = select(Draft).where(Draft.status == DraftStatus.DRAFT)
    awaiting_count = session.scalar(select(func.count()).select_from(awaiting_q.subquery())) or 0
    awaiting = tuple(_draft_ref(d, d.created_at) for d in session.scalars(
        awaiting_q.order_by(Draft.created_at, Draft.id).limit(LIST_LIMIT)))
    quarantine_q = select(Message).where(Message.status == MessageStatus.QUARANTINED)
    quarantined_count = session.scalar(
        select(func.count()).select_from(quarantine_q.subquery())) or 0
    quarantined = tuple(
        QuarantinedMessage(m.id, m.received_at, m.attempts, m.last_error)
        for m in session.scalars(quarantine_q.order_by(Message.received_at.desc())
                                 .limit(LIST_LIMIT)))
    stuck = tuple(_draft_ref(d, d.sending_since)
                  for d in stuck_sending(session, now - STUCK_SENDING_AFTER))
    failed = tuple(_draft_ref(d, d.updated_at) for d in session.scalars(
        select(Draft).where(Draft.status == DraftStatus.FAILED)
        .order_by(Draft.updated_at.desc()).limit(LIST_LIMIT)))

    # Adviser throughput.
    week_start = now - timedelta(days=7)
    approved: dict[int, list[datetime]] = defaultdict(list)
    sent: Counter[int] = Counter()
    for user_id, approved_at, status in session.execute(
        select(Draft.approved_by_id, Draft.approved_at, Draft.status)
        .where(Draft.approved_by_id.is_not(None), Draft.approved_at >= window_start)
    ):
        if user_id is None or approved_at is None:
            continue
        approved[user_id].append(approved_at)
        if status == DraftStatus.SENT:
            sent[user_id] += 1
    reclassified: Counter[int] = Counter(
        uid for uid in session.scalars(
            select(Correction.user_id).where(Correction.created_at >= window_start))
        if uid is not None)
    throughput = tuple(
        Throughput(u.id, u.email, u.name,
                   sum(1 for t in approved.get(u.id, []) if t >= week_start),
                   len(approved.get(u.id, [])), sent[u.id], reclassified[u.id])
        for u in session.scalars(select(User).order_by(User.email))
        if u.active or u.id in approved or u.id in reclassified
    )

    # Overrides: what the triage predicted (the first correction's "old" values) versus now.
    window_cases = list(session.execute(
        select(Case.id, Case.categories, Case.next_step, Case.overridden)
        .where(Case.created_at >= window_start, Case.created_at <= now)))
    first_corrections: dict[int, Correction] = {}
    for found in session.scalars(
        select(Correction).join(Case, Case.id == Correction.case_id)
        .where(Case.created_at >= window_start).order_by(Correction.id)
    ):
        first_corrections.setdefault(found.case_id, found)
    predicted_n: Counter[str] = Counter()
    removed_n: Counter[str] = Counter()
    added_n: Counter[str] = Counter()
    next_step_changed = 0
    for case_id, categories, next_step, _overridden in window_cases:
        final = set(categories or [])
        corr: Correction | None = first_corrections.get(case_id)
        predicted = set(corr.old_categories) if corr else final
        for c in predicted:
            predicted_n[c] += 1
        for c in predicted - final:
            removed_n[c] += 1
        for c in final - predicted:
            added_n[c] += 1
        if corr is not None and corr.old_next_step != next_step:
            next_step_changed += 1
    overrides = tuple(OverrideRate(c, predicted_n[c], removed_n[c], added_n[c])
                      for c in CATEGORIES)

    # Whole-database counts, the shape of `sendtriage stats --json`.
    cases_by_category: Counter[str] = Counter()
    for (cats,) in session.execute(select(Case.categories)):
        for c in cats or []:
            cases_by_category[c] += 1
    by_next_step = _grouped_counts(session, Case.next_step, Case)
    return Dashboard(
        generated_at=now,
        today=today,
        window_days=WINDOW_DAYS,
        volume_daily=volume_daily,
        volume_weekly=volume_weekly,
        backlog=backlog,
        open_cases=len(open_created),
        first_response=first_response,
        deadlines_soon=soon,
        deadlines_soon_count=int(soon_count),
        deadlines_missed=missed,
        deadlines_missed_count=int(missed_count),
        drafts_awaiting=awaiting,
        drafts_awaiting_count=int(awaiting_count),
        quarantined=quarantined,
        quarantined_count=int(quarantined_count),
        stuck_sending=stuck,
        failed_drafts=failed,
        throughput=throughput,
        overrides=overrides,
        next_step_overrides=next_step_changed,
        cases_in_window=len(window_cases),
        messages_by_status={s.value: 0 for s in MessageStatus}
        | _grouped_counts(session, Message.status, Message),
        cases_by_category={c: cases_by_category[c] for c in CATEGORIES},
        cases_by_next_step={("none" if k == "None" else k): n for k, n in by_next_step.items()},
        drafts_by_status={s.value: 0 for s in DraftStatus}
        | _grouped_counts(session, Draft.status, Draft),
    )


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


def _bool(value: bool) -> str:
    return "true" if value else "false"


def reference_cases_csv(session: Session) -> Iterator[str]:
    """The cases CSV as the old export wrote it (two correlated counts and one chunk per row,
    formatting in Python), unchanged.

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


CASES = 160


def _moment(rng: random.Random, days: float) -> timedelta:
    """A random span up to ``days``, to the microsecond."""
    return timedelta(seconds=rng.uniform(0, days * 86400))


def seed_varied(session: Session, rng: random.Random) -> None:
    """Add ``CASES`` cases of every age (a few dated in the future, some on the window's
    edges), state and category, with responses (one before its case, by clock skew), drafts,
    quarantined mail, several corrections per case, inactive advisers and text a spreadsheet
    would take for a formula."""
    users = [User(email=f"u{i}@advice-line.example", name=f"U {i}", password_hash="!",
                  role=Role.MANAGER if i == 0 else Role.ADVISER, active=i < 3)
             for i in range(5)]
    session.add_all(users)
    session.flush()
    edges = [timedelta(days=1), timedelta(days=3), timedelta(days=7), timedelta(days=30),
             timedelta(0), -timedelta(hours=2)]
    for i in range(CASES):
        age = edges[i] if i < len(edges) else _moment(rng, 100)
        created = NOW - age
        categories = rng.sample(list(Category), rng.choice([0, 1, 1, 2, 3]))
        responded = None
        if rng.random() < 0.6:
            responded = created + (timedelta(seconds=-100) if i == 7 else _moment(rng, 5))
        case = Case(
            parent_address=f"p{i}@example.org", subject=rng.choice(
                [f"Case {i}", "=HYPERLINK(1)", "-5 days", "Two\nlines, \"quoted\""]),
            parent_name=rng.choice(["=cmd", "+44 7700", "@home", "Zoë Bloggs", None]),
            confidence=rng.choice([None, rng.random()]), needs_triage=rng.random() < 0.3,
            overridden=rng.random() < 0.3,
            decision_date=(NOW - timedelta(days=rng.randint(1, 40))).date()
            if rng.random() < 0.5 else None,
            closed_at=created + timedelta(seconds=rng.uniform(-5, 86400 * 3))
            if rng.random() < 0.3 else None, created_at=created,
            updated_at=created, status=rng.choice(list(CaseStatus)), categories=categories,
            next_step=rng.choice([*NextStep, None]),
            deadline=(NOW + timedelta(days=rng.randint(-12, 12))).date()
            if rng.random() < 0.7 else None,
            safeguarding=rng.random() < 0.1, first_response_at=responded,
            assignee_id=rng.choice([None, *(u.id for u in users)]),
        )
        session.add(case)
        session.flush()
        raw = f"case {i}".encode()
        message = Message(raw=raw, size=len(raw), content_sha256=hashlib.sha256(raw).hexdigest(),
                          message_id_header=f"<{i}@example.org>", case_id=case.id,
                          received_at=created,
                          status=rng.choice([MessageStatus.PROCESSED, MessageStatus.PROCESSED,
                                             MessageStatus.QUARANTINED]))
        session.add(message)
        session.flush()
        _add_draft(session, rng, case, message, users)
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            session.add(Correction(
                case_id=case.id, user_id=rng.choice([None, *(u.id for u in users)]),
                old_categories=rng.sample(list(Category), rng.choice([0, 1, 2])),
                new_categories=categories, old_next_step=rng.choice([*NextStep, None]),
                new_next_step=case.next_step, created_at=NOW - _moment(rng, 40)))
    session.commit()


def _add_draft(session: Session, rng: random.Random, case: Case, message: Message,
               users: list[User]) -> None:
    status = rng.choice(list(DraftStatus))
    approved = status not in (DraftStatus.DRAFT, DraftStatus.REJECTED) or rng.random() < 0.2
    session.add(Draft(
        case_id=case.id, message_id=message.id, status=status, next_step=NextStep.APPEAL,
        to_address="p@example.org", subject="Re", body="Hello",
        approved_by_id=rng.choice([u.id for u in users]) if approved else None,
        approved_at=NOW - _moment(rng, 40) if approved else None,
        sending_since=NOW - _moment(rng, 1) if status == DraftStatus.SENDING else None,
        created_at=case.created_at, updated_at=NOW - _moment(rng, 10),
        last_error="timeout" if status == DraftStatus.FAILED else None))
