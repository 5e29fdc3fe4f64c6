"""The case's own transitions (storage.cases), on real PostgreSQL and SQLite."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session, sessionmaker

from core.labels import Category, NextStep
from storage.cases import apply_triage, await_approval, mark_replied
from storage.enums import CaseStatus
from storage.models import Case
from tests.factories import CaseFactory
from tests.fakes import FixedClassifier
from tests.integration.reply_rows import NOW, PARENT

pytestmark = pytest.mark.integration


def _case(**values: object) -> int:
    return int(CaseFactory(parent_address=PARENT, subject="Council refused to assess",
                           **values).id)


def _status(factory: sessionmaker[Session], case_id: int) -> CaseStatus:
    with factory() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.status


@pytest.mark.parametrize("status", [CaseStatus.NEW, CaseStatus.NEEDS_TRIAGE])
def test_a_case_waiting_for_triage_awaits_approval_after_a_redraft(
    factory_session: Session, session_factory: sessionmaker[Session], status: CaseStatus,
) -> None:
    case_id = _case(status=status)
    with session_factory.begin() as session:
        await_approval(session, case_id)
    assert _status(session_factory, case_id) == CaseStatus.AWAITING_APPROVAL


@pytest.mark.parametrize("status", [CaseStatus.REPLIED, CaseStatus.CLOSED])
def test_a_replied_or_closed_case_is_not_put_back_by_a_redraft(
    factory_session: Session, session_factory: sessionmaker[Session], status: CaseStatus,
) -> None:
    case_id = _case(status=status)
    with session_factory.begin() as session:
        await_approval(session, case_id)
    assert _status(session_factory, case_id) == status


def test_only_the_first_reply_sets_the_first_response_time(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _case(status=CaseStatus.AWAITING_APPROVAL)
    with session_factory.begin() as session:
        mark_replied(session, case_id, now=NOW)
    with session_factory.begin() as session:
        mark_replied(session, case_id, now=NOW + timedelta(days=2))
    with session_factory() as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert case.status == CaseStatus.REPLIED
        assert case.first_response_at == NOW


def test_a_new_triage_keeps_an_advisers_correction_but_the_nearest_deadline(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _case(status=CaseStatus.REPLIED, overridden=True,
                    categories=[Category.DELAY], next_step=NextStep.RAISE_INFORMALLY,
                    deadline=date(2026, 6, 1))
    triage = replace(FixedClassifier().result, deadline=date(2026, 5, 11))
    with session_factory.begin() as session:
        case = session.get(Case, case_id)
        assert case is not None
        apply_triage(case, triage, threshold=0.6, now=NOW)
    with session_factory() as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert case.categories == [Category.DELAY]
        assert case.next_step == NextStep.RAISE_INFORMALLY
        assert case.deadline == date(2026, 5, 11)
        assert case.status == CaseStatus.AWAITING_APPROVAL


def test_the_vocabulary_columns_read_back_as_enum_members(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _case(categories=[Category.APPEAL], next_step=NextStep.APPEAL)
    with session_factory() as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert type(case.next_step) is NextStep
        assert [type(c) for c in case.categories] == [Category]


def test_an_unknown_next_step_is_refused_on_write(session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(StatementError, match="apeal"), session_factory.begin() as session:
        session.add(Case(parent_address=PARENT, subject="x", next_step="apeal"))
        session.flush()
