"""``POST /api/v1/cases/bulk``: the queue's bulk bar for API clients (assign or close many cases,
all or nothing), with the same checks as the page."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from core.errors import InvalidTransition
from storage.bulk import MAX_BULK, NotPermitted, UnknownCases, assign_cases, close_cases
from storage.models import User
from web.api import CaseOut, case_out
from web.deps import DB, ApiUser, now_for
from web.validation import MAX_ROW_ID

router = APIRouter(prefix="/api/v1", tags=["api"])


class BulkIn(BaseModel):
    action: Literal["assign", "close"]
    case_ids: list[int] = Field(min_length=1, max_length=MAX_BULK,
                                description="The cases to act on (each must exist).")
    reason: Literal["duplicate", "spam", "resolved"] | None = Field(
        None, description="Required to close: recorded in each case's history.")
    assignee_id: int | None = Field(
        None, ge=1, le=MAX_ROW_ID, description="To assign: the user (none: unassign).")


class BulkOut(BaseModel):
    action: str
    count: int
    items: list[CaseOut]


@router.post("/cases/bulk", response_model=BulkOut, summary="Assign or close many cases",
             responses={400: {"description": "An unknown case, user or missing reason"},
                        403: {"description": "An adviser listed another adviser's case"},
                        409: {"description": "Refused as a whole: nothing was changed"}})
def bulk_cases(request: Request, payload: BulkIn, user: ApiUser, db: DB) -> BulkOut:
    """All or nothing. Closing rejects drafts still waiting for approval (nothing is sent for
    a closed case) and refuses safeguarding cases and replies being sent; an adviser may act
    only on their own or unassigned cases, a manager on any."""
    if any(not 1 <= i <= MAX_ROW_ID for i in payload.case_ids):
        raise HTTPException(status_code=400, detail=f"case_ids must be from 1 to {MAX_ROW_ID}.")
    now = now_for(request)
    try:
        if payload.action == "assign":
            assignee = None
            if payload.assignee_id is not None:
                assignee = db.get(User, payload.assignee_id)
                if assignee is None:
                    raise HTTPException(status_code=400, detail="No such user to assign to.")
            done = assign_cases(db, payload.case_ids, assignee, actor=user, now=now)
        else:
            if payload.reason is None:
                raise HTTPException(status_code=400, detail="A reason is needed to close.")
            done = close_cases(db, payload.case_ids, payload.reason, actor=user, now=now)
    except UnknownCases as exc:
        raise HTTPException(status_code=400, detail=f"Invalid request: {exc}.") from exc
    except NotPermitted as exc:
        raise HTTPException(status_code=403, detail=f"Not done: {exc}.") from exc
    except InvalidTransition as exc:
        raise HTTPException(status_code=409, detail=f"Nothing was changed: {exc}.") from exc
    db.commit()
    return BulkOut(action=payload.action, count=len(done), items=[case_out(c) for c in done])
