"""Shared fixtures: real PostgreSQL and SQLite databases (migrated), settings, a real SMTP sink."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import redis
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.orm import Session as DBSession
from sqlalchemy.orm import sessionmaker

from core.settings import Settings
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_database
from storage.models import Base
from tests.factories import building_in
from tests.redis_claim import RedisClaim, claim_database

PG_ADMIN_URL = os.environ.get(
    "SENDTRIAGE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("SENDTRIAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REPO_ROOT = Path(__file__).resolve().parents[1]
# The shared folder (eval set, mail corpus) sits beside the checkout; CI and every developer
# have it there. SENDTRIAGE_SHARED_DIR points elsewhere when a checkout lives somewhere else.
_SHARED_CANDIDATES = [
    Path(p) for p in (os.environ.get("SENDTRIAGE_SHARED_DIR"), REPO_ROOT.parent / "shared",
                      "/work/shared") if p
]
SHARED = next((p for p in _SHARED_CANDIDATES if (p / "eval").is_dir()), _SHARED_CANDIDATES[0])
EVAL_DIR = Path(os.environ.get("SENDTRIAGE_EVAL_DIR", SHARED / "eval"))
MAILCORPUS_DIR = Path(os.environ.get("SENDTRIAGE_MAILCORPUS_DIR", SHARED / "mailcorpus"))
EMAILS_DIR = Path(__file__).parent / "data" / "emails"


def pytest_configure(config: pytest.Config) -> None:
    if not (EVAL_DIR / "labels.jsonl").exists() or not (MAILCORPUS_DIR / "manifest.jsonl").exists():
        raise pytest.UsageError(
            f"the shared folder was not found (looked in {[str(p) for p in _SHARED_CANDIDATES]}):"
            " set SENDTRIAGE_SHARED_DIR to the folder holding eval/ and mailcorpus/"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _worker_id(request: pytest.FixtureRequest) -> str:
    return str(getattr(request.config, "workerinput", {}).get("workerid", "main"))


@pytest.fixture(scope="session")
def pg_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL database of this test worker's own, migrated to head once per session."""
    # The process id too: several pytest runs share one PostgreSQL server (and the "main"
    # worker id), and each one drops its database WITH (FORCE) at start and end.
    name = f"sendtriage_test_{_worker_id(request)}_{os.getpid()}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade_database(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_engine(pg_database: str) -> Iterator[Engine]:
    engine = make_engine(pg_database)
    yield engine
    engine.dispose()


def _empty_tables(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def committed_pg_url(pg_database: str, pg_engine: Engine) -> Iterator[str]:
    """The worker's PostgreSQL database where rows really commit, emptied before and after.

    Only for tests where another process or thread must see the rows (real Celery workers,
    the SMTP listener's thread, uvicorn serving a browser, CLIs, Alembic); everything else
    uses ``session_factory``, whose work is rolled back.
    """
    _empty_tables(pg_engine)
    yield pg_database
    # The rolled-back tests that follow on this worker expect empty tables.
    _empty_tables(pg_engine)


@pytest.fixture
def pg_connection(pg_engine: Engine) -> Iterator[Connection]:
    """A connection in an outer transaction that is rolled back after the test."""
    with pg_engine.connect() as conn:
        conn.begin()
        yield conn
        conn.rollback()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh migrated SQLite database file for this test."""
    path = tmp_path / "var" / "sendtriage.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["postgresql", "sqlite"])
def db_backend(request: pytest.FixtureRequest) -> str:
    """Each test using the database runs once on PostgreSQL and once on SQLite."""
    return str(request.param)


@pytest.fixture
def db_url(db_backend: str, request: pytest.FixtureRequest) -> str:
    """The test's database: the worker's PostgreSQL one (see ``session_factory``) or a fresh
    SQLite file. Code that opens its own engine on it sees only committed rows."""
    fixture = "pg_database" if db_backend == "postgresql" else "sqlite_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def session_factory(
    db_backend: str, db_url: str, request: pytest.FixtureRequest
) -> Iterator[sessionmaker[DBSession]]:
    """Sessions configured as in production, isolated per test.

    PostgreSQL: every session joins one connection whose outer transaction is rolled back
    after the test; a session's commit releases a savepoint, so code under test that makes
    its own sessions from this factory and commits works unchanged (Warehouse's pattern).
    SQLite: a fresh database file per test.
    """
    if db_backend == "postgresql":
        conn: Connection = request.getfixturevalue("pg_connection")
        factory = make_session_factory(conn.engine)
        factory.configure(bind=conn, join_transaction_mode="create_savepoint")
        yield factory
        return
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def factory_session(session_factory: sessionmaker[DBSession]) -> Iterator[DBSession]:
    """The session ``tests.factories`` build rows in (each committed as it is built)."""
    with session_factory() as session, building_in(session):
        yield session


@pytest.fixture
def committed_db_url(db_backend: str, request: pytest.FixtureRequest) -> str:
    """Like ``db_url``, but on PostgreSQL rows really commit (see ``committed_pg_url``)."""
    fixture = "committed_pg_url" if db_backend == "postgresql" else "sqlite_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def committed_session_factory(committed_db_url: str) -> Iterator[sessionmaker[DBSession]]:
    """Sessions whose commits are real, for tests another thread or process reads along."""
    engine = make_engine(committed_db_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Build test settings explicitly (nothing read from the environment)."""

    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "environment": "test",
            "data_dir": tmp_path / "var",
            "inbox_addresses": ["advice@advice-line.example", "triage@advice-line.example"],
            "forwarder_addresses": ["enquiries@advice-line.example"],
            "smtp_port": free_port(),
            "web_port": free_port(),
            # Tests change data and reload at a fixed time: figures computed for every request.
            "dashboard_max_age_seconds": 0,
        }
        values.update(overrides)
        return Settings(**values)

    return build


@dataclass
class CollectingHandler:
    """An SMTP sink's handler: keeps every accepted message; can be told to refuse or fail."""

    messages: list[tuple[Envelope, EmailMessage]] = field(default_factory=list)
    refuse_with: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse_with:
            return self.refuse_with
        raw = envelope.original_content or b""
        parsed = message_from_bytes(raw, policy=policy.default)
        with self.lock:
            self.messages.append((envelope, parsed))
        return "250 2.0.0 OK"


@dataclass
class SmtpSink:
    host: str
    port: int
    handler: CollectingHandler
    controller: Controller

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @property
    def messages(self) -> list[tuple[Envelope, EmailMessage]]:
        return self.handler.messages


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A real aiosmtpd server on 127.0.0.1 standing in for the outbound relay."""
    handler = CollectingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpSink("127.0.0.1", port, handler, controller)
    controller.stop()


@pytest.fixture(scope="session")
def redis_claim() -> Iterator[RedisClaim]:
    """A Redis database index claimed for this test process alone (other runs share the server)."""
    claim = claim_database(REDIS_URL)
    yield claim
    claim.release()


@pytest.fixture
def redis_url(redis_claim: RedisClaim) -> str:
    """This test process's own Redis database, emptied before the test."""
    redis_claim.refresh()
    client = redis.Redis.from_url(redis_claim.url)
    client.flushdb()
    client.close()
    return redis_claim.url
