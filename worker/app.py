"""The Celery application, configured from settings; importing it loads no pipeline code."""

from __future__ import annotations

from celery import Celery

from core.settings import Settings, get_settings

PROCESS_MESSAGE = "worker.process_message"
SEND_REPLY = "worker.send_reply"
SWEEP = "worker.sweep"
PURGE = "worker.purge"
# Once a day is enough for a policy counted in days.
PURGE_INTERVAL_SECONDS = 24 * 60 * 60


def make_celery(settings: Settings) -> Celery:
    """A Celery app for ``settings``; tasks are registered by importing ``worker.tasks``."""
    settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
    app = Celery("sendtriage", broker=settings.resolved_broker_url)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_backend=None,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=3,
        # kombu's SQLAlchemy transport hands every transport option to create_engine(), which
        # refuses these two: give them to Redis only.
        broker_transport_options=(
            {"visibility_timeout": 3600, "polling_interval": 0.2}
            if settings.resolved_broker_url.startswith(("redis://", "rediss://")) else {}
        ),
        task_time_limit=300,
        task_soft_time_limit=240,
        worker_hijack_root_logger=False,
        beat_schedule={
            "sweep": {"task": SWEEP, "schedule": float(settings.sweep_interval_seconds)},
            "purge": {"task": PURGE, "schedule": float(PURGE_INTERVAL_SECONDS)},
        },
        timezone="UTC",
    )
    return app


_app: Celery | None = None


def get_app() -> Celery:
    """The process-wide Celery app, built from the environment's settings on first use."""
    global _app  # noqa: PLW0603 - one app per process, created lazily, never at import time
    if _app is None:
        _app = make_celery(get_settings())
    return _app
