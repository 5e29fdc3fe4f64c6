"""The dashboard is computed at most once per max age and shared (web.dashboard_cache)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from core.clock import FixedClock
from tests.factories import case_with_thread
from tests.integration.web.web_builders import NOW
from web.dashboard_cache import DashboardCache

pytestmark = pytest.mark.integration

MAX_AGE = timedelta(seconds=30)


def _open_cases(cache: DashboardCache, factory: sessionmaker[Session], at: timedelta) -> int:
    with factory() as session:
        return cache.get(session, NOW + at).open_cases


def test_figures_are_reused_until_they_are_older_than_the_max_age(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    cache = DashboardCache(MAX_AGE)
    case_with_thread()
    factory_session.commit()
    assert _open_cases(cache, session_factory, timedelta(0)) == 1
    case_with_thread()
    factory_session.commit()
    assert _open_cases(cache, session_factory, timedelta(seconds=29)) == 1
    assert _open_cases(cache, session_factory, timedelta(seconds=30)) == 2


def test_a_clock_that_went_back_computes_the_figures_afresh(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    cache = DashboardCache(MAX_AGE)
    assert _open_cases(cache, session_factory, timedelta(0)) == 0
    case_with_thread()
    factory_session.commit()
    assert _open_cases(cache, session_factory, timedelta(seconds=-1)) == 1


def test_a_max_age_of_zero_computes_the_figures_for_every_call(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    cache = DashboardCache(timedelta(0))
    assert _open_cases(cache, session_factory, timedelta(0)) == 0
    case_with_thread()
    factory_session.commit()
    assert _open_cases(cache, session_factory, timedelta(0)) == 1


def test_past_the_max_age_the_old_figures_are_given_while_new_ones_are_computed(
    factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    jobs: list[Callable[[], None]] = []
    cache = DashboardCache(MAX_AGE, run=jobs.append)
    with session_factory() as session:
        assert cache.get(session, NOW, session_factory).open_cases == 0
        case_with_thread()
        factory_session.commit()
        assert cache.get(session, NOW + MAX_AGE, session_factory).open_cases == 0
        assert cache.get(session, NOW + MAX_AGE, session_factory).open_cases == 0
        assert len(jobs) == 1  # one computation at a time
        jobs.pop()()
        assert cache.get(session, NOW + MAX_AGE, session_factory).open_cases == 1


def test_serving_starts_by_computing_the_first_figures(
    app: FastAPI, factory_session: Session, session_factory: sessionmaker[Session]
) -> None:
    jobs: list[Callable[[], None]] = []
    app.state.dashboard_cache = cache = DashboardCache(MAX_AGE, run=jobs.append)
    case_with_thread()
    factory_session.commit()
    with TestClient(app):
        assert len(jobs) == 1
    jobs.pop()()
    with session_factory() as session:
        case_with_thread()
        factory_session.commit()
        assert cache.get(session, NOW).open_cases == 1


def test_the_page_shows_the_second_its_shared_figures_were_computed(
    app: FastAPI, manager: TestClient, factory_session: Session
) -> None:
    app.state.dashboard_cache = DashboardCache(MAX_AGE)
    manager.get("/manager")
    clock: FixedClock = app.state.clock
    clock.advance(seconds=20)
    case_with_thread()
    factory_session.commit()
    html = manager.get("/manager").text
    assert f"As of {NOW.strftime('%d %b %Y %H:%M:%S')}" in html  # NOW is in winter: UTC
    assert '<span class="kpi-n">0</span><span class="kpi-l">open cases' in html
