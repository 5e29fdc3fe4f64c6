"""``sendtriage serve``: migrate, then run SMTP, worker (+beat) and web as child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

import typer

from core.settings import Settings


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]


def _spawn(name: str, args: list[str]) -> Child:
    cmd = [sys.executable, "-m", "sendtriage", *args]
    return Child(name, subprocess.Popen(cmd, env=os.environ.copy()))  # noqa: S603


def _stop(children: list[Child], grace: float = 20.0) -> None:
    for child in children:
        if child.process.poll() is None:
            child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        remaining = max(0.1, deadline - time.monotonic())
        try:
            child.process.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()


def run_all(settings: Settings, *, web: bool, concurrency: int | None) -> int:
    """Run until Ctrl-C (or SIGTERM); returns non-zero if a child died on its own."""
    from sqlalchemy import func, select  # noqa: PLC0415

    from storage.db import make_engine  # noqa: PLC0415
    from storage.migrate import upgrade_database  # noqa: PLC0415
    from storage.models import User  # noqa: PLC0415

    settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_database(settings.resolved_database_url)
    engine = make_engine(settings.resolved_database_url)
    with engine.connect() as conn:
        users = conn.execute(select(func.count()).select_from(User)).scalar_one()
    engine.dispose()

    worker_args = ["worker", "--beat"]
    if concurrency:
        worker_args.append(f"--concurrency={concurrency}")
    children = [_spawn("smtp", ["smtp"]), _spawn("worker", worker_args)]
    if web:
        children.append(_spawn("web", ["web"]))

    typer.echo(f"SEND Triage running — data in {settings.resolved_data_dir}")
    typer.echo(f"  SMTP  {settings.smtp_host}:{settings.smtp_port} "
               f"(inboxes: {', '.join(settings.inbox_addresses)})")
    if web:
        typer.echo(f"  web   http://{settings.web_host}:{settings.web_port}/")
        if not users:
            typer.echo("  no users yet: sendtriage user add --role manager you@example.org")
    typer.echo("Ctrl-C to stop.")

    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    code = 0
    while not stopping:
        for child in children:
            if child.process.poll() is not None:
                typer.echo(f"{child.name} exited with {child.process.returncode}; stopping",
                           err=True)
                stopping, code = True, 1
                break
        time.sleep(0.5)
    _stop(children)
    typer.echo("stopped")
    return code
