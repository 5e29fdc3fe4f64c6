"""Fixtures for the web tests: the app over a real database, signed-in clients, seeded rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.settings import Settings
from storage.enums import Role
from tests.factories import UserFactory
from tests.integration.web.web_browser_kit import CHROMIUM_ARGS
from tests.integration.web.web_builders import (
    ADVISER_EMAIL,
    MANAGER_EMAIL,
    NOW,
    OTHER_ADVISER_EMAIL,
    PASSWORD,
    csrf_from,
)
from web.app import create_app

SECRET = "test-secret-key-for-web-tests-only"


@pytest.fixture
def web_settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(secret_key=SECRET)


@pytest.fixture
def users(factory_session: Session) -> dict[str, int]:
    """A manager and two advisers who can sign in; returns their ids by role name."""
    manager = UserFactory(email=MANAGER_EMAIL, role=Role.MANAGER, name="Maya Manager",
                          password=PASSWORD)
    adviser = UserFactory(email=ADVISER_EMAIL, name="Adam Adviser", password=PASSWORD)
    other = UserFactory(email=OTHER_ADVISER_EMAIL, name="Olu Adviser", password=PASSWORD)
    return {"manager": manager.id, "adviser": adviser.id, "other": other.id}


@pytest.fixture
def app(web_settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    application = create_app(web_settings, session_factory)
    application.state.clock = FixedClock(NOW)
    return application


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": csrf_from(page.text), "next": "/queue"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def anon(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def adviser(app: FastAPI, users: dict[str, int]) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield sign_in(client, ADVISER_EMAIL)


@pytest.fixture
def other_adviser(app: FastAPI, users: dict[str, int]) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield sign_in(client, OTHER_ADVISER_EMAIL)


@pytest.fixture
def manager(app: FastAPI, users: dict[str, int]) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield sign_in(client, MANAGER_EMAIL)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (one per test module)."""
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
