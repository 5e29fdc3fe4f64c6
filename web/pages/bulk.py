"""The queue's bulk bar: assign or close many cases in one POST, all or nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from core.errors import InvalidTransition
from storage.bulk import (
    CLOSE_REASONS,
    MAX_BULK,
    NotPermitted,
    UnknownCases,
    assign_cases,
    close_cases,
)
from storage.models import User
from web.deps import DB, PageUser, now_for, page_user
from web.queue_filters import queue_url_from_query
from web.security import require_csrf
from web.templating import flash, redirect
from web.validation import parse_row_id

router = APIRouter(include_in_schema=False,
                   dependencies=[Depends(page_user), Depends(require_csrf)])


def _invalid(text: str) -> HTTPException:
    return HTTPException(status_code=400, detail=f"Invalid request: {text}")


def parse_case_ids(values: list[str]) -> list[int]:
    """The ticked case numbers; a 400 naming the first malformed one or too many."""
    if len(values) > MAX_BULK:
        raise _invalid(f"at most {MAX_BULK} cases at once.")
    return [parse_row_id("case_ids", v.strip()) for v in values]


def _cases(n: int) -> str:
    return f"{n} case{'' if n == 1 else 's'}"


def _apply(db: Session, user: User, action: str, ids: list[int], *, assignee_id: str,
           reason: str, now: datetime) -> str:
    """Does the action (nothing committed) and says what was done."""
    if action == "assign":
        assignee = None
        if assignee_id:
            assignee = db.get(User, parse_row_id("assignee_id", assignee_id))
            if assignee is None:
                raise _invalid("no such user to assign to.")
        done = assign_cases(db, ids, assignee, actor=user, now=now)
        who = (assignee.name or assignee.email) if assignee else "nobody"
        return f"{_cases(len(done))} assigned to {who}."
    if reason not in CLOSE_REASONS:
        raise _invalid(f"close reason must be one of {', '.join(CLOSE_REASONS)}.")
    done = close_cases(db, ids, reason, actor=user, now=now)
    return f"{_cases(len(done))} closed as {reason}."


@router.post("/queue/bulk")
def bulk_action(
    *,
    request: Request, user: PageUser, db: DB,
    action: Annotated[str, Form()] = "",
    case_ids: Annotated[list[str] | None, Form()] = None,
    assignee_id: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Assign the ticked cases to someone, or close them as duplicate, spam or resolved."""
    back_to = queue_url_from_query(back)
    if not action:  # Enter pressed in the form: its default button names no action
        flash(request, "Nothing was changed: press Assign or Close.", "info")
        return redirect(back_to)
    if action not in ("assign", "close"):
        raise _invalid("action must be assign or close.")
    ids = parse_case_ids(case_ids or [])
    if not ids:
        flash(request, "Select at least one case first.", "info")
        return redirect(back_to)
    try:
        message = _apply(db, user, action, ids, assignee_id=assignee_id, reason=reason,
                         now=now_for(request))
    except UnknownCases as exc:
        raise _invalid(f"{exc}.") from exc
    except NotPermitted as exc:
        raise HTTPException(status_code=403, detail=f"Not done: {exc}.") from exc
    except InvalidTransition as exc:  # refused as a whole (BulkRefused) or a race lost
        db.rollback()
        flash(request, f"Nothing was changed: {exc}.", "error")
        return redirect(back_to)
    db.commit()
    flash(request, message, "success")
    return redirect(back_to)
