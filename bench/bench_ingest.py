"""SMTP intake throughput: our listener (store, commit, 250, queue) against a bare aiosmtpd sink.

Both listeners run in this process, with the same line and size limits; one client process
(8 connections by default, one thread each) sends them the same real-size messages, the sink
and ours alternately, round after round. Each round's ratio (ours / sink) is computed from
that round's two runs, and min / median / max over the rounds are printed, so a loaded
machine shows as spread rather than as a flattering best-of-one-over-best-of-another.

Ours is the listener as ``sendtriage smtp`` runs it, queue step included: on SQLite the
embedded default (workers read the database: nothing to publish), on PostgreSQL a Celery
task published to Redis for every new message. Messages are the shared mail corpus
(``--corpus``, ~12 KB on average), each given a fresh Message-ID per round, or built ones of
about the same size when the corpus is absent.

    .venv/bin/python bench/bench_ingest.py [--messages 600] [--rounds 3] [--connections 8]
"""

from __future__ import annotations

import argparse
import os
import re
import smtplib
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import text

from core.settings import Settings
from ingest.smtp import InboxHandler, make_controller
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_database
from worker.app import PROCESS_MESSAGE, make_celery
from worker.dispatch import enqueue

INBOX = "advice@advice-line.example"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/"
REDIS = os.environ.get("SENDTRIAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "mailcorpus"
MAX_BYTES = 1_000_000
_MESSAGE_ID = re.compile(rb"^Message-ID:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*", re.I | re.M)
_LINE_END = re.compile(rb"\r?\n")


class Sink:
    """Answers 250 to everything and keeps nothing: what SMTP alone costs."""

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        return "250 OK"


class LongLineSMTP(SMTP):
    """aiosmtpd's SMTP with our listener's line length limit. It must be set before
    ``SMTP.__init__``, which sizes the stream reader by it (set afterwards, lines over 1,001
    bytes were still refused: 9 corpus messages per round)."""

    line_length_limit = MAX_BYTES + 1024


class SinkController(Controller):
    """The bare sink with our listener's line length limit, so both take the same mail."""

    def factory(self) -> SMTP:
        return LongLineSMTP(self.handler, **self.SMTP_kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def corpus_messages(folder: Path) -> list[bytes]:
    """The corpus's messages with CRLF line ends and no Message-ID (one is added per round)."""
    found = []
    for path in sorted(folder.glob("*.eml")):
        raw = _LINE_END.sub(b"\r\n", path.read_bytes())
        if len(raw) < MAX_BYTES:
            found.append(_MESSAGE_ID.sub(b"", raw, count=1))
    return found


def built_messages(count: int) -> list[bytes]:
    """Plain-text messages of about 11.5 KB, for a checkout without the shared corpus."""
    line = "The council refused to assess my son and I do not know what to do next.\r\n"
    return [(f"From: parent{i}@example.org\r\nTo: {INBOX}\r\nSubject: Help {i}\r\n"
             f"Date: Tue, 10 Mar 2026 09:00:00 +0000\r\n\r\n{line * 155}").encode()
            for i in range(count)]


def round_batch(templates: list[bytes], count: int, tag: str) -> list[bytes]:
    """``count`` messages cycling through ``templates``, each with its own Message-ID."""
    return [f"Message-ID: <bench.{tag}.{i}@example.org>\r\n".encode()
            + templates[i % len(templates)] for i in range(count)]


def send_all(port: int, batch: list[bytes], connections: int) -> tuple[float, int]:
    """Send ``batch`` over ``connections`` parallel SMTP sessions; (seconds, refused)."""
    shares = [batch[i::connections] for i in range(connections)]
    refused = [0] * connections
    clients = [smtplib.SMTP("127.0.0.1", port, timeout=120) for _ in shares]
    go = threading.Barrier(connections + 1)

    def run(index: int) -> None:
        go.wait()
        for raw in shares[index]:
            try:
                clients[index].sendmail("forwarder@advice-line.example", [INBOX], raw)
            except smtplib.SMTPException:
                refused[index] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    go.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    for client in clients:
        client.quit()
    return elapsed, sum(refused)


def queue_step(settings: Settings) -> Callable[[int], bool] | None:
    """What ``sendtriage smtp`` does with a committed message: nothing when workers read the
    database (the embedded default), else publish its task to the broker of ``settings``."""
    if settings.feeds_from_database:
        return None
    celery = make_celery(settings)
    return lambda message_id: enqueue(PROCESS_MESSAGE, message_id, app=celery)


@contextmanager
def listeners(url: str, broker_url: str | None) -> Iterator[tuple[int, int]]:
    """Our listener (as ``sendtriage smtp`` builds it) and the sink; yields both ports."""
    settings = Settings(environment="test", database_url=url, broker_url=broker_url,
                        smtp_port=free_port(), inbox_addresses=[INBOX],
                        max_message_bytes=MAX_BYTES)
    engine = make_engine(url)
    ours = make_controller(InboxHandler(make_session_factory(engine), settings,
                                        queue_step(settings)), settings)
    sink_port = free_port()
    sink = SinkController(Sink(), hostname="127.0.0.1", port=sink_port,
                          data_size_limit=MAX_BYTES)
    ours.start()
    sink.start()
    try:
        yield settings.smtp_port, sink_port
    finally:
        ours.stop()
        sink.stop()
        engine.dispose()


def spread(values: list[float]) -> str:
    return (f"{min(values):7.0f} {statistics.median(values):7.0f} {max(values):7.0f}")


def bench(label: str, url: str, broker_url: str | None, client: ProcessPoolExecutor,
          templates: list[bytes], args: argparse.Namespace) -> None:
    upgrade_database(url)
    ours_rates, sink_rates, ratios = [], [], []
    ours_cpu: list[float] = []
    sink_cpu: list[float] = []
    refused = 0
    with listeners(url, broker_url) as (ours_port, sink_port):
        warm = round_batch(templates, 4 * args.connections, f"{label}-warm")
        for port in (sink_port, ours_port):
            client.submit(send_all, port, warm, args.connections).result()
        for r in range(args.rounds):
            batch = round_batch(templates, args.messages, f"{label}-{r}")
            cpu = time.process_time()
            sink_s, sink_refused = client.submit(send_all, sink_port, batch,
                                                 args.connections).result()
            sink_cpu.append((time.process_time() - cpu) / args.messages * 1000)
            cpu = time.process_time()
            ours_s, ours_refused = client.submit(send_all, ours_port, batch,
                                                 args.connections).result()
            ours_cpu.append((time.process_time() - cpu) / args.messages * 1000)
            if sink_refused:
                raise SystemExit(f"{label}: the sink refused {sink_refused} messages")
            # A refusal (451) is not a loss: the sender retries. Counted, and shown.
            refused += ours_refused
            sink_rates.append(args.messages / sink_s)
            ours_rates.append(args.messages / ours_s)
            ratios.append(sink_s / ours_s)
    print(f"{label:10s} ours msg/s  {spread(ours_rates)}   sink msg/s {spread(sink_rates)}"
          f"   ours/sink {min(ratios):.2f} {statistics.median(ratios):.2f} "
          f"{max(ratios):.2f}" + (f"   ours refused {refused} (451)" if refused else ""))
    # The listener process's CPU per message (all its threads), median: what it costs beside
    # the database server and broker, which are other processes.
    print(f"{'':10s} listener CPU ms/msg: ours {statistics.median(ours_cpu):.2f}, "
          f"sink {statistics.median(sink_cpu):.2f}")


@contextmanager
def postgres(name: str) -> Iterator[str | None]:
    """A fresh PostgreSQL database for the run, dropped afterwards; None when unreachable."""
    try:
        admin = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - a benchmark without PostgreSQL still runs SQLite
        print(f"PostgreSQL not available ({type(exc).__name__}); SQLite only")
        yield None
        return
    try:
        yield PG_BASE + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def redis_database() -> Iterator[str]:
    """A Redis database of this run's own (claimed as the test suite claims them)."""
    # Run as a script: this checkout first (site-packages holds some other "tests").
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.redis_claim import claim_database  # noqa: PLC0415 - dev tooling, not the product

    claim = claim_database(REDIS)
    try:
        yield claim.url
    finally:
        import redis  # noqa: PLC0415

        client = redis.Redis.from_url(claim.url)
        client.flushdb()
        client.close()
        claim.release()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=600, help="per round and listener")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    templates = corpus_messages(args.corpus) if args.corpus.is_dir() else []
    templates = templates or built_messages(200)
    mean = statistics.mean(len(t) for t in templates)
    print(f"{args.messages} messages x {args.rounds} rounds, {args.connections} connections, "
          f"mean size {mean / 1024:.1f} KB ({len(templates)} distinct); columns: min median max")
    # The client is its own process (started before any listener thread), so that it never
    # competes with the listeners for one interpreter lock.
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as client:
        client.submit(time.sleep, 0).result()
        if args.only in (None, "sqlite"):
            with tempfile.TemporaryDirectory() as tmp:
                bench("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}", None, client,
                      templates, args)
        if args.only in (None, "postgresql"):
            with postgres(f"sendtriage_bench_ingest_{os.getpid()}") as url:
                if url is not None:
                    with redis_database() as broker:
                        bench("postgresql", url, broker, client, templates, args)


if __name__ == "__main__":
    main()
