"""An adviser's working day in a real browser (issue 12): approving follows the reply without a
reload, a passed deadline must be ticked off, and the open queue updates live."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.settings import Settings
from replies.sending import deliver_draft
from storage.db import transaction
from storage.enums import Role
from storage.intake import make_delivery, store_delivery
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
        message_id = store_delivery(session, make_delivery(SAFEGUARDING_EMAIL,
                                   message_id_header="<sg.live@example.org>",
                                   envelope_from="jo.kowalski@example.org",
                                   envelope_to=["advice@advice-line.example"])).id
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


def _accept_next_dialog(page: Page, said: list[str]) -> None:
    def accept(dialog: Dialog) -> None:
        said.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)


def test_keyboard_approve_asks_then_shows_approved_and_n_opens_the_next_case(
    adviser_page: Page, server: str,
) -> None:
    case_id = case_with_thread(deadline=TODAY + timedelta(days=4)).id
    following = case_with_thread(subject="Second case", deadline=TODAY + timedelta(days=20)).id
    page = adviser_page
    page.goto(f"{server}/cases/{case_id}")
    asked: list[str] = []
    _accept_next_dialog(page, asked)
    page.keyboard.press("a")
    expect(page.locator("#case-status")).to_have_text("Approved")
    assert asked == ["Approve and send this reply to the parent?"]
    expect(page.locator("a.next-case-after")).to_be_focused()
    page.keyboard.press("n")
    expect(page).to_have_url(f"{server}/cases/{following}")


def test_keyboard_approve_on_a_safeguarding_case_waits_for_the_box_to_be_ticked(
    adviser_page: Page, server: str,
) -> None:
    case_id = case_with_thread(safeguarding=True).id
    page = adviser_page
    page.goto(f"{server}/cases/{case_id}")
    page.keyboard.press("a")
    expect(page.locator("input[name=confirm_safeguarding]")).to_be_focused()
    expect(page.locator(".kb-toast")).to_have_text(
        "Tick the confirmation first, then press a again.")
    expect(page.locator("#case-status")).to_have_text("Awaiting approval")
    page.keyboard.press("Space")  # ticks the focused box
    _accept_next_dialog(page, [])
    page.keyboard.press("a")
    expect(page.locator("#case-status")).to_have_text("Approved")


def test_bulk_close_from_the_keyboard_closes_both_cases_with_the_reason_in_history(
    adviser_page: Page, server: str,
) -> None:
    first = case_with_thread(subject="First copy", deadline=TODAY + timedelta(days=3)).id
    second = case_with_thread(subject="Second copy", deadline=TODAY + timedelta(days=5)).id
    kept = case_with_thread(subject="Another family", deadline=TODAY + timedelta(days=9)).id
    page = adviser_page
    page.goto(f"{server}/queue")
    for key in ("j", "x", "j", "x"):
        page.keyboard.press(key)
    expect(page.locator("[data-bulk-count]")).to_have_text("2 cases selected")
    page.select_option("select[name=reason]", "duplicate")
    page.screenshot(path=str(SCREENSHOTS / "queue-bulk-bar-1280.png"), full_page=True)
    asked: list[str] = []
    _accept_next_dialog(page, asked)
    page.click("button[data-bulk-close]")
    expect(page.locator(".flash-success")).to_have_text("2 cases closed as duplicate.")
    assert asked == ["Close 2 cases as duplicate? Drafts waiting on them are rejected: "
                     "nothing is sent."]
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    expect(page.locator(f"tr[data-case-id='{kept}']")).to_be_visible()
    for case_id in (first, second):
        page.goto(f"{server}/cases/{case_id}")
        expect(page.locator("#case-status")).to_have_text("Closed")
        expect(page.locator(".history")).to_contain_text("closed the case: “duplicate”")


def test_question_mark_opens_the_shortcuts_dialog_and_escape_closes_it(
    adviser_page: Page, server: str,
) -> None:
    case_with_thread()
    page = adviser_page
    page.goto(f"{server}/queue")
    page.fill("#queue-search", "why?")  # typed into a box: not a shortcut
    expect(page.locator("dialog#shortcuts")).to_be_hidden()
    page.locator("#queue-search").blur()
    page.keyboard.press("?")
    dialog = page.locator("dialog#shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Keyboard shortcuts")).to_be_visible()
    assert page.evaluate("() => document.querySelector('dialog#shortcuts').contains("
                         "document.activeElement)")
    page.screenshot(path=str(SCREENSHOTS / "shortcuts-dialog-1280.png"))
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_slash_focuses_the_search_and_g_q_goes_back_to_the_queue(
    adviser_page: Page, server: str,
) -> None:
    case_id = case_with_thread().id
    page = adviser_page
    page.goto(f"{server}/cases/{case_id}")
    page.keyboard.press("g")
    page.keyboard.press("q")
    expect(page).to_have_url(f"{server}/queue")
    page.keyboard.press("/")
    expect(page.locator("#queue-search")).to_be_focused()


def test_a_saved_view_round_trip_save_follow_and_delete(
    adviser_page: Page, server: str,
) -> None:
    appeal = case_with_thread(subject="Appeal case").id
    case_with_thread(subject="Exclusion case", categories=["exclusion"])
    page = adviser_page
    page.goto(f"{server}/queue")
    page.select_option("select[name=category]", "appeal")  # the filter form submits itself
    expect(page).to_have_url(f"{server}/queue?category=appeal")
    page.fill("form.save-view input[name=name]", "Appeals")
    page.click("form.save-view button")
    expect(page.locator(".flash-success")).to_have_text("Saved view “Appeals”.")
    page.goto(f"{server}/queue")
    expect(page.locator("table.queue tbody tr")).to_have_count(2)
    page.click("li.saved-view a:has-text('Appeals')")
    expect(page).to_have_url(f"{server}/queue?category=appeal")
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    expect(page.locator(f"tr[data-case-id='{appeal}']")).to_be_visible()
    _accept_next_dialog(page, [])
    page.click("button[aria-label='Delete saved view Appeals']")
    expect(page.locator(".flash-success")).to_have_text("Saved view deleted.")
    expect(page.locator("li.saved-view")).to_have_count(0)


def test_enter_on_a_ticked_box_does_not_submit_the_bulk_form(
    adviser_page: Page, server: str, session_factory: sessionmaker[Session],
) -> None:
    case_id = case_with_thread().id
    page = adviser_page
    page.goto(f"{server}/queue")
    box = page.locator(f"input[name=case_ids][value='{case_id}']")
    box.check()
    box.press("Enter")
    page.goto(f"{server}/queue")  # a submission in flight would have landed before this
    expect(page.locator(".flash")).to_have_count(0)
    with session_factory() as session:
        assert session.get_one(Case, case_id).assignee_id is None


def test_all_on_this_page_ticks_every_case_and_the_bar_counts_them(
    adviser_page: Page, server: str,
) -> None:
    for n in range(3):
        case_with_thread(subject=f"Case {n}")
    page = adviser_page
    page.goto(f"{server}/queue")
    expect(page.locator("a.select-all-link")).to_be_hidden()
    page.check("input[data-select-all]")
    expect(page.locator("input[name=case_ids]:checked")).to_have_count(3)
    expect(page.locator("[data-bulk-count]")).to_have_text("3 cases selected")
