"""Attachments through the worker pipeline: read, stored per attachment, fed to triage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from classify.types import TriageModel
from core.clock import FixedClock
from core.settings import Settings
from storage.db import transaction
from storage.enums import MessageStatus
from storage.intake import make_delivery, store_delivery
from storage.models import AttachmentText, Case, Message
from tests.conftest import EMAILS_DIR
from tests.fakes import FixedClassifier
from worker.pipeline import Outcome, Pipeline

pytestmark = pytest.mark.integration


def _store(factory: sessionmaker[Session], name: str) -> int:
    raw = (EMAILS_DIR / name).read_bytes()
    mid = raw.split(b"Message-ID: ", 1)[1].split(b"\n", 1)[0].decode().strip()
    with transaction(factory) as session:
        return store_delivery(session, make_delivery(
            raw, message_id_header=mid, envelope_from="f@x.org",
            envelope_to=["advice@advice-line.example"])).id


@pytest.fixture
def settings(make_settings: Callable[..., Settings], db_url: str) -> Settings:
    return make_settings(database_url=db_url)


@pytest.fixture(scope="module")
def real_classifier() -> TriageModel:
    from classify.pipeline import load_classifier  # noqa: PLC0415 - loads the shipped model

    return load_classifier()


def test_a_pdf_decision_letters_date_is_the_decision_date_and_starts_the_deadline(
    session_factory: sessionmaker[Session], settings: Settings, real_classifier: TriageModel,
) -> None:
    message_id = _store(session_factory, "attachment_pdf_decision_letter.eml")
    pipeline = Pipeline(session_factory, settings, real_classifier, FixedClock())
    assert pipeline.process_message(message_id) is Outcome.PROCESSED
    with session_factory() as session:
        case = session.scalars(select(Case)).one()
        assert case.next_step == "appeal"
        assert case.decision_date == date(2026, 11, 3)
        # 3 Jan 2027 + 2 months is a Sunday: the next working day (send-routes.md D1, D4).
        assert case.deadline == date(2027, 1, 4)


def test_the_text_read_from_each_attachment_is_stored_with_the_message(
    session_factory: sessionmaker[Session], settings: Settings,
) -> None:
    message_id = _store(session_factory, "attachment_docx_letter.eml")
    Pipeline(session_factory, settings, FixedClassifier(), FixedClock()).process_message(
        message_id)
    with session_factory() as session:
        (row,) = session.scalars(select(AttachmentText)).all()
        assert (row.message_id, row.position, row.kind, row.status) == (
            message_id, 0, "docx", "read")
        assert "decided not to carry out an EHC needs assessment" in (row.text or "")


def test_a_hostile_attachment_is_marked_could_not_read_and_the_message_is_processed(
    session_factory: sessionmaker[Session], settings: Settings,
) -> None:
    message_id = _store(session_factory, "attachment_zip_bomb_docx.eml")
    outcome = Pipeline(session_factory, settings, FixedClassifier(),
                       FixedClock()).process_message(message_id)
    assert outcome is Outcome.PROCESSED
    with session_factory() as session:
        assert session.get(Message, message_id).status == MessageStatus.PROCESSED  # type: ignore[union-attr]
        (row,) = session.scalars(select(AttachmentText)).all()
        assert row.status == "unreadable" and row.note.startswith("Could not read")
