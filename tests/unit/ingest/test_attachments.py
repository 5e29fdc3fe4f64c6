"""Reading attachments in the sandbox process: PDF, DOCX, images, and every way it may fail."""

from __future__ import annotations

import io
import zipfile

from ingest.attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentReading,
    ReadStatus,
    file_kind,
    read_attachments,
    read_file,
)
from ingest.extract import MAX_PDF_PAGES
from ingest.parse import parse_email
from tests.attachment_files import letter_docx, letter_pdf, letter_png, mail_with, scanned_pdf
from tests.conftest import EMAILS_DIR

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_pdf_letter_is_read_as_text() -> None:
    status, text, pages, note, _ = read_file(letter_pdf(), "pdf")
    assert status is ReadStatus.READ
    assert "Date: 3 November 2026" in text
    assert "decided not to carry out an EHC needs assessment" in text
    assert (pages, note) == (1, "")


def test_a_scanned_pdf_without_text_is_read_by_ocr() -> None:
    status, text, pages, note, _ = read_file(scanned_pdf(letter_png()), "pdf")
    assert status is ReadStatus.READ
    assert "3 November 2026" in text
    assert pages == 1 and note.startswith("A scan: read by OCR")


def test_a_docx_letter_is_read_with_its_table() -> None:
    status, text, _, _, _ = read_file(letter_docx(), "docx")
    assert status is ReadStatus.READ
    assert "Date: 3 November 2026" in text
    assert "Child | Sam Reid" in text


def test_an_image_is_read_by_ocr_and_previewed_as_a_reencoded_png() -> None:
    status, text, _, _, preview = read_file(letter_png(), "image")
    assert status is ReadStatus.READ
    assert "3 November 2026" in text
    assert preview is not None and preview.startswith(b"\x89PNG")


def test_a_broken_pdf_could_not_be_read() -> None:
    status, text, _, note, _ = read_file(b"%PDF-1.7\n1 0 obj << /Type /Pages /Kids [", "pdf")
    assert status is ReadStatus.UNREADABLE
    assert text == ""
    assert note.startswith("Could not read: the PDF is damaged")


def test_a_zip_bomb_docx_is_refused_without_unpacking() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (10 * 1024 * 1024))
    status, _, _, note, _ = read_file(out.getvalue(), "docx")
    assert status is ReadStatus.UNREADABLE
    assert "zip bomb" in note


def test_a_damaged_docx_could_not_be_read() -> None:
    status, _, _, note, _ = read_file(b"PK\x03\x04" + b"\x00" * 200, "docx")
    assert status is ReadStatus.UNREADABLE
    assert note.startswith("Could not read: the document is damaged")


def test_a_damaged_image_could_not_be_read() -> None:
    status, _, _, note, _ = read_file(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image")
    assert status is ReadStatus.UNREADABLE
    assert "image is damaged" in note


def test_an_oversize_file_is_refused_without_being_read() -> None:
    status, _, _, note, _ = read_file(b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES, "pdf")
    assert status is ReadStatus.UNREADABLE
    assert "over 10 MB" in note


def test_pages_past_the_cap_are_not_read_and_the_note_says_so() -> None:
    status, _, pages, note, _ = read_file(letter_pdf(("Page text",), pages=MAX_PDF_PAGES + 2),
                                          "pdf")
    assert status is ReadStatus.READ
    assert pages == MAX_PDF_PAGES + 2
    assert note == f"Only the first {MAX_PDF_PAGES} of {MAX_PDF_PAGES + 2} pages were read."


def test_a_reader_over_its_time_limit_is_stopped_as_could_not_read() -> None:
    status, _, _, note, _ = read_file(letter_pdf(), "pdf", seconds=0.001)
    assert status is ReadStatus.UNREADABLE
    assert "took longer than" in note


def test_the_kind_comes_from_the_bytes_not_the_declared_type() -> None:
    assert file_kind(letter_pdf(), "application/octet-stream", "scan.bin") == "pdf"
    assert file_kind(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/png", "x.png") is None
    assert file_kind(letter_docx(), "application/octet-stream", "letter.docx") == "docx"


def test_each_attachment_of_a_mail_gets_a_reading_in_order() -> None:
    raw = mail_with(letter_pdf(), "decision.pdf", "application/pdf")
    parsed = parse_email(raw, frozenset())
    (reading,) = read_attachments(raw, parsed.attachments)
    assert (reading.position, reading.kind, reading.status) == (0, "pdf", ReadStatus.READ)
    assert reading.sha256 == parsed.attachments[0].sha256


def test_a_spreadsheet_is_listed_as_not_read() -> None:
    raw = mail_with(b"PK\x03\x04rest", "costs.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    (reading,) = read_attachments(raw, parse_email(raw, frozenset()).attachments)
    assert reading.status is ReadStatus.NOT_READ
    assert "not read here" in reading.note


def test_a_forwarded_original_is_not_read_again_as_an_attachment() -> None:
    raw = (EMAILS_DIR / "forward_as_rfc822_attachment.eml").read_bytes()
    readings = read_attachments(raw, parse_email(raw, frozenset()).attachments)
    assert readings and all(r.status is ReadStatus.NOT_READ for r in readings)


def test_a_docx_attached_to_a_mail_is_found_again_in_the_raw_bytes() -> None:
    raw = mail_with(letter_docx(), "letter.docx", DOCX)
    (reading,) = read_attachments(raw, parse_email(raw, frozenset()).attachments)
    assert reading.status is ReadStatus.READ
    assert "Sam Reid" in reading.text


def _readings(name: str) -> list[AttachmentReading]:
    raw = (EMAILS_DIR / name).read_bytes()
    return list(read_attachments(raw, parse_email(raw, frozenset()).attachments))


def test_the_pdf_decision_letter_fixture_is_read() -> None:
    (reading,) = _readings("attachment_pdf_decision_letter.eml")
    assert reading.status is ReadStatus.READ and "3 November 2026" in reading.text


def test_the_docx_letter_fixture_is_read() -> None:
    (reading,) = _readings("attachment_docx_letter.eml")
    assert reading.status is ReadStatus.READ and "3 November 2026" in reading.text


def test_the_zip_bomb_docx_fixture_could_not_be_read() -> None:
    (reading,) = _readings("attachment_zip_bomb_docx.eml")
    assert reading.status is ReadStatus.UNREADABLE


def test_the_photo_of_a_letter_fixture_is_read_by_ocr() -> None:
    (reading,) = _readings("attachment_photo_of_letter.eml")
    assert reading.status is ReadStatus.READ and "decided not to assess" in reading.text


def test_an_attached_html_page_is_not_read() -> None:
    (reading,) = _readings("attachment_html_file.eml")
    assert reading.status is ReadStatus.NOT_READ


def test_an_attached_svg_is_not_read_as_an_image() -> None:
    (reading,) = _readings("attachment_svg_with_script.eml")
    assert reading.status is ReadStatus.NOT_READ


def test_an_attached_text_file_is_read_as_it_is_markup_included() -> None:
    (reading,) = _readings("attachment_text_with_markup.eml")
    assert reading.status is ReadStatus.READ and "<script>" in reading.text
