"""End to end, accept -> draft, through real SMTP: the embedded default beside PostgreSQL + Redis.

Each round starts ``sendtriage serve --no-web`` cold in a fresh data folder (and, for
PostgreSQL + Redis, a fresh database and an emptied Redis database), waits until its workers
say they are ready, then:

- ``steady``: sends ``--steady`` real parents' emails (the eval set, each with a Message-ID of
  its own) at a fixed rate (``--embedded-rate`` / ``--pg-rate`` per second) and takes, for
  each, the time from the listener's 250 to its draft row (the draft's ``created_at``);
- ``burst``: sends ``--burst`` emails as fast as ``--connections`` SMTP connections go and
  takes the time from the first send to the last draft: the drain time and drafts/s.

Set-ups alternate within a round, so the ratios printed (embedded / PostgreSQL + Redis) come
from runs side by side on the same machine load. Figures are min / median / max over the
rounds. The defaults are small (a quick look); ``--full`` runs the sizes of issue 11's goals.

    .venv/bin/python bench/bench_pipeline.py [--rounds 3] [--full] [--setups embedded,pg]
        [--setups embedded,pg,embedded@/path/to/checkout-before]   # old code side by side
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--redis-url redis://127.0.0.1:6379/5]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import redis
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from storage.models import Draft, Message

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = Path(os.environ.get("SENDTRIAGE_EVAL_DIR", REPO.parent / "shared" / "eval"))
if not EVAL_DIR.is_dir():
    EVAL_DIR = Path("/work/shared/eval")
INBOX = "advice@advice-line.example"
FORWARDER = "enquiries@advice-line.example"
# Automatic mail (an out-of-office) is never drafted: left out, so every email sent drafts.
AUTOMATIC = {"012"}
# Celery's worker says so once it consumes; on the embedded default the pipeline processes
# were forked (model loaded) before it.
READY = " ready."
_MSGID = re.compile(rb"(?im)^Message-ID:[ \t]*<[^>]+>")


@dataclass
class Round:
    """One set-up's figures in one round (latencies in seconds)."""

    ready_s: float
    steady: list[float] = field(default_factory=list)
    steady_missing: int = 0
    burst_drain_s: float = float("nan")
    burst_missing: int = 0
    burst_count: int = 0
    burst_cpu_s: float = float("nan")

    @property
    def drafts_per_s(self) -> float:
        return self.burst_count / self.burst_drain_s if self.burst_drain_s else float("nan")

    @property
    def drafts_per_cpu_s(self) -> float:
        """Drafts per CPU-second the whole service used in the burst (listener, workers,
        database server excluded): what a machine of its own would give per core."""
        return self.burst_count / self.burst_cpu_s if self.burst_cpu_s else float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_emails() -> list[bytes]:
    emails = [p.read_bytes() for p in sorted(EVAL_DIR.glob("*.eml")) if p.stem not in AUTOMATIC]
    if not emails:
        raise SystemExit(f"no eval emails in {EVAL_DIR}")
    return emails


def with_message_id(raw: bytes, mid: str) -> bytes:
    header = f"Message-ID: {mid}".encode()
    if _MSGID.search(raw):
        return _MSGID.sub(header, raw, count=1)
    return header + b"\r\n" + raw


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class Service:
    """``sendtriage serve --no-web`` in its own session, logging to a file."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.log_path = cwd / "serve.log"
        self.started = time.monotonic()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sendtriage", "serve", "--no-web"], env=env, cwd=cwd,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def cpu_seconds(self) -> float:
        """CPU time used so far by every process of the service (its own session), with the
        children they have reaped."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                # After the command: state, ppid, pgrp, session ... utime at 14 (1-based).
                if int(fields[3]) == self.process.pid:
                    ticks += sum(int(v) for v in fields[11:15])
        return ticks / os.sysconf("SC_CLK_TCK")

    def wait_ready(self, marker: str, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.log():
                return time.monotonic() - self.started
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited early:\n{self.log()[-3000:]}")
            time.sleep(0.1)
        raise RuntimeError(f"serve not ready after {timeout}s:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def send(port: int, mails: list[tuple[str, bytes]], *, rate: float | None,
         connections: int) -> dict[str, float]:
    """Send ``mails`` (at ``rate`` per second, or as fast as possible); wall time of each 250."""
    accepted: dict[str, float] = {}
    lock = threading.Lock()
    start = time.monotonic()
    cursor = iter(enumerate(mails))

    def client() -> None:
        with smtplib.SMTP("127.0.0.1", port, timeout=120) as smtp:
            while True:
                with lock:
                    item = next(cursor, None)
                if item is None:
                    return
                index, (mid, raw) = item
                if rate:
                    delay = start + index / rate - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                smtp.sendmail(FORWARDER, [INBOX], raw)
                done = time.time()
                with lock:
                    accepted[mid] = done

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return accepted


def wait_drafted(url: str, mids: set[str], timeout: float) -> dict[str, float]:
    """Wall time of each listed message's draft, waiting up to ``timeout`` for all of them."""
    engine = create_engine(url)
    found: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with Session(engine) as session:
                rows = session.execute(
                    select(Message.message_id_header, Draft.created_at)
                    .join(Draft, Draft.message_id == Message.id)
                ).all()
            found = {mid: created.timestamp() for mid, created in rows if mid in mids}
            if len(found) >= len(mids):
                break
            time.sleep(0.2)
    finally:
        engine.dispose()
    return found


def clear_celery_keys(url: str) -> None:
    """Empty Celery's queues and bindings in ``url``'s database (a previous round's tasks
    name rows of another database); other keys there, such as the test suite's claims on
    Redis databases, are left alone."""
    client = redis.Redis.from_url(url)
    for pattern in ("celery*", "_kombu.*", "unacked*"):
        keys = list(client.scan_iter(match=pattern))
        if keys:
            client.delete(*keys)
    client.close()


def fresh_pg_database(admin_url: str, name: str) -> str:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_pg_database(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run_round(name: str, number: int, args: argparse.Namespace,
              emails: list[bytes]) -> Round:
    """One round of set-up ``name``: "embedded" or "pg", optionally "@TREE" to run the code
    of another checkout (put first on PYTHONPATH), e.g. main before a change."""
    setup, _, tree = name.partition("@")
    with tempfile.TemporaryDirectory(prefix=f"bench-{setup}-") as tmp:
        cwd = Path(tmp)
        smtp_port = free_port()
        settings = {"smtp_port": str(smtp_port), "data_dir": str(cwd / "var"),
                    "inbox_addresses": INBOX, "forwarder_addresses": FORWARDER,
                    # The workers say they are ready at INFO.
                    "log_level": "INFO"}
        db_name = f"bench_pipeline_{os.getpid()}_{number}_{sum(name.encode()) % 9973}"
        if setup == "pg":
            settings["database_url"] = fresh_pg_database(args.pg_url, db_name)
            settings["broker_url"] = args.redis_url
            clear_celery_keys(args.redis_url)
            url = settings["database_url"]
        else:
            url = f"sqlite:///{cwd / 'var' / 'sendtriage.db'}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SENDTRIAGE_")}
        env.update({f"SENDTRIAGE_{k.upper()}": v for k, v in settings.items()})
        env["PYTHONUNBUFFERED"] = "1"
        if tree:
            env["PYTHONPATH"] = str(Path(tree).resolve())
        service = Service(env, cwd)
        try:
            ready = service.wait_ready(READY, timeout=300)
            result = Round(ready_s=ready)
            rate = args.embedded_rate if setup == "embedded" else args.pg_rate
            steady = [(f"<steady.{number}.{i}@bench.example>", emails[i % len(emails)])
                      for i in range(args.steady)]
            accepted = send(smtp_port, [(m, with_message_id(r, m)) for m, r in steady],
                            rate=rate, connections=2)
            drafted = wait_drafted(url, set(accepted), timeout=120 + args.steady / rate)
            result.steady = [drafted[m] - accepted[m] for m in accepted if m in drafted]
            result.steady_missing = len(accepted) - len(result.steady)
            burst = [(f"<burst.{number}.{i}@bench.example>", emails[i % len(emails)])
                     for i in range(args.burst)]
            first = time.time()
            cpu_before = service.cpu_seconds()
            accepted = send(smtp_port, [(m, with_message_id(r, m)) for m, r in burst],
                            rate=None, connections=args.connections)
            drafted = wait_drafted(url, set(accepted), timeout=args.burst_timeout)
            result.burst_cpu_s = service.cpu_seconds() - cpu_before
            result.burst_count = len(drafted)
            result.burst_missing = len(accepted) - len(drafted)
            if drafted:
                result.burst_drain_s = max(drafted.values()) - first
            return result
        finally:
            service.stop()
            if setup == "pg":
                drop_pg_database(args.pg_url, db_name)


def spread(values: Sequence[float], fmt: Callable[[float], str]) -> str:
    clean = [v for v in values if v == v]
    if not clean:
        return "n/a"
    return (f"{fmt(statistics.median(clean))} ({fmt(min(clean))}–{fmt(max(clean))})"
            if len(clean) > 1 else fmt(clean[0]))


def ms(value: float) -> str:
    return f"{value * 1000:,.0f} ms"


def secs(value: float) -> str:
    return f"{value:.1f} s"


def ratio(value: float) -> str:
    return f"{value:.2f}"


def report(results: dict[str, list[Round]], args: argparse.Namespace) -> None:
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} "
          f"(1 min), {os.cpu_count()} CPUs; {args.rounds} rounds; "
          f"steady {args.steady} at {args.embedded_rate}/s embedded, {args.pg_rate}/s pg; "
          f"burst {args.burst}")
    print("median (min–max) over rounds")
    names = {"embedded": "embedded (SQLite)", "pg": "PostgreSQL + Redis"}
    for setup, rounds in results.items():
        base, _, tree = setup.partition("@")
        print(f"\n{names[base]}" + (f", code of {tree}" if tree else ""))
        print(f"  ready after start      {spread([r.ready_s for r in rounds], secs)}")
        for q in (50, 95, 99):
            print(f"  steady accept→draft p{q:<2} "
                  f"{spread([percentile(r.steady, q) for r in rounds], ms)}")
        print(f"  steady missing drafts  {sum(r.steady_missing for r in rounds)}")
        print(f"  burst drained in       {spread([r.burst_drain_s for r in rounds], secs)}")
        print(f"  burst drafts/s         "
              f"{spread([r.drafts_per_s for r in rounds], lambda v: f'{v:.1f}')}")
        print(f"  burst drafts/CPU-s     "
              f"{spread([r.drafts_per_cpu_s for r in rounds], lambda v: f'{v:.1f}')}")
        print(f"  burst missing drafts   {sum(r.burst_missing for r in rounds)}")
    if "pg" not in results:
        return
    for setup, rounds in results.items():
        if setup == "pg":
            continue
        pairs = list(zip(rounds, results["pg"], strict=True))
        print(f"\n{setup} ÷ pg, same round")
        rates = [e.drafts_per_s / p.drafts_per_s for e, p in pairs]
        cpu = [e.drafts_per_cpu_s / p.drafts_per_cpu_s for e, p in pairs]
        p95s = [percentile(e.steady, 95) / percentile(p.steady, 95) for e, p in pairs]
        print(f"  drafts/s               {spread(rates, ratio)}")
        print(f"  drafts/CPU-s           {spread(cpu, ratio)}")
        print(f"  steady p95             {spread(p95s, ratio)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setups", default="embedded,pg")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steady", type=int, default=100)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--embedded-rate", type=float, default=10.0)
    parser.add_argument("--pg-rate", type=float, default=20.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--burst-timeout", type=float, default=600.0)
    parser.add_argument("--full", action="store_true",
                        help="issue 11's sizes: steady 600, burst 1,000")
    parser.add_argument("--pg-url", default=os.environ.get(
        "SENDTRIAGE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--redis-url", default=os.environ.get(
        "SENDTRIAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/5"))
    args = parser.parse_args(argv)
    if args.full:
        args.steady, args.burst = max(args.steady, 600), max(args.burst, 1000)
    setups = [s.strip() for s in args.setups.split(",") if s.strip()]
    emails = load_emails()
    results: dict[str, list[Round]] = {s: [] for s in setups}
    for number in range(args.rounds):
        for setup in setups:
            result = run_round(setup, number, args, emails)
            results[setup].append(result)
            print(f"round {number + 1} {setup}: ready {result.ready_s:.1f} s, steady p95 "
                  f"{ms(percentile(result.steady, 95))}, burst {result.burst_count} drafts in "
                  f"{result.burst_drain_s:.1f} s ({result.drafts_per_s:.1f}/s, "
                  f"{result.drafts_per_cpu_s:.1f}/CPU-s)", flush=True)
    report(results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
