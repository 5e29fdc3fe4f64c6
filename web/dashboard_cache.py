"""The manager's figures, computed at most once per ``max_age`` and shared by every request.

At 100,000 cases ``compute_dashboard`` reads tens of thousands of rows (issue 11): with a few
managers reloading the page, each doing it again would keep a core busy for figures that
change by a case or two a minute. The page says when its figures were computed ("As of").
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from storage.dashboard import Dashboard, compute_dashboard


class DashboardCache:
    """The last figures computed in this process, and when (one per web app)."""

    def __init__(self, max_age: timedelta) -> None:
        self.max_age = max_age
        self._latest: Dashboard | None = None
        self._computing = threading.Lock()

    def _fresh(self, now: datetime) -> Dashboard | None:
        latest = self._latest
        if latest is not None and timedelta(0) <= now - latest.generated_at < self.max_age:
            return latest
        return None

    def get(self, session: Session, now: datetime) -> Dashboard:
        """Figures computed at most ``max_age`` before ``now``, computing them if need be.

        One request computes at a time: while it does, the others are given the previous
        figures (so they may be older than ``max_age`` by that computation's time), or wait
        for it when there are none yet. A clock that went back computes afresh; a ``max_age``
        of zero computes for every call. Read-only; safe to call from many threads.
        """
        if not self.max_age:
            return compute_dashboard(session, now)
        if (fresh := self._fresh(now)) is not None:
            return fresh
        previous = self._latest
        if not self._computing.acquire(blocking=previous is None):
            assert previous is not None  # a blocking acquire always succeeds
            return previous
        try:
            if (fresh := self._fresh(now)) is not None:
                return fresh  # computed by the request this one waited for
            self._latest = compute_dashboard(session, now)
            return self._latest
        finally:
            self._computing.release()
