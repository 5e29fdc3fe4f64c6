"""The web app over the 30 evaluation emails taken through the real pipeline (parse → triage →
draft): every case page, the queue, the dashboard, the CSV and the API cope with real mail.

The emails are only displayed here, never used to tune anything. The triage comes from the
packaged spaCy model, so this is the pipeline exactly as the worker runs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from classify.types import TriageModel
from core.clock import FixedClock
from core.settings import Settings
from storage.db import transaction
from storage.enums import Role
from storage.intake import make_delivery, store_delivery
from storage.models import Case, Draft, Message
from tests.conftest import EVAL_DIR
from tests.factories import UserFactory, building_in
from tests.integration.web.web_browser_kit import serve, shoot, sign_in
from tests.integration.web.web_builders import MANAGER_EMAIL, NOW, PASSWORD, csrf_from
from web.app import create_app
from worker.pipeline import Pipeline

pytestmark = [pytest.mark.integration]


def _classifier() -> TriageModel:
    from classify.pipeline import load_classifier  # noqa: PLC0415 - heavy: load only here

    return load_classifier()


def _load_eval(factory: sessionmaker[Session], make_settings: Callable[..., Settings]) -> Settings:
    """The 30 labelled emails through the real pipeline and model, and a manager to sign in."""
    settings = make_settings(secret_key="eval-loaded-web-test")
    pipeline = Pipeline(factory, settings, _classifier(), FixedClock(NOW))
    files = sorted(EVAL_DIR.glob("*.eml"))
    assert len(files) == 30
    for path in files:
        raw = path.read_bytes()
        with transaction(factory) as session:
            stored = store_delivery(session, make_delivery(raw, message_id_header=None,
                                   envelope_from="enquiries@advice-line.example",
                                   envelope_to=["advice@advice-line.example"], received_at=NOW))
        pipeline.process_message(stored.id)
    with factory() as session, building_in(session):
        UserFactory(email=MANAGER_EMAIL, role=Role.MANAGER, name="Maya Manager",
                    password=PASSWORD)
    return settings


@pytest.fixture
def eval_loaded(
    session_factory: sessionmaker[Session], make_settings: Callable[..., Settings]
) -> Settings:
    return _load_eval(session_factory, make_settings)


@pytest.fixture
def eval_loaded_committed(
    committed_session_factory: sessionmaker[Session], make_settings: Callable[..., Settings]
) -> Settings:
    """As ``eval_loaded``, committed: uvicorn serves the browser from its own threads."""
    return _load_eval(committed_session_factory, make_settings)


def test_every_page_renders_for_the_evaluation_emails(
    eval_loaded: Settings, session_factory: sessionmaker[Session]
) -> None:
    app = create_app(eval_loaded, session_factory)
    app.state.clock = FixedClock(NOW)
    with session_factory() as session:
        case_ids = list(session.scalars(select(Case.id)))
        drafts = session.scalars(select(Draft)).all()
    assert len(case_ids) >= 20
    assert drafts
    with TestClient(app, follow_redirects=False) as client:
        login = client.get("/login")
        client.post("/login", data={"email": MANAGER_EMAIL, "password": PASSWORD,
                                    "csrf_token": csrf_from(login.text)})
        queue = client.get("/queue?status=all")
        assert queue.status_code == 200
        assert queue.text.count("data-case-id=") == len(case_ids)
        for case_id in case_ids:
            page = client.get(f"/cases/{case_id}")
            assert page.status_code == 200, case_id
            assert "<script>" not in page.text.split('<main id="main"', 1)[1]
        assert client.get("/manager").status_code == 200
        rows = list(csv.DictReader(io.StringIO(
            client.get("/manager/export/cases.csv").text.lstrip("\ufeff"))))
        assert len(rows) == len(case_ids)


@pytest.mark.browser
def test_the_evaluation_emails_in_a_browser(
    eval_loaded_committed: Settings, committed_session_factory: sessionmaker[Session],
    browser: Browser,
) -> None:
    eval_loaded, session_factory = eval_loaded_committed, committed_session_factory
    app = create_app(eval_loaded, session_factory)
    app.state.clock = FixedClock(NOW)
    with session_factory() as session:
        html_case = session.scalars(
            select(Message.case_id).where(Message.html.is_not(None), Message.case_id.is_not(None))
            .order_by(Message.id)).first()
        forwarded_case = session.scalars(
            select(Message.case_id).where(Message.via_address.is_not(None),
                                          Message.case_id.is_not(None))
            .order_by(Message.id)).first()
    with serve(app, eval_loaded.web_port) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, base, MANAGER_EMAIL)
        expect(page.locator("table.queue tbody tr").first).to_be_visible()
        for case_id in (html_case, forwarded_case):
            if case_id is not None:
                page.goto(f"{base}/cases/{case_id}")
                expect(page.locator("#conversation article.message").first).to_be_visible()
        context.close()
        shoot(browser, base, MANAGER_EMAIL, "/queue", "eval-queue")
        shoot(browser, base, MANAGER_EMAIL, "/manager", "eval-dashboard")
        if html_case is not None:
            shoot(browser, base, MANAGER_EMAIL, f"/cases/{html_case}", "eval-case-html")
        if forwarded_case is not None:
            shoot(browser, base, MANAGER_EMAIL, f"/cases/{forwarded_case}", "eval-case-forwarded")
