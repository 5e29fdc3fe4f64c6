"""Saved views: a user's named queue filters, listed on their queue page (issue 12)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InvalidTransition
from storage.models import SavedView, User

MAX_NAME: Final = 80
MAX_VIEWS: Final = 50  # per user; the queue page lists them all


def user_views(session: Session, user: User) -> list[SavedView]:
    """``user``'s saved views, by name."""
    return list(session.scalars(
        select(SavedView).where(SavedView.user_id == user.id).order_by(SavedView.name)))


def save_view(session: Session, user: User, name: str, filters: Mapping[str, str], *,
              now: datetime) -> SavedView:
    """Keep ``filters`` under ``name`` for ``user``; saving a name again replaces its filters
    (so a second call is safe). Raises ``InvalidTransition`` for an empty or too long name, or
    past ``MAX_VIEWS`` views."""
    name = " ".join(name.split())
    if not name:
        raise InvalidTransition("a saved view needs a name")
    if len(name) > MAX_NAME:
        raise InvalidTransition(f"a view's name is at most {MAX_NAME} characters")
    view = session.scalar(
        select(SavedView).where(SavedView.user_id == user.id, SavedView.name == name))
    if view is None:
        if len(user_views(session, user)) >= MAX_VIEWS:
            raise InvalidTransition(f"at most {MAX_VIEWS} saved views; delete one first")
        view = SavedView(user_id=user.id, name=name, created_at=now)
        session.add(view)
    view.filters = dict(filters)
    session.flush()
    return view


def delete_view(session: Session, user: User, view_id: int) -> bool:
    """Delete ``user``'s view ``view_id``; False (nothing deleted) when it is not theirs or
    does not exist, so a second call is harmless."""
    view = session.get(SavedView, view_id)
    if view is None or view.user_id != user.id:
        return False
    session.delete(view)
    return True
