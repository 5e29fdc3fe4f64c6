"""Forwarded mail: the parent, not the helpline, is the correspondent, with the original's date."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ingest.forwarded import find_forward, sender_of
from ingest.parse import is_forwarder
from tests.unit.ingest.emails import HELPLINE, parse_fixture

LONDON = ZoneInfo("Europe/London")


def _london(month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=LONDON)


def test_gmail_inline_forward_is_attributed_to_the_parent() -> None:
    parsed = parse_fixture("gmail_forward_inline.eml")
    assert parsed.from_address == "jo.pilling@example.net"
    assert parsed.from_name == "Joanne Pilling"
    assert parsed.forwarded is True
    assert parsed.via_address == HELPLINE
    assert parsed.header_from == HELPLINE


def test_gmail_inline_forward_keeps_the_original_date_in_london_time() -> None:
    parsed = parse_fixture("gmail_forward_inline.eml")
    assert parsed.sent_at == _london(5, 14, 19, 42)
    assert parsed.header_date is not None and parsed.header_date.day == 15


def test_gmail_inline_forward_new_text_is_the_parents_words_only() -> None:
    parsed = parse_fixture("gmail_forward_inline.eml")
    assert parsed.new_text.startswith("Hello,")
    assert "will not issue an EHC plan" in parsed.new_text
    assert "mum called twice" not in parsed.new_text
    assert "Forwarded message" not in parsed.new_text
    assert parsed.forwarder_note.startswith("Please can someone look at this one")


def test_forward_subject_is_the_originals() -> None:
    parsed = parse_fixture("gmail_forward_inline.eml")
    assert parsed.subject == "Ruby's EHCP - council say no"
    assert parsed.header_subject == "Fwd: Ruby's EHCP - council say no"


def test_gmail_html_forward_reads_sender_from_entities_and_mailto_link() -> None:
    parsed = parse_fixture("gmail_forward_html.eml")
    assert parsed.from_address == "marcus.oneill@example.org"
    assert parsed.from_name == "Marcus O'Neill"
    assert parsed.sent_at == _london(5, 13, 21, 5)
    assert parsed.new_text.startswith("Hi, the council has stopped my son's school taxi")
    assert parsed.forwarder_note == "Dad rang about this, he sounded upset."


def test_outlook_desktop_forward_reads_the_from_sent_block() -> None:
    parsed = parse_fixture("outlook_desktop_forward.eml")
    assert parsed.from_address == "priya.raman@example.com"
    assert parsed.sent_at == _london(5, 14, 19, 42)
    assert parsed.subject == "Exclusion letter"
    assert parsed.new_text.startswith("Dear advice line,")
    assert "Forwarding as discussed" not in parsed.new_text


def test_outlook_web_forward_html_reads_the_divrplyfwdmsg_block() -> None:
    parsed = parse_fixture("outlook_web_forward_html.eml")
    assert parsed.from_address == "alan.whitcombe@example.co.uk"
    assert parsed.sent_at == _london(5, 14, 19, 42)
    assert "annual review was due in March" in parsed.new_text
    assert parsed.forwarder_note == "Another for triage please."


def test_outlook_mailto_bracket_form_gives_the_address() -> None:
    parsed = parse_fixture("outlook_forward_mailto_brackets.eml")
    assert parsed.from_address == "h.kowalski@example.org"
    assert parsed.from_name == "Hannah Kowalski"
    assert parsed.sent_at == _london(5, 14, 19, 42)


def test_apple_mail_forward_reads_begin_forwarded_message() -> None:
    parsed = parse_fixture("apple_mail_forward.eml")
    assert parsed.from_address == "seun.adeyemi@example.com"
    assert parsed.sent_at == _london(5, 14, 19, 42, 10)
    assert parsed.new_text.startswith("Good evening,")


def test_thunderbird_forward_reads_a_block_that_starts_with_subject() -> None:
    parsed = parse_fixture("thunderbird_forward.eml")
    assert parsed.from_address == "derek.ashworth@example.net"
    assert parsed.sent_at == _london(5, 14, 19, 42, 10)
    assert parsed.subject == "Tribunal date"


def test_forward_as_rfc822_attachment_is_attributed_to_the_attached_message() -> None:
    parsed = parse_fixture("forward_as_rfc822_attachment.eml")
    assert parsed.from_address == "fatima.begum@example.org"
    assert parsed.sent_at == _london(5, 14, 19, 42, 10)
    assert parsed.subject == "Refused assessment"
    assert "refused to carry out an EHC needs assessment" in parsed.new_text
    assert parsed.forwarder_note == "Sent as an attachment from the shared inbox."
    assert [a.content_type for a in parsed.attachments] == ["message/rfc822"]


def test_redirect_with_resent_headers_keeps_from_and_records_the_helpline() -> None:
    parsed = parse_fixture("redirect_resent_headers.eml")
    assert parsed.from_address == "gareth.lloyd@example.com"
    assert parsed.forwarded is True
    assert parsed.via_address == HELPLINE
    assert parsed.sent_at == _london(5, 14, 19, 42, 10)


def test_german_gmail_forward_reads_von_and_a_german_date() -> None:
    parsed = parse_fixture("german_forward_von.eml")
    assert parsed.from_address == "katrin.mueller@example.de"
    assert parsed.from_name == "Katrin Müller"
    assert parsed.sent_at == _london(5, 14, 19, 42)


def test_french_gmail_forward_reads_de_with_a_space_before_the_colon() -> None:
    parsed = parse_fixture("french_forward_de.eml")
    assert parsed.from_address == "elodie.martin@example.fr"
    assert parsed.sent_at == _london(5, 14, 19, 42)


def test_forward_by_an_unconfigured_sender_is_not_reattributed() -> None:
    parsed = parse_fixture("parent_forwards_school_email.eml")
    assert parsed.from_address == "leanne.carter@example.com"
    assert parsed.forwarded is False
    assert parsed.via_address is None


def test_forward_by_a_parent_keeps_the_forwarded_letter_in_new_text() -> None:
    parsed = parse_fixture("parent_forwards_school_email.eml")
    assert parsed.new_text.startswith("This is what the school sent me today.")
    assert "suspended for three days" in parsed.new_text
    assert "Headteacher" in parsed.new_text


def test_helpline_forward_without_configuration_stays_with_the_helpline() -> None:
    parsed = parse_fixture("gmail_forward_inline.eml", forwarders=frozenset())
    assert parsed.from_address == HELPLINE
    assert parsed.forwarded is False


def test_forwarder_addresses_are_compared_case_insensitively() -> None:
    parsed = parse_fixture(
        "gmail_forward_inline.eml", forwarders=frozenset({"Enquiries@Advice-Line.EXAMPLE"})
    )
    assert parsed.from_address == "jo.pilling@example.net"


def test_forwarded_block_with_only_a_name_keeps_the_name_and_says_so() -> None:
    parsed = parse_fixture("outlook_forward_name_only.eml")
    assert parsed.from_address is None
    assert parsed.from_name == "Graham Ince"
    assert parsed.forwarded is True
    assert any("no address" in d for d in parsed.defects)


def test_sender_of_prefers_the_mailto_address_over_an_address_shaped_name() -> None:
    assert sender_of("export@example.org [mailto:real.sender@example.com]") == (
        None,
        "real.sender@example.com",
    )


def test_sender_of_decodes_html_entities() -> None:
    assert sender_of("Jo Bloggs &lt;jo@example.net&gt;") == ("Jo Bloggs", "jo@example.net")


def test_a_line_mentioning_from_is_not_a_forward_block() -> None:
    text = "From: what I understand the school is wrong.\nThey said so on Monday."
    assert find_forward(text, explicit_only=False) is None


def test_explicit_only_ignores_a_bare_outlook_block() -> None:
    text = (
        "Note\n\nFrom: A <a@example.org>\nSent: 11 June 2026 08:15\nTo: b@example.org\n"
        "Subject: x\n\nbody"
    )
    assert find_forward(text, explicit_only=True) is None
    found = find_forward(text, explicit_only=False)
    assert found is not None and found.from_address == "a@example.org"


def test_a_us_numeric_date_that_would_postdate_the_forward_is_read_month_first() -> None:
    parsed = parse_fixture("forward_us_numeric_date.eml")
    assert parsed.from_address == "carla.mendes@example.com"
    assert parsed.sent_at == _london(6, 11, 8, 15)
    assert "forwarded original's date read month-first" in parsed.defects


def test_yahoo_forward_with_to_before_sent_is_read() -> None:
    parsed = parse_fixture("yahoo_forward.eml")
    assert parsed.from_address == "tracy_okoye@example.com"
    assert parsed.sent_at == _london(6, 11, 8, 15, 3)
    assert parsed.new_text.startswith("My son spent four days")


def test_outlook_plain_text_bold_labels_are_read() -> None:
    text = (
        "FYI\n\n*From:* Jo Bloggs <jo@example.org>\n*Sent:* 11 June 2026 08:15\n"
        "*To:* enquiries@advice-line.example\n*Subject:* Help\n\nThe school refused."
    )
    found = find_forward(text, explicit_only=False)
    assert found is not None
    assert (found.from_address, found.body) == ("jo@example.org", "The school refused.")


def test_html_forward_by_a_parent_keeps_the_forwarded_letter_in_new_text() -> None:
    parsed = parse_fixture("parent_forwards_school_email_html.eml")
    assert parsed.from_address == "leanne.carter@example.com"
    assert parsed.new_text.startswith("This is what the school sent me today.")
    assert "suspended for three days" in parsed.new_text
    assert parsed.quoted_text == ""


def test_a_forwarder_domain_entry_covers_every_helpline_address() -> None:
    parsed = parse_fixture("gmail_forward_inline.eml",
                           forwarders=frozenset({"@advice-line.example"}))
    assert parsed.forwarded
    assert parsed.via_address == HELPLINE


def test_a_forwarder_domain_entry_does_not_match_a_lookalike_domain() -> None:
    assert not is_forwarder("someone@evil-advice-line.example",
                            frozenset({"@advice-line.example"}))
