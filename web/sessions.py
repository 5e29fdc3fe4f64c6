"""Server-side sessions for the browser: the cookie carries only a random token.

Signed in, the token's SHA-256 keys a ``web_sessions`` row holding the user and the session
data (CSRF token, flash messages), so logout, a password change or a deactivation ends the
session on the server. Anonymous visitors get a token too but no row: their only datum, the
login form's CSRF token, is derived from the token with the secret key (floods of the login
page write nothing). Anything else stored in an anonymous session is dropped.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final, TypeVar

import anyio.to_thread
from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import Message, Receive, Scope, Send

from core.clock import Clock
from core.settings import Settings
from storage.web_sessions import (
    end_web_session,
    find_web_session,
    keep_web_session,
    open_web_session,
    purge_expired_web_sessions,
    session_row_id,
)
from web.asgi import HttpMiddleware

SESSION_COOKIE: Final = "sendtriage_session"
STATE_KEY: Final = "sendtriage.session"
# last_seen_at is written at most this often: a page view need not be a database write.
TOUCH_EVERY: Final = timedelta(minutes=1)
_TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{43}")

T = TypeVar("T")


@dataclass
class SessionState:
    """The request's session: its token, the row it maps to (if signed in) and its data."""

    token: str
    data: dict[str, Any]
    user_id: int | None = None
    row_id: str | None = None
    last_seen: datetime | None = None
    loaded: dict[str, Any] = field(default_factory=dict)
    send_cookie: bool = False


def _idle(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.session_idle_minutes)


def _lifetime(settings: Settings) -> timedelta:
    return timedelta(hours=settings.session_max_hours)


def _anonymous_csrf(settings: Settings, token: str) -> str:
    key = settings.secret_key.get_secret_value().encode("utf-8")
    return hmac.new(key, b"login-csrf:" + token.encode("ascii"), hashlib.sha256).hexdigest()


def _anonymous(settings: Settings, token: str | None = None) -> SessionState:
    fresh = token is None
    token = token or secrets.token_urlsafe(32)
    data = {"csrf": _anonymous_csrf(settings, token)}
    return SessionState(token=token, data=data, loaded=dict(data), send_cookie=fresh)


def _state(request: Request) -> SessionState:
    state: SessionState = request.scope[STATE_KEY]
    return state


def signed_in_user_id(request: Request) -> int | None:
    """The user id of this request's session, or None for an anonymous visitor."""
    return _state(request).user_id


def start_session(request: Request, db: Session, user_id: int, *, now: datetime) -> None:
    """Sign ``user_id`` in on this browser with a new token (nothing from before carries over:
    no session fixation). Ends the browser's previous session; the caller commits."""
    state = _state(request)
    settings: Settings = request.app.state.settings
    if state.row_id is not None:
        end_web_session(db, state.row_id)
    data = {"csrf": secrets.token_urlsafe(32)}
    token = open_web_session(db, user_id, now=now, lifetime=_lifetime(settings), data=data)
    state.token, state.user_id, state.row_id = token, user_id, session_row_id(token)
    state.last_seen, state.loaded, state.send_cookie = now, copy.deepcopy(data), True
    state.data.clear()
    state.data.update(data)


def end_session(request: Request, db: Session) -> None:
    """Sign this browser out: delete its session row and give it a fresh anonymous token."""
    state = _state(request)
    if state.row_id is not None:
        end_web_session(db, state.row_id)
    fresh = _anonymous(request.app.state.settings)
    state.token, state.user_id, state.row_id, state.last_seen = fresh.token, None, None, None
    state.loaded, state.send_cookie = fresh.loaded, True
    state.data.clear()
    state.data.update(fresh.data)


def purge_expired_sessions(request: Request, db: Session, *, now: datetime) -> int:
    """Delete every expired session row (run at each sign-in); how many were deleted."""
    return purge_expired_web_sessions(db, now=now, idle=_idle(request.app.state.settings))


def _cookie_header(settings: Settings, state: SessionState) -> str:
    parts = [f"{SESSION_COOKIE}={state.token}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if state.row_id is not None:
        parts.append(f"Max-Age={int(_lifetime(settings).total_seconds())}")
    if settings.secure_cookies:
        parts.append("Secure")
    return "; ".join(parts)


class ServerSessionMiddleware(HttpMiddleware):
    """Provides ``request.session`` from the ``web_sessions`` table (see the module docstring).

    Loads the session before the app runs and, before the answer's headers go out, stores
    changed data, refreshes ``last_seen_at`` and sets the cookie when the token changed.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        web = scope["app"]
        settings: Settings = web.state.settings
        clock: Clock = web.state.clock
        factory: sessionmaker[Session] = web.state.get_session_factory()
        token = HTTPConnection(scope).cookies.get(SESSION_COOKIE, "")
        state = await self._load(factory, settings, token, clock.now())
        scope[STATE_KEY], scope["session"] = state, state.data

        async def send_with_session(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self._save(factory, state, clock.now())
                if state.send_cookie and self._wants_cookie(state, message):
                    MutableHeaders(scope=message).append(
                        "set-cookie", _cookie_header(settings, state))
            await send(message)

        await self.app(scope, receive, send_with_session)

    @staticmethod
    async def _in_thread(factory: sessionmaker[Session], work: Callable[[Session], T]) -> T:
        def run() -> T:
            with factory.begin() as db:
                return work(db)

        return await anyio.to_thread.run_sync(run)

    async def _load(self, factory: sessionmaker[Session], settings: Settings, token: str,
                    now: datetime) -> SessionState:
        if not _TOKEN.fullmatch(token):
            return _anonymous(settings)

        def load(db: Session) -> SessionState:
            row = find_web_session(db, token, now=now, idle=_idle(settings))
            if row is None:
                return _anonymous(settings, token)
            data = dict(row.data or {})
            return SessionState(token=token, data=data, user_id=row.user_id, row_id=row.id,
                                last_seen=row.last_seen_at, loaded=copy.deepcopy(data))

        return await self._in_thread(factory, load)

    async def _save(self, factory: sessionmaker[Session], state: SessionState,
                    now: datetime) -> None:
        row_id = state.row_id
        if row_id is None:
            return
        changed = state.data != state.loaded
        stale = state.last_seen is None or now - state.last_seen >= TOUCH_EVERY
        if not (changed or stale):
            return
        data = copy.deepcopy(state.data) if changed else None
        await self._in_thread(factory, lambda db: keep_web_session(db, row_id, now=now,
                                                                   data=data))
        state.loaded, state.last_seen = copy.deepcopy(state.data), now

    @staticmethod
    def _wants_cookie(state: SessionState, message: Message) -> bool:
        if state.row_id is not None:
            return True
        # An anonymous token matters to pages (the login form's CSRF token) and to redirects
        # (a logout replaces the old cookie), not to API answers or files.
        content_type = MutableHeaders(scope=message).get("content-type", "")
        return content_type.startswith("text/html") or 300 <= int(message["status"]) < 400
