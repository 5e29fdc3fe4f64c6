"""The JSON API under ``/api/v1``: cases, messages, drafts (approve/reject) and stats.

Token auth (``Authorization: Bearer <token>``); lists use RT's paged envelope
``{total, total_capped, count, page, pages, per_page, items}`` with ``type``, ``id`` and
``_url`` per item.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import InvalidTransition
from core.labels import CATEGORIES, NO_CATEGORY, Category, NextStep
from storage.attachments import ReadingView, readings_for
from storage.drafts import StaleDraft, approve_draft, reject_draft
from storage.enums import CaseStatus, DraftStatus
from storage.models import Case, Draft, Message
from storage.queue import (
    UNASSIGNED,
    QueueFilter,
    case_messages,
    latest_triage,
    list_queue,
)
from web.deps import DB, ApiManager, ApiUser, dashboard_for, now_for
from web.validation import PageNumber as Page
from web.validation import parse_row_id

router = APIRouter(prefix="/api/v1", tags=["api"])

T = TypeVar("T")
MAX_PER_PAGE = 200


class Envelope(BaseModel, Generic[T]):
    """One page of a list. ``total_capped``: a search found more than ``total`` items and
    lists only the newest ``total`` of them."""

    total: int
    total_capped: bool = False
    count: int
    page: int
    pages: int
    per_page: int
    items: list[T]


class Item(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    type: str
    id: int
    url: str = Field(alias="_url")


class CaseOut(Item):
    type: str = "case"
    created_at: datetime
    updated_at: datetime
    parent: str | None
    parent_name: str | None
    subject: str
    status: CaseStatus
    categories: list[Category]
    next_step: NextStep | None
    confidence: float | None
    needs_triage: bool
    decision_date: date | None
    deadline: date | None
    safeguarding: bool
    overridden: bool
    assignee: str | None
    first_response_at: datetime | None
    closed_at: datetime | None


class AttachmentOut(BaseModel):
    filename: str | None = None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    read_status: str | None = Field(None, description="read, unreadable or not_read; null: "
                                                      "the file arrived before attachments "
                                                      "were read")
    read_note: str | None = Field(None, description="Why it was not (fully) read.")
    text: str | None = Field(None, description="The text read from the file.")


class MessageOut(Item):
    type: str = "message"
    case_id: int | None
    direction: str
    status: str
    received_at: datetime
    sent_at: datetime | None
    from_address: str | None
    from_name: str | None
    via_address: str | None
    subject: str | None
    automatic: bool
    new_text: str | None
    attachments: list[AttachmentOut]


class DraftOut(Item):
    type: str = "draft"
    case_id: int
    message_id: int
    status: DraftStatus
    version: int
    next_step: NextStep
    to: str
    subject: str
    body: str
    approved_by: str | None
    approved_at: datetime | None
    sent_at: datetime | None
    last_error: str | None


class TriageOut(BaseModel):
    model_version: str
    categories: list[Category]
    scores: dict[str, float]
    next_step: NextStep
    decision_date: date | None
    deadline: date | None
    safeguarding: bool
    confidence: float
    evidence: dict[str, list[str]]


class CaseDetailOut(CaseOut):
    triage: TriageOut | None
    messages_url: str
    drafts: list[DraftOut]


class ApproveIn(BaseModel):
    expected_version: int | None = Field(
        None, description="The draft version you read; refused with 409 if it changed since.")
    confirm_safeguarding: bool = Field(
        False, description="Required (true) to approve a reply on a safeguarding case.")
    confirm_deadline_passed: bool = Field(
        False, description="Required (true) to approve a reply on a case whose legal deadline "
                           "has passed (409 otherwise).")


class RejectIn(BaseModel):
    reason: str = Field("", max_length=2000)


class MeOut(BaseModel):
    id: int
    email: str
    name: str
    role: str


def case_out(c: Case) -> CaseOut:
    return CaseOut(
        id=c.id, url=f"/api/v1/cases/{c.id}", created_at=c.created_at, updated_at=c.updated_at,
        parent=c.parent_address, parent_name=c.parent_name, subject=c.subject, status=c.status,
        categories=list(c.categories or []), next_step=c.next_step, confidence=c.confidence,
        needs_triage=c.needs_triage, decision_date=c.decision_date, deadline=c.deadline,
        safeguarding=c.safeguarding, overridden=c.overridden,
        assignee=c.assignee.email if c.assignee else None,
        first_response_at=c.first_response_at, closed_at=c.closed_at,
    )


def _attachments_out(m: Message,
                     readings: Mapping[tuple[int, int], ReadingView]) -> list[AttachmentOut]:
    out: list[AttachmentOut] = []
    for position, listed in enumerate(m.attachments or []):
        if not isinstance(listed, dict):
            continue
        item = AttachmentOut.model_validate(listed)
        reading = readings.get((m.id, position))
        if reading is not None:
            item.read_status, item.read_note = reading.status, reading.note or None
            item.text = reading.text or None
        out.append(item)
    return out


def _message_out(m: Message, readings: Mapping[tuple[int, int], ReadingView]) -> MessageOut:
    return MessageOut(
        id=m.id, url=f"/api/v1/messages/{m.id}", case_id=m.case_id,
        direction=m.direction.value, status=m.status.value, received_at=m.received_at,
        sent_at=m.sent_at, from_address=m.from_address, from_name=m.from_name,
        via_address=m.via_address, subject=m.subject, automatic=m.automatic,
        new_text=m.new_text,
        attachments=_attachments_out(m, readings),
    )


def _draft_out(d: Draft) -> DraftOut:
    return DraftOut(
        id=d.id, url=f"/api/v1/drafts/{d.id}", case_id=d.case_id, message_id=d.message_id,
        status=d.status, version=d.version, next_step=d.next_step, to=d.to_address,
        subject=d.subject, body=d.body,
        approved_by=d.approved_by.email if d.approved_by else None,
        approved_at=d.approved_at, sent_at=d.sent_at, last_error=d.last_error,
    )


def _envelope(items: list[Any], total: int, page: int, per_page: int,
              capped: bool = False) -> dict[str, Any]:
    return {"total": total, "total_capped": capped, "count": len(items), "page": page,
            "pages": max(1, -(-total // per_page)), "per_page": per_page, "items": items}


PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page.")]


@router.get("/me", response_model=MeOut, summary="The token's user")
def me(user: ApiUser) -> MeOut:
    return MeOut(id=user.id, email=user.email, name=user.name, role=user.role.value)


@router.get("/cases", response_model=Envelope[CaseOut], summary="Cases in urgency order")
def list_cases(
    *,
    user: ApiUser,
    db: DB,
    page: Page = 1,
    per_page: PerPage = 50,
    status: Annotated[CaseStatus | None, Query(description="Default: the open ones.")] = None,
    all_statuses: Annotated[bool, Query(alias="all")] = False,
    category: Annotated[str | None, Query(description="appeal, exclusion, ... or none")] = None,
    assignee: Annotated[str | None, Query(description="me, none or a user id")] = None,
    query: Annotated[str, Query(max_length=200, description="Search address or text")] = "",
) -> dict[str, Any]:
    """Safeguarding first, then the nearest legal deadline, then the oldest."""
    if category is not None and category not in (*CATEGORIES, NO_CATEGORY):
        raise HTTPException(status_code=400, detail="Invalid request: unknown category.")
    assignee_id: int | None = None
    if assignee == "me":
        assignee_id = user.id
    elif assignee == "none":
        assignee_id = UNASSIGNED
    elif assignee is not None and assignee.isdigit():
        assignee_id = parse_row_id("assignee", assignee)
    statuses = tuple(CaseStatus) if all_statuses else ((status,) if status else ())
    result = list_queue(db, QueueFilter(category=category, statuses=statuses,
                                        assignee_id=assignee_id, search=query),
                        page=page, per_page=per_page)
    return _envelope([case_out(c) for c in result.cases], result.total, page, per_page,
                     result.capped)


RowT = TypeVar("RowT", Case, Message, Draft)


def _get_or_404(db: Session, model: type[RowT], row_id: int) -> RowT:
    """The row, or a 404 naming what was missing (one rule for every resource)."""
    found = db.get(model, row_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"No such {model.__name__.lower()}.")
    return found


def _get_case(db: Session, case_id: int) -> Case:
    return _get_or_404(db, Case, case_id)


@router.get("/cases/{case_id}", response_model=CaseDetailOut, summary="One case")
def get_case(case_id: int, user: ApiUser, db: DB) -> CaseDetailOut:
    found = _get_case(db, case_id)
    triage = latest_triage(db, case_id)
    drafts = list(db.scalars(select(Draft).where(Draft.case_id == case_id).order_by(Draft.id)))
    return CaseDetailOut(
        **case_out(found).model_dump(),
        triage=TriageOut(
            model_version=triage.model_version, categories=list(triage.categories or []),
            scores={k: float(v) for k, v in (triage.scores or {}).items()},
            next_step=triage.next_step, decision_date=triage.decision_date,
            deadline=triage.deadline, safeguarding=triage.safeguarding,
            confidence=triage.confidence,
            evidence={k: [str(s) for s in v] for k, v in (triage.evidence or {}).items()},
        ) if triage is not None else None,
        messages_url=f"/api/v1/cases/{case_id}/messages",
        drafts=[_draft_out(d) for d in drafts],
    )


@router.get("/cases/{case_id}/messages", response_model=Envelope[MessageOut],
            summary="The messages of a case, oldest first")
def list_case_messages(
    case_id: int, user: ApiUser, db: DB, page: Page = 1, per_page: PerPage = 50
) -> dict[str, Any]:
    _get_case(db, case_id)
    messages = case_messages(db, case_id)
    chunk = messages[(page - 1) * per_page: page * per_page]
    readings = readings_for(db, [m.id for m in chunk])
    return _envelope([_message_out(m, readings) for m in chunk], len(messages), page, per_page)


@router.get("/messages/{message_id}", response_model=MessageOut, summary="One message")
def get_message(message_id: int, user: ApiUser, db: DB) -> MessageOut:
    message = _get_or_404(db, Message, message_id)
    return _message_out(message, readings_for(db, [message.id]))


@router.get("/drafts", response_model=Envelope[DraftOut], summary="Drafts, oldest first")
def list_drafts(
    user: ApiUser,
    db: DB,
    page: Page = 1,
    per_page: PerPage = 50,
    status: Annotated[DraftStatus | None, Query(description="Default: draft")] = DraftStatus.DRAFT,
) -> dict[str, Any]:
    conds = [Draft.status == status] if status is not None else []
    total = db.scalar(select(func.count()).select_from(Draft).where(*conds)) or 0
    rows = db.scalars(select(Draft).where(*conds).order_by(Draft.created_at, Draft.id)
                      .offset((page - 1) * per_page).limit(per_page))
    return _envelope([_draft_out(d) for d in rows], int(total), page, per_page)


def _get_draft(db: Session, draft_id: int) -> Draft:
    return _get_or_404(db, Draft, draft_id)


@router.get("/drafts/{draft_id}", response_model=DraftOut, summary="One draft")
def get_draft(draft_id: int, user: ApiUser, db: DB) -> DraftOut:
    return _draft_out(_get_draft(db, draft_id))


@router.post("/drafts/{draft_id}/approve", response_model=DraftOut,
             summary="Approve a draft and queue it for sending",
             responses={409: {"description": "The draft changed or is not a draft any more"}})
def approve(
    request: Request, draft_id: int, user: ApiUser, db: DB, payload: ApproveIn | None = None
) -> DraftOut:
    """Nothing is sent without this approval; safeguarding cases need ``confirm_safeguarding``,
    cases whose deadline has passed ``confirm_deadline_passed``."""
    payload = payload or ApproveIn()
    _get_draft(db, draft_id)
    try:
        draft = approve_draft(db, draft_id, approver=user,
                              expected_version=payload.expected_version,
                              confirm_safeguarding=payload.confirm_safeguarding,
                              confirm_deadline_passed=payload.confirm_deadline_passed,
                              now=now_for(request))
    except StaleDraft as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    except InvalidTransition as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    db.commit()
    request.app.state.enqueue_send(draft_id)
    return _draft_out(draft)


@router.post("/drafts/{draft_id}/reject", response_model=DraftOut, summary="Reject a draft",
             responses={409: {"description": "The draft is already sending or sent"}})
def reject(
    request: Request, draft_id: int, user: ApiUser, db: DB, payload: RejectIn | None = None
) -> DraftOut:
    payload = payload or RejectIn()
    _get_draft(db, draft_id)
    try:
        draft = reject_draft(db, draft_id, actor=user.email, reason=payload.reason,
                             now=now_for(request))
    except InvalidTransition as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    db.commit()
    return _draft_out(draft)


@router.get("/stats", summary="The manager dashboard's figures (managers only)")
def stats(request: Request, user: ApiManager, db: DB) -> dict[str, object]:
    return dashboard_for(request, db).as_dict()


