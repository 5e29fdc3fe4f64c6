"""An adviser's working day in a real browser (issue 12): approving follows the reply without a
reload, a passed deadline must be ticked off, and the open queue updates live."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.settings import Settings
from replies.sending import deliver_draft
from storage.db import transaction
from storage.enums import Role
from storage.messages import store_inbound
from storage.models import Case, Draft
from tests.conftest import SmtpSink
from tests.factories import UserFactory, case_with_thread
from tests.fakes import FixedClassifier
from tests.integration.web.web_browser_kit import SCREENSHOTS, serve, shoot, sign_in
from tests.integration.web.web_builders import ADVISER_EMAIL, NOW, PASSWORD, TODAY
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
def desk_settings(make_settings: Callable[..., Settings], smtp_sink: SmtpSink) -> Settings:
    return make_settings(secret_key="desk-browser-secret-key", relay_url=smtp_sink.url,
                         safeguarding_alert_to=["duty@advice-line.example"])


@pytest.fixture
def server(desk_settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[str]:
    app = create_app(desk_settings, session_factory)
    app.state.clock = FixedClock(NOW)
    app.state.enqueue_send = lambda draft_id: True  # the test delivers, as a worker would
    with serve(app, desk_settings.web_port) as base:
        yield base


@pytest.fixture
def adviser_page(browser: Browser, server: str, factory_session: Session) -> Iterator[Page]:
    UserFactory(email=ADVISER_EMAIL, name="Adam Adviser", role=Role.ADVISER, password=PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, server, ADVISER_EMAIL)
    yield page
    context.close()


def test_after_approve_the_status_follows_the_reply_until_sent_without_a_reload(
    browser: Browser, adviser_page: Page, server: str, session_factory: sessionmaker[Session],
    desk_settings: Settings,
) -> None:
    case_id = case_with_thread(deadline=TODAY + timedelta(days=4)).id
    following = case_with_thread(subject="Second case", deadline=TODAY + timedelta(days=20)).id
    page = adviser_page
    page.goto(f"{server}/cases/{case_id}")
    expect(page.locator("#case-status")).to_have_text("Awaiting approval")
    page.click("button:has-text('Approve and send')")
    expect(page.locator("#case-status")).to_have_text("Approved")
    expect(page.locator("a.next-case-after")).to_have_attribute("href", f"/cases/{following}")
    page.evaluate("() => { window.__sameDocument = true; }")
    with session_factory() as session:
        draft_id = session.scalars(select(Draft.id).where(Draft.case_id == case_id)).one()
    assert deliver_draft(session_factory, draft_id, desk_settings) == "sent"
    expect(page.locator("#case-status")).to_have_text("Replied", timeout=15_000)
    assert page.evaluate("() => window.__sameDocument") is True  # no reload happened
    shoot(browser, server, ADVISER_EMAIL, f"/cases/{case_id}", "case-approved")


def test_approve_waits_for_the_passed_deadline_to_be_confirmed(
    adviser_page: Page, server: str, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread(deadline=TODAY - timedelta(days=214)).id
    page = adviser_page
    page.goto(f"{server}/cases/{case_id}")
    approve = page.locator("button:has-text('Approve and send')")
    expect(page.locator("label.deadline-confirm")).to_contain_text("214 days ago")
    expect(approve).to_be_disabled()
    page.check("input[name=confirm_deadline_passed]")
    expect(approve).to_be_enabled()
    approve.click()
    expect(page.locator("#case-status")).to_have_text("Approved")


SAFEGUARDING_EMAIL = (
    b"From: Jo Kowalski <jo.kowalski@example.org>\r\nTo: advice@advice-line.example\r\n"
    b"Subject: Excluded again and scared\r\nMessage-ID: <sg.live@example.org>\r\n"
    b"Date: Sat, 28 Nov 2026 08:50:00 +0000\r\n\r\n"
    b"My son was excluded again. He says he wants to hurt himself.\r\n"
)


def test_a_safeguarding_email_alerts_the_duty_address_and_the_open_queue_at_once(
    browser: Browser, adviser_page: Page, server: str, session_factory: sessionmaker[Session],
    desk_settings: Settings, smtp_sink: SmtpSink,
) -> None:
    case_with_thread(subject="An ordinary appeal")
    page = adviser_page
    page.goto(f"{server}/queue")
    expect(page.locator("#live-sg")).to_be_hidden()
    flagged = replace(FixedClassifier().result, safeguarding=True)
    pipeline = Pipeline(session_factory, desk_settings, FixedClassifier(result=flagged),
                        FixedClock(NOW))
    with transaction(session_factory) as session:
        message_id = store_inbound(session, SAFEGUARDING_EMAIL,
                                   message_id_header="<sg.live@example.org>",
                                   envelope_from="jo.kowalski@example.org",
                                   envelope_to=["advice@advice-line.example"]).id
    assert pipeline.process_message(message_id) is Outcome.PROCESSED
    with session_factory() as session:
        case_id = session.scalars(select(Case.id).where(Case.safeguarding.is_(True))).one()
    assert [env.rcpt_tos for env, _ in smtp_sink.messages] == [["duty@advice-line.example"]]
    banner = page.locator("#live-sg")
    expect(banner).to_be_visible(timeout=15_000)
    expect(banner.locator(f"a[href='/cases/{case_id}']")).to_have_text(
        f"New safeguarding case #{case_id}: Excluded again and scared")
    page.screenshot(path=str(SCREENSHOTS / "queue-live-safeguarding-1280.png"), full_page=True)


def test_an_adviser_adds_an_internal_note_shown_apart_from_the_mail(
    browser: Browser, adviser_page: Page, server: str,
) -> None:
    case_id = case_with_thread().id
    page = adviser_page
    page.goto(f"{server}/cases/{case_id}")
    page.fill("form.noteform textarea[name=text]", "Mum prefers a phone call after 3pm.")
    page.click("button:has-text('Add internal note')")
    note = page.locator("article.internal-note")
    expect(note).to_contain_text("Mum prefers a phone call after 3pm.")
    expect(note).to_contain_text("never sent to the parent")
    expect(page.locator(".history")).to_contain_text("added an internal note")
    shoot(browser, server, ADVISER_EMAIL, f"/cases/{case_id}", "case-internal-note")
