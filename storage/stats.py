"""Queue statistics in the shape ``sendtriage stats --json`` prints (see DESIGN.md)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.enums import CaseStatus, DraftStatus, MessageStatus
from storage.models import Case, Draft, Message


def compute_stats(session: Session) -> dict[str, Any]:
    """Counts of messages by status, cases by category/next step/status, drafts by status."""
    by_status = {s.value: 0 for s in MessageStatus}
    for message_status, count in session.execute(
        select(Message.status, func.count()).group_by(Message.status)
    ):
        by_status[MessageStatus(message_status).value] = count
    automatic = session.scalar(select(func.count()).where(Message.automatic.is_(True))) or 0

    by_category: Counter[str] = Counter()
    by_next_step: Counter[str] = Counter()
    case_status = {s.value: 0 for s in CaseStatus}
    safeguarding = 0
    for categories, next_step, status, sg in session.execute(
        select(Case.categories, Case.next_step, Case.status, Case.safeguarding)
    ):
        by_category.update(categories or [])
        if next_step:
            by_next_step[next_step] += 1
        case_status[CaseStatus(status).value] += 1
        safeguarding += bool(sg)

    drafts = {s.value: 0 for s in DraftStatus}
    for draft_status, count in session.execute(
        select(Draft.status, func.count()).group_by(Draft.status)
    ):
        drafts[DraftStatus(draft_status).value] = count

    return {
        "messages": {
            "total": sum(by_status.values()),
            "by_status": by_status,
            "automatic": automatic,
            "quarantined": by_status[MessageStatus.QUARANTINED.value],
        },
        "cases": {
            "total": sum(case_status.values()),
            "by_status": case_status,
            "by_category": dict(sorted(by_category.items())),
            "by_next_step": dict(sorted(by_next_step.items())),
            "safeguarding": safeguarding,
            # The same cases as the queue's "needs triage" filter: the status, not the flag
            # (which stays on a replied case whose triage was unsure).
            "needs_triage": case_status[CaseStatus.NEEDS_TRIAGE.value],
        },
        "drafts": {"total": sum(drafts.values()), "by_status": drafts},
    }
