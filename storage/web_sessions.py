"""Server-side login sessions: open, look up, keep alive, end one or all of a user's, purge.

The browser holds a random token; rows are keyed by its SHA-256. A session ends when it is
ended (logout), when its user's password changes or the user is deactivated, after
``idle`` without a request, or at its absolute ``expires_at``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from storage.models import WebSession


def session_row_id(token: str) -> str:
    """The stored id of the session whose cookie holds ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_web_session(
    session: Session, user_id: int, *, now: datetime, lifetime: timedelta,
    data: dict[str, Any] | None = None,
) -> str:
    """Start a session for ``user_id`` and return its token (for the cookie, stored nowhere).

    Flushes, doesn't commit. Each call starts another session.
    """
    token = secrets.token_urlsafe(32)
    session.add(WebSession(id=session_row_id(token), user_id=user_id, data=dict(data or {}),
                           created_at=now, last_seen_at=now, expires_at=now + lifetime))
    session.flush()
    return token


def find_web_session(
    session: Session, token: str, *, now: datetime, idle: timedelta
) -> WebSession | None:
    """The live session for ``token``, or None; an expired one is deleted (flushed) on sight."""
    row = session.get(WebSession, session_row_id(token))
    if row is None:
        return None
    if row.expires_at <= now or row.last_seen_at + idle <= now:
        session.delete(row)
        session.flush()
        return None
    return row


def keep_web_session(
    session: Session, row_id: str, *, now: datetime, data: dict[str, Any] | None = None
) -> bool:
    """Mark the session seen at ``now`` (and replace its data if given); False if it is gone.

    Never re-creates a session ended meanwhile (a deactivation, a logout elsewhere).
    """
    values: dict[str, Any] = {"last_seen_at": now}
    if data is not None:
        values["data"] = data
    result = session.execute(update(WebSession).where(WebSession.id == row_id).values(**values))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def end_web_session(session: Session, row_id: str) -> None:
    """Delete one session; harmless if it is already gone."""
    session.execute(delete(WebSession).where(WebSession.id == row_id))


def end_user_web_sessions(session: Session, user_id: int) -> int:
    """Delete every session of ``user_id`` (signs them out everywhere); how many there were."""
    result = session.execute(delete(WebSession).where(WebSession.user_id == user_id))
    return int(result.rowcount)  # type: ignore[attr-defined]


def purge_expired_web_sessions(session: Session, *, now: datetime, idle: timedelta) -> int:
    """Delete sessions past their absolute expiry or idle longer than ``idle``; how many."""
    result = session.execute(delete(WebSession).where(or_(
        WebSession.expires_at <= now, WebSession.last_seen_at <= now - idle)))
    return int(result.rowcount)  # type: ignore[attr-defined]
