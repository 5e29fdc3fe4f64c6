"""Authentication, roles, CSRF, cookies and headers: nothing is reachable without signing in."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from starlette.routing import Mount

from core.settings import Settings
from storage.models import User
from storage.users import create_api_token, deactivate_user
from tests.factories import case_with_thread
from tests.integration.web.web_builders import ADVISER_EMAIL, PASSWORD, csrf_from
from web.app import create_app

PUBLIC = {"/login", "/healthz"}
PRODUCTION_SECRET = "kQ3vX9-pL2mZ7rT4yW8bN1cF6hJ0sD5gA_eU"


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _flatten(routes: list[object]) -> list[object]:
    flat: list[object] = []
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI keeps included routers
        if included is not None:
            flat.extend(_flatten(list(included.routes)))
        else:
            flat.append(route)
    return flat


def _routes(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for route in _flatten(list(app.routes)):
        if isinstance(route, Mount):
            continue
        path = getattr(route, "path", "")
        for method in sorted(getattr(route, "methods", set()) - {"HEAD"}):
            found.append((method, path))
    return found


def test_every_route_refuses_an_anonymous_visitor(anon: TestClient, app: FastAPI) -> None:
    routes = _routes(app)
    assert len(routes) > 30
    for method, path in routes:
        if path in PUBLIC:
            continue
        response = anon.request(method, _concrete(path))
        if path.startswith("/api/") or path == "/openapi.json":
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.headers.get("www-authenticate") == "Bearer"
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login"), (method, path)


def test_healthz_answers_without_signing_in_and_without_data(anon: TestClient) -> None:
    response = anon.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"


def test_a_page_redirects_to_login_and_back_after_signing_in(
    anon: TestClient, users: dict[str, int]
) -> None:
    response = anon.get("/cases/7")
    assert response.headers["location"] == "/login?next=/cases/7"
    page = anon.get(response.headers["location"])
    signed = anon.post("/login", data={"email": ADVISER_EMAIL, "password": PASSWORD,
                                       "next": "/cases/7", "csrf_token": csrf_from(page.text)})
    assert signed.status_code == 303
    assert signed.headers["location"] == "/cases/7"


def test_login_refuses_an_external_next_url(anon: TestClient, users: dict[str, int]) -> None:
    page = anon.get("/login")
    signed = anon.post("/login", data={"email": ADVISER_EMAIL, "password": PASSWORD,
                                       "next": "//evil.example/",
                                       "csrf_token": csrf_from(page.text)})
    assert signed.headers["location"] == "/queue"


def test_a_wrong_password_does_not_sign_in(anon: TestClient, users: dict[str, int]) -> None:
    page = anon.get("/login")
    response = anon.post("/login", data={"email": ADVISER_EMAIL, "password": "wrong password!",
                                         "csrf_token": csrf_from(page.text)})
    assert response.status_code == 400
    assert "do not match" in response.text
    assert anon.get("/queue").status_code == 303


def test_login_without_the_csrf_token_is_refused(anon: TestClient, users: dict[str, int]) -> None:
    anon.get("/login")
    response = anon.post("/login", data={"email": ADVISER_EMAIL, "password": PASSWORD})
    assert response.status_code == 403


def test_every_form_route_refuses_a_post_without_the_csrf_token(
    manager: TestClient, app: FastAPI
) -> None:
    posts = [(m, p) for m, p in _routes(app)
             if m == "POST" and not p.startswith("/api/") and p != "/login"]
    assert len(posts) >= 12
    for _, path in posts:
        response = manager.post(_concrete(path), data={"x": "1"})
        assert response.status_code == 403, (path, response.status_code)
    assert manager.get("/queue").status_code == 200  # still signed in: nothing was done


def test_the_session_cookie_is_httponly_and_samesite(
    anon: TestClient, users: dict[str, int]
) -> None:
    response = anon.get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie


def test_the_session_cookie_is_secure_when_configured(
    make_settings: Callable[..., Settings], session_factory: sessionmaker[Session]
) -> None:
    app = create_app(make_settings(secret_key="x" * 32, web_secure_cookies=True),
                     session_factory)
    with TestClient(app, base_url="https://testserver") as client:
        response = client.get("/login")
    assert "secure" in response.headers["set-cookie"].lower()
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_production_marks_the_session_cookie_secure_and_sends_hsts_by_default(
    make_settings: Callable[..., Settings], session_factory: sessionmaker[Session]
) -> None:
    app = create_app(make_settings(environment="production", secret_key=PRODUCTION_SECRET),
                     session_factory)
    with TestClient(app, base_url="https://testserver") as client:
        response = client.get("/login")
    assert "secure" in response.headers["set-cookie"].lower()
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_pages_carry_a_csp_without_inline_script(adviser: TestClient) -> None:
    response = adviser.get("/queue")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    assert "<script>" not in response.text
    assert not re.search(r"\son[a-z]+=", response.text), "inline event handler in a page"
    assert "style=" not in response.text


def test_an_adviser_cannot_reach_manager_pages(adviser: TestClient) -> None:
    for path in ("/manager", "/manager/users", "/manager/export/cases.csv",
                 "/manager/export/aggregates.csv"):
        response = adviser.get(path)
        assert response.status_code == 403, path
        assert "Managers only" in response.text
    token = csrf_from(adviser.get("/queue").text)
    response = adviser.post("/manager/users", data={
        "csrf_token": token, "email": "new@advice-line.example", "password": "x" * 12,
        "role": "manager"})
    assert response.status_code == 403


def test_an_adviser_token_cannot_read_manager_stats(
    anon: TestClient, session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    with session_factory.begin() as session:
        token = create_api_token(session, session.get_one(User, users["adviser"]))
    response = anon.get("/api/v1/stats", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_a_deactivated_user_is_signed_out_on_the_next_request(
    adviser: TestClient, session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    assert adviser.get("/queue").status_code == 200
    with session_factory.begin() as session:
        deactivate_user(session, users["adviser"])
    response = adviser.get("/queue")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_signing_out_ends_the_session(adviser: TestClient) -> None:
    token = csrf_from(adviser.get("/queue").text)
    assert adviser.post("/logout", data={"csrf_token": token}).status_code == 303
    assert adviser.get("/queue").status_code == 303


def test_an_unknown_case_is_a_404_page(adviser: TestClient) -> None:
    response = adviser.get("/cases/999")
    assert response.status_code == 404
    assert "Not found" in response.text


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nope", "Basic abc"])
def test_the_api_refuses_a_missing_or_bad_token(anon: TestClient, header: str) -> None:
    response = anon.get("/api/v1/cases", headers={"Authorization": header} if header else {})
    assert response.status_code == 401


def test_openapi_is_served_to_a_signed_in_user(
    manager: TestClient, session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    schema = manager.get("/openapi.json").json()
    assert "/api/v1/cases" in schema["paths"]
    assert "/api/v1/drafts/{draft_id}/approve" in schema["paths"]
    assert not any(p.startswith("/manager") for p in schema["paths"])


def test_every_post_form_on_every_page_carries_the_sessions_csrf_token(
    manager: TestClient, factory_session: Session
) -> None:
    case_id = case_with_thread(safeguarding=True).id

    class Forms(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.forms: list[dict[str, str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {k: v or "" for k, v in attrs}
            if tag == "form":
                self.forms.append({"method": a.get("method", "get"), "token": ""})
            elif tag == "input" and a.get("name") == "csrf_token" and self.forms:
                self.forms[-1]["token"] = a.get("value", "")

    expected = csrf_from(manager.get("/queue").text)
    checked = 0
    for path in ("/queue", f"/cases/{case_id}", "/manager", "/manager/users", "/account"):
        parser = Forms()
        parser.feed(manager.get(path).text)
        for form in parser.forms:
            if form["method"].lower() == "post":
                assert form["token"] == expected, path
                checked += 1
    assert checked >= 12
