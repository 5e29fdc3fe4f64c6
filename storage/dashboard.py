"""The manager's numbers: volumes, backlog by age, response times, deadlines at risk, throughput."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import Select, String, and_, case, cast, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased, joinedload
from sqlalchemy.sql.elements import ColumnElement

from core.labels import CATEGORIES, NO_CATEGORY
from storage.drafts import stuck_sending
from storage.enums import DraftStatus, MessageStatus
from storage.models import Base, Case, Correction, Draft, Message, User
from storage.queue import OPEN_STATUSES, local_today
from storage.sqlfuncs import seconds_between, utc_day

WINDOW_DAYS: Final = 30
WEEKS: Final = 12
DEADLINE_HORIZON_DAYS: Final = 7
STUCK_SENDING_AFTER: Final = timedelta(minutes=15)
LIST_LIMIT: Final = 50
SERIES_KEYS: Final = (*CATEGORIES, NO_CATEGORY)
# (label, lower bound in days inclusive, upper bound exclusive or None)
AGE_BUCKETS: Final = (("0–1 d", 0, 1), ("1–3 d", 1, 3), ("3–7 d", 3, 7), ("> 7 d", 7, None))


@dataclass(frozen=True)
class Volume:
    """Cases created per period and category (a case with two categories counts in both)."""

    period: str  # "day" or "week"
    starts: tuple[date, ...]
    by_category: dict[str, tuple[int, ...]]
    totals: tuple[int, ...]  # distinct cases per period


@dataclass(frozen=True)
class ResponseTimes:
    count: int
    median_secs: float | None
    p90_secs: float | None


@dataclass(frozen=True)
class CaseRef:
    id: int
    subject: str
    deadline: date | None
    days_left: int | None
    safeguarding: bool
    status: str
    assignee: str | None


@dataclass(frozen=True)
class QuarantinedMessage:
    id: int
    received_at: datetime
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class DraftRef:
    id: int
    case_id: int
    status: str
    since: datetime | None
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class Throughput:
    user_id: int
    email: str
    name: str
    approved_7d: int
    approved_30d: int
    sent_30d: int
    reclassified_30d: int


@dataclass(frozen=True)
class OverrideRate:
    """How often advisers changed the triage for ``category`` among cases of the window."""

    category: str
    predicted: int
    removed: int
    added: int

    @property
    def changed(self) -> int:
        return self.removed + self.added

    @property
    def rate(self) -> float | None:
        seen = self.predicted + self.added
        return self.changed / seen if seen else None


@dataclass(frozen=True)
class Dashboard:
    """Everything on the manager page; ``as_dict()`` is the JSON of ``/api/v1/stats``."""

    generated_at: datetime
    today: date
    window_days: int
    volume_daily: Volume
    volume_weekly: Volume
    backlog: tuple[tuple[str, int], ...]
    open_cases: int
    first_response: ResponseTimes
    deadlines_soon: tuple[CaseRef, ...]
    deadlines_soon_count: int
    deadlines_missed: tuple[CaseRef, ...]
    deadlines_missed_count: int
    drafts_awaiting: tuple[DraftRef, ...]
    drafts_awaiting_count: int
    quarantined: tuple[QuarantinedMessage, ...]
    quarantined_count: int
    stuck_sending: tuple[DraftRef, ...]
    failed_drafts: tuple[DraftRef, ...]
    throughput: tuple[Throughput, ...]
    overrides: tuple[OverrideRate, ...]
    next_step_overrides: int
    cases_in_window: int
    messages_by_status: dict[str, int] = field(default_factory=dict)
    cases_by_category: dict[str, int] = field(default_factory=dict)
    cases_by_next_step: dict[str, int] = field(default_factory=dict)
    drafts_by_status: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready numbers (no subjects or addresses), shaped like ``sendtriage stats``."""
        return {
            "generated_at": self.generated_at.isoformat(),
            "window_days": self.window_days,
            "messages": {"total": sum(self.messages_by_status.values()),
                         "by_status": self.messages_by_status},
            "cases": {"total": sum(self.cases_by_next_step.values()),
                      "open": self.open_cases,
                      "by_category": self.cases_by_category,
                      "by_next_step": self.cases_by_next_step},
            "drafts": {"by_status": self.drafts_by_status,
                       "awaiting_approval": self.drafts_awaiting_count,
                       "stuck_sending": [d.id for d in self.stuck_sending]},
            "backlog": dict(self.backlog),
            "first_response": {"count": self.first_response.count,
                               "median_secs": self.first_response.median_secs,
                               "p90_secs": self.first_response.p90_secs},
            "deadlines": {"next_7_days": self.deadlines_soon_count,
                          "missed": self.deadlines_missed_count},
            "quarantined_messages": self.quarantined_count,
            "volume": {
                v.period: {"starts": [d.isoformat() for d in v.starts],
                           "by_category": {k: list(n) for k, n in v.by_category.items()},
                           "totals": list(v.totals)}
                for v in (self.volume_daily, self.volume_weekly)
            },
            "throughput": [{"user_id": t.user_id, "approved_7d": t.approved_7d,
                            "approved_30d": t.approved_30d, "sent_30d": t.sent_30d,
                            "reclassified_30d": t.reclassified_30d} for t in self.throughput],
            "overrides": {"by_category": {o.category: {"predicted": o.predicted,
                                                       "removed": o.removed, "added": o.added,
                                                       "rate": o.rate}
                                          for o in self.overrides},
                          "next_step": self.next_step_overrides,
                          "cases": self.cases_in_window},
        }


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (the value below which ``pct``% of values fall); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _has_label(column: InstrumentedAttribute[Any] | ColumnElement[Any],
               label: str) -> ColumnElement[bool]:
    # A JSON list of fixed labels: the quoted label in its text form, the same on both databases.
    return cast(column, String).like(f'%"{label}"%')


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _per_label_counts(column: InstrumentedAttribute[Any]) -> list[ColumnElement[int]]:
    """One count per category, then one for cases with none of them (``NO_CATEGORY``)."""
    has = [_has_label(column, c) for c in CATEGORIES]
    return [*(_count_if(h) for h in has), _count_if(~or_(*has))]


def _volumes(session: Session, now: datetime) -> tuple[Volume, Volume]:
    """Cases created per UTC day (last 30 days) and per week (last 12, Monday start)."""
    utc_today = now.date()
    first_week = _week_start(utc_today) - timedelta(weeks=WEEKS - 1)
    days = [utc_today - timedelta(days=i) for i in range(WINDOW_DAYS - 1, -1, -1)]
    weeks = [first_week + timedelta(weeks=i) for i in range(WEEKS)]
    since = min(datetime.combine(first_week, datetime.min.time(), tzinfo=now.tzinfo),
                now - timedelta(days=WINDOW_DAYS))
    day = utc_day(Case.created_at)
    per_day = session.execute(
        select(day, func.count(), *_per_label_counts(Case.categories))
        .where(Case.created_at >= since, Case.created_at <= now).group_by(day))
    counted = {date.fromisoformat(d): (int(total), [int(n) for n in labels])
               for d, total, *labels in per_day}
    return (_fold_volume("day", days, counted, lambda d: d),
            _fold_volume("week", weeks, counted, _week_start))


def _fold_volume(period: str, starts: list[date], counted: dict[date, tuple[int, list[int]]],
                 period_of: Callable[[date], date]) -> Volume:
    index = {d: i for i, d in enumerate(starts)}
    counts = [[0] * len(starts) for _ in SERIES_KEYS]
    totals = [0] * len(starts)
    for day, (total, labels) in counted.items():
        i = index.get(period_of(day))
        if i is None:
            continue
        totals[i] += total
        for k, n in enumerate(labels):
            counts[k][i] += n
    return Volume(period, tuple(starts),
                  {key: tuple(counts[k]) for k, key in enumerate(SERIES_KEYS)}, tuple(totals))


def _backlog(session: Session, now: datetime) -> tuple[tuple[tuple[str, int], ...], int]:
    """Open cases per age bucket, and how many are open. A case dated in the future (clock
    skew) counts as the youngest."""
    bucket_of = case(
        *((Case.created_at > now - timedelta(days=high), label)
          for label, _, high in AGE_BUCKETS if high is not None),
        else_=AGE_BUCKETS[-1][0])
    found: dict[str, int] = {label: int(n) for label, n in session.execute(
        select(bucket_of, func.count()).where(Case.status.in_(OPEN_STATUSES))
        .group_by(bucket_of))}
    backlog = tuple((label, int(found.get(label, 0))) for label, _, _ in AGE_BUCKETS)
    return backlog, sum(n for _, n in backlog)


def _first_response(session: Session, now: datetime) -> ResponseTimes:
    """Median and nearest-rank p90 of the time to first response, for the window's cases.

    The database orders the durations; the values at the ranks needed are then computed here
    from the two timestamps, exactly (a negative one, from clock skew, counts as zero).
    """
    conds = (Case.created_at >= now - timedelta(days=WINDOW_DAYS),
             Case.first_response_at.is_not(None))
    count = int(session.scalar(select(func.count()).select_from(Case).where(*conds)) or 0)
    if not count:
        return ResponseTimes(0, None, None)
    ordered = (select(Case.created_at, Case.first_response_at).where(*conds)
               .order_by(seconds_between(Case.created_at, Case.first_response_at), Case.id))

    def at_rank(offset: int, limit: int = 1) -> list[float]:
        return [max(0.0, (end - start).total_seconds())
                for start, end in session.execute(ordered.offset(offset).limit(limit))
                if end is not None]

    middle = at_rank((count - 1) // 2, 2 - count % 2)
    p90_rank = max(1, math.ceil(0.9 * count))
    return ResponseTimes(count, statistics.median(middle), at_rank(p90_rank - 1)[0])


def _deadlines(session: Session, today: date) -> tuple[Select[Case], Select[Case]]:
    """Open cases whose deadline is within the horizon, and open cases past it."""
    horizon = today + timedelta(days=DEADLINE_HORIZON_DAYS)
    soon = select(Case).where(Case.status.in_(OPEN_STATUSES), Case.deadline >= today,
                              Case.deadline <= horizon)
    missed = select(Case).where(Case.status.in_(OPEN_STATUSES), Case.deadline < today)
    return soon, missed


def _count(session: Session, query: Select[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def _case_refs(session: Session, query: Select[Case], today: date) -> tuple[CaseRef, ...]:
    return tuple(_case_ref(c, today) for c in session.scalars(
        query.options(joinedload(Case.assignee)).order_by(Case.deadline, Case.id)
        .limit(LIST_LIMIT)))


def _throughput(session: Session, now: datetime) -> tuple[Throughput, ...]:
    """Per adviser: drafts approved in 7 and 30 days, those sent, and reclassifications."""
    window_start, week_start = now - timedelta(days=WINDOW_DAYS), now - timedelta(days=7)
    approved = {uid: (int(week), int(month), int(sent)) for uid, week, month, sent in
                session.execute(
                    select(Draft.approved_by_id, _count_if(Draft.approved_at >= week_start),
                           func.count(), _count_if(Draft.status == DraftStatus.SENT))
                    .where(Draft.approved_by_id.is_not(None), Draft.approved_at >= window_start)
                    .group_by(Draft.approved_by_id))}
    reclassified = {uid: int(n) for uid, n in session.execute(
        select(Correction.user_id, func.count())
        .where(Correction.created_at >= window_start, Correction.user_id.is_not(None))
        .group_by(Correction.user_id))}
    return tuple(
        Throughput(u.id, u.email, u.name, *approved.get(u.id, (0, 0, 0)),
                   reclassified.get(u.id, 0))
        for u in session.scalars(select(User).order_by(User.email))
        if u.active or u.id in approved or u.id in reclassified
    )


def _overrides(session: Session, now: datetime) -> tuple[tuple[OverrideRate, ...], int, int]:
    """Per category, what the triage predicted (the first correction's old values, else the
    case's own) against the case now; plus next-step changes and the cases counted."""
    window_start = now - timedelta(days=WINDOW_DAYS)
    first = (select(Correction.case_id, func.min(Correction.id).label("first_id"))
             .join(Case, Case.id == Correction.case_id).where(Case.created_at >= window_start)
             .group_by(Correction.case_id).subquery())
    corr = aliased(Correction)
    columns: list[ColumnElement[int]] = []
    for c in CATEGORIES:
        final = _has_label(Case.categories, c)
        predicted = case((corr.id.is_(None), final), else_=_has_label(corr.old_categories, c))
        columns += [_count_if(predicted), _count_if(and_(predicted, ~final)),
                    _count_if(and_(final, ~predicted))]
    row = session.execute(
        select(*columns,
               _count_if(and_(corr.id.is_not(None),
                              corr.old_next_step.is_distinct_from(Case.next_step))),
               func.count())
        .select_from(Case)
        .outerjoin(first, first.c.case_id == Case.id)
        .outerjoin(corr, corr.id == first.c.first_id)
        .where(Case.created_at >= window_start, Case.created_at <= now)).one()
    figures = [int(n) for n in row]
    overrides = tuple(OverrideRate(c, *figures[3 * i:3 * i + 3]) for i, c in enumerate(CATEGORIES))
    return overrides, figures[-2], figures[-1]


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


def _cases_by_category(session: Session) -> dict[str, int]:
    counts = session.execute(select(*_per_label_counts(Case.categories)[:-1])).one()
    return {c: int(n) for c, n in zip(CATEGORIES, counts, strict=True)}


def _attention(session: Session, now: datetime) -> dict[str, Any]:
    """Drafts and messages waiting for a person: awaiting approval, quarantined, stuck, failed."""
    awaiting_q = select(Draft).where(Draft.status == DraftStatus.DRAFT)
    quarantine_q = select(Message).where(Message.status == MessageStatus.QUARANTINED)
    return {
        "drafts_awaiting_count": _count(session, awaiting_q),
        "drafts_awaiting": tuple(_draft_ref(d, d.created_at) for d in session.scalars(
            awaiting_q.order_by(Draft.created_at, Draft.id).limit(LIST_LIMIT))),
        "quarantined_count": _count(session, quarantine_q),
        "quarantined": tuple(
            QuarantinedMessage(m.id, m.received_at, m.attempts, m.last_error)
            for m in session.scalars(quarantine_q.order_by(Message.received_at.desc())
                                     .limit(LIST_LIMIT))),
        "stuck_sending": tuple(_draft_ref(d, d.sending_since)
                               for d in stuck_sending(session, now - STUCK_SENDING_AFTER)),
        "failed_drafts": tuple(_draft_ref(d, d.updated_at) for d in session.scalars(
            select(Draft).where(Draft.status == DraftStatus.FAILED)
            .order_by(Draft.updated_at.desc()).limit(LIST_LIMIT))),
    }


def compute_dashboard(session: Session, now: datetime) -> Dashboard:
    """Compute every figure on the manager page as of ``now`` (read-only; safe to repeat).

    Windows: volumes over the last 30 days (daily) and 12 weeks (weekly, Monday start, UTC
    dates); response times, throughput and overrides over cases created in the last 30 days;
    backlog, deadlines and drafts are the current state. "Today" is the date in England.
    Every figure is aggregated by the database: the rows never come to Python.
    """
    today = local_today(now)
    volume_daily, volume_weekly = _volumes(session, now)
    backlog, open_cases = _backlog(session, now)
    soon_q, missed_q = _deadlines(session, today)
    overrides, next_step_changed, cases_in_window = _overrides(session, now)
    by_next_step = _grouped_counts(session, Case.next_step, Case)
    return Dashboard(
        generated_at=now,
        today=today,
        window_days=WINDOW_DAYS,
        volume_daily=volume_daily,
        volume_weekly=volume_weekly,
        backlog=backlog,
        open_cases=open_cases,
        first_response=_first_response(session, now),
        deadlines_soon=_case_refs(session, soon_q, today),
        deadlines_soon_count=_count(session, soon_q),
        deadlines_missed=_case_refs(session, missed_q, today),
        deadlines_missed_count=_count(session, missed_q),
        throughput=_throughput(session, now),
        overrides=overrides,
        next_step_overrides=next_step_changed,
        cases_in_window=cases_in_window,
        messages_by_status={s.value: 0 for s in MessageStatus}
        | _grouped_counts(session, Message.status, Message),
        cases_by_category=_cases_by_category(session),
        cases_by_next_step={("none" if k == "None" else k): n for k, n in by_next_step.items()},
        drafts_by_status={s.value: 0 for s in DraftStatus}
        | _grouped_counts(session, Draft.status, Draft),
        **_attention(session, now),
    )
