"""The adviser's work queue: urgency order, filters, claiming, reassigning and reclassifying."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import String, case, cast, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from core.clock import utcnow
from core.errors import InvalidTransition
from core.labels import CATEGORIES, NO_CATEGORY, Category, NextStep
from storage.enums import ACTIVE_DRAFT_STATUSES, CaseStatus, DraftStatus
from storage.events import record_event
from storage.models import Case, Correction, Draft, Event, Message, Triage, User

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


@dataclass(frozen=True)
class QueuePage:
    cases: list[Case]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(flt: QueueFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    statuses = flt.statuses or OPEN_STATUSES
    conds.append(Case.status.in_(statuses))
    if flt.category:
        if flt.category == NO_CATEGORY:
            conds.append(cast(Case.categories, String).in_(["[]", "null"]))
        else:
            # Categories are a JSON list of fixed labels; matching the quoted label in its text
            # form works the same on PostgreSQL and SQLite.
            conds.append(cast(Case.categories, String).like(f'%"{_like_escape(flt.category)}"%',
                                                           escape="\\"))
    if flt.assignee_id is not None:
        if flt.assignee_id == UNASSIGNED:
            conds.append(Case.assignee_id.is_(None))
        else:
            conds.append(Case.assignee_id == flt.assignee_id)
    if flt.safeguarding_only:
        conds.append(Case.safeguarding.is_(True))
    term = flt.search.strip()
    if term:
        pattern = f"%{_like_escape(term.lower())}%"
        in_messages = exists().where(
            Message.case_id == Case.id,
            or_(
                func.lower(Message.full_text).like(pattern, escape="\\"),
                func.lower(Message.from_address).like(pattern, escape="\\"),
            ),
        )
        conds.append(or_(
            func.lower(Case.parent_address).like(pattern, escape="\\"),
            func.lower(Case.parent_name).like(pattern, escape="\\"),
            func.lower(Case.subject).like(pattern, escape="\\"),
            in_messages,
        ))
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


def list_queue(
    session: Session, flt: QueueFilter | None = None, *, page: int = 1, per_page: int = 50
) -> QueuePage:
    """One page of cases matching ``flt`` in urgency order, with assignees loaded."""
    flt = flt or QueueFilter()
    conds = _conditions(flt)
    total = session.scalar(select(func.count()).select_from(Case).where(*conds)) or 0
    page = max(1, page)
    rows = session.scalars(
        select(Case).where(*conds).order_by(*urgency_order())
        .offset((page - 1) * per_page).limit(per_page)
    )
    cases = list(rows)
    for c in cases:
        _ = c.assignee  # loaded here, while the session is open
    return QueuePage(cases, int(total), page, per_page)


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
    draft_ids = select(Draft.id).where(Draft.case_id == case_id)
    message_ids = select(Message.id).where(Message.case_id == case_id)
    return list(session.scalars(
        select(Event).where(or_(Event.case_id == case_id, Event.draft_id.in_(draft_ids),
                                Event.message_id.in_(message_ids)))
        .order_by(Event.created_at, Event.id)
    ))


def case_corrections(session: Session, case_id: int) -> list[Correction]:
    return list(session.scalars(
        select(Correction).where(Correction.case_id == case_id).order_by(Correction.id)
    ))


def _require_case(session: Session, case_id: int) -> Case:
    found = session.get(Case, case_id)
    if found is None:
        raise InvalidTransition(f"case {case_id} does not exist")
    return found


def assign_case(
    session: Session,
    case_id: int,
    assignee: User | None,
    *,
    actor: User,
    now: datetime | None = None,
) -> Case:
    """Give the case to ``assignee`` (None: unassign), recorded in the case history.

    Assigning to the current assignee again records nothing. Raises ``InvalidTransition`` for an
    unknown case or an inactive assignee.
    """
    now = now or utcnow()
    target = _require_case(session, case_id)
    if assignee is not None and not assignee.active:
        raise InvalidTransition("cannot assign a case to a deactivated user")
    new_id = assignee.id if assignee is not None else None
    if target.assignee_id == new_id:
        return target
    old = target.assignee.email if target.assignee is not None else None
    target.assignee_id = new_id
    target.assignee = assignee
    target.updated_at = now
    action = "case.claimed" if assignee is not None and assignee.id == actor.id else "case.assigned"
    record_event(session, action, actor=actor.email, case_id=case_id,
                 detail={"from": old, "to": assignee.email if assignee else None}, at=now)
    return target


def claim_case(session: Session, case_id: int, *, actor: User, now: datetime | None = None) -> Case:
    """Assign the case to ``actor`` ("assign to me")."""
    return assign_case(session, case_id, actor, actor=actor, now=now)


def reclassify_case(
    session: Session,
    case_id: int,
    *,
    categories: Collection[Category],
    next_step: NextStep,
    actor: User,
    note: str = "",
    now: datetime | None = None,
) -> Correction | None:
    """Replace the triage's categories/next step with an adviser's, kept for retraining.

    Stores a ``Correction`` (old → new, with the triage it corrects), marks the case
    ``overridden`` and records a ``case.reclassified`` event. Returns None and changes nothing
    when the new values equal the current ones. The caller re-renders the draft afterwards.
    Raises ``InvalidTransition`` for an unknown case.
    """
    now = now or utcnow()
    target = _require_case(session, case_id)
    new_categories = [c for c in CATEGORIES if c in set(categories)]
    old_categories = list(target.categories or [])
    if sorted(old_categories) == sorted(new_categories) and target.next_step == next_step:
        return None
    triage = latest_triage(session, case_id)
    correction = Correction(
        case_id=case_id,
        triage_id=triage.id if triage is not None else None,
        user_id=actor.id,
        old_categories=old_categories,
        new_categories=new_categories,
        old_next_step=target.next_step,
        new_next_step=next_step,
        text=note.strip(),
        created_at=now,
    )
    session.add(correction)
    target.categories = new_categories
    target.next_step = next_step
    target.overridden = True
    target.needs_triage = False
    target.updated_at = now
    detail = {
        "from": {"categories": old_categories, "next_step": correction.old_next_step},
        "to": {"categories": new_categories, "next_step": next_step},
        "note": note.strip(),
    }
    record_event(session, "case.reclassified", actor=actor.email, case_id=case_id,
                 detail=detail, at=now)
    session.flush()
    return correction


def close_case(session: Session, case_id: int, *, actor: User, reason: str = "",
               now: datetime | None = None) -> Case:
    """Take the case off the queue without a reply (spam, duplicate, dealt with by phone).

    Refused while a draft is approved or sending. Closing a closed case records nothing.
    """
    now = now or utcnow()
    target = _require_case(session, case_id)
    if target.status == CaseStatus.CLOSED:
        return target
    busy = session.scalar(select(func.count()).select_from(Draft).where(
        Draft.case_id == case_id, Draft.status.in_([DraftStatus.APPROVED, DraftStatus.SENDING])))
    if busy:
        raise InvalidTransition("a reply is being sent; wait for it before closing the case")
    old = target.status
    target.status = CaseStatus.CLOSED
    target.closed_at = now
    target.updated_at = now
    record_event(session, "case.closed", actor=actor.email, case_id=case_id,
                 detail={"from": old.value, "reason": reason.strip()}, at=now)
    return target


def reopen_case(session: Session, case_id: int, *, actor: User,
                now: datetime | None = None) -> Case:
    """Put a closed or replied case back on the queue (awaiting an adviser)."""
    now = now or utcnow()
    target = _require_case(session, case_id)
    if target.status in OPEN_STATUSES:
        return target
    old = target.status
    target.status = CaseStatus.NEW
    target.updated_at = now
    record_event(session, "case.reopened", actor=actor.email, case_id=case_id,
                 detail={"from": old.value}, at=now)
    return target


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
