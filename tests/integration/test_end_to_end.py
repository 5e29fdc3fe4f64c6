"""The whole service as a user runs it: real processes, SMTP in, Celery worker, drafts out."""

from __future__ import annotations

import json
import re
import smtplib
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from core.settings import Settings
from storage.db import make_engine, make_session_factory
from storage.drafts import approve_draft
from storage.enums import DraftStatus, Role
from storage.models import Draft, Message, Triage
from storage.users import create_user
from tests.conftest import EVAL_DIR, CollectingHandler, SmtpSink, free_port
from tests.integration.procs import (
    ServiceProcess,
    port_open,
    run_cli,
    service_env,
    start_service,
    stats,
    wait_for,
)
from worker.app import SEND_REPLY, make_celery
from worker.dispatch import enqueue

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("processes")]

INBOX = "advice@advice-line.example"
AUTOMATIC_IN_EVAL = {"012"}


def _eval_files() -> list[Path]:
    files = sorted(EVAL_DIR.glob("*.eml"))
    assert len(files) == 30, f"expected the 30 labelled emails in {EVAL_DIR}"
    return files


def _send_all(port: int, files: list[Path]) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        for path in files:
            assert client.sendmail("enquiries@advice-line.example", [INBOX],
                                   path.read_bytes()) == {}


def _task_done(service: ServiceProcess, count: int) -> bool:
    done = re.findall(r"Task worker\.send_reply\[[^\]]+\] succeeded", service.log())
    return len(done) >= count


def _drafts(env: dict[str, str], cwd: Path) -> int:
    return int(stats(env, cwd)["drafts"]["total"])


def _long_date(iso: str) -> str:
    value = date.fromisoformat(iso)
    return f"{value.day} {value.strftime('%B %Y')}"


def _assert_labelled_deadlines_are_written_out(env: dict[str, str], cwd: Path) -> None:
    # Labels are read only to check the output, never to produce it.
    labels = {json.loads(line)["id"]: json.loads(line)
              for line in (EVAL_DIR / "labels.jsonl").read_text().splitlines() if line.strip()}
    out = run_cli(["drafts", "list", "--json"], env, cwd)
    assert out.returncode == 0, out.stderr
    drafts = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    by_message_id = {d["message_id"]: d for d in drafts}
    labelled = written = 0
    for path in _eval_files():
        label = labels[path.stem]
        mid = re.search(rb"^Message-ID:\s*(<[^>]+>)", path.read_bytes(), re.M | re.I)
        assert mid is not None
        draft = by_message_id.get(mid.group(1).decode())
        if path.stem in AUTOMATIC_IN_EVAL:
            assert draft is None
            continue
        assert draft is not None, path.name
        if label["deadline"]:
            labelled += 1
            written += _long_date(label["deadline"]) in draft["body"]
    # A threshold, like any model score: the classifier may miss a case the labels have.
    assert written >= 0.9 * labelled, f"{written} of {labelled} labelled deadlines written out"


def _run_serve_and_send_eval(env: dict[str, str], cwd: Path, smtp_port: int) -> None:
    serve = start_service("serve", ["serve", "--no-web"], env, cwd)
    try:
        wait_for(lambda: port_open("127.0.0.1", smtp_port), 60, "the SMTP listener",
                 serve.log)
        _send_all(smtp_port, _eval_files())
        expected = 30 - len(AUTOMATIC_IN_EVAL)
        wait_for(lambda: _drafts(env, cwd) >= expected, 180, f"{expected} drafts", serve.log)
        result = stats(env, cwd)
        assert result["messages"]["by_status"]["processed"] == 30
        assert result["messages"]["quarantined"] == 0
        assert result["drafts"]["by_status"]["draft"] == expected
        assert result["cases"]["total"] == expected
        _assert_labelled_deadlines_are_written_out(env, cwd)
    finally:
        assert serve.stop() == 0, serve.log()


def test_serve_on_the_embedded_default_drafts_a_reply_for_every_eval_email(
    tmp_path: Path,
) -> None:
    smtp_port = free_port()
    env = service_env(smtp_port=str(smtp_port), web_port=str(free_port()),
                      data_dir=str(tmp_path / "var"), inbox_addresses=INBOX,
                      forwarder_addresses="enquiries@advice-line.example",
                      sweep_interval_seconds="2")
    _run_serve_and_send_eval(env, tmp_path, smtp_port)
    assert (tmp_path / "var" / "sendtriage.db").exists()
    assert (tmp_path / "var" / "broker.db").exists()


def test_serve_on_postgresql_and_redis_drafts_a_reply_for_every_eval_email(
    tmp_path: Path, committed_pg_url: str, redis_url: str,
) -> None:
    smtp_port = free_port()
    env = service_env(smtp_port=str(smtp_port), web_port=str(free_port()),
                      data_dir=str(tmp_path / "var"), inbox_addresses=INBOX,
                      forwarder_addresses="enquiries@advice-line.example",
                      database_url=committed_pg_url, broker_url=redis_url,
                      sweep_interval_seconds="2")
    _run_serve_and_send_eval(env, tmp_path, smtp_port)
    assert not (tmp_path / "var" / "sendtriage.db").exists()


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, committed_pg_url: str, redis_url: str,
) -> None:
    smtp_port = free_port()
    env = service_env(smtp_port=str(smtp_port), data_dir=str(tmp_path / "var"),
                      inbox_addresses=INBOX, forwarder_addresses="enquiries@advice-line.example",
                      database_url=committed_pg_url, broker_url=redis_url,
                      stale_after_seconds="3",
                      sweep_interval_seconds="1")
    engine = create_engine(committed_pg_url)

    def processed() -> int:
        with Session(engine) as session:
            return int(session.scalar(select(func.count()).select_from(Message).where(
                Message.status == "processed")) or 0)

    smtp = start_service("smtp", ["smtp"], env, tmp_path)
    first: ServiceProcess | None = None
    second: ServiceProcess | None = None
    try:
        wait_for(lambda: port_open("127.0.0.1", smtp_port), 60, "the SMTP listener", smtp.log)
        _send_all(smtp_port, _eval_files())
        first = start_service("worker1", ["worker", "--concurrency", "2"], env, tmp_path)
        wait_for(lambda: processed() >= 3, 120, "a few processed messages", first.log)
        first.kill()
        done_before = processed()
        assert done_before < 30, "the worker finished before it could be killed"
        second = start_service("worker2", ["worker", "--beat", "--concurrency", "2"], env,
                               tmp_path)
        wait_for(lambda: processed() == 30, 180, "all 30 messages processed", second.log)
    finally:
        for proc in (second, first, smtp):
            if proc is not None:
                proc.stop()
    with Session(engine) as session:
        per_message_triage = session.execute(
            select(Triage.message_id, func.count()).group_by(Triage.message_id)).all()
        per_message_draft = session.execute(
            select(Draft.message_id, func.count()).group_by(Draft.message_id)).all()
    engine.dispose()
    assert len(per_message_triage) == 30 - len(AUTOMATIC_IN_EVAL)
    assert all(count == 1 for _, count in per_message_triage)
    assert len(per_message_draft) == 30 - len(AUTOMATIC_IN_EVAL)
    assert all(count == 1 for _, count in per_message_draft)


def test_every_subcommand_has_help(tmp_path: Path) -> None:
    env = service_env(data_dir=str(tmp_path / "var"))
    commands = [[], ["serve"], ["smtp"], ["worker"], ["beat"], ["web"], ["sweep"], ["classify"],
                ["train"], ["eval"], ["stats"], ["send"], ["db"], ["db", "upgrade"],
                ["db", "current"], ["db", "check"], ["user"], ["user", "add"], ["user", "list"],
                ["user", "token"], ["user", "deactivate"], ["drafts"], ["drafts", "list"],
                ["messages"], ["messages", "quarantined"], ["messages", "reprocess"]]
    for command in commands:
        out = run_cli([*command, "--help"], env, tmp_path)
        assert out.returncode == 0, (command, out.stderr)
        assert "Usage" in out.stdout


def test_an_approved_draft_is_sent_by_the_worker_to_the_parent_threaded_once(
    tmp_path: Path, smtp_sink: SmtpSink,
) -> None:
    smtp_port = free_port()
    data_dir = tmp_path / "var"
    env = service_env(smtp_port=str(smtp_port), data_dir=str(data_dir), inbox_addresses=INBOX,
                      relay_url=smtp_sink.url, sweep_interval_seconds="2")
    settings = Settings(environment="test", data_dir=data_dir, smtp_port=smtp_port,
                        inbox_addresses=[INBOX], relay_url=smtp_sink.url)
    original = EVAL_DIR / "004.eml"
    serve = start_service("serve", ["serve", "--no-web"], env, tmp_path)
    try:
        wait_for(lambda: port_open("127.0.0.1", smtp_port), 60, "the SMTP listener", serve.log)
        _send_all(smtp_port, [original])
        wait_for(lambda: _drafts(env, tmp_path) == 1, 120, "the draft", serve.log)
        factory = make_session_factory(make_engine(settings.resolved_database_url))
        with factory.begin() as session:
            adviser = create_user(session, email="ada@advice-line.example",
                                  password="a long enough password", role=Role.ADVISER)
            draft = session.scalars(select(Draft)).one()
            # The eval mail's deadline may be behind the real clock: the adviser confirms.
            approve_draft(session, draft.id, approver=adviser, confirm_deadline_passed=True)
            draft_id = draft.id
        assert enqueue(SEND_REPLY, draft_id, app=make_celery(settings))
        wait_for(lambda: len(smtp_sink.messages) == 1, 120, "the reply at the relay", serve.log)
        wait_for(lambda: stats(env, tmp_path)["drafts"]["by_status"]["sent"] == 1, 60,
                 "the draft marked sent", serve.log)
        # A duplicate task (a retry, a second click) must not send a second copy.
        assert enqueue(SEND_REPLY, draft_id, app=make_celery(settings))
        wait_for(lambda: _task_done(serve, 2), 60, "the duplicate task to run", serve.log)
    finally:
        assert serve.stop() == 0, serve.log()
    envelope, reply = smtp_sink.messages[0]
    assert len(smtp_sink.messages) == 1
    assert envelope.rcpt_tos == ["tom.brennan@example.com"]
    inbound = re.search(rb"^Message-ID:\s*(<[^>]+>)", original.read_bytes(), re.M | re.I)
    assert inbound is not None
    assert reply["In-Reply-To"] == inbound.group(1).decode()
    assert inbound.group(1).decode() in reply["References"]
    assert str(reply["Subject"]).startswith("Re: ")
    with factory() as session:
        sent = session.get(Draft, draft_id)
        assert sent is not None and sent.outgoing_message_id == reply["Message-ID"]


def test_a_reply_whose_relay_is_down_is_retried_by_the_worker_and_delivered_once(
    tmp_path: Path,
) -> None:
    smtp_port, relay_port = free_port(), free_port()
    data_dir = tmp_path / "var"
    relay_url = f"smtp://127.0.0.1:{relay_port}"
    env = service_env(smtp_port=str(smtp_port), data_dir=str(data_dir), inbox_addresses=INBOX,
                      relay_url=relay_url, sweep_interval_seconds="2")
    settings = Settings(environment="test", data_dir=data_dir, smtp_port=smtp_port,
                        inbox_addresses=[INBOX], relay_url=relay_url)
    factory = make_session_factory(make_engine(settings.resolved_database_url))

    def draft_row() -> Draft:
        with factory() as session:
            return session.scalars(select(Draft)).one()

    handler = CollectingHandler()
    relay = Controller(handler, hostname="127.0.0.1", port=relay_port)
    serve = start_service("serve", ["serve", "--no-web"], env, tmp_path)
    try:
        wait_for(lambda: port_open("127.0.0.1", smtp_port), 60, "the SMTP listener", serve.log)
        _send_all(smtp_port, [EVAL_DIR / "019.eml"])
        wait_for(lambda: _drafts(env, tmp_path) == 1, 120, "the draft", serve.log)
        with factory.begin() as session:
            adviser = create_user(session, email="ada@advice-line.example",
                                  password="a long enough password", role=Role.ADVISER)
            approve_draft(session, session.scalars(select(Draft)).one().id, approver=adviser,
                          confirm_deadline_passed=True)
        assert enqueue(SEND_REPLY, draft_row().id, app=make_celery(settings))
        wait_for(lambda: draft_row().last_error is not None, 60, "a failed first attempt",
                 serve.log)
        assert draft_row().status == DraftStatus.APPROVED
        relay.start()
        wait_for(lambda: draft_row().status == DraftStatus.SENT, 120, "delivery after retry",
                 serve.log)
    finally:
        assert serve.stop() == 0, serve.log()
        relay.stop()
    assert len(handler.messages) == 1


def test_a_worker_loads_the_model_before_it_takes_any_message(
    tmp_path: Path, committed_pg_url: str, redis_url: str,
) -> None:
    # The model was loaded on the first task: nothing was drafted for ~25 s after a start.
    env = service_env(data_dir=str(tmp_path / "var"), inbox_addresses=INBOX,
                      database_url=committed_pg_url, broker_url=redis_url)
    worker = start_service("worker", ["worker", "--concurrency", "1"], env, tmp_path)
    try:
        wait_for(lambda: " ready." in worker.log(), 180, "the worker to be ready", worker.log)
    finally:
        worker.stop()
    log = worker.log()
    assert "classifier loaded" in log
    assert log.index("classifier loaded") < log.index(" ready.")
