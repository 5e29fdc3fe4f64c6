"""Failed sign-ins counted per key in a store every web process shares: the database by
default, Redis where configured. Keys are hashed, so neither store holds an address in clear.

A key's count is forgotten ``forget_after`` its last failure. Both stores take the time from
the caller (an injected clock), never from the server.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol, cast

import redis
from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import LoginFailure


@dataclass(frozen=True)
class Failures:
    """How many failures a key has had (since it was last forgotten) and when the last was."""

    count: int
    last_at: datetime | None


NONE: Final = Failures(0, None)


def hash_key(key: str) -> str:
    """The stored form of a throttle key (an account, an address): its SHA-256."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class LoginFailureStore(Protocol):
    """Where failure counts live; every method is safe to call from several processes."""

    def read(self, keys: Sequence[str], *, now: datetime) -> dict[str, Failures]:
        """The live counts of ``keys`` (a forgotten or unknown key counts 0)."""
        ...

    def add_failure(self, keys: Sequence[str], *, now: datetime) -> None:
        """Count one failure at ``now`` on each of ``keys``."""
        ...

    def clear(self, keys: Sequence[str]) -> None:
        """Forget ``keys`` (after a successful sign-in)."""
        ...


class DatabaseLoginFailures:
    """The store in the ``login_failures`` table; each call is its own committed transaction."""

    def __init__(self, factory: Callable[[], sessionmaker[Session]], *,
                 forget_after: timedelta) -> None:
        self._factory = factory
        self.forget_after = forget_after

    def read(self, keys: Sequence[str], *, now: datetime) -> dict[str, Failures]:
        hashed = {hash_key(k): k for k in keys}
        with self._factory().begin() as db:
            rows = db.execute(select(LoginFailure.key, LoginFailure.failures,
                                     LoginFailure.last_failure_at)
                              .where(LoginFailure.key.in_(list(hashed)))).all()
        found = {hashed[key]: Failures(count, last) for key, count, last in rows
                 if last > now - self.forget_after}
        return {k: found.get(k, NONE) for k in keys}

    def add_failure(self, keys: Sequence[str], *, now: datetime) -> None:
        with self._factory().begin() as db:
            for key in keys:
                self._add_one(db, hash_key(key), now)

    def _add_one(self, db: Session, key: str, now: datetime) -> None:
        bump = (update(LoginFailure).where(LoginFailure.key == key).values(
            failures=case((LoginFailure.last_failure_at <= now - self.forget_after, 1),
                          else_=LoginFailure.failures + 1),
            last_failure_at=now).execution_options(synchronize_session=False))
        if db.execute(bump).rowcount:  # type: ignore[attr-defined]
            return
        try:
            with db.begin_nested():
                db.add(LoginFailure(key=key, failures=1, last_failure_at=now))
        except IntegrityError:
            db.execute(bump)  # another process inserted it meanwhile

    def clear(self, keys: Sequence[str]) -> None:
        with self._factory().begin() as db:
            db.execute(delete(LoginFailure).where(
                LoginFailure.key.in_([hash_key(k) for k in keys])))

    def purge(self, *, now: datetime) -> int:
        """Delete the rows already forgotten; how many."""
        with self._factory().begin() as db:
            result = db.execute(delete(LoginFailure).where(
                LoginFailure.last_failure_at <= now - self.forget_after))
            return int(result.rowcount)  # type: ignore[attr-defined]


# Forget-or-increment and stamp in one step, so two web processes never lose a count.
_ADD_FAILURE: Final = """
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '-1e18')
local now = tonumber(ARGV[1])
if now - last >= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'n', 1)
else
  redis.call('HINCRBY', KEYS[1], 'n', 1)
end
redis.call('HSET', KEYS[1], 'last', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


class RedisLoginFailures:
    """The store in Redis: one hash per key (``n``, ``last``), expiring on its own."""

    PREFIX: Final = "sendtriage:login-failures:"

    def __init__(self, url: str, *, forget_after: timedelta) -> None:
        self.client = redis.Redis.from_url(url)
        self.forget_after = forget_after
        self._add = self.client.register_script(_ADD_FAILURE)

    def _name(self, key: str) -> str:
        return self.PREFIX + hash_key(key)

    def read(self, keys: Sequence[str], *, now: datetime) -> dict[str, Failures]:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hmget(self._name(key), ["n", "last"])
        found: dict[str, Failures] = {}
        for key, (count, last) in zip(keys, pipe.execute(), strict=True):
            if count is None or last is None:
                found[key] = NONE
                continue
            last_at = datetime.fromtimestamp(float(cast(bytes, last)), UTC)
            alive = last_at > now - self.forget_after
            found[key] = Failures(int(cast(bytes, count)), last_at) if alive else NONE
        return found

    def add_failure(self, keys: Sequence[str], *, now: datetime) -> None:
        # Redis expires the hash on its own clock, generously: the count itself is judged
        # against ``now``, the injected time.
        ttl = int(self.forget_after.total_seconds()) * 2 + 60
        forget = self.forget_after.total_seconds()
        for key in keys:
            self._add(keys=[self._name(key)], args=[now.timestamp(), forget, ttl])

    def clear(self, keys: Sequence[str]) -> None:
        if keys:
            self.client.delete(*[self._name(k) for k in keys])
