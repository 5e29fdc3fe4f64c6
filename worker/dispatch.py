"""Sending work to the queue by task name, so producers never import the task code (or spaCy)."""

from __future__ import annotations

import logging

from celery import Celery
from kombu.exceptions import OperationalError

from worker.app import get_app

log = logging.getLogger(__name__)

# Fail fast when the broker is down: the row is already committed and the sweeper re-enqueues it.
_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


def enqueue(task_name: str, object_id: int, *, app: Celery | None = None) -> bool:
    """Queue ``task_name(object_id)``; True if the broker took it, False if it is unreachable.

    Call only after the transaction that created the row has committed. Safe to call twice:
    every task is idempotent.
    """
    celery = app or get_app()
    try:
        celery.send_task(task_name, args=[object_id], retry=True, retry_policy=_RETRY_POLICY)
    except (OperationalError, OSError, ConnectionError) as exc:
        log.warning("broker unavailable, %s(%s) left for the sweeper: %s", task_name,
                    object_id, type(exc).__name__)
        return False
    return True
