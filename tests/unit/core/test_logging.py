"""Log lines keep personal data out: addresses are redacted whatever shape the arguments take."""

from __future__ import annotations

import io
import logging

from core.logging import RedactingFilter, describe_exception, make_log_handler, redact


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


def _raise_with_personal_data() -> None:
    try:
        raise KeyError("jo.parent@example.org")
    except KeyError as exc:
        raise ValueError("cannot store 12 Acacia Avenue for Jo Parent") from exc


def test_an_exception_is_described_by_kind_and_place_without_its_message() -> None:
    try:
        _raise_with_personal_data()
    except ValueError as exc:
        described = describe_exception(exc)
    assert described.startswith("ValueError from KeyError at ")
    assert "test_logging.py" in described
    assert "_raise_with_personal_data" in described
    assert "Acacia" not in described
    assert "jo.parent" not in described


def test_a_logged_traceback_has_addresses_redacted() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("test.traceback")
    handler = make_log_handler(stream)
    logger.addHandler(handler)
    try:
        try:
            raise RuntimeError("bounce from jo.parent@example.org")
        except RuntimeError:
            logger.exception("sending failed")
    finally:
        logger.removeHandler(handler)
    assert "RuntimeError" in stream.getvalue()
    assert "jo.parent" not in stream.getvalue()
    assert "<redacted>@example.org" in stream.getvalue()
