"""Starting, waiting for and killing the service's real processes in end-to-end tests."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def service_env(**settings: str) -> dict[str, str]:
    """The current environment without any SENDTRIAGE_* variable, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDTRIAGE_")}
    env.update({f"SENDTRIAGE_{k.upper()}": v for k, v in settings.items()})
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class ServiceProcess:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]

    def stop(self, timeout: float = 30) -> int:
        """SIGINT, as Ctrl-C would; kill the group if it does not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return int(self.process.returncode)

    def kill(self) -> None:
        """SIGKILL the process and all its children (a crashed machine, not a shutdown)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def start_service(name: str, args: list[str], env: dict[str, str], cwd: Path) -> ServiceProcess:
    log_path = cwd / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "sendtriage", *args], env=env, cwd=cwd, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
    )
    return ServiceProcess(name, process, log_path)


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sendtriage", *args], env=env, cwd=cwd, capture_output=True,
        text=True, timeout=300, check=False,
    )


def stats(env: dict[str, str], cwd: Path) -> dict[str, Any]:
    out = run_cli(["stats", "--json"], env, cwd)
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout))


def wait_for(predicate: Callable[[], bool], timeout: float, what: str,
             on_timeout: Callable[[], str] = lambda: "") -> None:
    """Poll ``predicate`` until true; fail with ``what`` (and diagnostics) after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{on_timeout()}")


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0
