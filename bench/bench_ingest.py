"""SMTP intake throughput: our listener (store raw + row, commit, then 250) against a bare sink.

Both are real aiosmtpd servers on 127.0.0.1, fed the same messages over one smtplib connection
each, alternately, in one run; the ratio is what durable acceptance costs. Run on the embedded
SQLite database and, when reachable, on PostgreSQL.

    .venv/bin/python bench/bench_ingest.py [--messages 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import smtplib
import socket
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import text

from core.settings import Settings
from ingest.smtp import InboxHandler, make_controller
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_database

INBOX = "advice@advice-line.example"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sendtriage_bench"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class Sink:
    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def messages(count: int, tag: str) -> list[bytes]:
    body = "The council refused to assess my son and I do not know what to do next.\r\n" * 20
    return [
        (f"From: parent{i}@example.org\r\nTo: {INBOX}\r\nSubject: Help {i}\r\n"
         f"Message-ID: <{tag}.{i}@example.org>\r\nDate: Tue, 10 Mar 2026 09:00:00 +0000\r\n\r\n"
         f"{body}\r\n").encode()
        for i in range(count)
    ]


def send_all(port: int, batch: list[bytes]) -> float:
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        for raw in batch:
            client.sendmail("forwarder@advice-line.example", [INBOX], raw)
    return time.perf_counter() - start


def fresh_pg() -> str | None:
    try:
        admin = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS sendtriage_bench WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE sendtriage_bench"))
        admin.dispose()
    except Exception as exc:  # noqa: BLE001 - a benchmark without PostgreSQL still runs SQLite
        print(f"PostgreSQL not available ({type(exc).__name__}); SQLite only")
        return None
    return PG_URL


def bench(label: str, url: str, count: int, rounds: int) -> None:
    upgrade_database(url)
    settings = Settings(environment="test", database_url=url, smtp_port=free_port(),
                        inbox_addresses=[INBOX])
    factory = make_session_factory(make_engine(url))
    ours = make_controller(InboxHandler(factory, settings, None), settings)
    sink_port = free_port()
    sink = Controller(Sink(), hostname="127.0.0.1", port=sink_port)
    ours.start()
    sink.start()
    try:
        ours_times, sink_times = [], []
        for r in range(rounds):
            batch = messages(count, f"{label}-{r}")
            sink_times.append(send_all(sink_port, batch))
            ours_times.append(send_all(settings.smtp_port, batch))
    finally:
        ours.stop()
        sink.stop()
    best_ours, best_sink = min(ours_times), min(sink_times)
    print(f"{label:10s} listener {count / best_ours:7.0f} msg/s   bare sink "
          f"{count / best_sink:7.0f} msg/s   durable acceptance costs x{best_ours / best_sink:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}", args.messages, args.rounds)
    pg = fresh_pg()
    if pg:
        bench("postgresql", pg, args.messages, args.rounds)
        admin = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS sendtriage_bench WITH (FORCE)"))
        admin.dispose()


if __name__ == "__main__":
    main()
