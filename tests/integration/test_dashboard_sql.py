"""The dashboard and cases CSV built in SQL give what the old Python passes over the rows gave."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage.dashboard import compute_dashboard
from storage.export import iter_cases_csv
from storage.models import Case
from tests.integration.reference_figures import (
    reference_cases_csv,
    reference_dashboard,
    seed_varied,
)
from tests.integration.web.web_builders import NOW

pytestmark = pytest.mark.integration


def test_sql_aggregates_equal_the_python_pass_on_a_varied_set(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    seed_varied(factory_session, random.Random(20261205))
    with session_factory() as session:
        new, old = compute_dashboard(session, NOW), reference_dashboard(session, NOW)
    # Precondition: the set exercises every figure (a test of zeros could not fail).
    assert old.open_cases and old.first_response.count > 3 and old.deadlines_missed_count
    assert old.next_step_overrides and any(o.removed and o.added for o in old.overrides)
    assert any(t.sent_30d for t in old.throughput) and old.quarantined_count
    assert new == old


def test_the_empty_database_gives_the_same_figures(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session:
        assert compute_dashboard(session, NOW) == reference_dashboard(session, NOW)


@pytest.mark.parametrize("count", [1, 2, 5, 10, 11])
def test_median_and_p90_match_for_small_counts(
    factory_session: Session, session_factory: sessionmaker[Session], count: int
) -> None:
    for i in range(count):
        created = NOW - timedelta(days=1, seconds=i)
        factory_session.add(Case(subject="x", created_at=created, updated_at=created,
                                 first_response_at=created + timedelta(seconds=37 * i * i + 1)))
    factory_session.commit()
    with session_factory() as session:
        new = compute_dashboard(session, NOW).first_response
        assert new == reference_dashboard(session, NOW).first_response
    assert new.count == count


def test_the_cases_csv_is_the_same_text_as_the_old_export(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    seed_varied(factory_session, random.Random(7))
    with session_factory() as session:
        new = "".join(iter_cases_csv(session))
        old = "".join(reference_cases_csv(session))
    assert new.count("\r\n") == 161
    assert "'=cmd" in new and "'+44 7700" in new  # the set has what must be escaped
    assert new == old
