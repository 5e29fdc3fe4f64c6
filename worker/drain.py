"""Embedded workers: take due messages straight from the database, no broker in between.

On the embedded default the database is already the source of truth for where a message is;
a worker that claims ``received`` rows itself picks a new message up within ``IDLE_WAIT``
and runs as fast as classification allows, where kombu's SQLAlchemy transport polled about
once a second and handed over one task per poll (issue 11).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Final

from core.logging import logging_message
from storage import messages
from storage.db import transaction
from worker.failures import RetryLater, is_transient
from worker.pipeline import Outcome, Pipeline

log = logging.getLogger(__name__)

# Pick-up latency when idle; one indexed read of the ``received`` rows per wait.
IDLE_WAIT: Final = 0.05
# After a failure the pipeline could not record (the database is away), wait this long.
OUTAGE_WAIT: Final = 1.0


def process_next(pipeline: Pipeline) -> tuple[int, Outcome] | None:
    """Claim the oldest message due and process it; None when nothing is due."""
    with transaction(pipeline.factory) as session:
        claim = messages.claim_next(session, now=pipeline.clock.now(),
                                    stale_after=timedelta(seconds=pipeline.settings.stale_after_seconds),
                                    max_attempts=pipeline.settings.max_attempts)
    if claim is None:
        return None
    with logging_message(claim.message_id):
        return claim.message_id, pipeline.run(claim)


def drain_messages(pipeline: Pipeline, *, stopping: Callable[[], bool],
                   wait: Callable[[float], object] = time.sleep) -> int:
    """Process due messages one after another until ``stopping()``; returns how many ran.

    A message's own failure is settled by the pipeline (retried later or quarantined) and
    the loop goes on; the loop only pauses when the database itself cannot be reached. Safe
    to run in several processes at once: every message is claimed by exactly one of them.
    """
    ran = 0
    while not stopping():
        try:
            taken = process_next(pipeline)
        except RetryLater as exc:
            # Settled: back to ``received``, due after its backoff; go on with the others.
            log.info("processing failed, retrying in %.0f s: %s", exc.delay.total_seconds(),
                     type(exc.__cause__).__name__)
            continue
        except Exception as exc:
            if not is_transient(exc):
                raise
            # The database could not be reached: the claim, if any, goes stale and is taken
            # over later.
            log.warning("processing failed, database unavailable: %s", type(exc).__name__)
            wait(OUTAGE_WAIT)
            continue
        if taken is None:
            wait(IDLE_WAIT)
        else:
            ran += 1
    return ran
