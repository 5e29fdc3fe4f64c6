"""Quoted history, signatures and disclaimers are cut from what the writer newly said."""

from __future__ import annotations

from ingest.quotes import find_reply_start, split_message_text, split_signature
from tests.unit.ingest.emails import parse_fixture


def test_thunderbird_reply_drops_the_quoted_advice() -> None:
    parsed = parse_fixture("thunderbird_reply_quoted.eml")
    assert parsed.new_text == (
        'Thank you. The council has now said it will not assess because he is "making progress". '
        "We got the letter today."
    )
    assert parsed.quoted_text.startswith("On 20/05/2026 10:03, SEND Advice Line wrote:")
    assert "six weeks" in parsed.quoted_text


def test_format_flowed_lines_are_joined() -> None:
    parsed = parse_fixture("thunderbird_reply_quoted.eml")
    assert 'because he is "making progress"' in parsed.new_text


def test_gmail_reply_prefers_the_real_plain_text_and_drops_the_wrapped_attribution() -> None:
    parsed = parse_fixture("gmail_reply_on_wrote.eml")
    assert parsed.new_text == (
        "I sent the comments but the final plan still names the school we did not\n"
        "want. The letter is dated 26 May."
    )
    assert "particular school" in parsed.quoted_text
    assert parsed.html is not None and "gmail_quote" in parsed.html


def test_outlook_original_message_separator_starts_the_quote() -> None:
    parsed = parse_fixture("outlook_reply_original_message.eml")
    assert parsed.new_text == (
        "The governors upheld the exclusion yesterday. We want to ask for an\nindependent review."
    )
    assert parsed.quoted_text.startswith("-----Original Message-----")


def test_outlook_html_header_block_starts_the_quote() -> None:
    parsed = parse_fixture("outlook_reply_header_block_html.eml")
    assert parsed.new_text == (
        'Thanks. The council replied that therapy is "not educational" so they will not add it.'
    )
    assert "normally educational provision" in parsed.quoted_text
    assert "normally educational provision" in parsed.full_text


def test_iphone_reply_drops_sent_from_my_iphone_and_the_quote() -> None:
    parsed = parse_fixture("iphone_reply_sent_from.eml")
    assert parsed.new_text == "They said no again. Can we appeal this?"
    assert parsed.signature == "Sent from my iPhone"
    assert "school transport" in parsed.quoted_text


def test_android_gmail_attribution_with_comma_after_the_name_is_found() -> None:
    parsed = parse_fixture("android_reply.eml")
    assert parsed.new_text == "Still only mornings. School won't put it in writing"


def test_yahoo_quoted_container_is_dropped() -> None:
    parsed = parse_fixture("yahoo_reply.eml")
    assert (
        parsed.new_text == 'The school still say he doesn\'t need a plan because he is "average".'
    )
    assert "does not need to be behind" in parsed.quoted_text


def test_french_le_a_ecrit_attribution_is_found() -> None:
    parsed = parse_fixture("french_reply_le_a_ecrit.eml")
    assert parsed.new_text == "Thank you, the school has now agreed to a meeting on 8 June."
    assert parsed.quoted_text.startswith("Le ven. 22 mai 2026")


def test_german_am_schrieb_attribution_is_found() -> None:
    parsed = parse_fixture("german_reply_am_schrieb.eml")
    assert parsed.new_text == (
        "The council sent the final plan yesterday and it names a school 20 miles away."
    )


def test_interleaved_answers_are_kept_and_the_questions_dropped() -> None:
    parsed = parse_fixture("interleaved_reply.eml")
    assert "It was dated 20 May and arrived on 23 May." in parsed.new_text
    assert "Yes, by email on the same day." in parsed.new_text
    assert "When did you receive" not in parsed.new_text
    assert "> When did you receive the decision letter?" in parsed.quoted_text


def test_apple_blockquote_cite_and_its_attribution_are_dropped() -> None:
    parsed = parse_fixture("apple_mail_reply_blockquote_cite.eml")
    assert parsed.new_text == (
        "We got the mediation certificate on 1 June. How long do we have to appeal now?"
    )
    assert parsed.quoted_text.startswith("On 29 May 2026, at 10:00")


def test_outlook_web_appendonsend_container_is_dropped() -> None:
    parsed = parse_fixture("outlook_web_reply_appendonsend.eml")
    assert (
        parsed.new_text == "I made the complaint on 1 April and nobody has replied in two months."
    )
    assert "two stages" in parsed.quoted_text


def test_dash_dash_signature_and_disclaimer_are_cut() -> None:
    parsed = parse_fixture("signature_and_disclaimer.eml")
    assert parsed.new_text.endswith("even though the school asked them to.")
    assert parsed.signature.startswith("-- \nHelen Cartwright")
    assert "intended recipient" in parsed.signature


def test_sign_off_block_with_name_and_phone_is_cut() -> None:
    parsed = parse_fixture("sign_off_block.eml")
    assert parsed.new_text.endswith("amended plan.")
    assert parsed.signature == "Kind regards,\nYvonne Adair\n07700 900123"


def test_full_text_keeps_everything_for_display() -> None:
    parsed = parse_fixture("thunderbird_reply_quoted.eml")
    assert "making progress" in parsed.full_text
    assert "six weeks" in parsed.full_text


def test_disclaimer_alone_at_the_bottom_is_cut() -> None:
    body, signature = split_signature(
        "The school refused.\n\nThis message is confidential and intended only for the addressee."
    )
    assert body == "The school refused."
    assert signature.startswith("This message is confidential")


def test_a_sentence_starting_with_on_is_not_an_attribution() -> None:
    lines = ["On Monday the school said he could not come back.", "What can I do?"]
    assert find_reply_start(lines) is None


def test_quoted_lines_without_attribution_are_moved_to_quoted_text() -> None:
    split = split_message_text("Yes, that is right.\n\n> Is the letter dated 3 May?\n")
    assert split.new == "Yes, that is right."
    assert split.quoted == "> Is the letter dated 3 May?"


def test_thanks_for_everything_is_not_taken_for_a_sign_off() -> None:
    body, signature = split_signature("We won.\nThanks for everything you did for us\nMum")
    assert signature == ""
    assert body.endswith("Mum")


def test_a_parent_quoting_a_letter_after_on_date_wrote_keeps_the_rest() -> None:
    text = (
        "On 3 June the council wrote:\n\n"
        '"We have decided not to issue an EHC plan."\n\n'
        "What can I do?"
    )
    assert split_message_text(text).new == text


def test_a_greeting_above_a_quoted_attribution_stays_new_text() -> None:
    text = "Hello\n> On 22 Aug 2025, at 19:21, Sam <sam@example.org> wrote:\n>\n> Hi there!"
    split = split_message_text(text)
    assert split.new == "Hello"
    assert split.quoted.startswith("> On 22 Aug 2025")


def test_a_reply_to_our_draft_is_cut_at_our_reply_above_this_line_separator() -> None:
    parsed = parse_fixture("reply_below_our_separator.eml")
    assert "sent the email to the SENCo" in parsed.new_text
    assert "getting in touch with us" not in parsed.new_text
    assert "getting in touch with us" in parsed.quoted_text
