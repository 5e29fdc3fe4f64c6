"""Bad input and limits: unusable mail comes back with a clear problem; repaired mail does not."""

from __future__ import annotations

from ingest.parse import parse_email
from tests.unit.ingest.emails import parse_fixture


def test_binary_garbage_is_unusable_with_a_reason() -> None:
    parsed = parse_fixture("binary_garbage.eml")
    assert parsed.problem == "not an email: binary data without message headers"
    assert parsed.from_address is None


def test_empty_input_is_unusable() -> None:
    assert parse_email(b"").problem == "empty message: no headers and no body"


def test_plain_text_without_headers_is_unusable_but_kept_for_display() -> None:
    parsed = parse_email(b"Dear school,\n\nmy son was excluded today.\n")
    assert parsed.problem is not None and "no message headers" in parsed.problem
    assert parsed.full_text.startswith("Dear school,")


def test_deeply_nested_multipart_is_quarantined_with_headers_still_read() -> None:
    parsed = parse_fixture("deeply_nested_multipart.eml")
    assert parsed.problem is not None and "nested" in parsed.problem
    assert parsed.from_address == "ruth.okafor@example.com"
    assert parsed.subject == "Nested"


def test_thousands_of_parts_are_quarantined_after_reading_the_first() -> None:
    parsed = parse_fixture("many_parts.eml")
    assert parsed.problem is not None and "MIME parts" in parsed.problem
    assert parsed.new_text.startswith("My daughter's speech therapy stopped in April.")


def test_header_injection_in_an_encoded_subject_stays_on_one_line() -> None:
    parsed = parse_fixture("header_injection_attempt.eml")
    assert "\r" not in parsed.subject and "\n" not in parsed.subject
    assert parsed.subject.startswith("Help please")


def test_header_injection_in_a_display_name_does_not_add_a_recipient() -> None:
    parsed = parse_fixture("header_injection_attempt.eml")
    assert parsed.from_address == "mallory@example.com"
    assert parsed.from_name is not None and "\n" not in parsed.from_name
    assert "victim@example.org" not in parsed.to + parsed.cc


def test_mbox_from_line_is_not_taken_for_the_sender() -> None:
    parsed = parse_fixture("mbox_from_line.eml")
    assert parsed.from_address == "lily.chen@example.com"
    assert parsed.problem is None


def test_leading_blank_lines_are_repaired() -> None:
    parsed = parse_fixture("leading_blank_lines.eml")
    assert parsed.from_address == "adam.novak@example.org"
    assert parsed.new_text.startswith("The school want a meeting")
    assert "blank lines before the headers removed" in parsed.defects


def test_a_malformed_line_inside_the_headers_does_not_end_them() -> None:
    parsed = parse_fixture("malformed_header_line.eml")
    assert parsed.from_address == "beth.saunders@example.org"
    assert (
        parsed.new_text
        == "My son's school has refused to make reasonable adjustments for his exams."
    )
    assert parsed.problem is None


def test_unreadable_date_header_gives_no_date_and_a_defect() -> None:
    parsed = parse_fixture("garbage_date_header.eml")
    assert parsed.sent_at is None
    assert "Date header unreadable or out of range" in parsed.defects
    assert parsed.problem is None


def test_absurd_year_is_rejected() -> None:
    raw = b"From: a@example.org\nDate: Sat, 01 Jan 3609 10:00:00 +0000\nSubject: x\n\nbody\n"
    assert parse_email(raw).sent_at is None


def test_parse_is_repeatable() -> None:
    assert parse_fixture("gmail_forward_html.eml") == parse_fixture("gmail_forward_html.eml")
