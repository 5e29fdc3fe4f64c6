"""Address headers as they really arrive: odd names, missing commas, raw UTF-8, no dots."""

from __future__ import annotations

from ingest.headers import decode_header_text, parse_addresses


def test_an_address_used_as_display_name_gives_way_to_the_bracketed_one() -> None:
    assert parse_addresses("alice@example.com <bob@example.com>") == [(None, "bob@example.com")]


def test_quoted_names_with_commas_stay_whole() -> None:
    assert parse_addresses('"Smith, Jo" <jo@example.org>, kim@example.org') == [
        ("Smith, Jo", "jo@example.org"),
        (None, "kim@example.org"),
    ]


def test_addresses_missing_a_comma_are_both_read() -> None:
    assert [a for _, a in parse_addresses("a@example.org b@example.org")] == [
        "a@example.org",
        "b@example.org",
    ]


def test_encoded_name_with_a_comma_is_decoded_after_splitting() -> None:
    assert parse_addresses("=?utf-8?q?Doe=2C_Jo?= <jo@example.org>") == [
        ("Doe, Jo", "jo@example.org")
    ]


def test_local_domains_without_a_dot_are_addresses() -> None:
    assert parse_addresses("root@localhost") == [(None, "root@localhost")]


def test_comment_form_gives_the_name() -> None:
    assert parse_addresses("jo@example.org (Jo Bloggs)") == [("Jo Bloggs", "jo@example.org")]


def test_undisclosed_recipients_group_has_no_address() -> None:
    assert parse_addresses("undisclosed-recipients:;") == []


def test_broken_base64_encoded_word_is_decoded_leniently() -> None:
    assert decode_header_text("=?utf-8?b?SGVsbG8gd29ybGQ?=") == "Hello world"


def test_control_characters_in_headers_become_spaces() -> None:
    assert decode_header_text("=?utf-8?q?a=0D=0Ab?=") == "a b"
