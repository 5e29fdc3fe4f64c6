"""The approval gate and draft lifecycle on real PostgreSQL and SQLite: no path sends an
unapproved draft, edits keep history, newer messages supersede, reclassification redrafts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import InvalidTransition
from core.labels import Category, NextStep
from core.settings import Settings
from replies.drafting import SUPERSEDED, create_draft, redraft_case
from replies.sending import deliver_draft
from storage.drafts import (
    StaleDraft,
    approve_draft,
    claim_for_sending,
    edit_draft,
    mark_bounced,
    mark_sent,
    reject_draft,
)
from storage.enums import DraftStatus
from storage.models import Case, Draft, DraftRevision, Event, Message, Triage, User
from tests.conftest import SmtpSink
from tests.integration.reply_rows import (
    NOW,
    PARENT,
    jo_message,
    jo_triage,
    load_draft,
    seed_draft,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(make_settings: Callable[..., Settings], smtp_sink: SmtpSink) -> Settings:
    return make_settings(relay_url=smtp_sink.url, secret_key="gate-test")


def _adviser(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    assert user is not None
    return user


def test_a_new_draft_is_personalised_and_records_who_drafted_it(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    draft = load_draft(session_factory, seeded.draft_id)
    assert draft.status == DraftStatus.DRAFT
    assert draft.drafted_by == "model:m1"
    assert draft.to_address == PARENT
    assert draft.subject == f"Re: Council refused to assess [ST-{seeded.case_id}]"
    assert "Dear Jo," in draft.body
    assert "11 May 2026" in draft.body
    assert draft.in_reply_to == "<parent.1@example.org>"
    with session_factory() as session:
        event = session.scalars(select(Event).where(Event.action == "draft.created")).one()
        assert event.actor == "model:m1"
        assert event.draft_id == seeded.draft_id


def test_creating_a_draft_twice_for_one_message_returns_the_same_draft(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    with session_factory.begin() as session:
        case = session.get(Case, seeded.case_id)
        message = session.get(Message, seeded.message_id)
        triage = session.scalars(select(Triage)).one()
        assert case is not None and message is not None
        again = create_draft(session, case=case, message=message, triage=triage, now=NOW)
        assert again is not None and again.id == seeded.draft_id
    with session_factory() as session:
        assert len(session.scalars(select(Draft)).all()) == 1


def test_a_message_whose_draft_was_rejected_gets_no_new_draft(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    with session_factory.begin() as session:
        reject_draft(session, seeded.draft_id, actor="ada", reason="not needed")
        case = session.get(Case, seeded.case_id)
        message = session.get(Message, seeded.message_id)
        assert case is not None and message is not None
        assert create_draft(session, case=case, message=message, triage=None) is None


def test_a_newer_message_supersedes_the_older_unreviewed_draft(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    newer = jo_triage(jo_message(factory_session.get_one(Case, seeded.case_id),
                                 "<parent.2@example.org>")).id
    with session_factory.begin() as session:
        case = session.get(Case, seeded.case_id)
        assert case is not None
        triage = session.get_one(Triage, newer)
        draft = create_draft(session, case=case, message=triage.message, triage=triage, now=NOW)
        assert draft is not None and draft.id != seeded.draft_id
    old = load_draft(session_factory, seeded.draft_id)
    assert old.status == DraftStatus.REJECTED
    assert old.last_error == SUPERSEDED


def test_automatic_mail_never_gets_a_draft(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    auto = jo_message(factory_session.get_one(Case, seeded.case_id), "<ooo.1@example.org>",
                      automatic=True).id
    with session_factory.begin() as session:
        case = session.get(Case, seeded.case_id)
        assert case is not None
        message = session.get_one(Message, auto)
        assert create_draft(session, case=case, message=message, triage=None) is None


def test_approving_twice_is_refused(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    with session_factory.begin() as session, pytest.raises(InvalidTransition):
        approve_draft(session, seeded.draft_id, approver=_adviser(session, seeded.adviser_id),
                      now=NOW)


def test_a_stale_edit_is_refused_and_every_previous_text_is_kept(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    original = load_draft(session_factory, seeded.draft_id).body
    with session_factory.begin() as session:
        edit_draft(session, seeded.draft_id, original + "\nP.S. Call us.",
                   editor=_adviser(session, seeded.adviser_id), expected_version=1)
    with session_factory.begin() as session, pytest.raises(StaleDraft):
        edit_draft(session, seeded.draft_id, "someone else's older copy",
                   editor=_adviser(session, seeded.adviser_id), expected_version=1)
    draft = load_draft(session_factory, seeded.draft_id)
    assert draft.version == 2
    assert draft.body.endswith("P.S. Call us.")
    with session_factory() as session:
        revision = session.scalars(select(DraftRevision)).one()
        assert (revision.version, revision.body) == (1, original)
        assert revision.edited_by == "adviser@advice-line.example"


def test_saving_the_same_text_again_adds_no_revision(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    body = load_draft(session_factory, seeded.draft_id).body
    with session_factory.begin() as session:
        edit_draft(session, seeded.draft_id, body, editor=_adviser(session, seeded.adviser_id),
                   expected_version=1)
    assert load_draft(session_factory, seeded.draft_id).version == 1
    with session_factory() as session:
        assert session.scalars(select(DraftRevision)).all() == []


def test_a_safeguarding_draft_needs_explicit_confirmation_to_approve(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session, safeguarding=True)
    assert "SAFEGUARDING" in load_draft(session_factory, seeded.draft_id).adviser_notes[0]
    with session_factory.begin() as session, pytest.raises(InvalidTransition):
        approve_draft(session, seeded.draft_id, approver=_adviser(session, seeded.adviser_id),
                      now=NOW)
    with session_factory.begin() as session:
        approve_draft(session, seeded.draft_id, approver=_adviser(session, seeded.adviser_id),
                      confirm_safeguarding=True, now=NOW)
    assert load_draft(session_factory, seeded.draft_id).status == DraftStatus.APPROVED


@pytest.mark.parametrize("state", ["draft", "rejected", "sent", "failed"])
def test_deliver_draft_sends_nothing_unless_approved(
    state: str, factory_session: Session, session_factory: sessionmaker[Session],
    settings: Settings,
    smtp_sink: SmtpSink,
) -> None:
    seeded = seed_draft(factory_session, approve=state in {"sent", "failed"})
    with session_factory.begin() as session:
        if state == "rejected":
            reject_draft(session, seeded.draft_id, actor="ada")
        if state in {"sent", "failed"}:
            assert claim_for_sending(session, seeded.draft_id, "<x.1@t.example>", now=NOW)
            mark_sent(session, seeded.draft_id, now=NOW)
        if state == "failed":
            assert mark_bounced(session, "<x.1@t.example>", "550 no such user") is not None
    assert deliver_draft(session_factory, seeded.draft_id, settings) == "not-approved"
    assert smtp_sink.messages == []
    assert load_draft(session_factory, seeded.draft_id).status == state


def test_claiming_an_unapproved_draft_for_sending_is_refused(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    with session_factory.begin() as session:
        assert not claim_for_sending(session, seeded.draft_id, "<x.2@t.example>", now=NOW)
    assert load_draft(session_factory, seeded.draft_id).outgoing_message_id is None


def test_reclassifying_redrafts_from_the_cases_values_and_keeps_the_old_text(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    before = load_draft(session_factory, seeded.draft_id)
    with session_factory.begin() as session:
        case = session.get(Case, seeded.case_id)
        assert case is not None
        case.categories = [Category.DELAY]
        case.next_step = NextStep.RAISE_INFORMALLY
        case.deadline = None
        case.overridden = True
        redrafted = redraft_case(session, seeded.case_id, actor="ada@advice-line.example",
                                 now=NOW + timedelta(hours=1))
        assert redrafted is not None
    after = load_draft(session_factory, seeded.draft_id)
    assert after.next_step == "raise_informally"
    assert after.version == before.version + 1
    assert "Raising your concerns informally" in after.body
    assert "11 May 2026" not in after.body
    assert after.adviser_notes[0].startswith("Redrafted after reclassification by ada@")
    with session_factory() as session:
        revision = session.scalars(select(DraftRevision)).one()
        assert revision.body == before.body
        assert revision.edited_by == "ada@advice-line.example"


def test_redrafting_after_a_rejection_writes_a_fresh_draft_for_the_same_message(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    with session_factory.begin() as session:
        reject_draft(session, seeded.draft_id, actor="ada", reason="wrong route")
        case = session.get(Case, seeded.case_id)
        assert case is not None
        case.next_step = NextStep.RAISE_INFORMALLY
        case.categories = [Category.DELAY]
        fresh = redraft_case(session, seeded.case_id, actor="ada")
        assert fresh is not None
        assert fresh.id != seeded.draft_id
        assert fresh.message_id == seeded.message_id
        assert fresh.status == DraftStatus.DRAFT
        assert fresh.next_step == "raise_informally"


def test_redrafting_leaves_an_approved_reply_alone(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    before = load_draft(session_factory, seeded.draft_id)
    with session_factory.begin() as session:
        case = session.get(Case, seeded.case_id)
        assert case is not None
        case.next_step = NextStep.GENERAL_ADVICE
        assert redraft_case(session, seeded.case_id, actor="ada") is None
    assert load_draft(session_factory, seeded.draft_id).body == before.body


def test_a_bounce_marks_the_sent_reply_failed_with_the_reason(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session, approve=True)
    with session_factory.begin() as session:
        assert claim_for_sending(session, seeded.draft_id, "<st.9@t.example>", now=NOW)
        mark_sent(session, seeded.draft_id, now=NOW)
    with session_factory.begin() as session:
        bounced = mark_bounced(session, "st.9@t.example", "550 5.1.1 mailbox unknown")
        assert bounced is not None and bounced.id == seeded.draft_id
        assert mark_bounced(session, "<st.9@t.example>", "again") is not None
        assert mark_bounced(session, "<someone-else@t.example>", "x") is None
    draft = load_draft(session_factory, seeded.draft_id)
    assert draft.status == DraftStatus.FAILED
    assert draft.last_error == "bounced: 550 5.1.1 mailbox unknown"
