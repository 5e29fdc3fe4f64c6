"""Actions on many cases at once (the queue's bulk bar): assign, or close with a reason.

All or nothing: every case is checked before any is changed, and the caller commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InvalidTransition
from storage.cases import assign_case, close_case
from storage.drafts import reject_draft
from storage.enums import DraftStatus, Role
from storage.models import Case, Draft, User

# What an adviser may close many cases as; anything else is closed from the case's own page.
CLOSE_REASONS: Final = ("duplicate", "spam", "resolved")
MAX_BULK: Final = 200


class BulkRefused(InvalidTransition):
    """The whole bulk action was refused; nothing was changed."""


class UnknownCases(BulkRefused):
    """Some listed case numbers do not exist (bad input)."""


class NotPermitted(BulkRefused):
    """The user may not act on some of the listed cases."""


def _numbers(case_ids: Sequence[int]) -> str:
    return ", ".join(f"#{i}" for i in case_ids)


def cases_for_bulk(session: Session, case_ids: Sequence[int], *, actor: User) -> list[Case]:
    """The listed cases (each once, in the order given), locked for the action.

    Raises ``UnknownCases`` naming the missing numbers, ``NotPermitted`` when an adviser lists
    a case assigned to someone else (managers may act on any case: a careless "select all" must
    not take a colleague's cases away), ``BulkRefused`` for none or more than ``MAX_BULK``.
    Read-only.
    """
    wanted = list(dict.fromkeys(case_ids))
    if not wanted:
        raise BulkRefused("select at least one case")
    if len(wanted) > MAX_BULK:
        raise BulkRefused(f"at most {MAX_BULK} cases at once")
    found = {c.id: c for c in session.scalars(
        select(Case).where(Case.id.in_(wanted)).order_by(Case.id).with_for_update())}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise UnknownCases(f"no such case: {_numbers(missing)}")
    if actor.role != Role.MANAGER:
        others = [i for i in wanted if found[i].assignee_id not in (None, actor.id)]
        if others:
            raise NotPermitted(f"{_numbers(others)} assigned to another adviser; only a manager "
                               "can act on other advisers' cases in bulk")
    return [found[i] for i in wanted]


def assign_cases(session: Session, case_ids: Sequence[int], assignee: User | None, *,
                 actor: User, now: datetime) -> list[Case]:
    """Give every listed case to ``assignee`` (None: nobody), each recorded in its history.

    Raises as ``cases_for_bulk`` does, or ``BulkRefused`` for a deactivated assignee, before
    changing anything. A second call changes and records nothing.
    """
    cases = cases_for_bulk(session, case_ids, actor=actor)
    if assignee is not None and not assignee.active:
        raise BulkRefused("cannot assign cases to a deactivated user")
    for case in cases:
        assign_case(session, case.id, assignee, actor=actor, now=now)
    return cases


def close_cases(session: Session, case_ids: Sequence[int], reason: str, *, actor: User,
                now: datetime) -> list[Case]:
    """Close every listed case as ``reason`` (one of ``CLOSE_REASONS``), recorded in each case's
    history; a draft still waiting for approval is rejected first, so nothing is ever sent for a
    case closed here.

    Refused as a whole (``BulkRefused``, nothing changed) for an unknown reason, a safeguarding
    case (it is closed from its own page, after reading it) or a reply being sent; otherwise
    raises as ``cases_for_bulk`` does. A second call changes and records nothing.
    """
    if reason not in CLOSE_REASONS:
        raise BulkRefused(f"close reason must be one of {', '.join(CLOSE_REASONS)}")
    cases = cases_for_bulk(session, case_ids, actor=actor)
    safeguarding = [c.id for c in cases if c.safeguarding]
    if safeguarding:
        raise BulkRefused(f"{_numbers(safeguarding)} is a safeguarding case; close it from "
                          "its own page after reading it")
    ids = [c.id for c in cases]
    drafts = list(session.scalars(select(Draft).where(
        Draft.case_id.in_(ids),
        Draft.status.in_([DraftStatus.DRAFT, DraftStatus.APPROVED, DraftStatus.SENDING]))))
    busy = sorted({d.case_id for d in drafts if d.status != DraftStatus.DRAFT})
    if busy:
        raise BulkRefused(f"a reply is being sent on {_numbers(busy)}; wait for it before "
                          "closing")
    for draft in drafts:
        reject_draft(session, draft.id, actor=actor.email, reason=f"case closed as {reason}",
                     now=now)
    for case in cases:
        close_case(session, case.id, actor=actor, reason=reason, now=now)
    return cases
