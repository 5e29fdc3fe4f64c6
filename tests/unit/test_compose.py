"""docker-compose.yml publishes the SMTP listener deliberately, never on all interfaces."""

from __future__ import annotations

import re
from pathlib import Path

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def test_smtp_port_is_published_on_loopback_unless_an_address_is_given() -> None:
    ports = re.findall(r'^\s+- "(\$\{SMTP_PUBLISH_ADDRESS:-[^}]*\}:[^"]*:2525)"',
                       COMPOSE.read_text(), re.MULTILINE)
    assert ports == ["${SMTP_PUBLISH_ADDRESS:-127.0.0.1}:${SMTP_PUBLISH_PORT:-2525}:2525"]
