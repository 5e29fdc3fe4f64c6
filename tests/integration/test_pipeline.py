"""The pipeline for one stored message, on real PostgreSQL and SQLite, with a fixed classifier."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from classify.types import TriageModel
from core.clock import FixedClock
from core.errors import TransientError
from core.settings import Settings
from storage.db import transaction
from storage.drafts import approve_draft, claim_for_sending, edit_draft, mark_sent
from storage.enums import CaseStatus, DraftStatus, MessageStatus
from storage.intake import make_delivery, store_delivery
from storage.models import Case, Draft, Message, Triage
from storage.stats import compute_stats
from tests.factories import UserFactory, building_in
from tests.fakes import BrokenClassifier, FixedClassifier
from worker.pipeline import Outcome, Pipeline

pytestmark = pytest.mark.integration

PARENT = (
    b"From: Jo Parent <jo.parent@example.org>\r\nTo: advice@advice-line.example\r\n"
    b"Subject: Council refused to assess\r\nMessage-ID: <first.1@example.org>\r\n"
    b"Date: Tue, 10 Mar 2026 19:00:00 +0000\r\n\r\n"
    b"The council refused an EHC needs assessment for my son Sam, letter dated 10 March.\r\n"
    b"\r\nJo\r\n"
)


def _reply(message_id: str, in_reply_to: str, sender: str = "jo.parent@example.org",
           subject: str = "Re: Council refused to assess") -> bytes:
    return (
        f"From: {sender}\r\nTo: advice@advice-line.example\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\nIn-Reply-To: {in_reply_to}\r\n"
        f"References: {in_reply_to}\r\nDate: Wed, 11 Mar 2026 08:00:00 +0000\r\n\r\n"
        "Thank you, one more question about mediation.\r\n"
    ).encode()


def _store(factory: sessionmaker[Session], raw: bytes) -> int:
    with transaction(factory) as session:
        mid = raw.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0].decode() \
            if b"Message-ID: " in raw else None
        return store_delivery(session, make_delivery(
            raw, message_id_header=mid, envelope_from="f@x.org",
            envelope_to=["advice@advice-line.example"])).id


@pytest.fixture
def settings(make_settings: Callable[..., Settings], db_url: str) -> Settings:
    return make_settings(database_url=db_url, max_attempts=3, stale_after_seconds=60)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="module")
def real_classifier() -> TriageModel:
    from classify.pipeline import load_classifier  # noqa: PLC0415 - loads the shipped model

    return load_classifier()


@pytest.fixture
def pipeline(session_factory: sessionmaker[Session], settings: Settings,
             clock: FixedClock) -> Pipeline:
    return Pipeline(session_factory, settings, FixedClassifier(), clock)


def test_a_message_becomes_a_case_awaiting_approval_with_triage_and_draft(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    message_id = _store(session_factory, PARENT)
    assert pipeline.process_message(message_id) is Outcome.PROCESSED
    with session_factory() as session:
        case = session.scalars(select(Case)).one()
        assert case.status == CaseStatus.AWAITING_APPROVAL
        assert case.parent_address == "jo.parent@example.org"
        assert case.categories == ["appeal"]
        assert str(case.deadline) == "2026-05-11"
        assert session.scalars(select(Triage)).one().message_id == message_id
        draft = session.scalars(select(Draft)).one()
        assert draft.status == DraftStatus.DRAFT
        assert draft.to_address == "jo.parent@example.org"
        message = session.get(Message, message_id)
        assert message is not None and message.status == MessageStatus.PROCESSED


def test_processing_the_same_message_again_is_a_no_op(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    message_id = _store(session_factory, PARENT)
    pipeline.process_message(message_id)
    assert pipeline.process_message(message_id) is Outcome.SKIPPED
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Triage)) == 1
        assert session.scalar(select(func.count()).select_from(Draft)) == 1


def test_an_abandoned_claim_is_taken_over_after_the_stale_period(
    pipeline: Pipeline, session_factory: sessionmaker[Session], clock: FixedClock,
    settings: Settings,
) -> None:
    from storage.messages import claim_for_processing  # noqa: PLC0415

    message_id = _store(session_factory, PARENT)
    with transaction(session_factory) as session:
        assert claim_for_processing(session, message_id, now=clock.now(),
                                    stale_after=timedelta(seconds=60))
    assert pipeline.process_message(message_id) is Outcome.SKIPPED
    clock.advance(seconds=settings.stale_after_seconds + 1)
    assert pipeline.process_message(message_id) is Outcome.PROCESSED


def test_binary_garbage_is_quarantined_with_a_readable_reason_and_counted(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    message_id = _store(session_factory, bytes(range(256)) * 40)
    assert pipeline.process_message(message_id) is Outcome.QUARANTINED
    with session_factory() as session:
        message = session.get(Message, message_id)
        assert message is not None
        assert message.status == MessageStatus.QUARANTINED
        assert message.last_error and message.last_error.startswith("unreadable email")
        assert compute_stats(session)["messages"]["by_status"]["quarantined"] == 1


def test_a_transient_failure_is_retried_then_quarantined_never_dropped(
    session_factory: sessionmaker[Session], settings: Settings, clock: FixedClock,
) -> None:
    broken = BrokenClassifier(error=TransientError("model server unreachable (test)"))
    pipeline = Pipeline(session_factory, settings, broken, clock)
    message_id = _store(session_factory, PARENT)
    for _ in range(settings.max_attempts - 1):
        with pytest.raises(TransientError):
            pipeline.process_message(message_id)
        with session_factory() as session:
            message = session.get(Message, message_id)
            assert message is not None and message.status == MessageStatus.RECEIVED
            assert "unreachable" in (message.last_error or "")
    assert pipeline.process_message(message_id) is Outcome.QUARANTINED
    with session_factory() as session:
        message = session.get(Message, message_id)
        assert message is not None and message.status == MessageStatus.QUARANTINED
        assert message.attempts == settings.max_attempts


def test_a_deterministic_failure_quarantines_the_message_at_once_with_its_reason(
    session_factory: sessionmaker[Session], settings: Settings, clock: FixedClock,
) -> None:
    broken = BrokenClassifier(error=ValueError("no sentence boundaries (test)"))
    message_id = _store(session_factory, PARENT)
    outcome = Pipeline(session_factory, settings, broken, clock).process_message(message_id)
    assert outcome is Outcome.QUARANTINED
    assert broken.calls == 1
    with session_factory() as session:
        message = session.get(Message, message_id)
        assert message is not None and message.status == MessageStatus.QUARANTINED
        assert message.last_error == "ValueError: no sentence boundaries (test)"
        assert compute_stats(session)["messages"]["by_status"]["quarantined"] == 1


def test_an_email_with_an_8_mb_line_is_triaged_and_drafted_with_a_note_for_the_adviser(
    session_factory: sessionmaker[Session], settings: Settings, clock: FixedClock,
    real_classifier: TriageModel,
) -> None:
    long_line = PARENT.replace(b"\r\n\r\nJo\r\n", b"\r\n" + b"x" * 8_000_000 + b"\r\n")
    message_id = _store(session_factory, long_line)
    pipeline = Pipeline(session_factory, settings, real_classifier, clock)
    assert pipeline.process_message(message_id) is Outcome.PROCESSED
    with session_factory() as session:
        draft = session.scalars(select(Draft)).one()
        assert draft.next_step == "appeal"
        assert any("very long" in note for note in draft.adviser_notes)


def test_a_parents_reply_joins_the_existing_case(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    pipeline.process_message(_store(session_factory, PARENT))
    pipeline.process_message(_store(session_factory,
                                    _reply("<second.2@example.org>", "<first.1@example.org>")))
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1
        assert session.scalar(select(func.count()).select_from(Message).where(
            Message.case_id.is_not(None))) == 2


def test_the_older_unapproved_draft_is_superseded_by_the_reply_draft(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    pipeline.process_message(_store(session_factory, PARENT))
    pipeline.process_message(_store(session_factory,
                                    _reply("<second.2@example.org>", "<first.1@example.org>")))
    with session_factory() as session:
        statuses = [d.status for d in session.scalars(select(Draft).order_by(Draft.id))]
    assert statuses == [DraftStatus.REJECTED, DraftStatus.DRAFT]


def test_a_reply_with_a_new_subject_is_flagged_not_split(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    pipeline.process_message(_store(session_factory, PARENT))
    second = _store(session_factory, _reply("<second.2@example.org>", "<first.1@example.org>",
                                            subject="School trip next week"))
    pipeline.process_message(second)
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1
        message = session.get(Message, second)
        assert message is not None and "subject_changed" in message.flags


def _cases_after_token_mail(pipeline: Pipeline, factory: sessionmaker[Session],
                            sender: str) -> int:
    """Open a case, then send a mail naming it by its subject token from ``sender``."""
    pipeline.process_message(_store(factory, PARENT))
    with factory() as session:
        case_id = session.scalars(select(Case.id)).one()
    mail = (
        f"From: {sender}\r\nTo: advice@advice-line.example\r\n"
        f"Subject: Re: Council refused to assess [ST-{case_id}]\r\n"
        f"Message-ID: <token.9@example.net>\r\nDate: Wed, 11 Mar 2026 08:00:00 +0000\r\n\r\n"
        "Please add this to the case.\r\n"
    ).encode()
    pipeline.process_message(_store(factory, mail))
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def test_a_case_token_from_someone_else_opens_a_new_case(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    assert _cases_after_token_mail(pipeline, session_factory, "stranger@example.net") == 2


def test_a_case_token_from_the_parent_joins_their_case(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    assert _cases_after_token_mail(pipeline, session_factory,
                                   "Jo Parent <jo.parent@example.org>") == 1


def test_an_out_of_office_reply_is_kept_but_never_drafted(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    ooo = (
        b"From: senco@school.example.org\r\nTo: advice@advice-line.example\r\n"
        b"Subject: Automatic reply: meeting\r\nAuto-Submitted: auto-replied\r\n"
        b"Message-ID: <ooo.1@school.example.org>\r\nDate: Wed, 11 Mar 2026 08:00:00 +0000\r\n"
        b"\r\nI am out of the office until Monday.\r\n"
    )
    message_id = _store(session_factory, ooo)
    assert pipeline.process_message(message_id) is Outcome.AUTOMATIC
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Draft)) == 0
        message = session.get(Message, message_id)
        assert message is not None and message.automatic
        assert message.status == MessageStatus.PROCESSED


def test_an_out_of_office_in_a_thread_does_not_reopen_the_case(
    pipeline: Pipeline, session_factory: sessionmaker[Session],
) -> None:
    pipeline.process_message(_store(session_factory, PARENT))
    with transaction(session_factory) as session:
        case = session.scalars(select(Case)).one()
        case.status = CaseStatus.CLOSED
    ooo = (
        b"From: jo.parent@example.org\r\nTo: advice@advice-line.example\r\n"
        b"Subject: Out of Office: Re: Council refused\r\nAuto-Submitted: auto-replied\r\n"
        b"In-Reply-To: <first.1@example.org>\r\n"
        b"Message-ID: <ooo.2@example.org>\r\nDate: Wed, 11 Mar 2026 08:00:00 +0000\r\n"
        b"\r\nAway until Monday.\r\n"
    )
    pipeline.process_message(_store(session_factory, ooo))
    with session_factory() as session:
        assert session.scalars(select(Case)).one().status == CaseStatus.CLOSED


def test_the_classifier_is_given_the_signature_and_sender_name() -> None:
    from ingest.parse import parse_email  # noqa: PLC0415
    from worker.reading import classifier_text  # noqa: PLC0415

    parsed = parse_email(PARENT.replace(b"\r\n\r\nJo\r\n", b"\r\n\r\nThanks,\r\nJo\r\n"))
    text = classifier_text(parsed)
    assert text.sender_name == "Jo Parent"
    assert text.subject == "Council refused to assess"
    assert "Jo" in text.body + text.signature


def test_a_quarantined_message_can_be_reprocessed_after_the_fault_is_fixed(
    session_factory: sessionmaker[Session], settings: Settings, clock: FixedClock,
) -> None:
    from storage.messages import requeue_quarantined  # noqa: PLC0415

    broken = Pipeline(session_factory, settings.model_copy(update={"max_attempts": 1}),
                      BrokenClassifier(), clock)
    message_id = _store(session_factory, PARENT)
    assert broken.process_message(message_id) is Outcome.QUARANTINED
    with transaction(session_factory) as session:
        assert requeue_quarantined(session, message_id, actor="ops@advice-line.example")
    fixed = Pipeline(session_factory, settings, FixedClassifier(), clock)
    assert fixed.process_message(message_id) is Outcome.PROCESSED
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Draft)) == 1


def _send_first_draft(factory: sessionmaker[Session], clock: FixedClock, body: str) -> None:
    """The adviser rewrites the greeting and sign-off of the first draft, approves and sends it."""
    with factory() as session, building_in(session):
        draft = session.scalars(select(Draft).order_by(Draft.id)).first()
        assert draft is not None
        adviser = UserFactory()
        edit_draft(session, draft.id, body, editor=adviser, expected_version=draft.version,
                   now=clock.now())
        approve_draft(session, draft.id, approver=adviser, now=clock.now(),
                      confirm_deadline_passed=True)  # the fixed deadline is long past
        assert claim_for_sending(session, draft.id, "<sent.1@advice-line.example>",
                                 now=clock.now())
        mark_sent(session, draft.id, now=clock.now())
        session.commit()
    clock.advance(minutes=30)


SENT_BODY = ("Hi Jo,\n\nYou can appeal against the council's refusal to assess Sam.\n\n"
             "Warm wishes,\nKate\n")


def _follow_up_draft(
    pipeline: Pipeline, factory: sessionmaker[Session], clock: FixedClock
) -> Draft:
    """The draft answering the parent's reply to the reply we sent."""
    pipeline.process_message(_store(factory, PARENT))
    _send_first_draft(factory, clock, SENT_BODY)
    pipeline.process_message(_store(
        factory, _reply("<second.2@example.org>", "<sent.1@advice-line.example>")))
    with factory() as session:
        follow_up = session.scalars(select(Draft).order_by(Draft.id.desc())).first()
    assert follow_up is not None and follow_up.status == DraftStatus.DRAFT
    return follow_up


def test_a_follow_up_keeps_the_sent_replys_greeting_and_sign_off(
    pipeline: Pipeline, session_factory: sessionmaker[Session], clock: FixedClock,
) -> None:
    follow_up = _follow_up_draft(pipeline, session_factory, clock)
    assert follow_up.body.startswith("Hi Jo,\n")
    assert follow_up.body.rstrip().endswith("Warm wishes,\nKate")
    assert "Thank you for getting in touch" not in follow_up.body


def test_a_follow_up_on_the_same_step_gives_only_what_changed(
    pipeline: Pipeline, session_factory: sessionmaker[Session], clock: FixedClock,
) -> None:
    follow_up = _follow_up_draft(pipeline, session_factory, clock)
    assert "the last day to send your appeal to the tribunal is 11 May 2026" in follow_up.body
    assert "Everything else in my last email still applies." in follow_up.body
    assert "What must happen first: mediation advice" not in follow_up.body
    assert any("gives only what changed" in n for n in follow_up.adviser_notes)
