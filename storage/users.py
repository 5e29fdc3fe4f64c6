"""User accounts and API tokens: creation, roles, deactivation, password and token checks."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.errors import PermanentError
from storage.enums import EventAction, Role
from storage.events import record_event
from storage.models import ApiToken, User
from storage.web_sessions import end_user_web_sessions

MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "st_"  # noqa: S105 - a marker that makes leaked tokens easy to grep for

_hasher = PasswordHasher()
# Verified when the e-mail is unknown, so a wrong address costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password-used-for-timing-only")


class UserError(PermanentError):
    """A user change the rules refuse (duplicate e-mail, weak password, unknown user)."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted, parameters embedded in the string)."""
    return _hasher.hash(password)


def _check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: Role,
    name: str = "",
    actor: str = "system",
) -> User:
    """Add an active user with an argon2id password hash; flushes, doesn't commit.

    Raises ``UserError`` if the e-mail is already taken or the password is too short; a second
    call with the same e-mail is therefore refused, not repeated.
    """
    address = normalise_email(email)
    if "@" not in address:
        raise UserError("an e-mail address is required")
    _check_password_strength(password)
    taken = session.scalar(select(func.count()).select_from(User).where(User.email == address))
    if taken:
        raise UserError("a user with that e-mail already exists")
    user = User(email=address, name=name.strip(), role=Role(role),
                password_hash=hash_password(password), active=True)
    session.add(user)
    session.flush()
    record_event(session, EventAction.USER_CREATED, actor=actor,
                 detail={"user_id": user.id, "role": user.role.value})
    return user


def _get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserError(f"user {user_id} does not exist")
    return user


def set_role(session: Session, user_id: int, role: Role, *, actor: str = "system") -> User:
    """Give the user ``role``; setting the role a user already has is harmless."""
    user = _get_user(session, user_id)
    old = user.role
    user.role = Role(role)
    if old != user.role:
        record_event(session, EventAction.USER_ROLE_CHANGED, actor=actor,
                     detail={"user_id": user.id, "from": old.value, "to": user.role.value})
    return user


def deactivate_user(session: Session, user_id: int, *, actor: str = "system") -> User:
    """Stop the user logging in or using API tokens and end their web sessions (rows kept for
    the audit trail). Idempotent."""
    user = _get_user(session, user_id)
    end_user_web_sessions(session, user.id)
    if user.active:
        user.active = False
        record_event(session, EventAction.USER_DEACTIVATED, actor=actor,
                     detail={"user_id": user.id})
    return user


def reactivate_user(session: Session, user_id: int, *, actor: str = "system") -> User:
    """Let a deactivated user log in again. Idempotent."""
    user = _get_user(session, user_id)
    if not user.active:
        user.active = True
        record_event(session, EventAction.USER_REACTIVATED, actor=actor,
                     detail={"user_id": user.id})
    return user


def set_password(session: Session, user_id: int, password: str, *, actor: str = "system") -> User:
    """Replace the user's password and end all their web sessions (the caller may open a new
    one for the browser that asked)."""
    _check_password_strength(password)
    user = _get_user(session, user_id)
    user.password_hash = hash_password(password)
    end_user_web_sessions(session, user.id)
    record_event(session, EventAction.USER_PASSWORD_CHANGED, actor=actor,
                 detail={"user_id": user.id})
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (never says which one was wrong).

    Re-hashes the password when argon2's recommended parameters have changed (flushes then).
    """
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(session: Session, user: User, name: str = "") -> str:
    """Create an API token for ``user`` and return its plaintext, which is not stored anywhere.

    Only the SHA-256 of the token is kept, so show the result to the person once. Each call
    makes a new token.
    """
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name.strip()[:100], token_hash=hash_token(token)))
    session.flush()
    record_event(session, EventAction.TOKEN_CREATED, actor=user.email, detail={"user_id": user.id})
    return token


def revoke_api_token(
    session: Session, token_id: int, *, user: User, now: datetime | None = None
) -> bool:
    """Revoke one of ``user``'s tokens; False when it is not theirs or already revoked."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = now or utcnow()
    record_event(session, EventAction.TOKEN_REVOKED, actor=user.email,
                 detail={"token_id": token_id})
    return True


def list_api_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    ))


def user_for_token(session: Session, token: str, *, now: datetime | None = None) -> User | None:
    """The active user owning this unrevoked token, or None; stamps ``last_used_at``."""
    if not token:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_used_at = now or utcnow()
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.active.desc(), User.email)))


def active_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.email)))
