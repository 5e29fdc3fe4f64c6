"""A purged case still opens for advisers and managers, with none of the parent's words."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from storage.db import transaction
from storage.enums import CaseStatus, DraftStatus
from storage.retention import purge_expired_cases
from tests.factories import NOW, case_with_thread


def test_a_purged_case_page_opens_without_the_parents_content(
    adviser: TestClient, factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread(status=CaseStatus.CLOSED, closed_at=NOW - timedelta(days=400),
                               draft_status=DraftStatus.SENT).id
    assert "Priya" in adviser.get(f"/cases/{case_id}").text
    with transaction(session_factory) as session:
        assert purge_expired_cases(session, now=NOW, retention_days=365).cases == 1
    page = adviser.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "Priya" not in page.text and "Sam" not in page.text
