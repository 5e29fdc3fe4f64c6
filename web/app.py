"""The FastAPI application: pages, JSON API, auth, security headers and error pages.

``create_app`` builds everything from explicit settings; nothing connects at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from core.clock import SystemClock
from core.settings import Settings
from storage.db import make_engine, make_session_factory
from storage.models import User
from web import api, api_bulk
from web.dashboard_cache import DashboardCache
from web.deps import any_user
from web.errors import LastResortMiddleware, install_error_handlers
from web.limits import BodyLimitMiddleware
from web.pages import adviser, attachments, auth, bulk, manager, saved_views
from web.security import SecureHeadersMiddleware
from web.sessions import ServerSessionMiddleware
from web.templating import STATIC_DIR, build_templates
from web.throttle import make_login_throttle
from web.validation import reject_malformed_input


def _lazy_session_factory(
    settings: Settings, given: sessionmaker[Session] | None
) -> Callable[[], sessionmaker[Session]]:
    factory = given

    def get() -> sessionmaker[Session]:
        nonlocal factory
        if factory is None:
            factory = make_session_factory(make_engine(settings.resolved_database_url))
        return factory

    return get


def _send_enqueuer(settings: Settings) -> Callable[[int], bool]:
    """Queues ``worker.send_reply(draft_id)`` on the configured broker (built on first use)."""
    celery: Any = None

    def enqueue_send(draft_id: int) -> bool:
        nonlocal celery
        # Imported here: the web process only needs Celery once someone approves a reply.
        from worker.app import SEND_REPLY, make_celery  # noqa: PLC0415
        from worker.dispatch import enqueue  # noqa: PLC0415

        if celery is None:
            celery = make_celery(settings)
        return enqueue(SEND_REPLY, draft_id, app=celery)

    return enqueue_send


def create_app(
    settings: Settings, session_factory: sessionmaker[Session] | None = None
) -> FastAPI:
    """The web app for ``settings``; the database is opened on the first request that needs it,
    or when serving starts if the dashboard's figures are shared (computed in the background).

    ``app.state.clock`` (default: the system clock) and ``app.state.enqueue_send`` (default:
    Celery on ``settings``' broker) may be replaced before serving, e.g. by tests.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The first figures are computed while the first users sign in, not by the first
        # manager to open the dashboard (issue 11).
        app.state.dashboard_cache.refresh(app.state.get_session_factory(), app.state.clock.now())
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="SEND Triage",
        version="1",
        description="Adviser queue and manager statistics for the SEND advice line. "
                    "Authenticate with `Authorization: Bearer <token>` (create a token on "
                    "your account page).",
        docs_url=None,  # Swagger UI would load from a CDN and run inline script
        redoc_url=None,
        openapi_url=None,  # served below, behind authentication
        dependencies=[Depends(reject_malformed_input)],
    )
    app.state.settings = settings
    app.state.clock = SystemClock()
    app.state.get_session_factory = _lazy_session_factory(settings, session_factory)
    app.state.enqueue_send = _send_enqueuer(settings)
    app.state.templates = build_templates()
    app.state.dashboard_cache = DashboardCache(
        timedelta(seconds=settings.dashboard_max_age_seconds))
    app.state.login_throttle = make_login_throttle(settings, app.state.get_session_factory)

    app.add_middleware(ServerSessionMiddleware)
    app.add_middleware(LastResortMiddleware)
    app.add_middleware(BodyLimitMiddleware)
    # Added last so it wraps everything, including error responses and static files.
    app.add_middleware(SecureHeadersMiddleware, hsts=settings.hsts)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        """For docker healthchecks: answers without touching the database or any data."""
        return PlainTextResponse("ok")

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(user: User = Depends(any_user)) -> JSONResponse:  # noqa: B008
        return JSONResponse(app.openapi())

    app.include_router(auth.public)
    app.include_router(auth.router)
    app.include_router(adviser.router)
    app.include_router(bulk.router)
    app.include_router(saved_views.router)
    app.include_router(attachments.router)
    app.include_router(manager.router)
    app.include_router(api_bulk.router)
    app.include_router(api.router)

    install_error_handlers(app)
    return app


