"""Quick check of the fixtures: the migrated database accepts a case and a draft."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from storage.models import Case


def test_a_case_can_be_stored_and_read_back(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        session.add(Case(subject="hello"))
    with session_factory() as session:
        assert session.query(Case).one().subject == "hello"
