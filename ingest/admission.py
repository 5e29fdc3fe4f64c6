"""Who may open an SMTP session: the client allow-list and the connection limits, per listener."""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest import codes

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(peer: object) -> str:
    """The client's IP address from a socket peer name (``(host, port, ...)``), or ``""``."""
    if isinstance(peer, tuple) and peer:
        return str(peer[0])
    return ""


def is_allowed(address: str, networks: Iterable[Network]) -> bool:
    """Whether ``address`` lies in one of ``networks`` (IPv4-mapped IPv6 counts as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in networks)


@dataclass
class Admission:
    """Counts the open sessions of one listener, in total and per client address.

    Used from the listener's event loop only (one thread), so plain counters suffice.
    """

    networks: tuple[Network, ...]
    max_total: int
    max_per_client: int
    open_by_client: Counter[str] = field(default_factory=Counter)

    @property
    def open_total(self) -> int:
        return sum(self.open_by_client.values())

    def admit(self, address: str) -> str | None:
        """Count a new session from ``address``; None if admitted, else the reply to close with.

        Refused sessions are not counted, so ``release`` is only for admitted ones.
        """
        if not is_allowed(address, self.networks):
            return codes.ERR_CLIENT_NOT_ALLOWED
        if self.open_total >= self.max_total:
            return codes.ERR_TOO_MANY_CONNECTIONS
        if self.open_by_client[address] >= self.max_per_client:
            return codes.ERR_TOO_MANY_FROM_CLIENT
        self.open_by_client[address] += 1
        return None

    def release(self, address: str) -> None:
        """An admitted session from ``address`` ended."""
        self.open_by_client[address] -= 1
        if self.open_by_client[address] <= 0:
            del self.open_by_client[address]
