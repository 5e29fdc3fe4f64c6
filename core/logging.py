"""Logging set-up that keeps personal data (addresses, bodies) out of log lines."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import TextIO, TypeAlias

message_id_var: ContextVar[str] = ContextVar("message_id", default="-")

_EMAIL = re.compile(r"[\w.+-]+@([\w-]+\.)+[\w-]+")


@contextmanager
def logging_message(message_id: int) -> Iterator[None]:
    """Tag every log line written inside the block with ``message_id`` (``[msg=N]``)."""
    token = message_id_var.set(str(message_id))
    try:
        yield
    finally:
        message_id_var.reset(token)


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


def _kind(exc: BaseException) -> str:
    cls = type(exc)
    name = cls.__qualname__
    return name if cls.__module__ == "builtins" else f"{cls.__module__}.{name}"


def _frame(frame: traceback.FrameSummary) -> str:
    return f"{'/'.join(frame.filename.split('/')[-2:])}:{frame.lineno} in {frame.name}"


def describe_exception(exc: BaseException, frames: int = 8) -> str:
    """The kind of ``exc`` and where it was raised, without its message or any argument.

    Exception messages carry data (SQL parameters, a parent's address in a ValueError): for a
    failure at a process edge, the types along the cause chain, the innermost frames of our own
    code and the frame that raised are enough to find the bug, and nothing personal is logged.
    """
    kinds = [_kind(exc)]
    cause = exc.__cause__ or exc.__context__
    while cause is not None and len(kinds) < 5:
        kinds.append(_kind(cause))
        cause = cause.__cause__ or cause.__context__
    stack = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in stack if not f.filename.startswith("<")
            and "-packages/" not in f.filename and "/lib/python" not in f.filename]
    where = [_frame(f) for f in reversed(ours[-frames:])]
    if stack and (not ours or stack[-1] is not ours[-1]):
        where.insert(0, _frame(stack[-1]))
    return " from ".join(kinds) + (f" at {' < '.join(where)}" if where else "")


ExcInfo: TypeAlias = (
    tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
)


class RedactingFormatter(logging.Formatter):
    """Redacts addresses in tracebacks too (the filter only sees the message itself)."""

    def formatException(self, ei: ExcInfo) -> str:
        return redact(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return redact(super().formatStack(stack_info))


def make_log_handler(stream: TextIO | None = None) -> logging.Handler:
    """The service's log handler (redacting, with the message id) writing to ``stream``."""
    handler = logging.StreamHandler(stream)
    handler._sendtriage = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s [msg=%(message_id)s] %(message)s")
    )
    return handler


def configure_logging(level: str = "INFO") -> None:
    """Install one stderr handler with redaction; safe to call more than once."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    for handler in root.handlers:
        if getattr(handler, "_sendtriage", False):
            return
    root.addHandler(make_log_handler())
    # Alembic announces each of its plugins at INFO on every start: noise, not news.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
