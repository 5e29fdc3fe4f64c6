"""What replies write, ingest reads back: the case tag and the reply separator round-trip."""

from __future__ import annotations

from core.mailconv import (
    REPLY_SEPARATOR,
    REPLY_SEPARATOR_LINE,
    base_subject,
    find_case_tag,
    is_forward_subject,
    is_reply_subject,
)
from replies.compose import reply_subject


def test_the_case_tag_our_reply_subject_carries_is_read_back_from_the_parents_answer() -> None:
    ours = reply_subject("Council said no", 1042)
    assert find_case_tag(f"RE: {ours}") == 1042
    assert base_subject(f"RE: {ours}") == "Council said no"


def test_our_reply_separator_is_recognised_in_an_answer() -> None:
    assert REPLY_SEPARATOR_LINE.match(REPLY_SEPARATOR)


def test_reply_and_forward_prefixes_are_told_apart() -> None:
    assert is_reply_subject("AW: Termin") and not is_forward_subject("AW: Termin")
    assert is_forward_subject("WG: Termin") and not is_reply_subject("WG: Termin")
