"""Migrations: upgrade an empty database to head, and the models match what they build."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, inspect, text

from storage.db import make_engine
from storage.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    schema_drift,
    upgrade_database,
)
from storage.models import Base

pytestmark = pytest.mark.integration


def test_upgrade_head_on_empty_sqlite_builds_every_table_with_no_drift(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade_database(url)
    engine = make_engine(url)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    assert schema_drift(engine) == []


def test_sqlite_database_is_in_wal_mode(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wal.db'}"
    upgrade_database(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_the_test_postgresql_database_matches_the_models(pg_engine: Engine) -> None:
    engine = pg_engine
    assert current_revision(engine) == head_revision()
    assert schema_drift(engine) == []


def test_downgrade_to_base_and_upgrade_again_on_postgresql(committed_pg_url: str) -> None:
    cfg = alembic_config(committed_pg_url)
    command.downgrade(cfg, "base")
    engine = create_engine(committed_pg_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(cfg, "head")
    assert schema_drift(engine) == []


def test_upgrading_twice_is_harmless(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    upgrade_database(url)
    upgrade_database(url)
    assert current_revision(make_engine(url)) == head_revision()


def test_upgrading_moves_cases_flagged_for_triage_into_the_needs_triage_status(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'flagged.db'}"
    upgrade_database(url, "0002")
    engine = make_engine(url)
    insert = text(
        "INSERT INTO cases (subject, status, categories, triage_summary, safeguarding,"
        " needs_triage, overridden, created_at, updated_at) VALUES"
        " (:subject, :status, '[]', '', 0, :flag, 0, '2026-11-28', '2026-11-28')")
    with engine.begin() as conn:
        for subject, status, flag in [("unsure", "awaiting_approval", 1),
                                      ("sure", "awaiting_approval", 0),
                                      ("unsure but replied", "replied", 1)]:
            conn.execute(insert, {"subject": subject, "status": status, "flag": flag})
    upgrade_database(url)
    with engine.connect() as conn:
        statuses: dict[str, str] = dict(
            conn.execute(text("SELECT subject, status FROM cases")).tuples().all())
    assert statuses == {"unsure": "needs_triage", "sure": "awaiting_approval",
                        "unsure but replied": "replied"}
