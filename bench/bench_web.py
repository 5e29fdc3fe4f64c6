"""Web latency with a seeded 100k-case database: signed-in users against a real `sendtriage web`.

For each backend (SQLite, PostgreSQL) the database is seeded once by ``bench/seed.py``. With
``--before PATH`` (a checkout of older code, e.g. a worktree of main before a change) the seeded
database is copied: the copy at ``--before-revision`` is served by the old code, the original,
migrated to head, by this code; both servers run side by side and every round loads one then
the other, so the ratios come from one run on one machine state.

Each round: ``--users`` users (4 managers, the rest advisers) sign in, then for ``--seconds``
each one requests a page, waits a think time (exponential, mean ``--think`` s; 0 for none) and
goes on. Advisers open the queue, a case and a search (``/queue?q=…&status=all``); managers the
dashboard, the queue and a case. Then one manager downloads the cases CSV alone. Printed: p50
and p95 per page as min / median / max over the rounds, the CSV time, and (PostgreSQL) the time
of ``COPY`` of the same rows as a floor.

    .venv/bin/python bench/bench_web.py [--cases 100000] [--users 20] [--rounds 3]
        [--seconds 20] [--think 1.0] [--backends sqlite,postgresql] [--before /work/wt/old]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import httpx
from sqlalchemy import text

from storage.db import make_engine
from storage.migrate import upgrade_database

ROOT: Final = Path(__file__).resolve().parent.parent
WORK: Final = Path("/tmp/sendtriage-bench-web")
PG_SERVER: Final = "postgresql+psycopg://postgres@127.0.0.1:5432"
PASSWORD: Final = "bench-password-2026"
MANAGERS: Final = 4
SEARCH_TERMS: Final = (
    "bloggs", "okafor", "priya.patel", "kowalski", "oakfield", "meltdown", "residential trip",
    "royston", "hearing impairment", "siobhan", "tariq.hussain", "kingsmead", "@parents.example",
)
ADVISER_PAGES: Final = (("queue", 4), ("case", 4), ("search", 2))
MANAGER_PAGES: Final = (("dashboard", 2), ("queue", 1), ("case", 1))
PAGES: Final = ("queue", "case", "search", "dashboard")
CSV_QUERY: Final = """
    SELECT c.id, c.created_at, c.parent_address, c.parent_name, c.subject, c.categories,
           c.next_step, c.confidence, c.needs_triage, c.decision_date, c.deadline,
           c.safeguarding, c.status, u.email, COALESCE(m.n, 0), c.first_response_at,
           c.closed_at, c.overridden, COALESCE(k.n, 0), c.updated_at
    FROM cases c LEFT JOIN users u ON u.id = c.assignee_id
    LEFT JOIN (SELECT case_id, count(*) AS n FROM messages GROUP BY case_id) m ON m.case_id = c.id
    LEFT JOIN (SELECT case_id, count(*) AS n FROM corrections GROUP BY case_id) k
           ON k.case_id = c.id
    ORDER BY c.id"""


@dataclass
class Variant:
    """One server under test: which code serves which database."""

    name: str
    code: Path
    url: str
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    samples: dict[str, list[list[float]]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    csv_secs: list[float] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_code(code: Path, *args: str) -> None:
    """Run a Python snippet or script with ``code`` first on the import path."""
    env = os.environ | {"PYTHONPATH": str(code)}
    subprocess.run([sys.executable, *args], cwd=code, env=env, check=True)


def case_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM cases")).scalar() or 0)
    except Exception:  # noqa: BLE001 - no database or no table yet: nothing seeded
        return -1
    finally:
        engine.dispose()


def pg_admin(sql: str) -> None:
    engine = make_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def prepare(backend: str, cases: int, before_revision: str | None) -> tuple[str, str | None]:
    """Seed (or reuse) the database(s) for ``backend``: (url for this code, url for the old)."""
    WORK.mkdir(exist_ok=True)
    tag = f"{cases}_{before_revision or 'head'}"
    if backend == "sqlite":
        seeded = f"sqlite:///{WORK / f'seed_{tag}.db'}"
    else:
        seeded = f"{PG_SERVER}/bench_web_seed_{tag}"
    if case_count(seeded) != cases:
        if backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{WORK / f'seed_{tag}.db'}{suffix}").unlink(missing_ok=True)
        else:
            pg_admin(f"DROP DATABASE IF EXISTS bench_web_seed_{tag} WITH (FORCE)")
            pg_admin(f"CREATE DATABASE bench_web_seed_{tag}")
        print(f"[{backend}] seeding {cases} cases ...", flush=True)
        run_code(ROOT, str(ROOT / "bench" / "seed.py"), seeded, "--cases", str(cases),
                 "--revision", before_revision or "head")
    if backend == "sqlite":
        after = f"sqlite:///{WORK / 'after.db'}"
        shutil.copyfile(WORK / f"seed_{tag}.db", WORK / "after.db")
        before = None
        if before_revision:
            shutil.copyfile(WORK / f"seed_{tag}.db", WORK / "before.db")
            before = f"sqlite:///{WORK / 'before.db'}"
    else:
        for name in ("bench_web_after", "bench_web_before"):
            pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE bench_web_after TEMPLATE bench_web_seed_{tag}")
        after, before = f"{PG_SERVER}/bench_web_after", None
        if before_revision:
            pg_admin(f"CREATE DATABASE bench_web_before TEMPLATE bench_web_seed_{tag}")
            before = f"{PG_SERVER}/bench_web_before"
    started = time.perf_counter()
    upgrade_database(after)
    print(f"[{backend}] migrated to head in {time.perf_counter() - started:.1f} s", flush=True)
    return after, before


def start(variant: Variant) -> None:
    variant.port = free_port()
    env = os.environ | {
        "PYTHONPATH": str(variant.code), "SENDTRIAGE_DATABASE_URL": variant.url,
        "SENDTRIAGE_WEB_PORT": str(variant.port), "SENDTRIAGE_LOG_LEVEL": "WARNING",
        "SENDTRIAGE_DATA_DIR": str(WORK / f"data-{variant.name}"),
    }
    variant.process = subprocess.Popen([sys.executable, "-m", "sendtriage", "web"],
                                       cwd=variant.code, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{variant.port}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{variant.name} server did not start")


def stop(variant: Variant) -> None:
    if variant.process is not None:
        variant.process.send_signal(signal.SIGINT)
        try:
            variant.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            variant.process.kill()
            variant.process.wait()


async def sign_in(client: httpx.AsyncClient, email: str) -> None:
    form = (await client.get("/login")).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', form)
    if found is None:
        raise RuntimeError("no CSRF token on the login page")
    answer = await client.post("/login", data={"email": email, "password": PASSWORD,
                                               "csrf_token": found.group(1), "next": "/queue"})
    if answer.status_code != 303:
        raise RuntimeError(f"sign-in of {email} answered {answer.status_code}")


def page_url(page: str, rng: random.Random, cases: int) -> str:
    if page == "queue":
        return "/queue" if rng.random() < 0.7 else f"/queue?page={rng.randint(2, 5)}"
    if page == "case":
        return f"/cases/{rng.randint(1, cases)}"
    if page == "search":
        return f"/queue?status=all&q={rng.choice(SEARCH_TERMS)}"
    return "/manager"


def user_email(user: int) -> str:
    if user < MANAGERS:
        return f"manager{user + 1}@advice-line.example"
    return f"adviser{user - MANAGERS + 1}@advice-line.example"


async def user_loop(variant: Variant, user: int, client: httpx.AsyncClient,
                    args: argparse.Namespace, until: float, found: dict[str, list[float]]) -> None:
    rng = random.Random(user * 7919 + len(variant.samples["queue"]))
    mix = MANAGER_PAGES if user < MANAGERS else ADVISER_PAGES
    await asyncio.sleep(rng.uniform(0, max(args.think, 0.05)))  # users do not start in step
    while time.perf_counter() < until:
        page = rng.choices([p for p, _ in mix], weights=[w for _, w in mix])[0]
        started = time.perf_counter()
        try:
            answer = await client.get(page_url(page, rng, args.cases))
        except httpx.TimeoutException:
            variant.errors += 1  # counted as an error and as the time waited
            answer = None
        found[page].append(time.perf_counter() - started)
        if answer is not None and answer.status_code != 200:
            variant.errors += 1
        if args.think > 0:
            await asyncio.sleep(rng.expovariate(1 / args.think))


async def load_round(variant: Variant, args: argparse.Namespace) -> None:
    """Sign every user in (not timed), then let them all work for ``--seconds``."""
    clients = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{variant.port}", timeout=120)
               for _ in range(args.users)]
    try:
        for user, client in enumerate(clients):
            await sign_in(client, user_email(user))
        found: dict[str, list[float]] = defaultdict(list)
        until = time.perf_counter() + args.seconds
        await asyncio.gather(*(user_loop(variant, u, c, args, until, found)
                               for u, c in enumerate(clients)))
    finally:
        for client in clients:
            await client.aclose()
    for page in PAGES:
        variant.samples[page].append(found.get(page, []))


async def download_csv(variant: Variant) -> tuple[float, int]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{variant.port}",
                                 timeout=300) as client:
        await sign_in(client, "manager1@advice-line.example")
        started = time.perf_counter()
        lines, last = 0, b""
        async with client.stream("GET", "/manager/export/cases.csv") as answer:
            async for chunk in answer.aiter_bytes():
                # A line end split across two chunks counts too.
                lines += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
                last = chunk[-1:]
        return time.perf_counter() - started, lines


def copy_floor(url: str) -> float:
    """Seconds for PostgreSQL's ``COPY … TO STDOUT`` of the export's rows (no formatting)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        started = time.perf_counter()
        with cursor.copy(f"COPY ({CSV_QUERY}) TO STDOUT WITH CSV HEADER") as copy:
            for _ in copy:
                pass
        took = time.perf_counter() - started
    engine.dispose()
    return took


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(pct / 100 * len(ordered)) - 1)] if ordered else float("nan")


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):7.0f} ({min(values):.0f}–{max(values):.0f})"


def report(backend: str, variants: list[Variant], copy_secs: list[float]) -> None:
    print(f"\n== {backend}: ms, median (min–max) over rounds ==")
    for page in PAGES:
        for v in variants:
            rounds = v.samples[page]
            p50 = [percentile(r, 50) * 1000 for r in rounds]
            p95 = [percentile(r, 95) * 1000 for r in rounds]
            count = sum(len(r) for r in rounds)
            print(f"{page:10s} {v.name:7s} p50 {spread(p50)}  p95 {spread(p95)}  n={count}")
        if len(variants) == 2:
            ratios = [percentile(b, 95) / percentile(a, 95) for a, b in
                      zip(variants[1].samples[page], variants[0].samples[page], strict=True)]
            print(f"{'':10s} p95 before ÷ after, per round: "
                  + ", ".join(f"×{r:.1f}" for r in ratios))
    for v in variants:
        print(f"cases.csv  {v.name:7s} {statistics.median(v.csv_secs):.2f} s "
              f"({min(v.csv_secs):.2f}–{max(v.csv_secs):.2f})   errors {v.errors}")
    if copy_secs:
        print(f"COPY floor (PostgreSQL, same rows)  {statistics.median(copy_secs):.2f} s")


def bench(backend: str, args: argparse.Namespace) -> None:
    after_url, before_url = prepare(backend, args.cases, args.before_revision
                                    if args.before else None)
    variants = [Variant("after", ROOT, after_url)]
    if args.before and before_url:
        variants.insert(0, Variant("before", Path(args.before).resolve(), before_url))
    for v in variants:
        start(v)
    copy_secs: list[float] = []
    try:
        for r in range(args.rounds):
            order = variants if r % 2 == 0 else variants[::-1]
            for v in order:
                asyncio.run(load_round(v, args))
                secs, lines = asyncio.run(download_csv(v))
                v.csv_secs.append(secs)
                print(f"[{backend}] round {r + 1} {v.name}: csv {secs:.2f} s, {lines} lines",
                      flush=True)
            if backend == "postgresql":
                copy_secs.append(copy_floor(after_url))
    finally:
        for v in variants:
            stop(v)
    report(backend, variants, copy_secs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--before", help="a checkout of the code to compare against")
    parser.add_argument("--before-revision", default="0002",
                        help="the schema revision the old code runs on")
    args = parser.parse_args()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, load "
          f"{os.getloadavg()[0]:.1f}, {args.users} users, think {args.think} s, "
          f"{args.seconds:.0f} s × {args.rounds} rounds, {args.cases} cases", flush=True)
    for backend in args.backends.split(","):
        bench(backend, args)


if __name__ == "__main__":
    main()
