"""Operator commands run as a user would: users, stats, drafts, db, on the embedded database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.integration.procs import run_cli, service_env

pytestmark = pytest.mark.integration


def _user_add(env: dict[str, str], cwd: Path, email: str, password: str,
              role: str = "manager") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sendtriage", "user", "add", email, "--role", role,
         "--password-stdin"],
        input=password + "\n", env=env, cwd=cwd, capture_output=True, text=True, timeout=120,
        check=False,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = service_env(data_dir=str(tmp_path / "var"))
    assert run_cli(["db", "upgrade"], env, tmp_path).returncode == 0
    return env


def test_the_first_manager_is_created_from_the_command_line(
    env: dict[str, str], tmp_path: Path,
) -> None:
    out = _user_add(env, tmp_path, "Boss@Example.org", "a long enough password")
    assert out.returncode == 0, out.stderr
    listed = run_cli(["user", "list"], env, tmp_path).stdout
    assert "boss@example.org\tmanager\tactive" in listed


def test_adding_an_existing_user_is_refused_with_a_clear_message(
    env: dict[str, str], tmp_path: Path,
) -> None:
    _user_add(env, tmp_path, "a@example.org", "a long enough password")
    out = _user_add(env, tmp_path, "a@example.org", "another long password")
    assert out.returncode == 2
    assert "already exists" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_short_password_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    out = _user_add(env, tmp_path, "a@example.org", "short")
    assert out.returncode == 2
    assert "at least 10" in out.stderr


def test_stats_json_on_an_empty_database_has_the_documented_shape(
    env: dict[str, str], tmp_path: Path,
) -> None:
    data = json.loads(run_cli(["stats", "--json"], env, tmp_path).stdout)
    assert data["messages"]["total"] == 0
    assert set(data["messages"]["by_status"]) >= {"received", "processed", "quarantined"}
    assert set(data["drafts"]["by_status"]) == {"draft", "approved", "sending", "sent",
                                                "failed", "rejected"}
    assert data["cases"]["by_category"] == {}


def test_db_check_reports_no_drift_after_upgrade(env: dict[str, str], tmp_path: Path) -> None:
    out = run_cli(["db", "check"], env, tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "matches" in out.stdout


def test_classify_reports_an_unreadable_file_and_exits_non_zero(
    env: dict[str, str], tmp_path: Path,
) -> None:
    out = run_cli(["classify", str(tmp_path / "missing.eml")], env, tmp_path)
    assert out.returncode == 1
    record = json.loads(out.stdout)
    assert record["file"].endswith("missing.eml")
    assert "cannot read file" in record["error"]


def test_train_without_a_corpus_names_the_missing_file_and_exits_2(
    env: dict[str, str], tmp_path: Path,
) -> None:
    out = run_cli(["train", "--corpus", str(tmp_path / "none.jsonl"),
                   "--output", str(tmp_path / "model")], env, tmp_path)
    assert out.returncode == 2
    assert "none.jsonl" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "model").exists()


PRODUCTION_SECRET = "kQ3vX9-pL2mZ7rT4yW8bN1cF6hJ0sD5gA_eU"


def test_check_deploy_lists_every_unsafe_setting_and_exits_non_zero(tmp_path: Path) -> None:
    env = service_env(environment="production", secret_key="changeme", data_dir=str(tmp_path),
                      web_secure_cookies="false", log_level="DEBUG", smtp_host="0.0.0.0",
                      smtp_allowed_clients="0.0.0.0/0",
                      database_url="postgresql+psycopg://postgres:postgres@db/sendtriage")
    out = run_cli(["check", "--deploy"], env, tmp_path)
    assert out.returncode == 1, out.stdout + out.stderr
    for name in ("SECRET_KEY", "WEB_SECURE_COOKIES", "WEB_HSTS", "LOG_LEVEL", "DATABASE_URL",
                 "SMTP_HOST"):
        assert f"UNSAFE SENDTRIAGE_{name}" in out.stdout, name
    assert "postgres:postgres" not in out.stdout
    assert "Traceback" not in out.stderr


def test_check_deploy_passes_a_safe_production_configuration(tmp_path: Path) -> None:
    env = service_env(environment="production", secret_key=PRODUCTION_SECRET,
                      data_dir=str(tmp_path))
    out = run_cli(["check", "--deploy"], env, tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no unsafe production settings" in out.stdout


def test_production_refuses_to_start_with_a_weak_secret_and_says_why(tmp_path: Path) -> None:
    env = service_env(environment="production", secret_key="Tr0ub4dor&3", data_dir=str(tmp_path))
    out = run_cli(["web"], env, tmp_path)
    assert out.returncode == 2
    assert "SENDTRIAGE_SECRET_KEY has 11 characters; at least 32 are needed" in out.stderr
    assert "Tr0ub4dor" not in out.stderr
    assert "Traceback" not in out.stderr


def test_deactivating_a_user_from_the_command_line_ends_their_web_sessions(
    env: dict[str, str], tmp_path: Path,
) -> None:
    from datetime import UTC, datetime, timedelta  # noqa: PLC0415

    from sqlalchemy import func, select  # noqa: PLC0415

    from storage.db import make_engine, make_session_factory  # noqa: PLC0415
    from storage.models import User, WebSession  # noqa: PLC0415
    from storage.web_sessions import open_web_session  # noqa: PLC0415

    assert _user_add(env, tmp_path, "leaver@example.org", "a long enough password",
                     role="adviser").returncode == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'sendtriage.db'}")
    factory = make_session_factory(engine)
    with factory.begin() as session:
        user_id = session.scalars(select(User.id)).one()
        open_web_session(session, user_id, now=datetime.now(UTC), lifetime=timedelta(hours=1))
    out = run_cli(["user", "deactivate", "leaver@example.org"], env, tmp_path)
    assert out.returncode == 0, out.stderr
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(WebSession)) == 0
    assert "deactivated" in run_cli(["user", "list"], env, tmp_path).stdout
    engine.dispose()


def test_corrections_export_writes_a_file_and_says_how_many(
    env: dict[str, str], tmp_path: Path,
) -> None:
    out = run_cli(["corrections", "export", "--output", str(tmp_path / "c.jsonl")], env, tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "c.jsonl").read_text() == ""
    assert "0 corrected case(s) exported" in out.stderr


def test_corrections_export_refuses_a_since_that_is_not_a_date(
    env: dict[str, str], tmp_path: Path,
) -> None:
    out = run_cli(["corrections", "export", "--since", "last week"], env, tmp_path)
    assert out.returncode == 2
    assert "YYYY-MM-DD" in out.stderr


def test_plain_stats_prints_a_table_with_a_row_per_count_not_python_dicts(
    env: dict[str, str], tmp_path: Path,
) -> None:
    out = run_cli(["stats"], env, tmp_path)
    assert out.returncode == 0, out.stderr
    lines = [line.rstrip() for line in out.stdout.splitlines()]
    assert "{" not in out.stdout
    assert "Messages" in lines and "Cases" in lines and "Drafts" in lines
    assert any(line.split() == ["awaiting", "approval", "0"] for line in lines)
    assert any(line.split() == ["by", "category:", "none"] for line in lines)


def test_send_with_no_listener_prints_one_clear_line_and_exits_non_zero(
    env: dict[str, str], tmp_path: Path,
) -> None:
    eml = tmp_path / "one.eml"
    eml.write_bytes(b"From: a@example.org\r\nSubject: hi\r\n\r\nhello\r\n")
    port = str(free_port())  # nothing listens there
    out = run_cli(["send", str(eml), "--host", "127.0.0.1", "--port", port], env, tmp_path)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == [
        f"cannot deliver to the SMTP listener at 127.0.0.1:{port}: Connection refused "
        "(is `sendtriage serve` or `sendtriage smtp` running with the same SENDTRIAGE_* "
        "settings?)"]


def test_classify_loads_no_database_broker_or_web_code(tmp_path: Path) -> None:
    # Start-up is most of a short `sendtriage classify` run (issue 11): it must not pay for
    # SQLAlchemy, Celery or the web app, none of which it uses.
    email = Path(__file__).resolve().parents[1] / "data" / "emails" / "android_reply.eml"
    probe = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
        "from sendtriage.cli import app\n"
        f"sys.argv = ['sendtriage', 'classify', {str(email)!r}]\n"
        "app()\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=service_env(
        data_dir=str(tmp_path / "var")), cwd=tmp_path, capture_output=True, text=True,
        timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout)["file"].endswith("android_reply.eml")
    loaded = set(json.loads(out.stderr.strip().splitlines()[-1]))
    for package in ("sqlalchemy", "celery", "kombu", "fastapi", "starlette", "smtplib"):
        assert package not in loaded, f"`sendtriage classify` imported {package}"
