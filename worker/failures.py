"""Which processing failures are worth retrying, and how long to wait before the next try.

The environment's failures (database, network, memory, a lock) can pass; a failure caused by
the message itself (a parser or classifier error on its bytes) happens again on every try,
so it goes straight to a person (issue 10, item 5).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import PermanentError, TransientError
from storage import messages
from storage.db import transaction
from storage.messages import Claim

FIRST_RETRY_SECONDS: Final = 5
MAX_RETRY_SECONDS: Final = 600

_TRANSIENT: Final = (TransientError, OSError, MemoryError, SoftTimeLimitExceeded, DBAPIError,
                     PoolTimeoutError)


def is_transient(error: BaseException) -> bool:
    """True when ``error`` may not happen again: retry with backoff; False: quarantine now.

    Errors from the database server count as transient (a restart, a lost connection, a lock,
    a race between workers, a schema an operator is migrating), except a value that does not
    fit its column, which the same message would send again. Anything else raised while
    reading a message is deterministic: the same bytes fail the same way.
    """
    if isinstance(error, PermanentError | DataError):
        return False
    return isinstance(error, _TRANSIENT)


def retry_delay(attempts: int, *, spread_key: int = 0) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: 5 s, 10 s, 20 s ... up to 10 min.

    ``spread_key`` (a message id) adds up to 20 % so that messages which failed together (a
    database restart) do not all come back in the same second; the same key gives the same
    delay, so it can be tested.
    """
    base = min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS)
    return timedelta(seconds=base * (1 + (spread_key % 11) / 50))


class RetryLater(TransientError):
    """A message's processing failed transiently and was put back, due again after ``delay``
    (raised from the original error, for the task to schedule its retry)."""

    def __init__(self, reason: str, delay: timedelta) -> None:
        super().__init__(reason)
        self.delay = delay


def settle_failure(factory: sessionmaker[Session], claim: Claim, error: Exception, *,
                   max_attempts: int, now: datetime) -> RetryLater | None:
    """Put a message whose processing raised ``error`` back, due again after a backoff: the
    ``RetryLater`` to raise; None when it was quarantined instead (a deterministic error, or
    the ``max_attempts``-th try)."""
    delay = retry_delay(claim.attempts, spread_key=claim.message_id)
    with transaction(factory) as session:
        if messages.settle_error(session, claim.message_id, error, attempts=claim.attempts,
                                 max_attempts=max_attempts, permanent=not is_transient(error),
                                 now=now, retry_at=now + delay):
            return None
    return RetryLater(f"{type(error).__name__}: {error}", delay)
