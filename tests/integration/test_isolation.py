"""The test infrastructure's own promises: rolled-back PostgreSQL work, Redis databases per run."""

from __future__ import annotations

import pytest
import redis
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Case
from tests.conftest import REDIS_URL
from tests.redis_claim import claim_database

pytestmark = pytest.mark.integration


@pytest.fixture
def db_backend() -> str:
    return "postgresql"


def _cases(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(Case)) or 0)


def test_commits_through_the_session_factory_stay_inside_the_tests_transaction(
    session_factory: sessionmaker[Session], pg_engine: Engine,
) -> None:
    with session_factory.begin() as session:
        session.add(Case(subject="rolled back at the end"))
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1
    assert _cases(pg_engine) == 0


def test_a_failed_unit_of_work_rolls_back_only_its_own_savepoint(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        session.add(Case(subject="kept"))
    with pytest.raises(RuntimeError), session_factory.begin() as session:
        session.add(Case(subject="undone"))
        session.flush()
        raise RuntimeError
    with session_factory() as session:
        assert session.scalars(select(Case.subject)).all() == ["kept"]


def test_committed_rows_are_visible_to_other_connections(
    committed_session_factory: sessionmaker[Session], pg_engine: Engine,
) -> None:
    with committed_session_factory.begin() as session:
        session.add(Case(subject="seen by the SMTP thread or a worker"))
    assert _cases(pg_engine) == 1


def test_two_runs_on_one_redis_server_get_different_databases() -> None:
    first, second = claim_database(REDIS_URL), claim_database(REDIS_URL)
    try:
        assert first.url != second.url
    finally:
        first.release()
        second.release()


CLAIMS_URL = REDIS_URL.rpartition("/")[0] + "/0"


def test_a_run_pointed_at_another_database_never_claims_the_claims_database() -> None:
    claim = claim_database(REDIS_URL.rpartition("/")[0] + "/6")
    try:
        assert not claim.url.endswith("/0")
        with redis.Redis.from_url(CLAIMS_URL) as client:
            assert client.exists(claim.key)
    finally:
        claim.release()


def test_a_released_claim_frees_its_database() -> None:
    claim = claim_database(REDIS_URL)
    claim.release()
    with redis.Redis.from_url(CLAIMS_URL) as client:
        assert not client.exists(claim.key)


def test_a_lapsed_claim_is_refused_rather_than_shared() -> None:
    claim = claim_database(REDIS_URL)
    try:
        with redis.Redis.from_url(CLAIMS_URL) as client:
            client.delete(claim.key)
        with pytest.raises(RuntimeError, match="lost the claim"):
            claim.refresh()
    finally:
        claim.release()
