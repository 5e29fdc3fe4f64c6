"""A Redis database of one test process's own, claimed atomically on a shared Redis server."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import redis

CLAIM_KEY = "sendtriage-test:claim:{index}"
# Refreshed on every use, so a live run keeps its claim; a killed run's claim lapses after this.
CLAIM_TTL_SECONDS = 30 * 60


@dataclass
class RedisClaim:
    """Database ``index`` on the server is ours while ``key`` (in the base database) says so."""

    url: str
    key: str
    owner: str
    client: redis.Redis

    def refresh(self) -> None:
        """Extend the claim; fail if it lapsed and someone else may be using the database."""
        if self.client.get(self.key) != self.owner.encode():
            raise RuntimeError(f"lost the claim on {self.url} ({self.key}): another test run"
                               " may be using it; run the tests again")
        self.client.expire(self.key, CLAIM_TTL_SECONDS)

    def release(self) -> None:
        if self.client.get(self.key) == self.owner.encode():
            self.client.delete(self.key)
        self.client.close()


def claim_database(server_url: str) -> RedisClaim:
    """Claim the first database index no other test process holds (SET NX: atomic).

    The claims always live in database 0, which is never claimed, whatever database the URL
    names: a run pointed at another database must not claim (and empty) the one holding the
    claims of a run pointed at 0.
    """
    base, _, _index = server_url.rpartition("/")
    client = redis.Redis.from_url(f"{base}/0")
    owner = f"{socket.gethostname()}:{os.getpid()}"
    count = _database_count(client)
    for candidate in range(1, count):
        key = CLAIM_KEY.format(index=candidate)
        if client.set(key, owner, nx=True, ex=CLAIM_TTL_SECONDS):
            return RedisClaim(f"{base}/{candidate}", key, owner, client)
    client.close()
    raise RuntimeError(
        f"all {count - 1} Redis databases on {server_url} are claimed by other test runs"
        f" ({CLAIM_KEY.format(index='*')} in database 0); wait for them, or point"
        " SENDTRIAGE_TEST_REDIS_URL at another Redis server"
    )


def _database_count(client: redis.Redis) -> int:
    try:
        return int(client.config_get("databases").get("databases") or 16)
    except redis.ResponseError:  # CONFIG may be disabled on a managed server
        return 16
