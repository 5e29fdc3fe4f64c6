"""Attachments on the case page (issue 12): the text read from them, downloads that are never
rendered, re-encoded image previews, and files attached to a reply."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.settings import Settings
from storage.db import transaction
from storage.enums import DraftStatus
from storage.intake import make_delivery, store_delivery
from storage.models import Case, Draft, DraftAttachment, Message, User
from storage.users import create_api_token
from tests.attachment_files import letter_pdf
from tests.conftest import EMAILS_DIR
from tests.fakes import FixedClassifier
from tests.integration.web.web_builders import csrf_from
from worker.pipeline import Pipeline

pytestmark = pytest.mark.integration


def _processed(factory: sessionmaker[Session], settings: Settings, name: str) -> tuple[int, int]:
    """(case id, message id) of fixture ``name`` after the worker processed it."""
    raw = (EMAILS_DIR / name).read_bytes()
    mid = raw.split(b"Message-ID: ", 1)[1].split(b"\n", 1)[0].decode().strip()
    with transaction(factory) as session:
        message_id = store_delivery(session, make_delivery(
            raw, message_id_header=mid, envelope_from="f@x.org",
            envelope_to=["advice@advice-line.example"])).id
    Pipeline(factory, settings, FixedClassifier(), FixedClock()).process_message(message_id)
    with factory() as session:
        message = session.get(Message, message_id)
        assert message is not None and message.case_id is not None
        return message.case_id, message_id


def test_the_case_page_shows_an_attachments_text_escaped_in_a_collapsible_block(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, message_id = _processed(session_factory, web_settings,
                                     "attachment_pdf_decision_letter.eml")
    html = adviser.get(f"/cases/{case_id}").text
    block = html[html.index(f'id="attachment-{message_id}-0"'):]
    block = block[:block.index("</li>")]
    assert '<details class="att-text"><summary>Text of this file</summary>' in block
    assert "decided not to carry out an EHC needs assessment" in block
    assert f'href="/cases/{case_id}/messages/{message_id}/attachments/0"' in block


def test_a_pdf_downloads_as_an_attachment_never_inline(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, message_id = _processed(session_factory, web_settings,
                                     "attachment_pdf_decision_letter.eml")
    response = adviser.get(f"/cases/{case_id}/messages/{message_id}/attachments/0")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"EHC decision letter.pdf\"; "
        f"filename*=UTF-8''{quote('EHC decision letter.pdf', safe='')}")


@pytest.mark.parametrize("name", ["attachment_html_file.eml", "attachment_svg_with_script.eml"])
def test_an_html_or_svg_attachment_is_downloaded_not_rendered(
    name: str, adviser: TestClient, session_factory: sessionmaker[Session],
    web_settings: Settings,
) -> None:
    case_id, message_id = _processed(session_factory, web_settings, name)
    response = adviser.get(f"/cases/{case_id}/messages/{message_id}/attachments/0")
    assert response.status_code == 200
    assert b"<script>" in response.content
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["content-security-policy"]


def test_a_download_needs_a_signed_in_user(
    anon: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, message_id = _processed(session_factory, web_settings,
                                     "attachment_pdf_decision_letter.eml")
    response = anon.get(f"/cases/{case_id}/messages/{message_id}/attachments/0")
    assert response.status_code in (302, 303)
    assert b"%PDF" not in response.content


def test_an_attachment_is_not_served_under_another_case(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, message_id = _processed(session_factory, web_settings,
                                     "attachment_pdf_decision_letter.eml")
    assert adviser.get(
        f"/cases/{case_id + 1}/messages/{message_id}/attachments/0").status_code == 404


def test_a_non_ascii_file_name_is_given_safely_encoded(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, message_id = _processed(session_factory, web_settings,
                                     "attachment_pdf_decision_letter.eml")
    with session_factory.begin() as session:
        message = session.get(Message, message_id)
        assert message is not None
        message.attachments = [{**message.attachments[0],
                                "filename": 'Zoë\'s "letter"\r\nX-Bad: 1.pdf'}]
    disposition = adviser.get(
        f"/cases/{case_id}/messages/{message_id}/attachments/0").headers["content-disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.startswith('attachment; filename="Zo__s _letter_ X-Bad_ 1.pdf"; ')
    assert disposition.endswith("filename*=UTF-8''Zo%C3%AB%27s%20%22letter%22%20X-Bad%3A%201.pdf")


def test_an_image_preview_is_the_reencoded_png_not_the_original(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, message_id = _processed(session_factory, web_settings,
                                     "attachment_photo_of_letter.eml")
    original = adviser.get(f"/cases/{case_id}/messages/{message_id}/attachments/0").content
    preview = adviser.get(f"/cases/{case_id}/messages/{message_id}/attachments/0/preview.png")
    assert preview.status_code == 200
    assert preview.headers["content-type"] == "image/png"
    assert preview.headers["x-content-type-options"] == "nosniff"
    assert preview.content.startswith(b"\x89PNG") and preview.content != original


def test_an_unreadable_attachment_says_could_not_read(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, _ = _processed(session_factory, web_settings, "attachment_zip_bomb_docx.eml")
    assert 'class="att-note att-unreadable">Could not read:' in adviser.get(
        f"/cases/{case_id}").text


# --- files attached to a reply -----------------------------------------------------------------


def _draft(factory: sessionmaker[Session], case_id: int) -> Draft:
    with factory() as session:
        return session.scalars(select(Draft).where(Draft.case_id == case_id)).one()


def _upload(client: TestClient, case_id: int, draft_id: int, name: str, data: bytes,
            csrf: str | None = None) -> int:
    token = csrf if csrf is not None else csrf_from(client.get(f"/cases/{case_id}").text)
    return int(client.post(f"/cases/{case_id}/drafts/{draft_id}/files",
                           data={"csrf_token": token},
                           files={"file": (name, data, "application/pdf")}).status_code)


def test_an_adviser_attaches_a_pdf_to_the_draft_and_it_is_listed(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, _ = _processed(session_factory, web_settings, "attachment_html_file.eml")
    draft = _draft(session_factory, case_id)
    assert _upload(adviser, case_id, draft.id, "Model letter.pdf", letter_pdf()) == 303
    with session_factory() as session:
        (row,) = session.scalars(select(DraftAttachment)).all()
    assert (row.draft_id, row.filename, row.content_type) == (
        draft.id, "Model letter.pdf", "application/pdf")
    html = adviser.get(f"/cases/{case_id}").text
    assert "Files sent with this reply" in html and "Model letter.pdf" in html


def test_a_file_of_a_type_not_allowed_is_refused(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, _ = _processed(session_factory, web_settings, "attachment_html_file.eml")
    draft = _draft(session_factory, case_id)
    _upload(adviser, case_id, draft.id, "page.pdf", b"<html><script>alert(1)</script></html>")
    with session_factory() as session:
        assert session.scalars(select(DraftAttachment)).all() == []
    assert "Not attached: only PDF" in adviser.get(f"/cases/{case_id}").text


def test_an_upload_without_the_csrf_token_is_refused(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, _ = _processed(session_factory, web_settings, "attachment_html_file.eml")
    draft = _draft(session_factory, case_id)
    assert _upload(adviser, case_id, draft.id, "x.pdf", letter_pdf(), csrf="forged") == 403


def test_an_upload_over_the_size_cap_is_refused_before_it_is_read(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, _ = _processed(session_factory, web_settings, "attachment_html_file.eml")
    draft = _draft(session_factory, case_id)
    big = b"%PDF-" + b"0" * (11 * 1024 * 1024)
    assert _upload(adviser, case_id, draft.id, "big.pdf", big) == 413


def test_a_file_can_be_removed_before_approval(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, _ = _processed(session_factory, web_settings, "attachment_html_file.eml")
    draft = _draft(session_factory, case_id)
    _upload(adviser, case_id, draft.id, "Model letter.pdf", letter_pdf())
    with session_factory() as session:
        file_id = session.scalars(select(DraftAttachment.id)).one()
    token = csrf_from(adviser.get(f"/cases/{case_id}").text)
    assert adviser.post(f"/cases/{case_id}/drafts/{draft.id}/files/{file_id}/remove",
                        data={"csrf_token": token}).status_code == 303
    with session_factory() as session:
        assert session.scalars(select(DraftAttachment)).all() == []
        assert session.get(Case, case_id) is not None


def test_a_sent_reply_lists_its_files_in_the_conversation(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, _ = _processed(session_factory, web_settings, "attachment_html_file.eml")
    draft = _draft(session_factory, case_id)
    _upload(adviser, case_id, draft.id, "Model letter.pdf", letter_pdf())
    with session_factory.begin() as session:
        sent = session.get_one(Draft, draft.id)
        sent.status, sent.sent_at = DraftStatus.SENT, sent.updated_at
    html = adviser.get(f"/cases/{case_id}").text
    conversation = html[html.index('id="conversation"'):html.index('id="notes"')]
    assert "Files sent" in conversation and "Model letter.pdf" in conversation


def test_the_api_gives_each_attachments_read_status_and_text(
    anon: TestClient, users: dict[str, int], session_factory: sessionmaker[Session],
    web_settings: Settings,
) -> None:
    _, message_id = _processed(session_factory, web_settings,
                                     "attachment_pdf_decision_letter.eml")
    with session_factory.begin() as session:
        token = create_api_token(session, session.get_one(User, users["adviser"]), "script")
    body = anon.get(f"/api/v1/messages/{message_id}",
                    headers={"Authorization": f"Bearer {token}"}).json()
    (attachment,) = body["attachments"]
    assert attachment["filename"] == "EHC decision letter.pdf"
    assert attachment["read_status"] == "read"
    assert "decided not to carry out" in attachment["text"]


def test_markup_in_an_attachments_text_is_shown_escaped(
    adviser: TestClient, session_factory: sessionmaker[Session], web_settings: Settings,
) -> None:
    case_id, _ = _processed(session_factory, web_settings, "attachment_text_with_markup.eml")
    html = adviser.get(f"/cases/{case_id}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert" not in html
