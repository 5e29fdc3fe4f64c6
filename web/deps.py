"""Request dependencies: the database session, the signed-in user, roles and API tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session, sessionmaker

from core.clock import Clock
from core.settings import Settings
from storage.dashboard import Dashboard
from storage.enums import Role
from storage.models import User
from storage.users import user_for_token
from web.dashboard_cache import DashboardCache
from web.sessions import end_session, signed_in_user_id


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in, as the page templates see it (a value, not a database row)."""

    id: int
    email: str
    name: str
    role: Role


class LoginRequired(Exception):
    """Raised by page dependencies when nobody is signed in; answered with a redirect."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class Forbidden(Exception):
    """A signed-in user asked for a page their role does not allow."""


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def now_for(request: Request) -> datetime:
    return get_clock(request).now()


def dashboard_for(request: Request, session: Session) -> Dashboard:
    """The manager's figures as this web app last computed them, if recent enough."""
    cache: DashboardCache = request.app.state.dashboard_cache
    return cache.get(session, now_for(request), request.app.state.get_session_factory())


def db_session(request: Request) -> Iterator[Session]:
    """One session per request; handlers commit explicitly, anything else is rolled back.

    ``close()`` (not ``rollback()``) at the end: it ends the transaction without expiring the
    loaded objects, so an error page can still show who is signed in.
    """
    factory: sessionmaker[Session] = request.app.state.get_session_factory()
    session = factory()
    try:
        yield session
    finally:
        session.close()


# Closed as soon as the handler returns, before the answer goes out: the session middleware
# then stores session changes on a connection of its own, and the pool gets this one back.
DB = Annotated[Session, Depends(db_session, scope="function")]


def session_user(request: Request, db: Session) -> User | None:
    """The active user signed in on this browser, or None (a stale session is ended)."""
    uid = signed_in_user_id(request)
    if uid is None:
        return None
    user = db.get(User, uid)
    if user is None or not user.active:
        end_session(request, db)
        db.commit()
        return None
    return user


def _next_path(request: Request) -> str:
    path = request.url.path
    return path + ("?" + request.url.query if request.url.query else "")


def page_user(request: Request, db: DB) -> User:
    """The signed-in user of a page request, or a redirect to the login page."""
    user = session_user(request, db)
    if user is None:
        raise LoginRequired(_next_path(request) if request.method == "GET" else "/")
    request.state.user = SignedIn(user.id, user.email, user.name, user.role)
    return user


def manager_user(user: Annotated[User, Depends(page_user)]) -> User:
    """The signed-in user if they are a manager; advisers get the 403 page."""
    if user.role != Role.MANAGER:
        raise Forbidden()
    return user


def _bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in ("bearer", "token") or not token.strip():
        return None
    return token.strip()


def api_user(request: Request, db: DB) -> User:
    """The API client's user from ``Authorization: Bearer <token>``; 401 otherwise."""
    token = _bearer_token(request)
    user = user_for_token(db, token, now=now_for(request)) if token else None
    if user is None:
        raise HTTPException(status_code=401, detail="A valid API token is required.",
                            headers={"WWW-Authenticate": "Bearer"})
    db.commit()  # keeps last_used_at
    return user


def api_manager(user: Annotated[User, Depends(api_user)]) -> User:
    if user.role != Role.MANAGER:
        raise HTTPException(status_code=403, detail="Managers only.")
    return user


def any_user(request: Request, db: DB) -> User:
    """A browser session or an API token (for ``/openapi.json``); 401 otherwise."""
    user = session_user(request, db)
    if user is not None:
        return user
    return api_user(request, db)


PageUser = Annotated[User, Depends(page_user)]
ManagerUser = Annotated[User, Depends(manager_user)]
ApiUser = Annotated[User, Depends(api_user)]
ApiManager = Annotated[User, Depends(api_manager)]
