"""The adviser's work queue, read-only: urgency order, filters, counts and a case's records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import String, case, cast, func, select, union
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import ColumnElement

from core.labels import NO_CATEGORY
from storage.enums import ACTIVE_DRAFT_STATUSES, CaseStatus, DraftStatus
from storage.models import Case, Correction, Draft, Event, Message, Triage
from storage.search import SEARCH_CAP, like_escape, newest_matching_case_ids

OPEN_STATUSES: Final = (CaseStatus.NEW, CaseStatus.NEEDS_TRIAGE, CaseStatus.AWAITING_APPROVAL)
UNASSIGNED: Final = 0
# Legal deadlines are English calendar dates, so "today" is the date in London.
LOCAL_ZONE: Final = ZoneInfo("Europe/London")


def local_today(now: datetime) -> date:
    """The calendar date in England at ``now`` (what a deadline's "days left" counts from)."""
    return now.astimezone(LOCAL_ZONE).date()


@dataclass(frozen=True)
class QueueFilter:
    """What the adviser asked to see. ``statuses`` empty means the open ones; ``assignee_id``
    ``UNASSIGNED`` (0) means nobody, None means anybody."""

    category: str | None = None
    statuses: tuple[CaseStatus, ...] = ()
    assignee_id: int | None = None
    search: str = ""
    safeguarding_only: bool = False
    deadline_by: date | None = None  # deadlines on or before this day (passed ones included)
    sort: str = "urgency"  # or "newest", "oldest"


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue. ``capped``: a search found more than ``total`` cases and lists
    only the newest ``total`` of them (``SEARCH_CAP``)."""

    cases: list[Case]
    total: int
    page: int
    per_page: int
    capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _conditions(flt: QueueFilter) -> list[ColumnElement[bool]]:
    """What ``flt`` asks of a case, apart from the search term."""
    conds: list[ColumnElement[bool]] = []
    statuses = flt.statuses or OPEN_STATUSES
    if set(statuses) != set(CaseStatus):  # every status: no condition for the planner to weigh
        conds.append(Case.status.in_(statuses))
    if flt.category:
        if flt.category == NO_CATEGORY:
            conds.append(cast(Case.categories, String).in_(["[]", "null"]))
        else:
            # Categories are a JSON list of fixed labels; matching the quoted label in its text
            # form works the same on PostgreSQL and SQLite.
            conds.append(cast(Case.categories, String).like(f'%"{like_escape(flt.category)}"%',
                                                           escape="\\"))
    if flt.assignee_id is not None:
        if flt.assignee_id == UNASSIGNED:
            conds.append(Case.assignee_id.is_(None))
        else:
            conds.append(Case.assignee_id == flt.assignee_id)
    if flt.safeguarding_only:
        conds.append(Case.safeguarding.is_(True))
    if flt.deadline_by is not None:
        conds.append(Case.deadline <= flt.deadline_by)
    return conds


def urgency_order() -> list[ColumnElement[object]]:
    """Safeguarding first, then the nearest legal deadline (none last), then the oldest."""
    return [
        case((Case.safeguarding.is_(True), 0), else_=1),
        case((Case.deadline.is_(None), 1), else_=0),
        Case.deadline.asc(),
        Case.created_at.asc(),
        Case.id.asc(),
    ]


def _order(sort: str) -> list[ColumnElement[Any]]:
    if sort == "newest":
        return [Case.created_at.desc(), Case.id.desc()]
    if sort == "oldest":
        return [Case.created_at.asc(), Case.id.asc()]
    return urgency_order()


def list_queue(
    session: Session, flt: QueueFilter | None = None, *, page: int = 1, per_page: int = 50,
    search_cap: int = SEARCH_CAP,
) -> QueuePage:
    """One page of cases matching ``flt`` in its order (urgency unless asked otherwise), with
    assignees loaded. Read-only.

    A search lists at most the newest ``search_cap`` cases it finds (in the page's order like
    any other) and says so with ``capped``; without a search every matching case is listed.
    """
    flt = flt or QueueFilter()
    conds = _conditions(flt)
    if flt.search.strip():
        # One more than the cap tells "more" from "exactly the cap". Materialised once per
        # statement: the page and its total share one search.
        found = newest_matching_case_ids(
            flt.search, session.get_bind().dialect.name, conds, search_cap + 1,
        ).cte("found").prefix_with("MATERIALIZED")
        conds = [Case.id.in_(select(found.c.id).order_by(found.c.id.desc()).limit(search_cap))]
        count = select(func.count()).select_from(found)
    else:
        count = select(func.count()).select_from(Case).where(*conds)
    page = max(1, page)
    # The total rides along in the page's statement (computed once): one round trip, and a
    # search runs once, not once for the count and again for the page.
    rows = session.execute(
        select(Case, count.scalar_subquery()).where(*conds).options(joinedload(Case.assignee))
        .order_by(*_order(flt.sort)).offset((page - 1) * per_page).limit(per_page)
    ).all()
    cases = [c for c, _ in rows]
    # Past the last page no row carries the total: ask for it alone.
    total = int((rows[0][1] if rows else session.scalar(count)) or 0)
    capped = bool(flt.search.strip()) and total > search_cap
    return QueuePage(cases, min(total, search_cap), page, per_page, capped)


def queue_counts(session: Session) -> dict[str, int]:
    """How many open cases, unassigned ones and safeguarding ones there are (for the header)."""
    base = select(func.count()).select_from(Case).where(Case.status.in_(OPEN_STATUSES))
    return {
        "open": session.scalar(base) or 0,
        "unassigned": session.scalar(base.where(Case.assignee_id.is_(None))) or 0,
        "safeguarding": session.scalar(base.where(Case.safeguarding.is_(True))) or 0,
    }


def get_case(session: Session, case_id: int) -> Case | None:
    return session.get(Case, case_id)


def case_messages(session: Session, case_id: int) -> list[Message]:
    """The conversation, oldest first (inbound and outbound)."""
    return list(session.scalars(
        select(Message).where(Message.case_id == case_id)
        .order_by(func.coalesce(Message.sent_at, Message.received_at), Message.id)
    ))


def latest_triage(session: Session, case_id: int) -> Triage | None:
    return session.scalar(
        select(Triage).where(Triage.case_id == case_id).order_by(Triage.id.desc()).limit(1)
    )


def first_triage(session: Session, case_id: int) -> Triage | None:
    return session.scalar(
        select(Triage).where(Triage.case_id == case_id).order_by(Triage.id.asc()).limit(1)
    )


def active_draft(session: Session, case_id: int) -> Draft | None:
    """The case's newest draft that is still in play (draft, approved or sending), if any."""
    return session.scalar(
        select(Draft).where(Draft.case_id == case_id, Draft.status.in_(ACTIVE_DRAFT_STATUSES))
        .order_by(Draft.id.desc()).limit(1)
    )


def case_drafts(session: Session, case_id: int) -> list[Draft]:
    return list(session.scalars(select(Draft).where(Draft.case_id == case_id).order_by(Draft.id)))


def case_history(session: Session, case_id: int) -> list[Event]:
    """Every recorded action on the case, oldest first (who, what, when)."""
    # A union of three indexed look-ups: an OR across the three columns scans every event.
    ids = union(
        select(Event.id).where(Event.case_id == case_id),
        select(Event.id).join(Draft, Draft.id == Event.draft_id).where(Draft.case_id == case_id),
        select(Event.id).join(Message, Message.id == Event.message_id)
        .where(Message.case_id == case_id),
    ).subquery()
    return list(session.scalars(
        select(Event).where(Event.id.in_(select(ids.c[0]))).order_by(Event.created_at, Event.id)
    ))


def case_corrections(session: Session, case_id: int) -> list[Correction]:
    return list(session.scalars(
        select(Correction).where(Correction.case_id == case_id).order_by(Correction.id)
    ))


def active_draft_statuses(session: Session, case_ids: Sequence[int]) -> dict[int, DraftStatus]:
    """For each listed case with a draft in play, the newest such draft's status."""
    if not case_ids:
        return {}
    found: dict[int, DraftStatus] = {}
    for case_id, status in session.execute(
        select(Draft.case_id, Draft.status)
        .where(Draft.case_id.in_(case_ids), Draft.status.in_(ACTIVE_DRAFT_STATUSES))
        .order_by(Draft.id)
    ):
        found[case_id] = status
    return found


def drafts_awaiting_approval(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Draft).where(Draft.status == DraftStatus.DRAFT)
    ) or 0
