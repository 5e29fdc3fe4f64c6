"""Moving through the queue: the open case after this one, and what arrived since a page loaded."""

from __future__ import annotations

from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Case
from storage.queue import OPEN_STATUSES, urgency_order

# How far down the queue "next" looks; a queue longer than this is worked from its top.
WINDOW: Final = 500


def next_case_id(session: Session, current_id: int) -> int | None:
    """The open case after ``current_id`` in urgency order; the most urgent other open case when
    ``current_id`` is not among the first ``WINDOW`` open ones (closed, replied, far down);
    None when no other case is open. Read-only."""
    ids = list(session.scalars(
        select(Case.id).where(Case.status.in_(OPEN_STATUSES))
        .order_by(*urgency_order()).limit(WINDOW)
    ))
    if current_id in ids:
        after = ids[ids.index(current_id) + 1:]
        before = ids[:ids.index(current_id)]
        ids = after + before
    others = [i for i in ids if i != current_id]
    return others[0] if others else None


def latest_case_id(session: Session) -> int:
    """The newest case's id (0 when there is none): where "what arrived since" starts."""
    return int(session.scalar(select(func.max(Case.id))) or 0)


def open_safeguarding_after(session: Session, after_id: int, limit: int = 20) -> list[Case]:
    """Open safeguarding cases newer than case ``after_id``, oldest first."""
    return list(session.scalars(
        select(Case).where(Case.id > after_id, Case.safeguarding.is_(True),
                           Case.status.in_(OPEN_STATUSES))
        .order_by(Case.id).limit(limit)
    ))
