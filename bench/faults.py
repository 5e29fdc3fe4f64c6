"""Fault suite: send N parents' emails while killing and stopping the service's parts; count.

    .venv/bin/python bench/faults.py                      # 3,000 messages, both set-ups
    .venv/bin/python bench/faults.py --messages 200 --mode embedded
    .venv/bin/python bench/faults.py --messages 40 --rate 4 --outage 5   # what CI runs

Two set-ups, each on its own servers started here on spare 127.0.0.1 ports (nothing shared with
a running service or the tests):

- ``pg-redis``: its own PostgreSQL cluster (initdb in a temporary folder) and Redis; the SMTP
  listener, two workers and beat as separate processes. While mail arrives, workers are SIGKILLed
  and restarted in turn, the listener is SIGKILLed once, Redis is stopped for 20 s (its queue is
  lost: it keeps nothing on disk) and PostgreSQL is stopped for 20 s ("immediate", as a crash).
- ``embedded``: ``sendtriage serve`` on SQLite, SIGKILLed (its whole process group) twice.

The client behaves as the helpline's MTA would: several connections, and a message that gets a
4xx reply or a broken connection is retried later; it counts a message acknowledged only on 250.
After the last message the suite waits for the service to drain, then prints one table:
acknowledged, stored, processed, drafts, quarantined, duplicates, lost. ``lost`` is acknowledged
but not stored; ``duplicates`` counts second rows for a Message-ID, second cases for one message,
second triages of a message and second drafts for a case. A run with lost or duplicates > 0 exits 1.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import random
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "data" / "classify_cases.jsonl"
INBOX = "advice@advice-line.example"
PG_BIN = Path("/usr/lib/postgresql")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the servers this run owns ------------------------------------------------------------


def _pg_bin(name: str) -> str:
    versions = sorted(PG_BIN.glob("*/bin"), key=lambda p: p.parent.name)
    if not versions:
        raise SystemExit("PostgreSQL binaries not found under /usr/lib/postgresql")
    return str(versions[-1] / name)


def _as_postgres(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; the machine's "postgres" user runs this cluster.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@dataclass
class Postgres:
    """A throw-away PostgreSQL cluster on a spare port."""

    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def create(self) -> None:
        self.folder.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(self.folder / "data"),
                                     "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
                       check=True, capture_output=True)
        self.start()

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=200")
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.folder / "data"),
                                     "-o", options, "-l", str(self.folder / "log"), "-w",
                                     "start"]), check=True, capture_output=True)

    def stop(self, mode: str = "immediate") -> None:
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.folder / "data"),
                                     "-m", mode, "-w", "stop"]), check=False,
                       capture_output=True)


@dataclass
class Redis:
    """A throw-away Redis on a spare port, keeping nothing on disk (a restart empties it)."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


# --- the service's processes --------------------------------------------------------------


@dataclass
class Service:
    """One ``sendtriage`` process in its own process group (so a kill takes its children)."""

    name: str
    args: list[str]
    env: dict[str, str]
    folder: Path
    process: subprocess.Popen[bytes] | None = None
    kills: int = 0

    def start(self) -> None:
        log = (self.folder / f"{self.name}.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sendtriage", *self.args], env=self.env, cwd=self.folder,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self) -> None:
        """SIGKILL the process group: a crash, not a shutdown."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
            self.kills += 1

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def service_env(folder: Path, smtp_port: int, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDTRIAGE_")}
    env.update({
        "PYTHONUNBUFFERED": "1", "SENDTRIAGE_DATA_DIR": str(folder / "var"),
        "SENDTRIAGE_SMTP_PORT": str(smtp_port), "SENDTRIAGE_WEB_PORT": str(free_port()),
        "SENDTRIAGE_INBOX_ADDRESSES": INBOX, "SENDTRIAGE_LOG_LEVEL": "WARNING",
        # Faster recovery than production's defaults, so a run ends in minutes.
        "SENDTRIAGE_STALE_AFTER_SECONDS": "20", "SENDTRIAGE_SWEEP_INTERVAL_SECONDS": "5",
        "SENDTRIAGE_MAX_ATTEMPTS": "10",
    })
    env.update({f"SENDTRIAGE_{k.upper()}": v for k, v in settings.items()})
    return env


# --- the mail and the client --------------------------------------------------------------


def messages(count: int, seed: int) -> list[tuple[str, bytes]]:
    """``count`` parents' emails (Message-ID, bytes), bodies of our labelled cases (0.4-0.8 KB)."""
    bodies = [json.loads(line) for line in CASES.read_text().splitlines() if line.strip()]
    rng = random.Random(seed)
    out = []
    for n in range(count):
        case = rng.choice(bodies)
        msg = EmailMessage()
        msg["From"] = f"Parent {n} <parent{n}@faults.example>"
        msg["To"] = INBOX
        msg["Subject"] = f"{case['subject']} ({n})"
        msg["Date"] = format_datetime(datetime.now(UTC))
        msg["Message-ID"] = make_msgid(idstring=f"faults{n}", domain="faults.example")
        msg.set_content(str(case["body"]))
        out.append((str(msg["Message-ID"]), msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))))
    return out


@dataclass
class Delivery:
    """What the client saw: acknowledged Message-IDs, 4xx/connection retries, 5xx refusals."""

    acknowledged: set[str] = field(default_factory=set)
    retries: int = 0
    refused: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class _Outbox:
    """The client's queue: each message due at a time; a retried one goes back, later."""

    mail: list[tuple[str, bytes]]
    port: int
    give_up_at: float
    result: Delivery = field(default_factory=Delivery)
    pending: queue.Queue[tuple[float, int]] = field(default_factory=queue.Queue)
    remaining: int = 0

    def done(self) -> bool:
        with self.result.lock:
            return self.remaining == 0

    def settle(self, index: int, outcome: str) -> None:
        """``sent``, ``retry`` (4xx or a broken connection) or ``refused`` (5xx)."""
        message_id = self.mail[index][0]
        with self.result.lock:
            if outcome == "retry" and time.monotonic() < self.give_up_at:
                self.result.retries += 1
                self.pending.put((time.monotonic() + random.uniform(0.5, 2.0), index))
                return
            if outcome == "sent":
                self.result.acknowledged.add(message_id)
            else:
                self.result.refused.append(message_id)
            self.remaining -= 1

    def run_connection(self) -> None:
        smtp: smtplib.SMTP | None = None
        while not self.done():
            try:
                due, index = self.pending.get(timeout=0.2)
            except queue.Empty:
                continue
            time.sleep(max(0.0, due - time.monotonic()))
            smtp, outcome = self._send(smtp, index)
            self.settle(index, outcome)
        _drop(smtp)

    def _send(self, smtp: smtplib.SMTP | None, index: int) -> tuple[smtplib.SMTP | None, str]:
        try:
            if smtp is None:
                smtp = smtplib.SMTP("127.0.0.1", self.port, timeout=30)
            smtp.sendmail(f"parent{index}@faults.example", [INBOX], self.mail[index][1])
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500:
                _drop(smtp)
                return None, "refused"
            if exc.smtp_code == 421:
                _drop(smtp)
                smtp = None
            return smtp, "retry"
        except (OSError, smtplib.SMTPException):
            _drop(smtp)
            return None, "retry"
        return smtp, "sent"


def deliver(mail: list[tuple[str, bytes]], port: int, rate: float, connections: int,
            give_up_after: float) -> Delivery:
    """Send every message at ``rate`` per second over ``connections``, retrying as an MTA."""
    started = time.monotonic()
    outbox = _Outbox(mail, port, started + give_up_after, remaining=len(mail))
    for index in range(len(mail)):
        outbox.pending.put((started + index / rate, index))
    threads = [threading.Thread(target=outbox.run_connection, daemon=True)
               for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outbox.result


def _drop(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtp.close()


# --- faults and counting ------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    at: float
    name: str
    action: Callable[[], None]


def run_faults(faults: list[Fault], stop: threading.Event) -> threading.Thread:
    def play() -> None:
        started = time.monotonic()
        for fault in sorted(faults, key=lambda f: f.at):
            if stop.wait(max(0.0, started + fault.at - time.monotonic())):
                return
            say(f"fault: {fault.name}")
            fault.action()

    thread = threading.Thread(target=play, daemon=True)
    thread.start()
    return thread


COUNTS = {
    "stored": "SELECT count(DISTINCT message_id_header) FROM messages WHERE direction = 'inbound'",
    "processed": "SELECT count(*) FROM messages WHERE direction = 'inbound' "
                 "AND status = 'processed'",
    "quarantined": "SELECT count(*) FROM messages WHERE status = 'quarantined'",
    "waiting": "SELECT count(*) FROM messages WHERE status IN ('received', 'processing')",
    "drafts": "SELECT count(*) FROM drafts",
    "automatic": "SELECT count(*) FROM messages WHERE automatic",
    "dup_rows": "SELECT count(*) - count(DISTINCT message_id_header) FROM messages "
                "WHERE direction = 'inbound'",
    "dup_cases": "SELECT count(*) - count(DISTINCT parent_address) FROM cases",
    "dup_triages": "SELECT count(*) - count(DISTINCT message_id) FROM triages",
    "dup_drafts": "SELECT count(*) - count(DISTINCT case_id) FROM drafts",
}


def count(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {name: int(conn.execute(text(sql)).scalar_one()) for name, sql in COUNTS.items()}
    finally:
        engine.dispose()


def stored_ids(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {str(r[0]) for r in conn.execute(text(
                "SELECT message_id_header FROM messages WHERE direction = 'inbound'"))}
    finally:
        engine.dispose()


def wait_for_drain(url: str, expected: int, timeout: float) -> dict[str, int]:
    """Poll until nothing waits and every stored message has been dealt with, or time out."""
    deadline = time.monotonic() + timeout
    last: dict[str, int] = {}
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # the database may still be restarting
            last = count(url)
            if last["waiting"] == 0 and last["processed"] + last["quarantined"] >= expected:
                return last
        time.sleep(2)
    say(f"still waiting after {timeout:.0f} s: {last}")
    return last


def table(mode: str, sent: int, delivery: Delivery, counts: dict[str, int], lost: int,
          faults: str) -> dict[str, object]:
    duplicates = sum(counts[k] for k in ("dup_rows", "dup_cases", "dup_triages", "dup_drafts"))
    return {
        "set-up": mode, "sent": sent, "acknowledged": len(delivery.acknowledged),
        "refused (5xx)": len(delivery.refused), "retried (4xx/conn)": delivery.retries,
        "stored": counts["stored"], "processed": counts["processed"], "drafts": counts["drafts"],
        "automatic (no draft)": counts["automatic"], "quarantined": counts["quarantined"],
        "duplicates": duplicates, "lost": lost,
        "faults": faults,
    }


# --- the two set-ups ----------------------------------------------------------------------


@contextlib.contextmanager
def workspace(keep: bool) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="sendtriage-faults-"))
    os.chmod(folder, 0o755)  # the postgres user must reach its cluster folder
    try:
        yield folder
    finally:
        if keep:
            say(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def schedule_span(count_: int, rate: float) -> float:
    return count_ / rate


def send_under_faults(name: str, url: str, smtp_port: int, mail: list[tuple[str, bytes]],
                      rate: float, faults: list[Fault], drain_timeout: float,
                      ) -> tuple[Delivery, dict[str, int], int]:
    """Send ``mail`` while ``faults`` play, wait for the service to drain, and count:
    what the client saw, the database's counts and how many acknowledged were lost."""
    span = len(mail) / rate
    stop = threading.Event()
    player = run_faults(faults, stop)
    try:
        say(f"{name}: sending {len(mail)} messages at {rate}/s with {len(faults)} faults")
        delivery = deliver(mail, smtp_port, rate, 8, give_up_after=span + 300)
        player.join()
    finally:
        stop.set()
    say(f"{name}: all sent; waiting for the service to drain")
    counts = wait_for_drain(url, len(delivery.acknowledged), drain_timeout)
    return delivery, counts, len(delivery.acknowledged - stored_ids(url))


def run_pg_redis(count_: int, rate: float, seed: int, keep: bool, outage_seconds: float
                 ) -> dict[str, object]:
    with workspace(keep) as folder:
        pg, redis = Postgres(folder / "pg"), Redis()
        pg.create()
        redis.start()
        smtp_port = free_port()
        env = service_env(folder, smtp_port, database_url=pg.url, broker_url=redis.url)
        subprocess.run([sys.executable, "-m", "sendtriage", "db", "upgrade"], env=env,
                       cwd=folder, check=True, capture_output=True)
        listener = Service("smtp", ["smtp"], env, folder)
        workers = [Service(f"worker{n}", ["worker", "--concurrency", "1"], env, folder)
                   for n in range(2)]
        beat = Service("beat", ["beat"], env, folder)
        everything = [listener, *workers, beat]
        for service in everything:
            service.start()
        _wait_for_port(smtp_port)
        span = schedule_span(count_, rate)
        faults = _pg_redis_faults(span, listener, workers, pg, redis, outage_seconds)
        try:
            delivery, counts, lost = send_under_faults(
                "pg-redis", pg.url, smtp_port, messages(count_, seed), rate, faults, 600)
            kills = sum(w.kills for w in workers)
            summary = (f"{kills} worker SIGKILLs, listener SIGKILL x{listener.kills}, Redis "
                       f"stopped {outage_seconds:g} s, PostgreSQL stopped {outage_seconds:g} s")
            return table("PostgreSQL + Redis", count_, delivery, counts, lost, summary)
        finally:
            for service in everything:
                service.stop()
            redis.stop()
            pg.stop("fast")


def _pg_redis_faults(span: float, listener: Service, workers: list[Service], pg: Postgres,
                     redis: Redis, outage_seconds: float) -> list[Fault]:
    def restart(service: Service, after: float = 1.0) -> Callable[[], None]:
        def act() -> None:
            service.kill()
            time.sleep(after)
            service.start()
        return act

    def outage(stop_: Callable[[], None], start: Callable[[], None]) -> Callable[[], None]:
        def act() -> None:
            stop_()
            time.sleep(outage_seconds)
            start()
            say("fault over: server back")
        return act

    kills = max(2, min(14, int(span // 10)))
    faults = [Fault(span * (n + 0.5) / kills, f"SIGKILL {workers[n % 2].name}",
                    restart(workers[n % 2])) for n in range(kills)]
    faults.append(Fault(span * 0.2, "SIGKILL the SMTP listener", restart(listener, 2.0)))
    faults.append(Fault(span * 0.35, f"stop Redis for {outage_seconds:g} s",
                        outage(redis.stop, redis.start)))
    faults.append(Fault(span * 0.65, f"stop PostgreSQL for {outage_seconds:g} s",
                        outage(lambda: pg.stop("immediate"), pg.start)))
    return faults


def run_embedded(count_: int, rate: float, seed: int, keep: bool) -> dict[str, object]:
    with workspace(keep) as folder:
        smtp_port = free_port()
        env = service_env(folder, smtp_port)
        serve = Service("serve", ["serve", "--no-web"], env, folder)
        serve.start()
        _wait_for_port(smtp_port, timeout=120)
        span = schedule_span(count_, rate)

        def crash() -> None:
            serve.kill()
            time.sleep(2)
            serve.start()

        faults = [Fault(span * 0.3, "SIGKILL sendtriage serve", crash),
                  Fault(span * 0.7, "SIGKILL sendtriage serve", crash)]
        url = f"sqlite:///{folder / 'var' / 'sendtriage.db'}"
        try:
            delivery, counts, lost = send_under_faults(
                "embedded", url, smtp_port, messages(count_, seed), rate, faults, 900)
            return table("embedded (serve)", count_, delivery, counts, lost,
                         f"serve SIGKILLed x{serve.kills}")
        finally:
            serve.stop()


def print_table(rows: list[dict[str, object]]) -> None:
    keys = list(rows[0])
    width = max(len(k) for k in keys)
    for key in keys:
        print(f"{key:<{width}}  " + "  ".join(f"{row[key]!s:<22}" for row in rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=20.0, help="messages offered per second")
    parser.add_argument("--mode", choices=["both", "pg-redis", "embedded"], default="both")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--outage", type=float, default=20.0,
                        help="seconds Redis and PostgreSQL stay stopped")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and logs")
    args = parser.parse_args(argv)
    rows = []
    if args.mode in ("both", "pg-redis"):
        rows.append(run_pg_redis(args.messages, args.rate, args.seed, args.keep, args.outage))
    if args.mode in ("both", "embedded"):
        rows.append(run_embedded(args.messages, args.rate, args.seed, args.keep))
    print_table(rows)
    if args.json:
        print(json.dumps(rows))
    bad = any(row["lost"] or row["duplicates"] for row in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
