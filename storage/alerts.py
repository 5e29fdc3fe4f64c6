"""Safeguarding alerts: which cases are owed one, claiming one to send, and recording it.

A case is owed an alert while it is flagged safeguarding and ``safeguarding_alerted_at`` is
empty. Sending claims it with a conditional UPDATE (two workers never both send), and a failed
send releases the claim for the sweeper to try again. None of these commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.enums import EventAction
from storage.events import record_event
from storage.models import Case


def claim_safeguarding_alert(session: Session, case_id: int, *, now: datetime) -> bool:
    """Mark the case's alert as going out now; False when none is owed (not safeguarding,
    already sent, or another worker claimed it). A second call returns False."""
    result = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.safeguarding.is_(True),
               Case.safeguarding_alerted_at.is_(None))
        .values(safeguarding_alerted_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def release_safeguarding_alert(session: Session, case_id: int) -> None:
    """The alert did not go out: owe it again (the sweeper retries)."""
    session.execute(
        update(Case).where(Case.id == case_id).values(safeguarding_alerted_at=None)
        .execution_options(synchronize_session=False)
    )


def record_safeguarding_alert(session: Session, case_id: int, recipients: int, *,
                              now: datetime) -> None:
    """The audit event for an alert handed to the relay (how many addresses, not which)."""
    record_event(session, EventAction.CASE_SAFEGUARDING_ALERTED, actor="worker",
                 case_id=case_id, detail={"recipients": recipients}, at=now)


def safeguarding_alerts_owed(session: Session, *, since: datetime) -> Sequence[int]:
    """Safeguarding cases updated since ``since`` whose alert has not gone out, oldest first."""
    return list(session.scalars(
        select(Case.id).where(Case.safeguarding.is_(True),
                              Case.safeguarding_alerted_at.is_(None), Case.updated_at >= since)
        .order_by(Case.id)
    ))
