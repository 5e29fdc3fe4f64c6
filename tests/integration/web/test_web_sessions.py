"""Server-side sessions: the cookie is only an id; logout, password change and deactivation end
sessions on the server; idle and absolute expiry; expired rows are deleted."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from storage.models import WebSession
from storage.users import deactivate_user, set_password
from tests.integration.web.conftest import sign_in
from tests.integration.web.web_builders import ADVISER_EMAIL, MANAGER_EMAIL, PASSWORD, csrf_from
from web.sessions import SESSION_COOKIE

NEW_PASSWORD = "a new and longer passphrase"


def _sessions_of(factory: sessionmaker[Session], user_id: int) -> list[WebSession]:
    with factory() as session:
        return list(session.scalars(select(WebSession).where(WebSession.user_id == user_id)))


def _client_with_cookie(app: FastAPI, value: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    client.cookies.set(SESSION_COOKIE, value)
    return client


def _post_form(client: TestClient, path: str, **fields: str) -> int:
    token = csrf_from(client.get("/account").text)
    return int(client.post(path, data={"csrf_token": token, **fields}).status_code)


def test_a_cookie_copied_before_logout_no_longer_opens_the_queue(
    app: FastAPI, adviser: TestClient
) -> None:
    copied = adviser.cookies[SESSION_COOKIE]
    assert _post_form(adviser, "/logout") == 303
    with _client_with_cookie(app, copied) as thief:
        response = thief.get("/queue")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_logout_deletes_the_session_row(
    adviser: TestClient, session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    assert len(_sessions_of(session_factory, users["adviser"])) == 1
    _post_form(adviser, "/logout")
    assert _sessions_of(session_factory, users["adviser"]) == []


def test_the_cookie_is_an_opaque_random_id_and_only_its_hash_is_stored(
    adviser: TestClient, session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    value = adviser.cookies[SESSION_COOKIE]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value), value
    [row] = _sessions_of(session_factory, users["adviser"])
    assert row.id == hashlib.sha256(value.encode()).hexdigest()
    assert value not in str(row.data)


def test_signing_in_issues_a_new_session_id(
    anon: TestClient, users: dict[str, int]
) -> None:
    anon.get("/login")
    before = anon.cookies[SESSION_COOKIE]
    sign_in(anon, ADVISER_EMAIL)
    assert anon.cookies[SESSION_COOKIE] != before


def test_a_cookie_from_before_signing_in_does_not_carry_the_signed_in_session(
    app: FastAPI, anon: TestClient, users: dict[str, int]
) -> None:
    anon.get("/login")
    planted = anon.cookies[SESSION_COOKIE]  # e.g. set in the victim's browser by an attacker
    sign_in(anon, ADVISER_EMAIL)
    with _client_with_cookie(app, planted) as attacker:
        assert attacker.get("/queue").status_code == 303


def test_changing_the_password_signs_out_the_users_other_browsers(
    app: FastAPI, adviser: TestClient, users: dict[str, int]
) -> None:
    with TestClient(app, follow_redirects=False) as elsewhere:
        sign_in(elsewhere, ADVISER_EMAIL)
        assert _post_form(adviser, "/account/password", current=PASSWORD, new=NEW_PASSWORD,
                          confirm=NEW_PASSWORD) == 303
        assert elsewhere.get("/queue").status_code == 303
    assert adviser.get("/queue").status_code == 200  # the browser that changed it stays in


def test_a_password_set_elsewhere_deletes_the_users_sessions(
    adviser: TestClient, session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    with session_factory.begin() as session:
        set_password(session, users["adviser"], NEW_PASSWORD)
    assert _sessions_of(session_factory, users["adviser"]) == []
    assert adviser.get("/queue").status_code == 303


def test_deactivating_a_user_deletes_all_their_sessions(
    app: FastAPI, adviser: TestClient, manager: TestClient,
    session_factory: sessionmaker[Session], users: dict[str, int],
) -> None:
    with TestClient(app, follow_redirects=False) as elsewhere:
        sign_in(elsewhere, ADVISER_EMAIL)
        assert len(_sessions_of(session_factory, users["adviser"])) == 2
        assert _post_form(manager, f"/manager/users/{users['adviser']}/deactivate") == 303
        assert _sessions_of(session_factory, users["adviser"]) == []
        assert elsewhere.get("/queue").status_code == 303
    assert adviser.get("/queue").status_code == 303


def test_deactivation_in_storage_deletes_the_sessions(
    adviser: TestClient, session_factory: sessionmaker[Session], users: dict[str, int]
) -> None:
    with session_factory.begin() as session:
        deactivate_user(session, users["adviser"])
    assert _sessions_of(session_factory, users["adviser"]) == []


def test_a_session_left_idle_too_long_ends(
    app: FastAPI, adviser: TestClient, web_settings: Settings,
    session_factory: sessionmaker[Session], users: dict[str, int],
) -> None:
    app.state.clock.advance(minutes=web_settings.session_idle_minutes + 1)
    assert adviser.get("/queue").status_code == 303
    assert _sessions_of(session_factory, users["adviser"]) == []


def test_a_session_in_use_is_kept_past_the_idle_limit(
    app: FastAPI, adviser: TestClient, web_settings: Settings
) -> None:
    for _ in range(3):
        app.state.clock.advance(minutes=web_settings.session_idle_minutes - 1)
        assert adviser.get("/queue").status_code == 200


def test_a_session_in_use_still_ends_at_its_absolute_limit(
    app: FastAPI, adviser: TestClient, web_settings: Settings
) -> None:
    step = timedelta(minutes=web_settings.session_idle_minutes - 1)
    lived = timedelta()
    while lived + step < timedelta(hours=web_settings.session_max_hours):
        app.state.clock.advance(minutes=web_settings.session_idle_minutes - 1)
        lived += step
        assert adviser.get("/queue").status_code == 200
    app.state.clock.advance(minutes=web_settings.session_idle_minutes - 1)
    assert adviser.get("/queue").status_code == 303


def test_expired_sessions_are_deleted_when_someone_signs_in(
    app: FastAPI, adviser: TestClient, web_settings: Settings,
    session_factory: sessionmaker[Session], users: dict[str, int],
) -> None:
    app.state.clock.advance(minutes=web_settings.session_idle_minutes + 1)
    assert len(_sessions_of(session_factory, users["adviser"])) == 1  # nobody looked yet
    with TestClient(app, follow_redirects=False) as other:
        sign_in(other, MANAGER_EMAIL)
    assert _sessions_of(session_factory, users["adviser"]) == []


def test_an_anonymous_visit_stores_no_session_row(
    anon: TestClient, session_factory: sessionmaker[Session]
) -> None:
    for _ in range(3):
        anon.get("/login")
    with session_factory() as session:
        assert session.scalars(select(WebSession)).all() == []
