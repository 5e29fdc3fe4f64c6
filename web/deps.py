"""Request dependencies: the database session, the signed-in user, roles and API tokens."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Final

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session, sessionmaker

from core.clock import Clock
from core.settings import Settings
from storage.enums import Role
from storage.models import User
from storage.users import user_for_token

SESSION_USER: Final = "uid"
SESSION_FINGERPRINT: Final = "fp"


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


DB = Annotated[Session, Depends(db_session)]


def session_fingerprint(user: User, secret: str) -> str:
    """Ties a login session to the password: changing it (or the secret key) ends old sessions."""
    material = f"{user.id}:{user.password_hash}".encode()
    return hashlib.blake2b(material, key=secret.encode()[:64], digest_size=16).hexdigest()


def session_user(request: Request, db: Session) -> User | None:
    uid = request.session.get(SESSION_USER)
    if not isinstance(uid, int):
        return None
    user = db.get(User, uid)
    secret = get_settings(request).secret_key.get_secret_value()
    if (user is None or not user.active
            or request.session.get(SESSION_FINGERPRINT) != session_fingerprint(user, secret)):
        request.session.clear()
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
