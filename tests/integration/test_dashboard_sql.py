"""The dashboard aggregated in SQL gives the same figures as the old Python pass over the rows."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from core.labels import Category, NextStep
from storage.dashboard import compute_dashboard
from storage.enums import CaseStatus, DraftStatus, MessageStatus, Role
from storage.models import Case, Correction, Draft, Message, User
from tests.integration.dashboard_reference import reference_dashboard
from tests.integration.web.web_builders import NOW

pytestmark = pytest.mark.integration

CASES = 160


def _moment(rng: random.Random, days: float) -> timedelta:
    """A random span up to ``days``, to the microsecond."""
    return timedelta(seconds=rng.uniform(0, days * 86400))


def _seed_varied(session: Session, rng: random.Random) -> None:
    """Cases of every age (a few dated in the future, some on the window's edges), state and
    category, with responses (one before its case, by clock skew), drafts, quarantined mail,
    several corrections per case and inactive advisers."""
    users = [User(email=f"u{i}@advice-line.example", name=f"U {i}", password_hash="!",
                  role=Role.MANAGER if i == 0 else Role.ADVISER, active=i < 3)
             for i in range(5)]
    session.add_all(users)
    session.flush()
    edges = [timedelta(days=1), timedelta(days=3), timedelta(days=7), timedelta(days=30),
             timedelta(0), -timedelta(hours=2)]
    for i in range(CASES):
        age = edges[i] if i < len(edges) else _moment(rng, 100)
        created = NOW - age
        categories = rng.sample(list(Category), rng.choice([0, 1, 1, 2, 3]))
        responded = None
        if rng.random() < 0.6:
            responded = created + (timedelta(seconds=-100) if i == 7 else _moment(rng, 5))
        case = Case(
            parent_address=f"p{i}@example.org", subject=f"Case {i}", created_at=created,
            updated_at=created, status=rng.choice(list(CaseStatus)), categories=categories,
            next_step=rng.choice([*NextStep, None]),
            deadline=(NOW + timedelta(days=rng.randint(-12, 12))).date()
            if rng.random() < 0.7 else None,
            safeguarding=rng.random() < 0.1, first_response_at=responded,
            assignee_id=rng.choice([None, *(u.id for u in users)]),
        )
        session.add(case)
        session.flush()
        raw = f"case {i}".encode()
        message = Message(raw=raw, size=len(raw), content_sha256=hashlib.sha256(raw).hexdigest(),
                          message_id_header=f"<{i}@example.org>", case_id=case.id,
                          received_at=created,
                          status=rng.choice([MessageStatus.PROCESSED, MessageStatus.PROCESSED,
                                             MessageStatus.QUARANTINED]))
        session.add(message)
        session.flush()
        _add_draft(session, rng, case, message, users)
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            session.add(Correction(
                case_id=case.id, user_id=rng.choice([None, *(u.id for u in users)]),
                old_categories=rng.sample(list(Category), rng.choice([0, 1, 2])),
                new_categories=categories, old_next_step=rng.choice([*NextStep, None]),
                new_next_step=case.next_step, created_at=NOW - _moment(rng, 40)))
    session.commit()


def _add_draft(session: Session, rng: random.Random, case: Case, message: Message,
               users: list[User]) -> None:
    status = rng.choice(list(DraftStatus))
    approved = status not in (DraftStatus.DRAFT, DraftStatus.REJECTED) or rng.random() < 0.2
    session.add(Draft(
        case_id=case.id, message_id=message.id, status=status, next_step=NextStep.APPEAL,
        to_address="p@example.org", subject="Re", body="Hello",
        approved_by_id=rng.choice([u.id for u in users]) if approved else None,
        approved_at=NOW - _moment(rng, 40) if approved else None,
        sending_since=NOW - _moment(rng, 1) if status == DraftStatus.SENDING else None,
        created_at=case.created_at, updated_at=NOW - _moment(rng, 10),
        last_error="timeout" if status == DraftStatus.FAILED else None))


def test_sql_aggregates_equal_the_python_pass_on_a_varied_set(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    _seed_varied(factory_session, random.Random(20261205))
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
