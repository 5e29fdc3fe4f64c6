"""The web app in a real browser (Debian's Chromium driven by Playwright) against uvicorn.

Covers what only a browser proves: the pages work with the CSP (no inline script), the charts
draw, downloads work, and a hostile email cannot run anything. Screenshots of the main pages
at desktop and phone widths go to ``test-output/screenshots/``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.settings import Settings
from replies.sending import deliver_draft
from storage.enums import CaseStatus, DraftStatus, MessageStatus, Role
from storage.models import Case, Draft, User
from tests.factories import CorrectionFactory, UserFactory, case_with_thread
from tests.integration.web.web_browser_kit import serve, shoot, sign_in
from tests.integration.web.web_builders import (
    ADVISER_EMAIL,
    MANAGER_EMAIL,
    NOW,
    PASSWORD,
    TODAY,
    XSS_HTML,
    XSS_TEXT,
)
from web.app import create_app

pytestmark = [pytest.mark.integration, pytest.mark.browser]

@pytest.fixture
def db_backend() -> str:
    """Browser tests run on PostgreSQL only (the unit of work is the same on SQLite)."""
    return "postgresql"


@pytest.fixture
def session_factory(
    committed_session_factory: sessionmaker[Session],
) -> sessionmaker[Session]:
    """Rows really commit: uvicorn serves the browser's requests from its own threads."""
    return committed_session_factory


@pytest.fixture
def browser_settings(make_settings: Callable[..., Settings], smtp_sink: object) -> Settings:
    return make_settings(secret_key="browser-test-secret-key",
                         relay_url=smtp_sink.url)  # type: ignore[attr-defined]


@pytest.fixture
def server(browser_settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[str]:
    """The app served by a real uvicorn on 127.0.0.1; yields its base URL."""
    app = create_app(browser_settings, session_factory)
    app.state.clock = FixedClock(NOW)
    with serve(app, browser_settings.web_port) as base:
        yield base


@pytest.fixture
def seeded(factory_session: Session) -> dict[str, int]:
    """A morning's queue: safeguarding, deadlines near and far, low confidence, a hostile email."""
    manager = UserFactory(email=MANAGER_EMAIL, role=Role.MANAGER, name="Maya Manager",
                          password=PASSWORD)
    adviser = UserFactory(email=ADVISER_EMAIL, name="Adam Adviser", password=PASSWORD)
    approved = {"approved_by": adviser, "approved_at": NOW - timedelta(days=1)}
    ids = {"manager": manager.id, "adviser": adviser.id}
    ids["safeguarding"] = case_with_thread(
        subject="Excluded again and he says he wants to hurt himself",
        parent_address="jo.kowalski@example.org", parent_name="Jo Kowalski",
        body="My son (Year 8, autistic) was excluded for five days on Monday. He says he "
             "wants to hurt himself and I am frightened.\nThe school say it is "
             "behaviour but it is his autism.",
        categories=["exclusion", "discrimination"], next_step="challenge_exclusion",
        decision_date=TODAY - timedelta(days=4), deadline=TODAY + timedelta(days=11),
        safeguarding=True, confidence=0.74, created_at=NOW - timedelta(minutes=40),
        evidence={"exclusion": ["was excluded for five days on Monday."],
                  "discrimination": ["The school say it is behaviour but it is his autism."]},
        draft_body="Dear Jo,\n\nThank you for telling us. If you think your son is at "
                   "risk, please call 999 or his GP today.\n\nAbout the exclusion: ...\n",
    ).id
    ids["appeal"] = case_with_thread(deadline=TODAY + timedelta(days=4),
                                     created_at=NOW - timedelta(days=1, hours=3),
                                     assignee=adviser).id
    ids["delay"] = case_with_thread(
        subject="EHCP annual review 6 months late",
        parent_address="sam.okafor@example.net", parent_name="Sam Okafor",
        body="The council still has not finalised the amended plan after the annual review "
             "in May.", categories=["delay"], next_step="formal_complaint",
        decision_date=None, deadline=None, confidence=0.88,
        created_at=NOW - timedelta(days=4), evidence={"delay": [
            "The council still has not finalised the amended plan after the annual review "
            "in May."]},
        draft_body="Dear Sam,\n\nThe council must finalise the plan within set time "
                   "limits...\n").id
    ids["unsure"] = case_with_thread(
        subject="Question", parent_address="lee@example.com", parent_name="",
        body="Hi, can you tell me what my options are with the school? Thanks",
        categories=[], next_step="general_advice", decision_date=None, deadline=None,
        confidence=0.31, needs_triage=True, status=CaseStatus.NEEDS_TRIAGE,
        created_at=NOW - timedelta(days=9), evidence={}).id
    ids["xss"] = case_with_thread(
        subject="Re: <img src=x onerror=alert(7)> tribunal",
        parent_address="mallory@evil.example", parent_name="Mallory <script>alert(8)</script>",
        body=XSS_TEXT, html=XSS_HTML, categories=["appeal"], deadline=TODAY - timedelta(
            days=2), created_at=NOW - timedelta(days=2),
        attachments=[{"filename": "<script>alert(9)</script>.pdf",
                      "content_type": "application/pdf", "size": 2048, "sha256": "0" * 64},
                     {"filename": "decision-letter.docx",
                      "content_type": "application/vnd.openxmlformats-officedocument."
                                      "wordprocessingml.document", "size": 183_004,
                      "sha256": "1" * 64}],
        evidence={}).id
    for i in range(4):
        case_with_thread(subject=f"Older enquiry {i}", parent_address=f"parent{i}@example.org",
                         categories=[["appeal"], ["exclusion"], ["discrimination"], ["delay"]][i],
                         next_step=["appeal", "challenge_exclusion", "discrimination_claim",
                                    "raise_informally"][i],
                         created_at=NOW - timedelta(days=6 + 3 * i), status=CaseStatus.REPLIED,
                         first_response_at=NOW - timedelta(days=5 + 3 * i, hours=20 - i),
                         draft_status=DraftStatus.SENT, draft_fields=approved, evidence={})
    ids["stuck"] = case_with_thread(
        subject="Sending stuck", draft_status=DraftStatus.SENDING, draft_fields=approved,
        created_at=NOW - timedelta(hours=20), deadline=None, evidence={},
        message_fields={"status": MessageStatus.QUARANTINED,
                        "last_error": "UnicodeDecodeError in part 2 after 5 attempts"}).id
    CorrectionFactory(case_id=ids["delay"], user_id=adviser.id,
                      old_categories=["appeal"], new_categories=["delay"],
                      old_next_step="appeal", new_next_step="formal_complaint",
                      created_at=NOW - timedelta(days=3))
    return ids


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def test_an_adviser_signs_in_opens_the_queue_and_a_case(
    browser: Browser, page: Page, server: str, seeded: dict[str, int]
) -> None:
    sign_in(page, server, ADVISER_EMAIL)
    rows = page.locator("table.queue tbody tr")
    expect(rows.first).to_contain_text("Safeguarding")
    assert rows.first.get_attribute("data-case-id") == str(seeded["safeguarding"])
    expect(page.locator(f"tr[data-case-id='{seeded['appeal']}'] .deadline")).to_have_class(
        "deadline dl-close")
    expect(page.locator(f"tr[data-case-id='{seeded['unsure']}']")).to_contain_text(
        "needs triage")
    page.click(f"tr[data-case-id='{seeded['appeal']}'] a.case-link")
    expect(page.locator("h1")).to_have_text("EHC needs assessment refused")
    expect(page.locator("mark.evidence").first).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value(
        "Dear Priya,\n\nThank you for writing to us. You can appeal.\n")
    shoot(browser, server, ADVISER_EMAIL, "/queue", "queue")
    shoot(browser, server, ADVISER_EMAIL, f"/cases/{seeded['safeguarding']}", "case")


def test_queue_filters_and_search_in_the_browser(
    page: Page, server: str, seeded: dict[str, int]
) -> None:
    sign_in(page, server, ADVISER_EMAIL)
    page.select_option("select[name=category]", "delay")  # submits on change (app.js)
    expect(page).to_have_url(f"{server}/queue?category=delay")
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    page.fill("input[name=q]", "kowalski")
    page.select_option("select[name=category]", "")
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    expect(page.locator("table.queue tbody tr")).to_contain_text("Jo Kowalski")


def test_an_adviser_edits_and_approves_a_draft_and_the_reply_reaches_the_relay(
    page: Page, server: str, seeded: dict[str, int], session_factory: sessionmaker[Session],
    browser_settings: Settings, smtp_sink: object,
) -> None:
    sign_in(page, server, ADVISER_EMAIL)
    page.goto(f"{server}/cases/{seeded['appeal']}")
    page.fill("textarea[name=body]", "Dear Priya,\n\nYou have two months to appeal.\n\nAdam")
    page.click("button:has-text('Save draft')")
    expect(page.locator(".flash-success")).to_have_text("Draft saved.")
    page.click("button:has-text('Approve and send')")
    expect(page.locator(".flash-success")).to_contain_text("Approved")
    with session_factory() as session:
        draft = session.scalars(select(Draft).where(Draft.case_id == seeded["appeal"])).one()
    assert draft.status == DraftStatus.APPROVED
    assert deliver_draft(session_factory, draft.id, browser_settings) == "sent"
    messages = smtp_sink.messages  # type: ignore[attr-defined]
    assert len(messages) == 1
    envelope, sent = messages[0]
    assert envelope.rcpt_tos == ["priya.parent@example.org"]
    assert "You have two months to appeal." in sent.get_body(("plain",)).get_content()
    page.reload()
    expect(page.locator("#draft")).to_contain_text("Sent")
    expect(page.locator(".history")).to_contain_text("approved the reply")
    expect(page.locator(".history")).to_contain_text("edited the draft")


def test_a_safeguarding_reply_cannot_be_approved_until_confirmed(
    page: Page, server: str, seeded: dict[str, int]
) -> None:
    sign_in(page, server, ADVISER_EMAIL)
    page.goto(f"{server}/cases/{seeded['safeguarding']}")
    approve = page.locator("button:has-text('Approve and send')")
    expect(approve).to_be_disabled()
    page.check("input[name=confirm_safeguarding]")
    expect(approve).to_be_enabled()


def test_reclassifying_re_renders_the_draft(
    page: Page, server: str, seeded: dict[str, int], session_factory: sessionmaker[Session]
) -> None:
    sign_in(page, server, ADVISER_EMAIL)
    page.goto(f"{server}/cases/{seeded['unsure']}")
    before = page.locator("textarea[name=body]").input_value()
    details = page.locator("details.reclassify")
    expect(details).to_have_attribute("open", "")  # low confidence: opened for the adviser
    details.locator("input[value=exclusion]").check()
    details.locator("select[name=next_step]").select_option("challenge_exclusion")
    details.locator("input[name=note]").fill("an exclusion")
    details.locator("button[type=submit]").click()
    expect(page.locator(".flash-success")).to_contain_text("Reclassified")
    after = page.locator("textarea[name=body]").input_value()
    assert after != before
    expect(page.locator(".history")).to_contain_text("reclassified the case")
    with session_factory() as session:
        case = session.get(Case, seeded["unsure"])
        assert case is not None and case.categories == ["exclusion"] and case.overridden


def test_the_manager_dashboard_draws_its_charts(
    browser: Browser, page: Page, server: str, seeded: dict[str, int]
) -> None:
    sign_in(page, server, MANAGER_EMAIL)
    page.goto(f"{server}/manager")
    for chart in ("#volume-chart svg.chart-wide", "#backlog-chart svg"):
        box = page.locator(chart).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator("#volume-chart rect.bar").count() >= 5
    assert page.locator("#backlog-chart rect.bar").count() == 4
    expect(page.locator("#volume-chart svg.chart-narrow")).to_be_hidden()
    expect(page.locator("#attention")).to_contain_text("UnicodeDecodeError")
    page.click("a:has-text('Weeks')")
    expect(page.locator("#vol-h")).to_have_text("New cases by category, per week")
    shoot(browser, server, MANAGER_EMAIL, "/manager", "dashboard")


def test_pages_fit_a_phone_screen_without_sideways_scrolling(
    browser: Browser, server: str, seeded: dict[str, int]
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, server, MANAGER_EMAIL)
    for path in ("/queue", f"/cases/{seeded['safeguarding']}", f"/cases/{seeded['xss']}",
                 "/manager", "/manager/users", "/account"):
        page.goto(server + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > 391 && !el.closest('.scrollx'))
            .map(el => el.tagName + '.' + el.className).slice(0, 5)""")
        assert width <= 390, (path, width, wide)
    page.goto(f"{server}/manager")
    expect(page.locator("#volume-chart svg.chart-narrow")).to_be_visible()
    expect(page.locator("#volume-chart svg.chart-wide")).to_be_hidden()
    context.close()


def test_the_user_table_shows_every_control_at_phone_width(
    browser: Browser, server: str, seeded: dict[str, int]
) -> None:
    UserFactory(email="siobhan.ni.bhriain.long-address@advice-line.example",
                name="Siobhán Ní Bhriain", role=Role.MANAGER)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, server, MANAGER_EMAIL)
    page.goto(f"{server}/manager/users")
    controls = page.locator("table.users tbody :is(select, button, strong, .email)")
    assert controls.count() >= 10
    for i in range(controls.count()):
        box = controls.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (
            controls.nth(i).inner_text(), box)
    context.close()
    shoot(browser, server, MANAGER_EMAIL, "/manager/users", "users")


def test_the_manager_downloads_the_cases_csv(
    page: Page, server: str, seeded: dict[str, int]
) -> None:
    sign_in(page, server, MANAGER_EMAIL)
    page.goto(f"{server}/manager")
    with page.expect_download() as info:
        page.click("a:has-text('Cases (CSV')")
    download = info.value
    assert download.suggested_filename.startswith("cases-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 10
    assert {r["id"] for r in rows} >= {str(seeded["xss"]), str(seeded["safeguarding"])}


def test_a_hostile_email_cannot_run_anything(
    browser: Browser, page: Page, server: str, seeded: dict[str, int]
) -> None:
    dialogs: list[str] = []
    def record_and_dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record_and_dismiss)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, server, ADVISER_EMAIL)
    page.goto(f"{server}/queue")
    page.goto(f"{server}/cases/{seeded['xss']}")
    page.click("summary:has-text('Formatted original')")
    html_box = page.locator(".emailhtml")
    expect(html_box).to_contain_text("hover here")
    html_box.get_by_text("hover here").hover()
    html_box.get_by_text("hover here").click()
    html_box.get_by_text("click me").click()
    page.wait_for_load_state()
    assert dialogs == []
    assert page.evaluate("() => window.__xss") is None
    injected = page.evaluate("""() => {
        const scripts = [...document.scripts].map(s => s.src);
        const handlers = [...document.querySelectorAll('*')].flatMap(
            el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => a.name));
        const jsLinks = [...document.querySelectorAll('[href]')].filter(
            el => el.getAttribute('href').trim().toLowerCase().startsWith('javascript:'));
        const frames = document.querySelectorAll('iframe, object, embed, form[action*=evil]');
        const remote = [...document.images].filter(
            i => i.src && !i.src.startsWith(location.origin));
        return {scripts, handlers, jsLinks: jsLinks.length, frames: frames.length,
                remote: remote.length};
    }""")
    assert injected == {"scripts": [f"{server}/static/app.js?v=2"], "handlers": [],
                        "jsLinks": 0, "frames": 0, "remote": 0}
    assert not [u for u in requests if not u.startswith(server)]
    expect(page.locator("h1")).to_have_text("Re: <img src=x onerror=alert(7)> tribunal")
    expect(page.locator(".attachments")).to_contain_text("<script>alert(9)</script>.pdf")
    shoot(browser, server, ADVISER_EMAIL, f"/cases/{seeded['xss']}", "case-hostile-email")


def test_an_adviser_cannot_reach_manager_pages(
    page: Page, server: str, seeded: dict[str, int]
) -> None:
    sign_in(page, server, ADVISER_EMAIL)
    expect(page.locator("nav.mainnav")).not_to_contain_text("Dashboard")
    for path in ("/manager", "/manager/users"):
        response = page.goto(server + path)
        assert response is not None and response.status == 403
        expect(page.locator("h1")).to_have_text("Managers only")
    response = page.goto(f"{server}/manager/export/cases.csv")
    assert response is not None and response.status == 403


def test_the_pages_use_no_inline_script_so_the_csp_reports_nothing(
    page: Page, server: str, seeded: dict[str, int]
) -> None:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    sign_in(page, server, MANAGER_EMAIL)
    for path in ("/queue", f"/cases/{seeded['safeguarding']}", f"/cases/{seeded['xss']}",
                 "/manager", "/manager/users", "/account"):
        page.goto(server + path)
    assert violations == []


def test_a_manager_adds_a_user_in_the_browser(
    page: Page, server: str, seeded: dict[str, int], session_factory: sessionmaker[Session]
) -> None:
    sign_in(page, server, MANAGER_EMAIL)
    page.goto(f"{server}/manager/users")
    page.fill("input[name=email]", "nia.new@advice-line.example")
    page.fill("input[name=name]", "Nia New")
    page.fill("input[name=password]", "a long enough password")
    page.click("button:has-text('Add user')")
    expect(page.locator(".flash-success")).to_contain_text("Created nia.new@advice-line.example")
    with session_factory() as session:
        assert session.scalars(select(User).where(
            User.email == "nia.new@advice-line.example")).one().role == Role.ADVISER
    assert date.today()  # the app's clock is fixed; the browser's is not involved
