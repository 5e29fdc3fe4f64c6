"""Error answers of the web app: login redirects, 4xx pages or JSON, and the last-resort 500.

A 500 is answered here, never left to uvicorn: uvicorn would log the full traceback (exception
messages carry SQL and personal data) and close the keep-alive connection.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message, Receive, Scope, Send

from core.logging import describe_exception
from web.asgi import HttpMiddleware
from web.deps import Forbidden, LoginRequired
from web.templating import page

log = logging.getLogger(__name__)

TITLES = {400: "Invalid request", 403: "Not allowed", 404: "Not found", 405: "Not allowed",
          429: "Too many attempts"}
_ERROR_PAGE = (b"<!doctype html><title>Error</title><h1>Something went wrong</h1>"
               b"<p>The error was logged. Go back and try again.</p>")


def _wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/openapi.json"


def _where(error: dict[str, Any]) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    kind = {"query": "the query parameter", "path": "the address part"}.get(loc[0], "")
    return f"{kind} {'.'.join(loc[1:])!r}" if kind and loc[1:] else "the request"


def _invalid_query(request: Request, exc: RequestValidationError) -> Any:
    """A 400 naming the first bad query or path parameter and what it must be."""
    first = exc.errors()[0]
    detail = f"Invalid request: {_where(first)}: {first.get('msg', 'is invalid')}."
    if _wants_json(request.url.path):
        return JSONResponse({"detail": detail}, status_code=400)
    return page(request, "error.html", {"title": TITLES[400], "text": detail}, status_code=400)


def install_error_handlers(app: FastAPI) -> None:
    """Login redirects, the 403 page, HTTP errors and validation errors, as pages or JSON."""

    @app.exception_handler(LoginRequired)
    def to_login(request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/login?next={quote(exc.next_path, safe='/')}", status_code=303)

    @app.exception_handler(Forbidden)
    def forbidden(request: Request, exc: Forbidden) -> HTMLResponse:
        return page(request, "error.html", {
            "title": "Managers only",
            "text": "This page is for managers. Ask a manager if you need these figures."},
            status_code=403)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if _wants_json(request.url.path) or exc.status_code == 401:
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return page(request, "error.html", {
            "title": TITLES.get(exc.status_code, "Something went wrong"),
            "text": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> Any:
        errors = exc.errors()
        if errors and all(e.get("loc", ("",))[0] in ("query", "path") for e in errors):
            return _invalid_query(request, exc)
        if _wants_json(request.url.path):
            return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)
        return page(request, "error.html", {
            "title": "That form was incomplete",
            "text": "Some fields were missing or malformed. Go back and try again."},
            status_code=422)


class LastResortMiddleware(HttpMiddleware):
    """Answers 500 for any exception the handlers let through, and logs only its kind and
    frames (see ``describe_exception``). A second call is independent: nothing is kept."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 - the web process edge: log the kind, answer 500
            path = str(scope.get("path", ""))
            # The path only: query strings hold searches for a parent's name or address.
            log.error("unhandled error on %s %s: %s", scope.get("method"), path,
                      describe_exception(exc))
            if started:
                return  # part of the answer is out: uvicorn closes the connection, as it must
            if _wants_json(path):
                body, content_type = b'{"detail":"Internal error"}', b"application/json"
            else:
                body, content_type = _ERROR_PAGE, b"text/html; charset=utf-8"
            await send({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
