"""Issue 12, "Done when": a parent's email with a PDF decision letter attached → in Chromium the
case page shows the letter's text and the triage shows the letter's date and its deadline."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from classify.pipeline import load_classifier
from core.clock import FixedClock
from core.settings import Settings
from storage.db import transaction
from storage.enums import Role
from storage.intake import make_delivery, store_delivery
from storage.models import Message
from tests.conftest import EMAILS_DIR
from tests.factories import UserFactory
from tests.integration.web.web_browser_kit import SCREENSHOTS, serve, sign_in
from tests.integration.web.web_builders import ADVISER_EMAIL, NOW, PASSWORD
from web.app import create_app
from worker.pipeline import Outcome, Pipeline

pytestmark = [pytest.mark.integration, pytest.mark.browser]


@pytest.fixture
def db_backend() -> str:
    """PostgreSQL only, as the other browser tests."""
    return "postgresql"


@pytest.fixture
def session_factory(committed_session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Rows really commit: uvicorn serves the browser from its own threads."""
    return committed_session_factory


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(secret_key="attachments-browser-secret")


@pytest.fixture
def server(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[str]:
    app = create_app(settings, session_factory)
    app.state.clock = FixedClock(NOW)
    with serve(app, settings.web_port) as base:
        yield base


@pytest.fixture
def adviser_page(browser: Browser, server: str, factory_session: Session) -> Iterator[Page]:
    UserFactory(email=ADVISER_EMAIL, name="Adam Adviser", role=Role.ADVISER, password=PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    sign_in(page, server, ADVISER_EMAIL)
    yield page
    context.close()


def _received_and_processed(factory: sessionmaker[Session], settings: Settings) -> int:
    raw = (EMAILS_DIR / "attachment_pdf_decision_letter.eml").read_bytes()
    with transaction(factory) as session:
        message_id = store_delivery(session, make_delivery(
            raw, message_id_header="<pdf.letter.1106@example.net>",
            envelope_from="oscar.reid@example.net",
            envelope_to=["advice@advice-line.example"])).id
    pipeline = Pipeline(factory, settings, load_classifier(), FixedClock(NOW))
    assert pipeline.process_message(message_id) is Outcome.PROCESSED
    with factory() as session:
        case_id = session.get_one(Message, message_id).case_id
        assert case_id is not None
        return case_id


def test_a_pdf_decision_letter_shows_its_text_and_its_date_in_the_triage(
    adviser_page: Page, server: str, session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    case_id = _received_and_processed(session_factory, settings)
    page = adviser_page
    page.goto(f"{server}/cases/{case_id}")
    letter = page.locator("li.attachment").first
    expect(letter.locator(".att-name")).to_have_text("EHC decision letter.pdf")
    text = letter.locator("details.att-text")
    expect(text.locator(".msgtext")).to_be_hidden()
    text.locator("summary").click()
    expect(text.locator(".msgtext")).to_contain_text(
        "decided not to carry out an EHC needs assessment")
    triage = page.locator("#triage dl.facts").first
    expect(triage).to_contain_text("Decision dateTue 03 Nov 2026")
    expect(triage).to_contain_text("Deadline04 Jan 2027")
    with page.expect_download() as download:
        letter.locator("a.att-download").click()
    assert download.value.suggested_filename == "EHC decision letter.pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "case-attachment-1280.png"), full_page=True)
