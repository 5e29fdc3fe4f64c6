"""Entry points for each long-running process: SMTP listener, Celery worker and beat, web."""

from __future__ import annotations

import logging
import os
import signal
import threading

from core.settings import Settings

log = logging.getLogger(__name__)


def _wait_for_signal() -> None:
    stop = threading.Event()

    def handle(signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
    stop.wait()


def run_smtp(settings: Settings) -> None:
    """Serve SMTP until SIGINT/SIGTERM; mail for unknown recipients is refused at RCPT."""
    from ingest.smtp import InboxHandler, make_controller  # noqa: PLC0415
    from storage.db import make_engine, make_session_factory  # noqa: PLC0415
    from worker.dispatch import announce_messages  # noqa: PLC0415

    factory = make_session_factory(make_engine(settings.resolved_database_url))
    handler = InboxHandler(factory, settings, announce_messages(settings))
    controller = make_controller(handler, settings)
    controller.start()
    log.info("SMTP listening on %s:%s", settings.smtp_host, settings.smtp_port)
    try:
        _wait_for_signal()
    finally:
        controller.stop()
        log.info("SMTP listener stopped")


def run_worker(
    settings: Settings, *, beat: bool, concurrency: int | None, pool: str = "prefork"
) -> None:
    """Run the workers until shut down: Celery's, or on a database feed (the embedded
    default) pipeline processes that take messages from the database beside a small Celery
    worker for replies and the sweeper. Either way the model is loaded before any work."""
    settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
    processes = concurrency or settings.worker_concurrency
    if settings.feeds_from_database:
        from sendtriage.pipeline_procs import run_database_workers  # noqa: PLC0415

        run_database_workers(settings, processes=processes,
                             celery_argv=_celery_argv(settings, beat=beat, concurrency=1,
                                                      pool=pool))
        return
    from worker.tasks import app  # noqa: PLC0415

    app.worker_main(argv=_celery_argv(settings, beat=beat, concurrency=processes, pool=pool))


def _celery_argv(settings: Settings, *, beat: bool, concurrency: int, pool: str) -> list[str]:
    argv = [
        "worker",
        f"--loglevel={settings.log_level}",
        f"--concurrency={concurrency}",
        f"--pool={pool}",
        "--without-gossip",
        "--without-mingle",
        # Unique per process, so several workers on one host (serve, tests) never clash.
        f"--hostname=worker{os.getpid()}@%h",
    ]
    if beat:
        argv += ["--beat", f"--schedule={settings.resolved_data_dir / 'beat-schedule'}"]
    return argv


def run_beat(settings: Settings) -> None:
    """Run Celery beat (the periodic sweeper) alone."""
    from worker.tasks import app  # noqa: PLC0415

    settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
    app.start(argv=["beat", f"--loglevel={settings.log_level}",
                    f"--schedule={settings.resolved_data_dir / 'beat-schedule'}"])


def run_web(settings: Settings) -> None:
    """Serve the web app with uvicorn on SENDTRIAGE_WEB_HOST:SENDTRIAGE_WEB_PORT."""
    import uvicorn  # noqa: PLC0415

    from web.app import create_app  # noqa: PLC0415

    uvicorn.run(create_app(settings), host=settings.web_host, port=settings.web_port,
                log_level=settings.log_level.lower(),
                proxy_headers=bool(settings.web_trusted_proxies),
                forwarded_allow_ips=",".join(settings.web_trusted_proxies) or None,
                # Access lines carry query strings (searches by a parent's address): personal data.
                access_log=False,
                # No logging set-up of uvicorn's own: its lines go through ours, which redacts.
                log_config=None)
