"""The adviser's pages: the queue, a case (conversation, triage, draft) and the case actions."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy.orm import Session

from core.errors import InvalidTransition
from core.labels import CATEGORIES, NEXT_STEPS, NO_CATEGORY, Category, NextStep
from replies.notes import plain_notes
from storage.attachments import draft_files, readings_for
from storage.bulk import CLOSE_REASONS
from storage.cases import assign_case, claim_case, close_case, reclassify_case, reopen_case
from storage.drafts import DeadlinePassed, StaleDraft, approve_draft, edit_draft, reject_draft
from storage.enums import CaseStatus, Direction, DraftStatus
from storage.models import Case, Draft, Message, Triage, User
from storage.notes import add_internal_note, case_notes
from storage.queue import (
    UNASSIGNED,
    QueueFilter,
    active_draft,
    active_draft_statuses,
    case_corrections,
    case_drafts,
    case_history,
    case_messages,
    latest_triage,
    list_queue,
    local_today,
    queue_counts,
)
from storage.saved_views import user_views
from storage.users import active_users
from storage.worklist import latest_case_id, next_case_id, open_safeguarding_after
from web.deps import DB, PageUser, get_settings, now_for, page_user
from web.drafting import redraft
from web.pages.saved_views import BUILTIN_VIEWS
from web.queue_filters import queue_url, tidy_filters
from web.render import highlight_evidence, label, sanitise_email_html
from web.security import require_csrf
from web.templating import flash, page, redirect
from web.validation import MAX_PAGE, parse_row_id

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False,
                   dependencies=[Depends(page_user), Depends(require_csrf)])

PER_PAGE = 50
# ?due=week: the cases whose legal deadline falls within a week (or has passed).
DUE_DAYS = {"week": 7}
SORTS = {"urgency": "Most urgent", "newest": "Newest first", "oldest": "Oldest first"}


def _parse_assignee(value: str, user: User) -> int | None:
    if value == "me":
        return user.id
    if value == "none":
        return UNASSIGNED
    if value.isdigit():
        return parse_row_id("assignee", value)
    return None


@router.get("/", response_class=HTMLResponse)
def home() -> RedirectResponse:
    return redirect("/queue")


@router.get("/queue", response_class=HTMLResponse)
def queue(
    *,
    request: Request,
    user: PageUser,
    db: DB,
    category: str = "",
    status: str = "",
    assignee: str = "",
    q: str = "",
    safeguarding: str = "",
    due: str = "",
    sort: str = "",
    select: str = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    now = now_for(request)
    today = local_today(now)
    statuses: tuple[CaseStatus, ...] = ()
    if status == "all":
        statuses = tuple(CaseStatus)
    elif status in {s.value for s in CaseStatus}:
        statuses = (CaseStatus(status),)
    flt = QueueFilter(
        category=category if category in (*CATEGORIES, NO_CATEGORY) else None,
        statuses=statuses,
        assignee_id=_parse_assignee(assignee, user),
        search=q[:200],
        safeguarding_only=safeguarding == "1",
        deadline_by=local_today(now) + timedelta(days=DUE_DAYS[due]) if due in DUE_DAYS else None,
        sort=sort if sort in SORTS else "urgency",
    )
    result = list_queue(db, flt, page=page_no, per_page=PER_PAGE)
    rows = [
        {
            "case": c,
            "days_left": (c.deadline - today).days if c.deadline else None,
            "low_confidence": c.needs_triage or (
                c.confidence is not None
                and c.confidence < get_settings(request).low_confidence_threshold),
        }
        for c in result.cases
    ]
    filters = {"category": category, "status": status, "assignee": assignee, "q": q,
               "safeguarding": safeguarding, "due": due, "sort": sort}
    base_query = tidy_filters(filters.items())
    return page(request, "queue.html", {
        "rows": rows,
        "drafts": active_draft_statuses(db, [c.id for c in result.cases]),
        "result": result,
        "filters": filters,
        "filtered": bool(base_query),
        "page_link": lambda n: "/queue?" + urlencode({**base_query, "page": n}),
        "counts": queue_counts(db),
        "users": active_users(db),
        "categories": CATEGORIES,
        "statuses": list(CaseStatus),
        "now": now,
        "latest_case_id": latest_case_id(db),
        "query": urlencode(base_query),
        "select_all": select == "all",
        "select_all_link": "/queue?" + urlencode({**base_query, "page": page_no,
                                                  "select": "all"}),
        "close_reasons": CLOSE_REASONS,
        "sorts": SORTS,
        "views": [(v.id, v.name, queue_url(v.filters)) for v in user_views(db, user)],
        "builtin_views": [(name, queue_url(f)) for name, f in BUILTIN_VIEWS],
        "here": queue_url(base_query),
        "current_filters": base_query,
    })


@router.get("/queue/updates")
def queue_updates(
    user: PageUser, db: DB, after: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    """For the open queue page: safeguarding cases opened after case ``after``, and the newest
    case id to ask from next time."""
    return JSONResponse({
        "latest": max(after, latest_case_id(db)),
        "safeguarding": [{"id": c.id, "subject": c.subject or "(no subject)",
                          "url": f"/cases/{c.id}"} for c in open_safeguarding_after(db, after)],
    })


def _load_case(db: Session, case_id: int) -> Case:
    found = db.get(Case, case_id)
    if found is None:
        raise HTTPException(status_code=404, detail="No such case.")
    return found


def _message_view(message: Message, triage: Triage | None) -> dict[str, Any]:
    evidence = triage.evidence if triage is not None and triage.message_id == message.id else {}
    text = message.new_text or message.full_text or ""
    full = message.full_text or ""
    view: dict[str, Any] = {
        "message": message,
        "outbound": message.direction == Direction.OUTBOUND,
        "text": highlight_evidence(text, evidence) if evidence else text,
        "has_evidence": bool(evidence),
        "full_text": full if full.strip() != text.strip() else "",
        "html": sanitise_email_html(message.html) if message.html else None,
    }
    return view


@dataclass(frozen=True)
class SentReply:
    """A reply we sent, shaped like a message so the conversation shows it in its place."""

    id: str
    subject: str
    sent_at: datetime | None
    received_at: datetime
    from_name: str | None = None
    from_address: str | None = None
    via_address: str | None = None
    automatic: bool = False
    automatic_reason: str | None = None
    attachments: tuple[()] = ()


def _sent_reply_view(draft: Draft) -> dict[str, Any]:
    reply = SentReply(id=f"reply-{draft.id}", subject=draft.subject, sent_at=draft.sent_at,
                      received_at=draft.sent_at or draft.updated_at)
    return {"message": reply, "outbound": True, "text": draft.body, "has_evidence": False,
            "full_text": "", "html": None, "files": list(draft.attachments)}


def conversation(
    messages: list[Message], drafts: list[Draft], triage: Triage | None
) -> list[dict[str, Any]]:
    """The parent's messages and the replies we sent, in the order they were written."""
    views = [_message_view(m, triage) for m in messages]
    views += [_sent_reply_view(d) for d in drafts if d.status == DraftStatus.SENT]
    return sorted(views, key=lambda v: v["message"].sent_at or v["message"].received_at)


def case_context(request: Request, db: Session, case_id: int) -> dict[str, Any]:
    """Everything the case page shows, loaded in one place."""
    found = _load_case(db, case_id)
    triage = latest_triage(db, case_id)
    draft = active_draft(db, case_id)
    drafts = case_drafts(db, case_id)
    now = now_for(request)
    today = local_today(now)
    details: dict[str, Any] = dict(triage.details or {}) if triage is not None else {}
    evidence: dict[str, list[str]] = dict(triage.evidence or {}) if triage is not None else {}
    messages = case_messages(db, case_id)
    return {
        "case": found,
        "messages": conversation(messages, drafts, triage),
        "readings": readings_for(db, [m.id for m in messages]),
        "draft_files": draft_files(db, draft.id) if draft is not None else [],
        "triage": triage,
        "evidence": evidence,
        "facts": details.get("facts") or {},
        "notes": plain_notes(details.get("notes") or []),
        "draft": draft,
        "past_drafts": [d for d in drafts if draft is None or d.id != draft.id],
        "history": case_history(db, case_id),
        "corrections": case_corrections(db, case_id),
        "users": active_users(db),
        "categories": CATEGORIES,
        "next_steps": NEXT_STEPS,
        "days_left": (found.deadline - today).days if found.deadline else None,
        "low_confidence": found.needs_triage or (
            found.confidence is not None
            and found.confidence < get_settings(request).low_confidence_threshold),
        "now": now,
        "sending_status": _sending_status(draft),
        "internal_notes": case_notes(db, case_id),
        "next_case_id": next_case_id(db, case_id),
        "is_open": found.status not in (CaseStatus.CLOSED, CaseStatus.REPLIED),
        "lost_text": request.session.pop("lost_text", None),
    }


def _sending_status(draft: Draft | None) -> DraftStatus | None:
    """The reply's status while it is on its way (the case is "awaiting approval" no more)."""
    if draft is not None and draft.status in (DraftStatus.APPROVED, DraftStatus.SENDING):
        return draft.status
    return None


@router.get("/cases/{case_id}/status")
def case_status(case_id: int, user: PageUser, db: DB) -> JSONResponse:
    """What the case page's header shows, for the page to follow a reply being sent."""
    found = _load_case(db, case_id)
    shown = _sending_status(active_draft(db, case_id)) or found.status
    return JSONResponse({"status": shown.value, "label": label(shown),
                         "final": shown not in (DraftStatus.APPROVED, DraftStatus.SENDING)})


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: int, user: PageUser, db: DB) -> HTMLResponse:
    return page(request, "case.html", case_context(request, db, case_id))


def _back(case_id: int, anchor: str = "") -> RedirectResponse:
    return redirect(f"/cases/{case_id}" + (f"#{anchor}" if anchor else ""))


@router.post("/cases/{case_id}/notes")
def add_note(
    request: Request, case_id: int, user: PageUser, db: DB,
    text: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """An internal note for the other advisers; never sent to the parent."""
    _load_case(db, case_id)
    try:
        add_internal_note(db, case_id, text, author=user, now=now_for(request))
    except InvalidTransition as exc:
        flash(request, str(exc).capitalize() + ".", "error")
        return _back(case_id, "notes")
    db.commit()
    flash(request, "Internal note added. It is not sent to the parent.", "success")
    return _back(case_id, "notes")


@router.post("/cases/{case_id}/claim")
def claim(request: Request, case_id: int, user: PageUser, db: DB) -> RedirectResponse:
    _load_case(db, case_id)
    claim_case(db, case_id, actor=user, now=now_for(request))
    db.commit()
    flash(request, "The case is assigned to you.", "success")
    return _back(case_id)


@router.post("/cases/{case_id}/assign")
def assign(
    request: Request, case_id: int, user: PageUser, db: DB,
    assignee_id: Annotated[str, Form()] = "",
) -> RedirectResponse:
    _load_case(db, case_id)
    assignee = db.get(User, int(assignee_id)) if assignee_id.isdigit() else None
    if assignee_id and assignee is None:
        flash(request, "No such user.", "error")
        return _back(case_id)
    try:
        assign_case(db, case_id, assignee, actor=user, now=now_for(request))
    except InvalidTransition as exc:
        flash(request, str(exc), "error")
        return _back(case_id)
    db.commit()
    flash(request, f"Assigned to {assignee.name or assignee.email}." if assignee
          else "The case is unassigned.", "success")
    return _back(case_id)


@router.post("/cases/{case_id}/reclassify")
def reclassify(
    *,
    request: Request, case_id: int, user: PageUser, db: DB,
    next_step: Annotated[str, Form()],
    categories: Annotated[list[str] | None, Form()] = None,
    note: Annotated[str, Form()] = "",
) -> RedirectResponse:
    _load_case(db, case_id)
    now = now_for(request)
    try:
        chosen = [Category(c) for c in categories or []]
        step = NextStep(next_step)
    except ValueError:
        flash(request, "unknown category or next step", "error")
        return _back(case_id, "triage")
    try:
        correction = reclassify_case(db, case_id, categories=chosen, next_step=step, actor=user,
                                     note=note[:2000], now=now)
    except InvalidTransition as exc:
        flash(request, str(exc), "error")
        return _back(case_id, "triage")
    if correction is None:
        flash(request, "Nothing changed: the categories and next step are the same.", "info")
        return _back(case_id, "triage")
    outcome = redraft(db, case_id, actor=user, now=now)
    db.commit()
    flash(request, "Reclassified. " + outcome.message, outcome.level)
    return _back(case_id, "draft")


def _own_draft(db: Session, case_id: int, draft_id: int) -> Draft:
    draft = db.get(Draft, draft_id)
    if draft is None or draft.case_id != case_id:
        raise HTTPException(status_code=404, detail="No such draft on this case.")
    return draft


@router.post("/cases/{case_id}/draft")
def save_or_approve(
    *,
    request: Request, case_id: int, user: PageUser, db: DB,
    draft_id: Annotated[int, Form()],
    version: Annotated[int, Form()],
    body: Annotated[str, Form()],
    subject: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "save",
    confirm_safeguarding: Annotated[str, Form()] = "",
    confirm_deadline_passed: Annotated[str, Form()] = "",
) -> RedirectResponse:
    draft = _own_draft(db, case_id, draft_id)
    now = now_for(request)
    body = body.replace("\r\n", "\n")
    subject = subject.strip() or draft.subject
    changed = body != draft.body or subject != draft.subject
    try:
        if changed:
            draft = edit_draft(db, draft_id, body, editor=user, expected_version=version,
                               subject=subject, now=now)
            version = draft.version
        elif draft.version != version:
            # Unchanged here but saved by someone else since: approving now would send a text
            # this adviser has not read.
            raise StaleDraft(f"draft {draft_id} changed since it was opened")
        if action == "approve":
            approve_draft(db, draft_id, approver=user, expected_version=version,
                          confirm_safeguarding=confirm_safeguarding == "1",
                          confirm_deadline_passed=confirm_deadline_passed == "1", now=now)
    except StaleDraft:
        db.rollback()
        flash(request, "Someone else changed this draft while you were editing it. Your text "
                       "was NOT saved: the page now shows their version. Copy your changes "
                       "from below and apply them again.", "error")
        request.session["lost_text"] = body[:20000]
        return _back(case_id, "draft")
    except DeadlinePassed as exc:
        db.commit()  # keeps an edit made in the same submit; only the approval is refused
        flash(request, str(exc).capitalize() + ".", "error")
        return _back(case_id, "draft")
    except InvalidTransition as exc:
        db.rollback()
        flash(request, str(exc).capitalize() + ".", "error")
        return _back(case_id, "draft")
    db.commit()
    if action == "approve":
        queued = request.app.state.enqueue_send(draft_id)
        if queued:
            flash(request, "Approved. The reply is queued for sending.", "success")
        else:
            flash(request, "Approved, but the queue is unreachable: the reply will be sent when "
                           "it is back. Check the draft status later.", "warning")
    elif changed:
        flash(request, "Draft saved.", "success")
    else:
        flash(request, "No changes to save.", "info")
    return _back(case_id, "draft")


@router.post("/cases/{case_id}/draft/reject")
def reject(
    *,
    request: Request, case_id: int, user: PageUser, db: DB,
    draft_id: Annotated[int, Form()],
    reason: Annotated[str, Form()] = "",
) -> RedirectResponse:
    _own_draft(db, case_id, draft_id)
    try:
        reject_draft(db, draft_id, actor=user.email, reason=reason.strip()[:2000],
                     now=now_for(request))
    except InvalidTransition as exc:
        db.rollback()
        flash(request, str(exc).capitalize() + ".", "error")
        return _back(case_id, "draft")
    db.commit()
    flash(request, "Draft rejected. Nothing was sent.", "success")
    return _back(case_id, "draft")


@router.post("/cases/{case_id}/redraft")
def new_draft(*, request: Request, case_id: int, user: PageUser, db: DB) -> RedirectResponse:
    """After a rejected or failed reply: write a fresh draft from the case's current triage."""
    _load_case(db, case_id)
    outcome = redraft(db, case_id, actor=user, now=now_for(request))
    db.commit()
    flash(request, outcome.message, outcome.level)
    return _back(case_id, "draft")


@router.post("/cases/{case_id}/close")
def close(
    request: Request, case_id: int, user: PageUser, db: DB,
    reason: Annotated[str, Form()] = "",
) -> RedirectResponse:
    _load_case(db, case_id)
    try:
        draft = active_draft(db, case_id)
        if draft is not None and draft.status == DraftStatus.DRAFT:
            reject_draft(db, draft.id, actor=user.email, reason="case closed",
                         now=now_for(request))
        close_case(db, case_id, actor=user, reason=reason[:2000], now=now_for(request))
    except InvalidTransition as exc:
        db.rollback()
        flash(request, str(exc).capitalize() + ".", "error")
        return _back(case_id)
    db.commit()
    flash(request, "Case closed.", "success")
    return redirect("/queue")


@router.post("/cases/{case_id}/reopen")
def reopen(request: Request, case_id: int, user: PageUser, db: DB) -> RedirectResponse:
    _load_case(db, case_id)
    reopen_case(db, case_id, actor=user, now=now_for(request))
    db.commit()
    flash(request, "Case reopened.", "success")
    return _back(case_id)
