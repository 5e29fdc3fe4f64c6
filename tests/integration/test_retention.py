"""Retention: closed cases past the policy lose their personal content, aggregates stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.corrections import corrected_messages
from storage.dashboard import compute_dashboard
from storage.db import make_engine, make_session_factory, transaction
from storage.enums import CaseStatus, EventAction, MessageStatus
from storage.models import (
    AttachmentText,
    Case,
    Correction,
    Draft,
    DraftAttachment,
    DraftRevision,
    Event,
    Message,
    Triage,
)
from storage.notes import add_internal_note, case_notes
from storage.retention import PurgeCounts, purge_expired_cases
from storage.stats import compute_stats
from tests.factories import (
    NOW,
    CorrectionFactory,
    MessageFactory,
    UserFactory,
    building_in,
    case_with_thread,
)
from tests.integration.procs import run_cli, service_env

pytestmark = pytest.mark.integration

DAYS = 365


def _closed_case(days_ago: int, *, now: datetime = NOW) -> int:
    closed = now - timedelta(days=days_ago)
    return case_with_thread(status=CaseStatus.CLOSED, closed_at=closed,
                            created_at=closed - timedelta(days=3),
                            html="<p>Sam's school</p>",
                            attachments=[{"filename": "letter.pdf", "size": 10}]).id


def _purge(factory: sessionmaker[Session], *, dry_run: bool = False) -> PurgeCounts:
    with transaction(factory) as session:
        return purge_expired_cases(session, now=NOW, retention_days=DAYS, dry_run=dry_run)


def _snapshot(factory: sessionmaker[Session], case_id: int) -> tuple[object, ...]:
    with factory() as session:
        case = session.get_one(Case, case_id)
        message = session.scalars(select(Message).where(Message.case_id == case_id)).one()
        triage = session.scalars(select(Triage).where(Triage.message_id == message.id)).one()
        draft = session.scalars(select(Draft).where(Draft.case_id == case_id)).one()
        return (case.parent_address, case.parent_name, case.subject, case.purged_at,
                message.raw, message.new_text, message.full_text, message.html,
                message.subject, message.from_address, message.from_name,
                message.envelope_from, message.attachments, triage.evidence, triage.details,
                draft.body, draft.subject, draft.to_address)


def test_a_case_closed_longer_than_the_policy_loses_its_personal_content(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _closed_case(DAYS + 1)
    counts = _purge(session_factory)
    assert counts == PurgeCounts(cases=1, messages=1, triages=1, drafts=1)
    assert _snapshot(session_factory, case_id) == (
        None, None, "", NOW, b"", None, None, None, None, None, None, "", [], {}, {},
        "", "", "")


def test_the_purged_case_keeps_its_labels_status_and_times(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _closed_case(DAYS + 1)
    with session_factory() as session:
        before = session.get_one(Case, case_id)
        kept = (before.categories, before.next_step, before.status, before.created_at,
                before.closed_at, before.deadline)
    _purge(session_factory)
    with session_factory() as session:
        after = session.get_one(Case, case_id)
        assert (after.categories, after.next_step, after.status, after.created_at,
                after.closed_at, after.deadline) == kept


def test_draft_revisions_correction_and_internal_notes_of_a_purged_case_are_emptied(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _closed_case(DAYS + 1)
    draft_id = factory_session.scalars(select(Draft.id).where(Draft.case_id == case_id)).one()
    factory_session.add(DraftRevision(draft_id=draft_id, version=1, body="Dear Priya, Sam..."))
    factory_session.commit()
    CorrectionFactory(case_id=case_id, text="Priya phoned about Sam")
    add_internal_note(factory_session, case_id, "Sam's mum rang", author=UserFactory(),
                      now=NOW - timedelta(days=DAYS * 2))
    factory_session.commit()
    assert _purge(session_factory) == PurgeCounts(cases=1, messages=1, triages=1, drafts=1,
                                                   draft_revisions=1, corrections=1, notes=1)
    with session_factory() as session:
        assert session.scalars(select(DraftRevision.body)).all() == [""]
        assert session.scalars(select(Correction.text)).all() == [""]
        assert [n.detail for n in case_notes(session, case_id)] == [{"text": ""}]
        # Retraining has nothing to read in a purged case.
        assert list(corrected_messages(session)) == []


def test_recent_open_and_reopened_cases_are_untouched(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    recent = _closed_case(DAYS - 1)
    open_case = case_with_thread(created_at=NOW - timedelta(days=DAYS * 2)).id
    # Reopening leaves closed_at as it was: the status decides.
    reopened = case_with_thread(status=CaseStatus.NEW, closed_at=NOW - timedelta(days=DAYS * 2)).id
    before = {c: _snapshot(session_factory, c) for c in (recent, open_case, reopened)}
    assert _purge(session_factory) == PurgeCounts()
    assert {c: _snapshot(session_factory, c) for c in before} == before


def test_dashboard_and_stats_count_the_same_after_a_purge(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    for days_ago in (DAYS + 1, DAYS + 30, 10):
        _closed_case(days_ago)
    case_with_thread()
    with session_factory() as session:
        stats, dashboard = compute_stats(session), compute_dashboard(session, NOW)
    assert _purge(session_factory).cases == 2
    with session_factory() as session:
        assert compute_stats(session) == stats
        assert compute_dashboard(session, NOW) == dashboard


def test_a_dry_run_counts_the_same_and_changes_nothing(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _closed_case(DAYS + 1)
    before = _snapshot(session_factory, case_id)
    counts = _purge(session_factory, dry_run=True)
    assert _snapshot(session_factory, case_id) == before
    with session_factory() as session:
        assert session.scalars(select(Event).where(
            Event.action == EventAction.RETENTION_PURGED)).all() == []
    assert _purge(session_factory) == counts == PurgeCounts(cases=1, messages=1, triages=1,
                                                           drafts=1)


def test_a_purge_records_one_audit_event_with_counts_only(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    _closed_case(DAYS + 1)
    _purge(session_factory)
    with session_factory() as session:
        events = session.scalars(select(Event).where(
            Event.action == EventAction.RETENTION_PURGED)).all()
    assert [(e.case_id, e.actor, e.created_at, e.detail) for e in events] == [
        (None, "system", NOW, {"cases": 1, "messages": 1, "triages": 1, "drafts": 1,
                               "draft_revisions": 0, "corrections": 0, "notes": 0,
                               "attachment_texts": 0, "reply_files": 0, "reasons": 0,
                               "unfiled_messages": 0, "retention_days": DAYS})]


def test_a_purged_case_is_not_purged_again(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    _closed_case(DAYS + 1)
    _purge(session_factory)
    assert _purge(session_factory) == PurgeCounts()


def test_a_purged_case_closed_again_later_is_purged_again_once_due(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _closed_case(DAYS + 1)
    _purge(session_factory)
    # New mail reopened it after the purge; it was closed again two years ago (relative to NOW).
    with transaction(session_factory) as session:
        case = session.get_one(Case, case_id)
        case.purged_at = NOW - timedelta(days=DAYS * 3)
        case.closed_at = NOW - timedelta(days=DAYS * 2)
    assert _purge(session_factory).cases == 1


def test_retention_zero_keeps_everything(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _closed_case(DAYS * 10)
    before = _snapshot(session_factory, case_id)
    with transaction(session_factory) as session:
        assert purge_expired_cases(session, now=NOW, retention_days=0) == PurgeCounts()
    assert _snapshot(session_factory, case_id) == before


def test_the_purge_command_dry_run_prints_the_counts(tmp_path: Path) -> None:
    env = service_env(data_dir=str(tmp_path / "var"), retention_days=str(DAYS))
    assert run_cli(["db", "upgrade"], env, tmp_path).returncode == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'sendtriage.db'}")
    # The command reads the system clock: a margin of days keeps this independent of it.
    with make_session_factory(engine)() as session, building_in(session):
        case_id = _closed_case(DAYS + 30, now=datetime.now(UTC))
    out = run_cli(["purge", "--dry-run"], env, tmp_path)
    assert out.returncode == 0, out.stderr
    assert "would purge" in out.stdout
    assert "cases=1 messages=1 triages=1 drafts=1" in out.stdout
    with make_session_factory(engine)() as session:
        assert session.get_one(Case, case_id).purged_at is None
    engine.dispose()


def test_a_purge_deletes_attachment_text_and_files_attached_to_replies(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _closed_case(DAYS + 1)
    with session_factory.begin() as session:
        message = session.scalars(select(Message).where(Message.case_id == case_id)).one()
        draft = session.scalars(select(Draft).where(Draft.case_id == case_id)).one()
        session.add(AttachmentText(message_id=message.id, position=0, sha256="0" * 64,
                                   kind="pdf", status="read", text="Dear Ms Reid, Sam ...",
                                   note="", preview_png=b"\x89PNG"))
        session.add(DraftAttachment(draft_id=draft.id, filename="Sam's letter.pdf",
                                    content_type="application/pdf", size=4, sha256="1" * 64,
                                    data=b"%PDF"))
    counts = _purge(session_factory)
    assert (counts.attachment_texts, counts.reply_files) == (1, 1)
    with session_factory() as session:
        assert session.scalars(select(AttachmentText)).all() == []
        assert session.scalars(select(DraftAttachment)).all() == []


def _unfiled_message(days_ago: int, status: MessageStatus = MessageStatus.PROCESSED) -> int:
    # An out-of-office reply filed on no case, as the pipeline leaves automatic mail.
    received = NOW - timedelta(days=days_ago)
    message: Message = MessageFactory(case=None, from_address="ooo@school.example",
                                      from_name="Ms Reid", subject="Out of office",
                                      received_at=received, status=status)
    return message.id


def _message_content(factory: sessionmaker[Session], message_id: int) -> tuple[object, ...]:
    with factory() as session:
        m = session.get_one(Message, message_id)
        return (m.raw, m.from_address, m.from_name, m.subject, m.new_text, m.envelope_from)


def test_mail_filed_on_no_case_is_emptied_once_older_than_the_policy(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    old = _unfiled_message(DAYS + 1)
    set_aside = _unfiled_message(DAYS + 5, MessageStatus.QUARANTINED)
    counts = _purge(session_factory)
    assert counts.unfiled_messages == 2
    for message_id in (old, set_aside):
        assert _message_content(session_factory, message_id) == (b"", None, None, None, None, "")
    assert _purge(session_factory).unfiled_messages == 0


def test_recent_mail_filed_on_no_case_is_kept(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    recent = _unfiled_message(DAYS - 1)
    before = _message_content(session_factory, recent)
    assert _purge(session_factory).unfiled_messages == 0
    assert _message_content(session_factory, recent) == before


def test_the_reasons_typed_when_closing_and_rejecting_are_emptied_with_the_case(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    case_id = _closed_case(DAYS + 1)
    with session_factory.begin() as session:
        session.add(Event(action=EventAction.CASE_CLOSED.value, actor="kate@line.example",
                          case_id=case_id, created_at=NOW - timedelta(days=DAYS + 1),
                          detail={"from": "replied", "reason": "Sam's mum rang, all sorted"}))
        session.add(Event(action=EventAction.DRAFT_REJECTED.value, actor="kate@line.example",
                          case_id=case_id, created_at=NOW - timedelta(days=DAYS + 2),
                          detail={"reason": "Sam is 17, redo"}))
    assert _purge(session_factory).reasons == 2
    with session_factory() as session:
        details = session.scalars(select(Event.detail).where(
            Event.case_id == case_id, Event.action.in_(
                [EventAction.CASE_CLOSED.value, EventAction.DRAFT_REJECTED.value]))).all()
    assert sorted(details, key=len) == [{"reason": ""}, {"from": "replied", "reason": ""}]
