"""Browser-facing protections: secure response headers (strict CSP) and CSRF tokens for forms."""

from __future__ import annotations

import hmac
import secrets
from typing import Final

from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.asgi import HttpMiddleware

CSRF_FIELD: Final = "csrf_token"
CSRF_HEADER: Final = "x-csrf-token"
SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})

# No inline script or style anywhere: every script and stylesheet is a file under /static.
CONTENT_SECURITY_POLICY: Final = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])


class SecureHeadersMiddleware(HttpMiddleware):
    """Adds CSP and friends to every response; pages (not static files) are never cached."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        super().__init__(app)
        self.hsts = hsts

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        is_static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # A download sets its own stricter policy (sandbox); everything else gets this.
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "same-origin"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                headers["Cross-Origin-Resource-Policy"] = "same-origin"
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
                if self.hsts:
                    headers["Strict-Transport-Security"] = "max-age=31536000"
                if not is_static:
                    # Pages hold personal data about children: keep them out of shared caches.
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use (one per login session)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def require_csrf(request: Request) -> None:
    """Refuse (403) an unsafe request whose form field or header lacks this session's token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent: object = request.headers.get(CSRF_HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            sent = form.get(CSRF_FIELD)
    if (not isinstance(expected, str) or not isinstance(sent, str)
            or not hmac.compare_digest(sent.encode(), expected.encode())):
        raise HTTPException(status_code=403, detail="The form expired or was not sent by this "
                                                    "site. Reload the page and try again.")
