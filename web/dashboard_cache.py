"""The manager's figures, computed at most once per ``max_age`` and shared by every request.

At 100,000 cases ``compute_dashboard`` reads tens of thousands of rows (issue 11): with a few
managers reloading the page, each doing it again would keep a core busy for figures that
change by a case or two a minute. Figures older than ``max_age`` are recomputed in the
background while requests are still given the previous ones, so no page waits for them once
they exist; the page says when they were computed ("As of").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storage.dashboard import Dashboard, compute_dashboard

log = logging.getLogger(__name__)

Runner = Callable[[Callable[[], None]], None]


def in_thread(work: Callable[[], None]) -> None:
    """Run ``work`` in a daemon thread of its own (the default way to refresh figures)."""
    threading.Thread(target=work, name="dashboard-refresh", daemon=True).start()


class DashboardCache:
    """The last figures computed in this process, and when (one per web app)."""

    def __init__(self, max_age: timedelta, run: Runner = in_thread) -> None:
        self.max_age = max_age
        self._run = run
        self._latest: Dashboard | None = None
        self._computing = threading.Lock()

    def _fresh(self, now: datetime) -> Dashboard | None:
        latest = self._latest
        if latest is not None and timedelta(0) <= now - latest.generated_at < self.max_age:
            return latest
        return None

    def get(self, session: Session, now: datetime,
            factory: sessionmaker[Session] | None = None) -> Dashboard:
        """Figures computed at most ``max_age`` before ``now``, or the previous ones while
        newer are computed.

        Past ``max_age``, the previous figures are returned and new ones computed in the
        background with a session from ``factory`` (one computation at a time); without
        ``factory``, or with no figures yet, they are computed here with ``session`` (a
        request arriving meanwhile waits for them, or gets the previous ones). A clock that
        went back computes afresh; a ``max_age`` of zero computes for every call. Read-only;
        safe to call from many threads.
        """
        if not self.max_age:
            return compute_dashboard(session, now)
        if (fresh := self._fresh(now)) is not None:
            return fresh
        previous = self._latest
        if previous is not None and factory is not None:
            self.refresh(factory, now)
            return previous
        if not self._computing.acquire(blocking=previous is None):
            assert previous is not None  # a blocking acquire always succeeds
            return previous
        try:
            if (fresh := self._fresh(now)) is not None:
                return fresh  # computed by the request (or refresh) this one waited for
            self._latest = compute_dashboard(session, now)
            return self._latest
        finally:
            self._computing.release()

    def refresh(self, factory: sessionmaker[Session], now: datetime) -> None:
        """Start computing figures as of ``now`` in the background, unless a computation is
        already under way or caching is off (``max_age`` zero). Returns at once."""
        if self.max_age and self._computing.acquire(blocking=False):
            self._run(lambda: self._compute(factory, now))

    def _compute(self, factory: sessionmaker[Session], now: datetime) -> None:
        try:
            with factory() as session:
                self._latest = compute_dashboard(session, now)
        except SQLAlchemyError:
            # The next request past max_age tries again; until then the old figures stand.
            log.warning("the dashboard's figures could not be computed", exc_info=True)
        finally:
            self._computing.release()
