"""Files attached to a reply (issue 12): sent with it through a real SMTP sink, and only
changeable while the reply is a draft."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker

from core.errors import InvalidTransition
from core.labels import NextStep
from core.settings import Settings
from replies.files import check_reply_file
from replies.sending import deliver_draft
from storage.attachments import attach_to_draft, remove_from_draft
from storage.drafts import FILES_CARRIED, NewDraft, add_draft, approve_draft
from storage.models import Case, DraftAttachment, User
from tests.attachment_files import letter_docx, letter_pdf
from tests.conftest import SmtpSink
from tests.integration.reply_rows import NOW, jo_message, seed_draft

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(make_settings: Callable[..., Settings], smtp_sink: SmtpSink,
             db_url: str) -> Settings:
    return make_settings(relay_url=smtp_sink.url, secret_key="reply-files-test",
                         database_url=db_url)


def _attach(session: Session, draft_id: int, adviser_id: int, name: str, data: bytes) -> int:
    accepted = check_reply_file(data, name)
    row = attach_to_draft(session, draft_id, filename=accepted.filename,
                          content_type=accepted.content_type, data=accepted.data,
                          actor=session.get_one(User, adviser_id), now=NOW)
    return row.id


def test_a_sent_reply_carries_its_files_with_their_names_and_bytes(
    factory_session: Session, session_factory: sessionmaker[Session], settings: Settings,
    smtp_sink: SmtpSink,
) -> None:
    seeded = seed_draft(factory_session)
    pdf, docx = letter_pdf(), letter_docx()
    _attach(factory_session, seeded.draft_id, seeded.adviser_id, "Model letter.pdf", pdf)
    _attach(factory_session, seeded.draft_id, seeded.adviser_id, "Ça va.docx", docx)
    approve_draft(factory_session, seeded.draft_id,
                  approver=factory_session.get_one(User, seeded.adviser_id), now=NOW)
    factory_session.commit()

    assert deliver_draft(session_factory, seeded.draft_id, settings, now=NOW) == "sent"
    (_, msg), = smtp_sink.messages
    files = [(p.get_filename(), p.get_content_type(), p.get_content())
             for p in msg.iter_attachments()]
    assert files == [
        ("Model letter.pdf", "application/pdf", pdf),
        ("Ça va.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx),
    ]
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None and "Dear" in body.get_content()


def test_files_cannot_be_added_or_removed_once_the_reply_is_approved(
    factory_session: Session, session_factory: sessionmaker[Session],
) -> None:
    seeded = seed_draft(factory_session)
    file_id = _attach(factory_session, seeded.draft_id, seeded.adviser_id, "a.pdf", letter_pdf())
    adviser = factory_session.get_one(User, seeded.adviser_id)
    approve_draft(factory_session, seeded.draft_id, approver=adviser, now=NOW)
    with pytest.raises(InvalidTransition, match="only before the reply is approved"):
        _attach(factory_session, seeded.draft_id, seeded.adviser_id, "b.pdf", letter_pdf())
    with pytest.raises(InvalidTransition, match="only before the reply is approved"):
        remove_from_draft(factory_session, seeded.draft_id, file_id, actor=adviser, now=NOW)


def test_files_move_to_the_draft_that_supersedes_theirs_with_a_note(
    factory_session: Session,
) -> None:
    seeded = seed_draft(factory_session)
    file_id = _attach(factory_session, seeded.draft_id, seeded.adviser_id, "a.pdf", letter_pdf())
    case = factory_session.get_one(Case, seeded.case_id)
    follow_up = jo_message(case, "<parent.2@example.org>")
    newer = add_draft(factory_session, NewDraft(
        case_id=case.id, message_id=follow_up.id, triage_id=None, next_step=NextStep.APPEAL,
        to_address="jo@example.org", subject="Re: x", body="Dear Jo", adviser_notes=(),
        drafted_by="model:test", in_reply_to=None, references=()), now=NOW)
    assert factory_session.get_one(DraftAttachment, file_id).draft_id == newer.id
    assert newer.adviser_notes == [FILES_CARRIED]
