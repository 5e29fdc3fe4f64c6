"""A read-only check on ../shared/eval (never used to tune rules): every message is attributed to
the parent or school that wrote it, never to the helpline, with the original's date, and exactly
the out-of-office reply is automatic."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parse import parse_email
from tests.conftest import EVAL_DIR
from tests.unit.ingest.emails import FORWARDERS, HELPLINE

EVAL_FILES = sorted(EVAL_DIR.glob("*.eml"))
# By reading them: 012 is the only automatic mail (an out-of-office with Auto-Submitted).
AUTOMATIC = frozenset({"012"})



@pytest.mark.parametrize("path", EVAL_FILES, ids=lambda p: p.stem)
def test_eval_message_is_attributed_to_its_writer_not_the_helpline(path: Path) -> None:
    parsed = parse_email(path.read_bytes(), FORWARDERS)
    assert parsed.from_address is not None
    assert parsed.from_address != HELPLINE
    if parsed.header_from == HELPLINE:
        assert parsed.forwarded is True
        assert parsed.via_address == HELPLINE
    else:
        assert parsed.from_address == parsed.header_from


@pytest.mark.parametrize("path", EVAL_FILES, ids=lambda p: p.stem)
def test_eval_message_date_is_the_originals(path: Path) -> None:
    parsed = parse_email(path.read_bytes(), FORWARDERS)
    assert parsed.sent_at is not None and parsed.header_date is not None
    if parsed.forwarded:
        # The parent wrote before the helpline forwarded it.
        assert parsed.sent_at < parsed.header_date
    else:
        assert parsed.sent_at == parsed.header_date


@pytest.mark.parametrize("path", EVAL_FILES, ids=lambda p: p.stem)
def test_eval_message_is_automatic_exactly_when_it_is_an_auto_reply(path: Path) -> None:
    parsed = parse_email(path.read_bytes(), FORWARDERS)
    assert parsed.automatic is (path.stem in AUTOMATIC)
    assert parsed.problem is None
