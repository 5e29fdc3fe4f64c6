"""Group commit for the SMTP listener: the deliveries of concurrent sessions share a commit.

One writer at a time runs in a thread: whatever sessions handed in while the previous batch
was committing goes into the next transaction. Each session waits for its own outcome, which
is only ever given after the commit (issue 11), so no 250 precedes the durable row.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Final

from storage.intake import Delivery, StoredMessage

log = logging.getLogger(__name__)

StoreBatch = Callable[[Sequence[Delivery]], list[StoredMessage | Exception]]
Committed = Callable[[list[int]], None]
MAX_BATCH: Final = 64

_Pending = tuple[Delivery, "asyncio.Future[StoredMessage]"]


class GroupCommit:
    """Stores deliveries for the sessions of one listener's event loop, many per commit.

    ``store_batch`` stores a batch and commits (``storage.intake.store_deliveries``): it
    returns one outcome per delivery, or raises when nothing of the batch may be acknowledged.
    ``committed`` is told the ids of new messages after each commit, before any session hears
    its answer (the queue hand-off), and must not block.
    """

    def __init__(self, store_batch: StoreBatch, committed: Committed | None = None, *,
                 max_batch: int = MAX_BATCH) -> None:
        self.store_batch = store_batch
        self.committed = committed
        self.max_batch = max_batch
        self._pending: list[_Pending] = []
        self._writing = 0
        self._writer: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def waiting(self) -> int:
        """Deliveries handed in and not yet answered: being written, or waiting for the next
        batch."""
        return self._writing + len(self._pending)

    async def store(self, delivery: Delivery) -> StoredMessage:
        """Store ``delivery`` with whatever else is waiting; its outcome once committed.

        Raises what storing raised (the caller answers 451). Call from the event loop only.
        """
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A handler reused by a restarted listener: nothing of the old loop carries over.
            self._loop, self._pending, self._writer = loop, [], None
        outcome: asyncio.Future[StoredMessage] = loop.create_future()
        self._pending.append((delivery, outcome))
        if self._writer is None or self._writer.done():
            self._writer = loop.create_task(self._write())
        return await outcome

    async def _write(self) -> None:
        while self._pending:
            batch = self._pending[:self.max_batch]
            del self._pending[:self.max_batch]
            self._writing = len(batch)
            try:
                results = await asyncio.to_thread(self.store_batch, [d for d, _ in batch])
            except Exception as exc:  # noqa: BLE001 - every session of the batch answers 451
                results = [exc] * len(batch)
            finally:
                self._writing = 0
            created = [r.id for r in results if isinstance(r, StoredMessage) and r.created]
            if created and self.committed is not None:
                try:
                    self.committed(created)
                except Exception as exc:  # noqa: BLE001 - stored is stored; the sweeper queues it
                    log.warning("handing committed messages on failed: %s", type(exc).__name__)
            for (_, outcome), result in zip(batch, results, strict=True):
                if outcome.done():
                    continue  # the session went away; its client will retry (a redelivery)
                if isinstance(result, Exception):
                    outcome.set_exception(result)
                else:
                    outcome.set_result(result)
