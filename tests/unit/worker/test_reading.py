"""What the classifier reads of a mail with an attached letter."""

from __future__ import annotations

from ingest.attachments import AttachmentReading, ReadStatus, read_attachments
from ingest.parse import parse_email
from tests.attachment_files import letter_pdf, mail_with
from worker.reading import as_letter, classifier_text


def test_an_attached_letters_text_follows_the_parents_words() -> None:
    raw = mail_with(letter_pdf(), "decision.pdf", "application/pdf")
    parsed = parse_email(raw, frozenset())
    text = classifier_text(parsed, read_attachments(raw, parsed.attachments))
    assert text.body.startswith("Please see the attached letter")
    assert "The attached letter (decision.pdf) says:" in text.body
    assert "decided not to carry out an EHC needs assessment" in text.body


def test_a_letters_date_line_reads_as_its_date_not_as_a_mail_header() -> None:
    assert as_letter("Date: 3 November 2026\nTo: Ms Reid\nDear Ms Reid,") == (
        "Dated 3 November 2026.\nTo Ms Reid\nDear Ms Reid,")


def test_a_lone_date_in_the_letterhead_is_the_letters_date() -> None:
    assert as_letter("County Hall\n3rd November 2026\nDear Ms Reid,").split("\n")[1] == (
        "Dated 3rd November 2026.")


def test_an_unreadable_attachment_adds_nothing() -> None:
    raw = mail_with(b"%PDF-broken", "decision.pdf", "application/pdf")
    parsed = parse_email(raw, frozenset())
    failed = AttachmentReading(0, parsed.attachments[0].sha256, "pdf", ReadStatus.UNREADABLE,
                               note="Could not read")
    assert classifier_text(parsed, [failed]).body == parsed.new_text
