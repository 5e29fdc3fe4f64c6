"""Celery tasks: process a message, send an approved reply, sweep stalled work, purge.

Tasks take ids only, are idempotent, and are registered under stable explicit names so that
moving code never strands queued work.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from functools import lru_cache

from celery import Celery, Task
from celery.signals import worker_init, worker_process_init
from sqlalchemy.orm import Session, sessionmaker

from classify.types import EmailText, TriageModel
from core.clock import SystemClock
from core.errors import TransientError
from core.settings import get_settings
from replies.alerts import send_safeguarding_alert
from replies.compose import warm_up_drafting
from replies.sending import deliver_draft
from storage.alerts import safeguarding_alerts_owed
from storage.db import make_engine, make_session_factory, transaction
from storage.drafts import stuck_sending
from storage.messages import sweep_stalled
from storage.retention import purge_expired_cases
from worker.app import PROCESS_MESSAGE, PURGE, SEND_REPLY, SWEEP, get_app
from worker.dispatch import enqueue
from worker.failures import RetryLater, retry_delay
from worker.pipeline import Pipeline

log = logging.getLogger(__name__)

app: Celery = get_app()


@lru_cache(maxsize=1)
def session_factory() -> sessionmaker[Session]:
    """One engine per worker process (created after fork, never at import time)."""
    return make_session_factory(make_engine(get_settings().resolved_database_url))


@lru_cache(maxsize=1)
def classifier() -> TriageModel:
    """The spaCy model, loaded once and shared by the processes forked after it."""
    from classify.pipeline import load_classifier  # noqa: PLC0415 - heavy; load in workers only

    return load_classifier(get_settings().model_path)


def preload_classifier() -> TriageModel:
    """Load the model and read one email with it, and ready the drafting, so the first message
    a worker takes waits for nothing (it waited ~25 s for the model when it was loaded on the
    first task, and ~1 s for the templates and textstat's dictionary on the first draft)."""

    started = time.monotonic()
    model = classifier()
    model.triage(EmailText(body=_WARM_UP, subject="Refusal to assess"))
    warm_up_drafting()
    log.info("classifier loaded (%s) in %.1f s", model.model_version,
             time.monotonic() - started)
    return model


# Touches the model, the cue patterns and the date rules once, before any real email.
_WARM_UP = ("The council refused an EHC needs assessment for my son; the letter is dated "
            "10 March 2026.\n\nThanks,\nJo")


@lru_cache(maxsize=1)
def pipeline() -> Pipeline:
    """The pipeline of this worker process: its own database engine, the shared model."""
    return Pipeline(session_factory(), get_settings(), classifier(), SystemClock())


@worker_init.connect
def _load_model_before_taking_work(**_: object) -> None:
    # In the main worker process, before the pool forks: every child starts with the model.
    preload_classifier()


@worker_process_init.connect
def _fresh_connections_after_fork(**_: object) -> None:
    # Connections must not cross a fork; the loaded model can (read-only, copy-on-write).
    session_factory.cache_clear()
    pipeline.cache_clear()


@app.task(name=PROCESS_MESSAGE, bind=True, acks_late=True, reject_on_worker_lost=True,
          max_retries=None)
def process_message(self: Task, message_id: int) -> str:
    """Parse, triage and draft stored message ``message_id``; a repeat call is a no-op."""
    try:
        return pipeline().process_message(message_id).value
    except RetryLater as exc:
        # The row is back to ``received``, due after this delay: this retry is its one
        # queue entry, and the sweeper leaves it alone until it is overdue.
        raise self.retry(exc=exc, countdown=exc.delay.total_seconds()) from exc
    except Exception as exc:
        # The database could not record the failure (an outage): retry with backoff until
        # it is back; the claim goes stale meanwhile and the sweeper takes it over.
        delay = retry_delay(self.request.retries + 1, spread_key=message_id)
        raise self.retry(exc=exc, countdown=delay.total_seconds()) from exc


@app.task(name=SEND_REPLY, bind=True, acks_late=True, reject_on_worker_lost=False,
          max_retries=8)
def send_reply(self: Task, draft_id: int) -> str:
    """Send approved draft ``draft_id`` at most once; transient relay errors retry with backoff.

    ``reject_on_worker_lost`` is off on purpose: if the worker dies mid-send, the draft stays
    in ``sending`` for a manager to check rather than risking a second copy to a parent.
    """
    try:
        return str(deliver_draft(session_factory(), draft_id, get_settings()))
    except TransientError as exc:
        raise self.retry(exc=exc, countdown=min(5 * 2 ** self.request.retries, 600)) from exc


@app.task(name=SWEEP, acks_late=False)
def sweep() -> dict[str, int]:
    """Re-enqueue messages left behind, quarantine the hopeless, report stuck sends."""
    settings = get_settings()
    now = SystemClock().now()
    with transaction(session_factory()) as session:
        result = sweep_stalled(
            session,
            now=now,
            stale_after=timedelta(seconds=settings.stale_after_seconds),
            max_attempts=settings.max_attempts,
            # Workers fed by the database find due and abandoned messages themselves.
            requeue=not settings.feeds_from_database,
        )
        stuck = len(stuck_sending(session, now - timedelta(minutes=10)))
        # A day back at most: a relay outage is retried, an old backlog is not emailed.
        alerts = safeguarding_alerts_owed(session, since=now - timedelta(days=1))
    for case_id in alerts:
        send_safeguarding_alert(session_factory(), case_id, settings, now=now)
    for message_id in result.requeue:
        enqueue(PROCESS_MESSAGE, message_id, app=app)
    if result.requeue or result.quarantined or stuck:
        log.info("sweep: requeued=%d quarantined=%d stuck_sending=%d", len(result.requeue),
                 len(result.quarantined), stuck)
    return {"requeued": len(result.requeue), "quarantined": len(result.quarantined),
            "stuck_sending": stuck}


@app.task(name=PURGE, acks_late=False)
def purge() -> dict[str, int]:
    """Delete the personal content of cases closed longer than SENDTRIAGE_RETENTION_DAYS."""
    settings = get_settings()
    with transaction(session_factory()) as session:
        counts = purge_expired_cases(session, now=SystemClock().now(),
                                     retention_days=settings.retention_days)
    if counts.cases:
        log.info("purge: %s", counts.as_dict())
    return counts.as_dict()
