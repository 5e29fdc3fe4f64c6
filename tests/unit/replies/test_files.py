"""Which files an adviser may attach to a reply, by their bytes, under a clean name."""

from __future__ import annotations

import io
import zipfile

import pytest

from replies.files import MAX_REPLY_FILE_BYTES, MAX_REPLY_FILES, RefusedFile, check_reply_file
from tests.attachment_files import letter_docx, letter_pdf, letter_png


def _odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


@pytest.mark.parametrize(("data", "name", "content_type", "filename"), [
    (letter_pdf(), "Model letter.pdf", "application/pdf", "Model letter.pdf"),
    (letter_docx(), "letter.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "letter.docx"),
    (_odt(), "letter.odt", "application/vnd.oasis.opendocument.text", "letter.odt"),
    (letter_png(), "scan.png", "image/png", "scan.png"),
    (b"Notes for Jo\n", "notes.txt", "text/plain", "notes.txt"),
])
def test_allowed_kinds_are_accepted_with_their_real_type(
    data: bytes, name: str, content_type: str, filename: str,
) -> None:
    accepted = check_reply_file(data, name)
    assert (accepted.content_type, accepted.filename) == (content_type, filename)


def test_the_type_comes_from_the_bytes_and_the_name_gets_the_matching_extension() -> None:
    accepted = check_reply_file(letter_pdf(), "C:\\fakepath\\letter.docx")
    assert (accepted.content_type, accepted.filename) == ("application/pdf", "letter.docx.pdf")


@pytest.mark.parametrize("data", [
    b"<html><script>alert(1)</script></html>",
    b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    b"MZ\x90\x00\x03\x00\x00\x00",
    b"PK\x03\x04 a zip that is not a document",
])
def test_markup_programs_and_other_archives_are_refused(data: bytes) -> None:
    with pytest.raises(RefusedFile, match="only PDF"):
        check_reply_file(data, "file.pdf")


def test_a_file_over_the_cap_is_refused() -> None:
    with pytest.raises(RefusedFile, match="over 10 MB"):
        check_reply_file(b"%PDF-" + b"0" * MAX_REPLY_FILE_BYTES, "big.pdf")


def test_a_reply_holds_at_most_five_files() -> None:
    with pytest.raises(RefusedFile, match="at most 5 files"):
        check_reply_file(letter_pdf(), "a.pdf", attached=MAX_REPLY_FILES)


def test_header_breaking_characters_leave_the_name() -> None:
    assert check_reply_file(letter_pdf(), 'a"b\r\n;c.pdf').filename == "a_b_c.pdf"
