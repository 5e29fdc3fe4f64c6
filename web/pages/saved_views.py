"""Saved views (issue 12): save the queue's current filters under a name, or delete a view."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from core.errors import InvalidTransition
from storage.saved_views import delete_view, save_view
from web.deps import DB, PageUser, now_for, page_user
from web.queue_filters import queue_url, tidy_filters
from web.security import require_csrf
from web.templating import flash, redirect

router = APIRouter(include_in_schema=False,
                   dependencies=[Depends(page_user), Depends(require_csrf)])

# Offered to everyone above their own views: (name, filters).
BUILTIN_VIEWS: Final = (
    ("My cases", {"assignee": "me"}),
    ("Unassigned", {"assignee": "none"}),
    ("Safeguarding", {"safeguarding": "1"}),
    ("Deadline this week", {"due": "week"}),
)


@router.post("/queue/views")
async def save(request: Request, user: PageUser, db: DB,
               name: Annotated[str, Form()] = "") -> RedirectResponse:
    """Keep the filters sent with the form (the queue's current ones) as ``name``."""
    form = await request.form()
    filters = tidy_filters((k, v) for k, v in form.multi_items() if isinstance(v, str))
    try:
        view = save_view(db, user, name, filters, now=now_for(request))
    except InvalidTransition as exc:
        flash(request, f"Not saved: {exc}.", "error")
        return redirect(queue_url(filters))
    db.commit()
    flash(request, f"Saved view “{view.name}”.", "success")
    return redirect(queue_url(filters))


@router.post("/queue/views/{view_id}/delete")
def delete(request: Request, view_id: int, user: PageUser, db: DB) -> RedirectResponse:
    if delete_view(db, user, view_id):
        db.commit()
        flash(request, "Saved view deleted.", "success")
    else:
        flash(request, "No such saved view.", "error")
    return redirect("/queue")
