"""Log lines keep personal data out: addresses are redacted whatever shape the arguments take."""

from __future__ import annotations

import logging

from core.logging import RedactingFilter, redact


def _record(msg: str, args: object) -> logging.LogRecord:
    return logging.LogRecord("t", logging.INFO, __file__, 1, msg, args, None)  # type: ignore[arg-type]


def test_an_address_in_the_message_is_redacted_but_the_domain_kept() -> None:
    assert redact("from jo.parent@example.org") == "from <redacted>@example.org"


def test_an_address_in_positional_arguments_is_redacted() -> None:
    record = _record("sender %s", ("jo@example.org",))
    RedactingFilter().filter(record)
    assert record.getMessage() == "sender <redacted>@example.org"


def test_dict_arguments_as_celery_passes_them_still_format() -> None:
    record = _record("Task %(name)s received from %(who)s", ({"name": "t", "who": "a@b.org"},))
    RedactingFilter().filter(record)
    assert record.getMessage() == "Task t received from <redacted>@b.org"
