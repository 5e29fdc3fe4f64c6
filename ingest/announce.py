"""Queueing committed messages off the SMTP reply path, in a thread of their own.

The row is the source of truth: a message whose queue entry is lost (broker down, listener
killed before it published) stays ``received`` with no entry and the sweeper queues it once it
is overdue. So the listener need not wait for the broker before answering 250 (issue 11).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Final

log = logging.getLogger(__name__)

Enqueue = Callable[[int], bool]
# Beyond this many waiting ids (a broker down for long), new ones are left to the sweeper.
MAX_WAITING: Final = 100_000


class Announcer:
    """Calls ``enqueue(id)`` for every id handed off, in order, from one thread at a time."""

    def __init__(self, enqueue: Enqueue, *, max_waiting: int = MAX_WAITING) -> None:
        self.enqueue = enqueue
        self.max_waiting = max_waiting
        self._waiting: deque[int] = deque()
        self._busy = 0  # ids handed off and not yet announced
        self._running = False
        self._changed = threading.Condition()

    def hand_off(self, ids: list[int]) -> None:
        """Queue ``ids`` soon; returns at once. Safe from any thread."""
        with self._changed:
            room = self.max_waiting - len(self._waiting)
            if room < len(ids):
                log.warning("%d committed messages left for the sweeper: queue hand-off full",
                            len(ids) - max(room, 0))
                ids = ids[:max(room, 0)]
            self._waiting.extend(ids)
            self._busy += len(ids)
            if self._running or not ids:
                return
            self._running = True
        threading.Thread(target=self._run, name="announce", daemon=True).start()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every id handed off so far was announced; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: self._busy == 0, timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                if not self._waiting:
                    self._running = False
                    return
                message_id = self._waiting.popleft()
            try:
                self.enqueue(message_id)
            except Exception as exc:  # noqa: BLE001 - never lose the thread; the sweeper queues it
                log.warning("queueing message %s failed: %s", message_id, type(exc).__name__)
            with self._changed:
                self._busy -= 1
                self._changed.notify_all()
