"""Threading data: normalised Message-IDs, References newest last, case tokens, base subjects."""

from __future__ import annotations

from core.mailconv import base_subject, find_case_tag
from ingest.headers import message_id_list, normalise_message_id
from tests.unit.ingest.emails import parse_fixture

OUR_REPLY = "<st.1042.31.abcd.ef99@sendtriage.advice-line.example>"


def test_reply_carries_in_reply_to_and_references_with_the_newest_last() -> None:
    parsed = parse_fixture("reply_with_case_token.eml")
    assert parsed.in_reply_to == OUR_REPLY
    assert parsed.references == ("<CAjo.first.0514@mail.example.net>", OUR_REPLY)


def test_case_token_is_read_from_the_subject_tag() -> None:
    parsed = parse_fixture("reply_with_case_token.eml")
    assert parsed.case_token == 1042


def test_base_subject_drops_reply_prefixes_and_the_case_tag() -> None:
    parsed = parse_fixture("reply_with_case_token.eml")
    assert parsed.base_subject == "Ruby's EHCP - council say no"


def test_changed_subject_reply_keeps_threading_headers_and_its_own_subject() -> None:
    parsed = parse_fixture("changed_subject_reply.eml")
    assert parsed.in_reply_to == OUR_REPLY
    assert parsed.case_token is None
    assert parsed.base_subject == "Now the school want to exclude her"


def test_missing_message_id_is_left_for_the_store_to_generate() -> None:
    parsed = parse_fixture("no_message_id.eml")
    assert parsed.message_id is None
    assert parsed.from_address == "sam.ellis@example.org"


def test_message_ids_are_bracketed_trimmed_and_their_domain_lower_cased() -> None:
    parsed = parse_fixture("references_normalisation.eml")
    assert parsed.message_id == "<refs.0610@example.org>"
    assert parsed.in_reply_to == "<st.1400.80.abcd.ef00@sendtriage.advice-line.example>"


def test_references_separated_by_commas_and_folding_are_all_read() -> None:
    parsed = parse_fixture("references_normalisation.eml")
    assert parsed.references == (
        "<first.0501@example.org>",
        "<second.0520@example.org>",
        "<st.1400.80.abcd.ef00@sendtriage.advice-line.example>",
    )


def test_stacked_prefixes_in_several_languages_are_stripped() -> None:
    parsed = parse_fixture("references_normalisation.eml")
    assert parsed.base_subject == "Appeal"


def test_thread_topic_is_read() -> None:
    parsed = parse_fixture("outlook_desktop_forward.eml")
    assert parsed.thread_topic == "Exclusion letter"


def test_normalise_message_id_keeps_the_local_part_case() -> None:
    assert normalise_message_id("  <ABC.def@MAIL.Example.COM> ") == "<ABC.def@mail.example.com>"


def test_normalise_message_id_rejects_a_value_without_an_id() -> None:
    assert normalise_message_id("none at all") is None


def test_message_id_list_drops_duplicates_keeping_order() -> None:
    assert message_id_list("<a@x> <b@x> <a@x>") == ("<a@x>", "<b@x>")


def test_base_subject_strips_re_with_a_counter_and_fwd_brackets() -> None:
    assert base_subject("Re[3]: [Fwd: EHCP]") == "EHCP"


def test_case_token_ignores_other_bracketed_tags() -> None:
    assert find_case_tag("[Parents] Re: [Ticket#12] help") is None
    assert find_case_tag("Re: help [st-77]") == 77
