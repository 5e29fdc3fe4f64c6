"""Sign-in throttling: a growing delay per account and per client address, never a lockout.

Three counts, each in the shared store (``storage.login_failures``), each allowing some free
failures and then a delay that doubles with every further failure, up to a cap:

- the account from this address: a guesser at one account from one place;
- the address, whatever the accounts: one password sprayed over many accounts;
- the account, whatever the addresses: a guesser spread over many addresses. A browser that
  has signed in to the account before (a signed "known browser" cookie) is exempt, and the cap
  is short: someone else's failures can delay the real user a little, never lock them out.

During a delay an attempt is refused (429 with Retry-After) without the password being
checked; once it is over, the next attempt is judged as usual, and the right password works.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from storage.login_failures import (
    DatabaseLoginFailures,
    Failures,
    LoginFailureStore,
    RedisLoginFailures,
)

KNOWN_BROWSER_COOKIE: Final = "sendtriage_known"
KNOWN_BROWSER_DAYS: Final = 180
# Longer than any cap, so a delay cannot run out by being forgotten.
FORGET_AFTER: Final = timedelta(hours=1)


@dataclass(frozen=True)
class Rule:
    """``free`` failures cost nothing; the next waits 1 s, then 2 s, 4 s ... up to ``cap``."""

    free: int
    cap: timedelta

    def delay(self, failures: int) -> timedelta:
        if failures < self.free:
            return timedelta(0)
        exponent = min(failures - self.free, 30)
        return min(self.cap, timedelta(seconds=2 ** exponent))


ACCOUNT_FROM_ADDRESS: Final = Rule(free=5, cap=timedelta(minutes=15))
ADDRESS: Final = Rule(free=20, cap=timedelta(minutes=15))
ACCOUNT: Final = Rule(free=10, cap=timedelta(minutes=1))


def client_key(host: str | None) -> str:
    """The address a client is counted under: itself for IPv4, its /64 for IPv6 (one
    subscriber holds a whole /64)."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt: the account asked for, where from, whether the browser knows it."""

    account: str
    client: str
    known_browser: bool

    def keys(self) -> dict[Rule, str]:
        keys = {ACCOUNT_FROM_ADDRESS: f"account-address:{self.account}\0{self.client}",
                ADDRESS: f"address:{self.client}"}
        if not self.known_browser:
            keys[ACCOUNT] = f"account:{self.account}"
        return keys

    def all_keys(self) -> list[str]:
        return [f"account-address:{self.account}\0{self.client}", f"address:{self.client}",
                f"account:{self.account}"]


class LoginThrottle:
    """Decides whether an attempt must wait, and counts failures, over a shared store."""

    def __init__(self, store: LoginFailureStore, secret: str) -> None:
        self.store = store
        self._secret = secret.encode("utf-8")

    def wait(self, attempt: Attempt, now: datetime) -> timedelta:
        """How long ``attempt`` must wait before it is judged (zero: judge it now)."""
        keys = attempt.keys()
        counts = self.store.read(list(keys.values()), now=now)
        waits = [_remaining(rule, counts[key], now) for rule, key in keys.items()]
        return max(waits, default=timedelta(0))

    def record_failure(self, attempt: Attempt, now: datetime) -> None:
        """Count a wrong password on every key of the attempt (the account's own too)."""
        self.store.add_failure(attempt.all_keys(), now=now)

    def record_success(self, attempt: Attempt) -> None:
        """The right password: forget this account's failures from this address only (the
        address's count and the account's count stay: an attacker's successes elsewhere must
        not reset them)."""
        self.store.clear([attempt.all_keys()[0]])

    def known_browser_token(self, account: str) -> str:
        """The cookie value proving this browser signed in to ``account`` before."""
        return hmac.new(self._secret, b"known-browser:" + account.encode("utf-8"),
                        hashlib.sha256).hexdigest()

    def is_known_browser(self, account: str, cookie: str | None) -> bool:
        return bool(cookie) and hmac.compare_digest(
            (cookie or "").encode("ascii", "replace"),
            self.known_browser_token(account).encode("ascii"))


def _remaining(rule: Rule, failures: Failures, now: datetime) -> timedelta:
    if failures.last_at is None:
        return timedelta(0)
    return max(timedelta(0), failures.last_at + rule.delay(failures.count) - now)


def retry_after_seconds(wait: timedelta) -> int:
    """``wait`` in whole seconds, rounded up (for the Retry-After header)."""
    return max(1, math.ceil(wait.total_seconds()))


def make_login_throttle(
    settings: Settings, factory: Callable[[], sessionmaker[Session]]
) -> LoginThrottle:
    """The throttle over Redis when SENDTRIAGE_LOGIN_THROTTLE_URL is set, else the database."""
    store: LoginFailureStore
    if settings.login_throttle_url:
        store = RedisLoginFailures(settings.login_throttle_url, forget_after=FORGET_AFTER)
    else:
        store = DatabaseLoginFailures(factory, forget_after=FORGET_AFTER)
    return LoginThrottle(store, settings.secret_key.get_secret_value())
