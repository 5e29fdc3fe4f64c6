"""Which processing failures are retried, and the backoff between tries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, StatementError

from core.errors import InvalidTransition, TransientError
from worker.failures import MAX_RETRY_SECONDS, is_transient, retry_delay


@pytest.mark.parametrize("error", [
    OperationalError("SELECT 1", {}, ConnectionError("server closed the connection")),
    IntegrityError("INSERT", {}, Exception("duplicate key, another worker won")),
    ConnectionRefusedError(111, "refused"),
    TimeoutError("read timed out"),
    MemoryError(),
    TransientError("relay busy"),
])
def test_database_network_and_memory_failures_are_retried(error: Exception) -> None:
    assert is_transient(error)


@pytest.mark.parametrize("error", [
    ValueError("[E088] Text of length 8000004 exceeds maximum of 1000000"),
    KeyError("charset"),
    UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
    RecursionError("maximum recursion depth exceeded"),
    RuntimeError("a bug"),
    DataError("INSERT", {}, Exception("value too long for type character varying(320)")),
    StatementError("naive datetime given to a UTC column", "INSERT", {}, ValueError()),
    InvalidTransition("sending an unapproved draft"),
])
def test_failures_caused_by_the_message_itself_are_not_retried(error: Exception) -> None:
    assert not is_transient(error)


def test_the_wait_doubles_from_five_seconds_up_to_ten_minutes() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert retry_delay(30) == timedelta(seconds=MAX_RETRY_SECONDS)


def test_messages_failing_together_come_back_spread_out_but_repeatably() -> None:
    delays = {retry_delay(3, spread_key=key) for key in range(11)}
    assert len(delays) == 11
    assert min(delays) == timedelta(seconds=20)
    assert max(delays) <= timedelta(seconds=24)
    assert retry_delay(3, spread_key=7) == retry_delay(3, spread_key=7)
