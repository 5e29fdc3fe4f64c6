"""Issue 12: a case the classifier was unsure of is found by the "needs triage" filter on the
queue page and in the API, and counted the same way by ``sendtriage stats``."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.settings import Settings
from storage.db import transaction
from storage.intake import make_delivery, store_delivery
from storage.models import Case, User
from storage.stats import compute_stats
from storage.users import create_api_token
from tests.fakes import FixedClassifier
from tests.integration.web.web_builders import NOW
from worker.pipeline import Outcome, Pipeline

UNSURE_EMAIL = (
    b"From: Lee Parent <lee@example.com>\r\nTo: advice@advice-line.example\r\n"
    b"Subject: Question about school\r\nMessage-ID: <unsure.1@example.com>\r\n"
    b"Date: Fri, 27 Nov 2026 19:00:00 +0000\r\n\r\n"
    b"Hi, can you tell me what my options are with the school? Thanks, Lee\r\n"
)


@pytest.fixture
def unsure_case(session_factory: sessionmaker[Session], web_settings: Settings) -> int:
    """A case made by the real pipeline from a triage below the confidence threshold."""
    unsure = replace(FixedClassifier().result, confidence=0.31, categories=(), scores={})
    pipeline = Pipeline(session_factory, web_settings, FixedClassifier(result=unsure),
                        FixedClock(NOW))
    with transaction(session_factory) as session:
        message_id = store_delivery(session, make_delivery(UNSURE_EMAIL,
                                   message_id_header="<unsure.1@example.com>",
                                   envelope_from="lee@example.com",
                                   envelope_to=["advice@advice-line.example"])).id
    assert pipeline.process_message(message_id) is Outcome.PROCESSED
    with session_factory() as session:
        case_id = session.scalars(select(Case.id)).one()
        assert compute_stats(session)["cases"]["needs_triage"] == 1
    return case_id


def test_the_queue_filter_finds_the_case_stats_counts_as_needing_triage(
    adviser: TestClient, unsure_case: int
) -> None:
    html = adviser.get("/queue?status=needs_triage").text
    assert f'data-case-id="{unsure_case}"' in html


def test_the_api_filter_finds_the_case_stats_counts_as_needing_triage(
    anon: TestClient, session_factory: sessionmaker[Session], users: dict[str, int],
    unsure_case: int,
) -> None:
    with session_factory.begin() as session:
        token = create_api_token(session, session.get_one(User, users["adviser"]), "script")
    body = anon.get("/api/v1/cases?status=needs_triage",
                    headers={"Authorization": f"Bearer {token}"}).json()
    assert [item["id"] for item in body["items"]] == [unsure_case]
    assert body["items"][0]["status"] == "needs_triage"
