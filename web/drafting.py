"""Re-rendering a case's draft after an adviser reclassified it, through ``replies.drafting``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from replies.drafting import redraft_case
from storage.models import User


@dataclass(frozen=True)
class RedraftOutcome:
    """What to tell the adviser after the draft was (or could not be) re-rendered."""

    draft_id: int | None
    message: str
    level: str


def redraft(session: Session, case_id: int, *, actor: User, now: datetime) -> RedraftOutcome:
    """Re-render the case's draft from its corrected triage (flushes, no commit)."""
    draft = redraft_case(session, case_id, actor=actor.email, now=now)
    if draft is None:
        return RedraftOutcome(None, "There is no draft awaiting review to re-render (an "
                                    "approved or sent reply is never rewritten).", "warning")
    return RedraftOutcome(draft.id, "The draft was re-rendered for the new next step: read it "
                                    "before approving.", "success")
