"""Text preparation: forwarded wrappers, quoted history, signatures, boilerplate, HTML."""

from __future__ import annotations

from datetime import UTC, datetime

from classify.preprocess import clean_subject, normalise, prepare_text
from classify.types import EmailText

FORWARD_SENT = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)


def test_a_forwarded_message_keeps_the_original_and_its_date() -> None:
    body = (
        "Another one from the website form.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Parent <parent@example.com>\n"
        "Date: Tue, 10 Mar 2026 at 21:14\n"
        "Subject: EHCNA decision\n"
        "To: <enquiries@advice-line.example>\n\n"
        "The council refused to assess my son."
    )
    prepared = prepare_text(EmailText(body, "Fwd: EHCNA decision", FORWARD_SENT))
    assert prepared.body == "The council refused to assess my son."
    assert prepared.forwarded
    assert prepared.sent == datetime(2026, 3, 10, 21, 14, tzinfo=UTC)
    assert prepared.removed[0].kind == "forward_wrapper"
    assert "website form" in prepared.removed[0].text


def test_an_outlook_header_block_after_new_text_is_quoted_history() -> None:
    body = (
        "Thanks, that helps.\n\n"
        "From: Advice Line <help@example.org>\n"
        "Sent: 02 March 2026 10:00\n"
        "To: Parent\n"
        "Subject: RE: exclusion\n\n"
        "Sorry to hear he was excluded."
    )
    prepared = prepare_text(EmailText(body, "RE: exclusion"))
    assert prepared.body == "Thanks, that helps."
    assert not prepared.forwarded


def test_quoted_lines_and_the_on_wrote_line_are_removed() -> None:
    body = (
        "Thank you, all sorted now.\n\n"
        "On Mon, 4 May 2026 at 10:02, Advice Line <help@example.org>\nwrote:\n"
        "> I'm sorry to hear he was permanently excluded."
    )
    prepared = prepare_text(EmailText(body))
    assert prepared.body == "Thank you, all sorted now."
    assert {part.kind for part in prepared.removed} == {"attribution"}


def test_stray_quoted_lines_are_dropped() -> None:
    prepared = prepare_text(EmailText("My reply.\n> earlier text\n> more"))
    assert prepared.body == "My reply."
    assert [part.kind for part in prepared.removed] == ["quoted", "quoted"]


def test_signature_after_dash_dash_is_removed() -> None:
    prepared = prepare_text(EmailText("He was suspended.\n\nJo\n-- \nJo Bloggs\n07700 900123"))
    assert prepared.body == "He was suspended.\n\nJo"
    assert prepared.removed[-1].kind == "signature"


def test_device_lines_and_disclaimers_are_removed() -> None:
    body = (
        "They refused to assess.\n\nSent from my iPhone\n\n"
        "This email and any attachments are confidential and intended solely for the addressee."
    )
    prepared = prepare_text(EmailText(body))
    assert prepared.body == "They refused to assess."
    assert {part.kind for part in prepared.removed} == {"device", "disclaimer"}


def test_safeguarding_footer_boilerplate_is_removed() -> None:
    body = (
        "Can I bring a friend to the review?\n\n"
        "If you have an urgent safeguarding concern, please contact our Designated "
        "Safeguarding Lead."
    )
    prepared = prepare_text(EmailText(body))
    assert "safeguarding" not in prepared.body.lower()
    assert prepared.removed[0].kind == "boilerplate"


def test_parsed_mail_is_not_searched_again_for_quoted_history() -> None:
    # The parser cut quoted history already; a ">" line it kept is the parent's own text.
    prepared = prepare_text(EmailText("My reply.\n> the council's words", parsed=True))
    assert prepared.body == "My reply.\n> the council's words"
    assert prepared.removed == ()


def test_quotes_dashes_and_spaces_are_normalised() -> None:
    assert normalise("They\u2019ve said \u201cno\u201d \u2013 again\u00a0 today\u200b") == (
        "They've said \"no\" - again today"
    )


def test_subject_prefixes_are_stripped_and_the_subject_leads_the_text() -> None:
    assert clean_subject("Re: Fwd: RE: Appeal") == "Appeal"
    prepared = prepare_text(EmailText("Body text.", "Re: Refusal to assess"))
    assert prepared.text == "Refusal to assess.\n\nBody text."


def test_the_sign_off_is_kept_for_the_parent_name() -> None:
    prepared = prepare_text(EmailText("They refused.\n\nMany thanks,\nMegan"))
    assert prepared.sign_off.endswith("Megan")
    assert "Megan" in prepared.body


def test_a_signature_the_parser_cut_off_is_used_as_the_sign_off() -> None:
    prepared = prepare_text(EmailText("Can I bring someone?", signature="Thanks, Megan"))
    assert prepared.sign_off == "Thanks, Megan"
    assert prepared.body == "Can I bring someone?"
