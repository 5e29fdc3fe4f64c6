"""Bodies in every shape: alternatives, HTML only, transfer encodings, charsets, attachments."""

from __future__ import annotations

import hashlib

from ingest.charsets import decode_bytes
from ingest.parse import parse_email
from tests.unit.ingest.emails import parse_fixture

PDF_SHA256 = "034360b8929e7273d543cf892ed752d6f6add7cf407ab271cbdd5a6d290fe5a0"


def test_latin1_html_only_body_is_converted_to_text() -> None:
    parsed = parse_fixture("latin1_html_only.eml")
    assert parsed.new_text.startswith("The school told me to pay £500")
    assert "Zoë is 7" in parsed.new_text
    assert parsed.html is not None and parsed.html.startswith("<html>")


def test_html_markup_in_a_text_plain_part_is_read_as_html() -> None:
    parsed = parse_fixture("html_markup_in_text_plain.eml")
    assert "<p>" not in parsed.new_text
    assert "My son was excluded for five days on Friday." in parsed.new_text
    assert any("HTML markup in a text/plain part" in d for d in parsed.defects)


def test_latin1_encoded_words_in_from_and_subject_are_decoded() -> None:
    parsed = parse_fixture("latin1_html_only.eml")
    assert parsed.from_name == "Renée Dubois"
    assert parsed.subject == "£500 for an assessment?"


def test_utf8_body_declared_latin1_is_read_as_utf8() -> None:
    parsed = parse_fixture("mis_declared_charset.eml")
    assert parsed.new_text.startswith(
        "My son’s plan says 15 hours of 1:1 support – he gets about 5."
    )
    assert "Zoë" in parsed.new_text
    assert any("UTF-8" in d for d in parsed.defects)


def test_unknown_charset_is_guessed_without_error() -> None:
    parsed = parse_fixture("unknown_charset.eml")
    assert "cost us £300 a term" in parsed.new_text
    assert any("unknown charset" in d for d in parsed.defects)


def test_missing_charset_with_windows_1252_bytes_is_decoded() -> None:
    parsed = parse_fixture("missing_charset_8bit.eml")
    assert "“reflection room” all day – is" in parsed.new_text


def test_iso_2022_jp_body_and_subject_are_decoded() -> None:
    parsed = parse_fixture("iso2022jp_body.eml")
    assert parsed.new_text.startswith("息子の学校について相談したいです。")
    assert parsed.subject == "相談 EHCP"


def test_an_iso_2022_jp_subject_with_windows_nec_characters_is_decoded_not_mojibake() -> None:
    # Issue 12: ① and № (NEC row 13) are not JIS X 0208, so the strict codecs refused the
    # subject and it showed as "$B-!AjCL(B".
    parsed = parse_fixture("iso2022jp_nec_subject.eml")
    assert parsed.subject == "①相談 EHCP №7"


def test_rfc2047_words_split_across_lines_are_joined() -> None:
    parsed = parse_fixture("rfc2047_subject.eml")
    assert parsed.subject == "EHCP – school named wrongly for Seán"
    assert parsed.from_name == "Siobhán Ní Bhriain"


def test_raw_utf8_headers_are_read() -> None:
    parsed = parse_fixture("utf8_raw_headers.eml")
    assert parsed.from_name == "Zoë Ørsted"
    assert parsed.subject == "Søknad – EHCP for my daughter"


def test_base64_body_is_decoded() -> None:
    parsed = parse_fixture("base64_body.eml")
    assert "no education for four months" in parsed.new_text


def test_quoted_printable_soft_line_breaks_are_joined() -> None:
    parsed = parse_fixture("quoted_printable_body.eml")
    assert "the council’s decision about whether they will amend the plan" in parsed.new_text


def test_very_long_line_is_kept_whole() -> None:
    parsed = parse_fixture("very_long_line.eml")
    assert len(parsed.new_text) > 100_000
    assert parsed.new_text.startswith("The school keeps calling me")


def test_nul_bytes_are_removed_from_text_and_headers() -> None:
    parsed = parse_fixture("nul_bytes.eml")
    assert "\x00" not in parsed.new_text
    assert "suspended for 2 days." in parsed.new_text
    assert parsed.subject == "Suspension letter"
    assert "NUL bytes removed from text" in parsed.defects


def test_inline_image_is_listed_and_not_in_the_text() -> None:
    parsed = parse_fixture("inline_image.eml")
    assert (
        parsed.new_text == "Here is the letter from the council refusing the assessment:\n\nBella"
    )
    [image] = parsed.attachments
    assert (image.filename, image.content_type, image.inline) == ("letter.png", "image/png", True)
    assert image.size == 70


def test_pdf_attachment_is_listed_with_size_and_hash() -> None:
    parsed = parse_fixture("attachment_pdf.eml")
    [pdf] = parsed.attachments
    assert pdf.filename == "decision letter.pdf"
    assert pdf.content_type == "application/pdf"
    assert pdf.size == 125
    assert pdf.sha256 == PDF_SHA256
    assert pdf.inline is False
    assert parsed.new_text == "I have attached the council's decision letter not to issue a plan."


def test_view_in_browser_stub_gives_way_to_the_html_part() -> None:
    parsed = parse_fixture("html_with_view_in_browser_stub.eml")
    assert parsed.new_text.startswith("I want to complain about how the school handled")
    assert "browser" not in parsed.new_text


def test_real_plain_text_is_preferred_and_html_kept_for_display() -> None:
    parsed = parse_fixture("multipart_alternative_plain_preferred.eml")
    assert parsed.new_text == (
        "The council cut our short breaks from 6 hours a week to 2 without any\n"
        "assessment. Can they do that?"
    )
    assert parsed.html is not None and "<b>6 hours</b>" in parsed.html


def test_empty_body_gives_empty_text_and_no_problem() -> None:
    parsed = parse_fixture("empty_body.eml")
    assert parsed.new_text == ""
    assert parsed.full_text == ""
    assert parsed.problem is None
    assert parsed.subject == "Please call me about my son's exclusion 07700 900456"


def test_decode_bytes_maps_gb2312_to_gb18030() -> None:
    text, defect = decode_bytes("广州".encode("gb18030"), "gb2312")
    assert text == "广州"
    assert defect is None


def test_decode_bytes_maps_ks_c_5601_to_cp949() -> None:
    text, _ = decode_bytes("안녕하세요".encode("cp949"), "ks_c_5601-1987")
    assert text == "안녕하세요"


def test_decode_bytes_reads_utf7() -> None:
    text, _ = decode_bytes(b"Hi Mom -+Jjo--!", "unicode-1-1-utf-7")
    assert text == "Hi Mom -☺-!"


def test_decode_bytes_never_raises_on_a_garbage_charset_name() -> None:
    text, defect = decode_bytes(b"plain words", '"><script>')
    assert text == "plain words"
    assert defect is not None


def test_html_sent_as_text_plain_is_converted() -> None:
    raw = (
        b"From: a@example.org\nSubject: x\nContent-Type: text/plain\n\n"
        b"<html><body><p>The school <b>refused</b> the trip.</p></body></html>\n"
    )
    assert parse_email(raw).new_text == "The school refused the trip."


def test_attachment_hash_matches_the_decoded_bytes() -> None:
    raw = (
        b"From: a@example.org\nSubject: x\nContent-Type: multipart/mixed; boundary=b\n\n"
        b"--b\nContent-Type: text/plain\n\nSee attached.\n"
        b"--b\nContent-Type: text/csv\nContent-Disposition: attachment; filename=dates.csv\n\n"
        b"2026-05-01,letter\n--b--\n"
    )
    [csv] = parse_email(raw).attachments
    assert (
        csv.sha256 == hashlib.sha256(b"2026-05-01,letter").hexdigest()
    )  # the CRLF before a boundary is the boundary's


def test_lone_surrogates_from_utf7_are_replaced_so_text_encodes() -> None:
    parsed = parse_fixture("utf7_lone_surrogate.eml")
    assert parsed.new_text == "Our respite hours were cut \ufffd without notice."
    assert parsed.subject == "Respite \ufffd hours"
    parsed.full_text.encode("utf-8")
