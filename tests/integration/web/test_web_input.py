"""Malformed query input is a 400 with a clear message, never a 500, and never logged with data."""

from __future__ import annotations

import http.client
import io
import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from core.logging import make_log_handler
from storage.enums import Role
from storage.models import Case, User
from storage.users import create_api_token
from tests.conftest import free_port
from tests.factories import case_with_thread
from tests.integration.web.web_browser_kit import serve
from tests.integration.web.web_builders import ADVISER_EMAIL, PASSWORD, csrf_from

PARENT = "priya.parent@example.org"
HUGE = "99999999999999999999"

BAD_PAGE_QUERIES = [
    "/queue?q=%00",
    f"/queue?q={PARENT}%00",
    "/queue?q=" + "a" * 5000,
    f"/queue?page={HUGE}",
    "/queue?page=-1",
    "/queue?page=0",
    "/queue?page=two",
    "/queue?category=%00",
    f"/queue?assignee={HUGE}",
    f"/cases/{HUGE}",
    "/cases/-3",
]
BAD_API_QUERIES = [
    "/api/v1/cases?query=%00",
    f"/api/v1/cases?query={PARENT}%00",
    "/api/v1/cases?query=" + "a" * 5000,
    f"/api/v1/cases?page={HUGE}",
    "/api/v1/cases?page=-1",
    "/api/v1/cases?page=two",
    f"/api/v1/cases?per_page={HUGE}",
    "/api/v1/cases?assignee=%00",
    f"/api/v1/cases?assignee={HUGE}",
    "/api/v1/cases?category=nonsense",
    f"/api/v1/cases/{HUGE}",
    f"/api/v1/cases/1/messages?page={HUGE}",
    f"/api/v1/drafts?page={HUGE}",
    f"/api/v1/messages/{HUGE}",
]


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """Everything the service's own log handler would write, as text."""
    stream = io.StringIO()
    handler = make_log_handler(stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@pytest.fixture
def token(session_factory: sessionmaker[Session], users: dict[str, int]) -> str:
    with session_factory.begin() as session:
        return create_api_token(session, session.get_one(User, users["adviser"]))


@pytest.mark.parametrize("path", BAD_PAGE_QUERIES)
def test_a_malformed_page_query_is_a_400_page_saying_what_was_wrong(
    adviser: TestClient, factory_session: Session, path: str
) -> None:
    case_with_thread(parent_address=PARENT)
    response = adviser.get(path)
    assert response.status_code == 400, response.text[:300]
    assert "<h1>" in response.text
    assert "invalid" in response.text.lower()


@pytest.mark.parametrize("path", BAD_API_QUERIES)
def test_a_malformed_api_query_is_a_400_with_a_json_reason(
    anon: TestClient, factory_session: Session, token: str, path: str
) -> None:
    case_with_thread(parent_address=PARENT)
    response = anon.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400, response.text[:300]
    assert response.json()["detail"]


def test_the_queue_still_pages_with_a_sensible_page_number(adviser: TestClient) -> None:
    assert adviser.get("/queue?page=3&q=priya").status_code == 200


def _get_on_one_connection(
    app: FastAPI, paths: list[str], headers: dict[str, str] | None = None
) -> list[tuple[int, str | None]]:
    """Serve ``app`` with uvicorn and GET ``paths`` over one keep-alive connection, in order;
    the status and Connection header of each answer (a reset connection raises)."""
    answers = []
    with serve(app, free_port()) as base:
        conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
        for path in paths:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            response.read()
            answers.append((response.status, response.getheader("connection")))
        conn.close()
    return answers


def test_a_malformed_query_leaves_the_keep_alive_connection_usable(
    app: FastAPI, token: str
) -> None:
    answers = _get_on_one_connection(
        app, ["/api/v1/cases?query=%00", f"/api/v1/cases?page={HUGE}", "/api/v1/me"],
        {"Authorization": f"Bearer {token}"})
    assert answers == [(400, None), (400, None), (200, None)]


def _add_failing_route(app: FastAPI, factory: sessionmaker[Session]) -> None:
    """A route whose real SQL fails with a parent's address among its parameters."""

    def duplicate_user() -> None:
        with factory.begin() as session:
            for _ in range(2):
                session.add(User(email=PARENT, name="Priya Parent", password_hash="x",
                                 role=Role.ADVISER))
                session.flush()

    app.add_api_route("/boom", duplicate_user)


def test_a_server_error_logs_its_kind_but_no_sql_parameters_or_personal_data(
    app: FastAPI, session_factory: sessionmaker[Session], logged: io.StringIO,
    capfd: pytest.CaptureFixture[str],
) -> None:
    _add_failing_route(app, session_factory)
    assert _get_on_one_connection(app, ["/boom"]) == [(500, None)]
    ours = logged.getvalue()
    assert "IntegrityError" in ours  # the kind of failure and where are logged ...
    assert "/boom" in ours
    everything = ours + "".join(capfd.readouterr())
    assert PARENT not in everything  # ... but not what was being written
    assert "Priya" not in everything
    assert "priya.parent" not in everything


def test_a_server_error_leaves_the_keep_alive_connection_usable(
    app: FastAPI, session_factory: sessionmaker[Session]
) -> None:
    _add_failing_route(app, session_factory)
    assert _get_on_one_connection(app, ["/boom", "/healthz"]) == [(500, None), (200, None)]


def test_a_query_with_a_parents_address_and_a_nul_logs_nothing_personal(
    adviser: TestClient, logged: io.StringIO
) -> None:
    assert adviser.get(f"/queue?q={PARENT}%00").status_code == 400
    assert PARENT not in logged.getvalue()


def test_every_engine_hides_sql_parameters(db_url: str) -> None:
    from storage.db import make_engine  # noqa: PLC0415

    engine = make_engine(db_url)
    try:
        assert engine.hide_parameters
    finally:
        engine.dispose()


def test_a_login_with_a_nul_byte_in_the_address_is_refused_as_invalid(
    anon: TestClient, users: dict[str, int]
) -> None:
    token = csrf_from(anon.get("/login").text)
    response = anon.post("/login", data={"email": ADVISER_EMAIL + "\x00", "password": PASSWORD,
                                         "csrf_token": token})
    assert response.status_code == 400
    assert "NUL" in response.text


def test_a_json_body_with_a_nul_character_is_a_400(
    anon: TestClient, factory_session: Session,
    session_factory: sessionmaker[Session], token: str
) -> None:
    case_id = case_with_thread().id
    with session_factory() as session:
        draft_id = session.get_one(Case, case_id).drafts[0].id
    response = anon.post(f"/api/v1/drafts/{draft_id}/reject", json={"reason": "no\x00thanks"},
                         headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
