"""Logging set-up that keeps personal data (addresses, bodies) out of log lines."""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar

message_id_var: ContextVar[str] = ContextVar("message_id", default="-")

_EMAIL = re.compile(r"[\w.+-]+@([\w-]+\.)+[\w-]+")


def redact(text: str) -> str:
    """Replace email addresses with a placeholder that keeps only the domain."""
    return _EMAIL.sub(lambda m: "<redacted>@" + m.group(0).rsplit("@", 1)[1], text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.message_id = message_id_var.get()
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            return True  # a malformed call: let the handler report it as logging does
        # Redact the formatted line, so addresses in any argument shape (tuple, dict) are caught.
        record.msg, record.args = redact(message), None
        return True


def configure_logging(level: str = "INFO") -> None:
    """Install one stderr handler with redaction; safe to call more than once."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    for handler in root.handlers:
        if getattr(handler, "_sendtriage", False):
            return
    handler = logging.StreamHandler()
    handler._sendtriage = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [msg=%(message_id)s] %(message)s")
    )
    root.addHandler(handler)
    # Alembic announces each of its plugins at INFO on every start: noise, not news.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
