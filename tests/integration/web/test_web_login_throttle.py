"""Sign-in throttling: a growing delay per account and per address, shared by every web
process, that never locks the right password out (issue 10, item 3)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from core.settings import Settings
from tests.integration.web.web_builders import ADVISER_EMAIL, NOW, PASSWORD, csrf_from
from web.app import create_app

ATTACKER = "203.0.113.5"
USER_ADDRESS = "198.51.100.7"
WRONG = "guess guess guess"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def make_app(
    web_settings: Settings, session_factory: sessionmaker[Session], clock: FixedClock
) -> Callable[..., FastAPI]:
    """A web process over the test database; every one made shares the clock."""

    def make(settings: Settings = web_settings) -> FastAPI:
        application = create_app(settings, session_factory)
        application.state.clock = clock
        return application

    return make


@contextmanager
def browser(app: FastAPI, address: str) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False, client=(address, 50000)) as client:
        yield client


def try_login(client: TestClient, email: str, password: str) -> httpx2.Response:
    token = csrf_from(client.get("/login").text)
    answer: httpx2.Response = client.post("/login", data={"email": email, "password": password,
                                                         "csrf_token": token})
    return answer


def fail_patiently(client: TestClient, clock: FixedClock, email: str, times: int) -> None:
    """``times`` wrong passwords, each one judged: wait out every delay the server asks for."""
    judged = 0
    while judged < times:
        answer = try_login(client, email, WRONG)
        if answer.status_code == 429:
            clock.advance(seconds=int(answer.headers["Retry-After"]))
            continue
        assert answer.status_code == 400
        judged += 1


def test_failures_counted_by_one_web_process_delay_the_next_attempt_on_another(
    make_app: Callable[..., FastAPI], users: dict[str, int]
) -> None:
    first, second = make_app(), make_app()
    with browser(first, ATTACKER) as client:
        for _ in range(5):
            assert try_login(client, ADVISER_EMAIL, WRONG).status_code == 400
    with browser(second, ATTACKER) as client:
        refused = try_login(client, ADVISER_EMAIL, PASSWORD)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"


def test_with_redis_configured_a_second_web_process_sees_the_same_count(
    make_app: Callable[..., FastAPI], web_settings: Settings, redis_url: str,
    users: dict[str, int],
) -> None:
    settings = web_settings.model_copy(update={"login_throttle_url": redis_url})
    first, second = make_app(settings), make_app(settings)
    with browser(first, ATTACKER) as client:
        for _ in range(5):
            assert try_login(client, ADVISER_EMAIL, WRONG).status_code == 400
    with browser(second, ATTACKER) as client:
        assert try_login(client, ADVISER_EMAIL, PASSWORD).status_code == 429


def test_the_delay_grows_with_each_failure_and_the_right_password_works_after_it(
    make_app: Callable[..., FastAPI], clock: FixedClock, users: dict[str, int]
) -> None:
    app = make_app()
    with browser(app, USER_ADDRESS) as client:
        fail_patiently(client, clock, ADVISER_EMAIL, 9)
        waits = []
        for _ in range(2):
            answer = try_login(client, ADVISER_EMAIL, WRONG)
            waits.append(int(answer.headers["Retry-After"]))
            clock.advance(seconds=waits[-1])
            assert try_login(client, ADVISER_EMAIL, WRONG).status_code == 400
        assert waits[1] == 2 * waits[0]
        early = try_login(client, ADVISER_EMAIL, PASSWORD)
        assert early.status_code == 429
        assert "Try again in" in early.text
        clock.advance(seconds=int(early.headers["Retry-After"]))
        assert try_login(client, ADVISER_EMAIL, PASSWORD).status_code == 303


def test_an_attacker_elsewhere_cannot_keep_the_user_out_of_their_account(
    make_app: Callable[..., FastAPI], clock: FixedClock, users: dict[str, int]
) -> None:
    app = make_app()
    with browser(app, USER_ADDRESS) as user:
        assert try_login(user, ADVISER_EMAIL, PASSWORD).status_code == 303
        user.post("/logout", data={"csrf_token": csrf_from(user.get("/queue").text)})
        with browser(app, ATTACKER) as attacker:
            fail_patiently(attacker, clock, ADVISER_EMAIL, 12)
            assert try_login(attacker, ADVISER_EMAIL, PASSWORD).status_code == 429
        # The same second the attacker is refused, the user's browser signs in at once.
        assert try_login(user, ADVISER_EMAIL, PASSWORD).status_code == 303


def test_a_new_browser_of_the_user_waits_at_most_a_minute_under_attack(
    make_app: Callable[..., FastAPI], clock: FixedClock, users: dict[str, int]
) -> None:
    app = make_app()
    with browser(app, ATTACKER) as attacker:
        fail_patiently(attacker, clock, ADVISER_EMAIL, 12)
    with browser(app, USER_ADDRESS) as user:
        first = try_login(user, ADVISER_EMAIL, PASSWORD)
        assert first.status_code == 429
        assert int(first.headers["Retry-After"]) <= 60
        clock.advance(seconds=int(first.headers["Retry-After"]))
        assert try_login(user, ADVISER_EMAIL, PASSWORD).status_code == 303


def test_spraying_one_password_over_thirty_accounts_from_one_address_is_slowed(
    make_app: Callable[..., FastAPI], users: dict[str, int]
) -> None:
    app = make_app()
    with browser(app, ATTACKER) as client:
        answers = [try_login(client, f"person{n}@advice-line.example", WRONG).status_code
                   for n in range(30)]
    assert answers[:20] == [400] * 20
    assert set(answers[20:]) == {429}


def test_spraying_from_one_address_does_not_delay_other_addresses(
    make_app: Callable[..., FastAPI], users: dict[str, int]
) -> None:
    app = make_app()
    with browser(app, ATTACKER) as client:
        for n in range(21):
            try_login(client, f"person{n}@advice-line.example", WRONG)
    with browser(app, USER_ADDRESS) as user:
        assert try_login(user, ADVISER_EMAIL, PASSWORD).status_code == 303
