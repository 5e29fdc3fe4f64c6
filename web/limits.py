"""A cap on request bodies, so an upload larger than any allowed file is refused before it is
read (Starlette would otherwise spool any size of multipart upload to disk)."""

from __future__ import annotations

from typing import Final

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from replies.files import MAX_REPLY_FILE_BYTES
from web.asgi import HttpMiddleware

# The largest reply attachment plus room for the form's other fields and multipart framing.
MAX_REQUEST_BYTES: Final = MAX_REPLY_FILE_BYTES + 512 * 1024
_TOO_LARGE: Final = (f"Request too large: files up to {MAX_REPLY_FILE_BYTES // (1024 * 1024)}"
                     " MB can be uploaded.")


class BodyLimitMiddleware(HttpMiddleware):
    """413 for a declared Content-Length over the cap; a body that runs past it without one
    (chunked) is cut off, which ends the request as a disconnect."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_REQUEST_BYTES) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await PlainTextResponse(_TOO_LARGE, status_code=413)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted, send)
