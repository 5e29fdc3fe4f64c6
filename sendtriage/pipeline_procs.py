"""Workers fed by the database: pipeline processes forked after the model is loaded, a small
Celery worker beside them (replies, sweeper), each restarted if it dies."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Final

from core.settings import Settings

log = logging.getLogger(__name__)

# A child that dies sooner than this after its start is restarted only after this long, so a
# broken set-up (no database) does not fork in a tight loop.
RESTART_PAUSE: Final = 1.0
STOP_GRACE: Final = 20.0
_PR_SET_PDEATHSIG: Final = 1


def _die_with_parent() -> None:
    # If the supervisor is SIGKILLed its children must not live on, holding claims and
    # competing with the next start.
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _drain_in_child(parent: int) -> None:
    from worker.drain import drain_messages  # noqa: PLC0415
    from worker.tasks import pipeline, session_factory  # noqa: PLC0415

    _die_with_parent()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    session_factory.cache_clear()
    pipeline.cache_clear()
    drain_messages(pipeline(), stopping=lambda: stop.is_set() or os.getppid() != parent,
                   wait=stop.wait)


def _celery_in_child(argv: list[str]) -> None:
    from worker.tasks import app  # noqa: PLC0415

    _die_with_parent()
    app.worker_main(argv=argv)


@dataclass
class _Child:
    name: str
    target: Callable[..., None]
    args: tuple[object, ...]
    process: BaseProcess | None = None
    started: float = field(default=0.0)


def run_database_workers(settings: Settings, *, processes: int, celery_argv: list[str]) -> None:
    """Load the model, fork ``processes`` pipeline workers and one Celery worker, and keep
    them running until SIGTERM/SIGINT; then stop them (each finishes its message first)."""
    from worker.tasks import preload_classifier  # noqa: PLC0415

    preload_classifier()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    context = multiprocessing.get_context("fork")
    parent = os.getpid()
    children = [_Child(f"pipeline-{n + 1}", _drain_in_child, (parent,))
                for n in range(processes)]
    children.append(_Child("celery", _celery_in_child, (celery_argv,)))
    for child in children:
        _start(context, child)
    log.info("pipeline workers ready: %d taking messages from the database", processes)
    while not stop.wait(0.5):
        for child in children:
            if child.process is not None and not child.process.is_alive():
                log.warning("%s exited with %s; restarting it", child.name,
                            child.process.exitcode)
                if time.monotonic() - child.started < RESTART_PAUSE * 5:
                    stop.wait(RESTART_PAUSE)
                _start(context, child)
    _stop_all(children)


def _start(context: multiprocessing.context.ForkContext, child: _Child) -> None:
    child.process = context.Process(target=child.target, args=child.args, name=child.name)
    child.process.start()
    child.started = time.monotonic()


def _stop_all(children: list[_Child]) -> None:
    alive = [c.process for c in children if c.process is not None and c.process.is_alive()]
    for process in alive:
        process.terminate()
    deadline = time.monotonic() + STOP_GRACE
    for process in alive:
        process.join(max(0.1, deadline - time.monotonic()))
        if process.is_alive():
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            process.join()
