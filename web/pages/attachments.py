"""Attachments on the case page: downloads, image previews, and files attached to a reply.

A parent's file is only ever downloaded (``Content-Disposition: attachment``, served as
``application/octet-stream``), never shown inline: an HTML or SVG file opened on our origin
could run script with the adviser's session. The one inline form of an image is the PNG the
worker re-encoded from its pixels. Nothing here loads a file reader: the text was read by the
worker and is only shown.
"""

from __future__ import annotations

from typing import Annotated, Final
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from core.errors import InvalidTransition
from core.mailparts import find_parts
from replies.files import MAX_REPLY_FILE_BYTES, RefusedFile, check_reply_file
from storage.attachments import attach_to_draft, draft_files, reading_of, remove_from_draft
from storage.models import Draft, DraftAttachment, Message
from web.deps import DB, PageUser, now_for, page_user
from web.security import require_csrf
from web.templating import flash, redirect

router = APIRouter(include_in_schema=False,
                   dependencies=[Depends(page_user), Depends(require_csrf)])

Position = Annotated[int, Path(ge=0, le=10_000)]
_ASCII_SAFE: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "._-+ ()")


def download_headers(filename: str) -> dict[str, str]:
    """Headers that make a browser save the file under ``filename`` and never render it:
    an ASCII ``filename`` for old clients and the exact name as RFC 5987 ``filename*``."""
    name = " ".join(filename.split()) or "attachment"
    fallback = "".join(c if c in _ASCII_SAFE else "_" for c in name)[:150] or "attachment"
    return {
        "Content-Disposition": (f'attachment; filename="{fallback}"; '
                                f"filename*=UTF-8''{quote(name[:200], safe='')}"),
        "X-Content-Type-Options": "nosniff",
        # Were it ever opened in a tab, nothing in it may run or load.
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }


def _download(data: bytes, filename: str) -> Response:
    return Response(content=data, media_type="application/octet-stream",
                    headers=download_headers(filename))


def _case_message(db: Session, case_id: int, message_id: int) -> Message:
    message = db.get(Message, message_id)
    if message is None or message.case_id != case_id:
        raise HTTPException(status_code=404, detail="No such message on this case.")
    return message


@router.get("/cases/{case_id}/messages/{message_id}/attachments/{position}")
def download_attachment(case_id: int, message_id: int, position: Position, user: PageUser,
                        db: DB) -> Response:
    """The parent's file as it arrived, found again in the stored raw mail."""
    message = _case_message(db, case_id, message_id)
    listed = message.attachments or []
    if position >= len(listed):
        raise HTTPException(status_code=404, detail="No such attachment.")
    entry = listed[position]
    sha256 = str(entry.get("sha256") or "")
    data = find_parts(message.raw, [sha256]).get(sha256)
    if data is None:
        raise HTTPException(status_code=404, detail="This file is no longer held (deleted "
                                                    "under the retention policy?).")
    return _download(data, str(entry.get("filename") or f"attachment-{position + 1}"))


@router.get("/cases/{case_id}/messages/{message_id}/attachments/{position}/preview.png")
def attachment_preview(case_id: int, message_id: int, position: Position, user: PageUser,
                       db: DB) -> Response:
    """An image attachment as the PNG the worker re-encoded (never the original bytes)."""
    _case_message(db, case_id, message_id)
    reading = reading_of(db, message_id, position)
    if reading is None or not reading.preview_png:
        raise HTTPException(status_code=404, detail="No preview of this attachment.")
    return Response(content=reading.preview_png, media_type="image/png",
                    headers={"X-Content-Type-Options": "nosniff"})


# --- files attached to a reply -----------------------------------------------------------------


def _case_draft(db: Session, case_id: int, draft_id: int) -> Draft:
    draft = db.get(Draft, draft_id)
    if draft is None or draft.case_id != case_id:
        raise HTTPException(status_code=404, detail="No such draft on this case.")
    return draft


def _back(case_id: int) -> RedirectResponse:
    return redirect(f"/cases/{case_id}#draft")


@router.post("/cases/{case_id}/drafts/{draft_id}/files")
async def upload_reply_file(*, request: Request, case_id: int, draft_id: int, user: PageUser,
                            db: DB, file: UploadFile) -> RedirectResponse:
    """Attach an uploaded file to the draft (checked by ``replies.files``)."""
    _case_draft(db, case_id, draft_id)
    data = await file.read(MAX_REPLY_FILE_BYTES + 1)
    held = draft_files(db, draft_id)
    try:
        accepted = check_reply_file(data, file.filename or "", attached=len(held),
                                    attached_bytes=sum(f.size for f in held))
        attach_to_draft(db, draft_id, filename=accepted.filename,
                        content_type=accepted.content_type, data=accepted.data, actor=user,
                        now=now_for(request))
    except (RefusedFile, InvalidTransition) as exc:
        db.rollback()
        flash(request, f"Not attached: {exc}.", "error")
        return _back(case_id)
    db.commit()
    flash(request, f"Attached {accepted.filename}. It is sent with the reply.", "success")
    return _back(case_id)


@router.post("/cases/{case_id}/drafts/{draft_id}/files/{file_id}/remove")
def remove_reply_file(*, request: Request, case_id: int, draft_id: int, file_id: int,
                      user: PageUser, db: DB) -> RedirectResponse:
    """Take a file off the draft before it is approved."""
    _case_draft(db, case_id, draft_id)
    try:
        remove_from_draft(db, draft_id, file_id, actor=user, now=now_for(request))
    except InvalidTransition as exc:
        db.rollback()
        flash(request, str(exc).capitalize() + ".", "error")
        return _back(case_id)
    db.commit()
    flash(request, "File removed from the reply.", "success")
    return _back(case_id)


@router.get("/cases/{case_id}/drafts/{draft_id}/files/{file_id}")
def download_reply_file(case_id: int, draft_id: int, file_id: int, user: PageUser,
                        db: DB) -> Response:
    """A file attached to a reply, to check it before approving."""
    _case_draft(db, case_id, draft_id)
    row = db.get(DraftAttachment, file_id)
    if row is None or row.draft_id != draft_id:
        raise HTTPException(status_code=404, detail="No such file on this reply.")
    return _download(row.data, row.filename)
