"""Sending work to the queue by task name, so producers never import the task code (or spaCy)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import Celery
from kombu.exceptions import OperationalError

from core.settings import Settings
from worker.app import PROCESS_MESSAGE, get_app, make_celery

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


def announce_messages(settings: Settings) -> Callable[[int], bool]:
    """What to call with a stored message's id once it is committed: queue its task, or
    nothing at all when workers take messages straight from the database (the embedded
    default), where the committed row is all they need. True means it will be picked up."""
    if settings.feeds_from_database:
        return lambda _message_id: True
    # The broker of ``settings``, not of the environment's (they differ in tests and benches).
    celery = make_celery(settings)
    return lambda message_id: enqueue(PROCESS_MESSAGE, message_id, app=celery)
