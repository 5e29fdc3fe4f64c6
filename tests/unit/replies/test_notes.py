"""Adviser notes in plain words: rule references go, unconfirmed rules say so, plurals are real."""

from __future__ import annotations

import pytest

from replies.notes import plain_note, plain_notes


@pytest.mark.parametrize(("raw", "plain"), [
    ("12 Aug 2026 falls in August: moved to Tue 01 Sep 2026 (D3).",
     "12 Aug 2026 falls in August: moved to Tue 01 Sep 2026."),
    ("Some services count two months one day earlier (D6 ?): advise lodging by 11 Aug 2026.",
     "Some services count two months one day earlier (not confirmed, check): advise lodging "
     "by 11 Aug 2026."),
    ("No conciliation extension is known (§9.7 ?): the draft does not mention one.",
     "No conciliation extension is known (not confirmed, check): the draft does not mention "
     "one."),
    ("Month-end: six months later has no matching day (D7 ?, check).",
     "Month-end: six months later has no matching day (not confirmed, check)."),
    ("The limits are reported unchanged but not confirmed (§2E ?).",
     "The limits are reported unchanged but not confirmed."),
    ("Six-month limit (D10, S/?).", "Six-month limit (not confirmed, check)."),
    ("Check the term dates and holidays (D9).", "Check the term dates and holidays."),
])
def test_rule_references_become_plain_words(raw: str, plain: str) -> None:
    assert plain_note(raw) == plain


def test_words_in_brackets_are_kept() -> None:
    note = "Respondent unknown (school, council or health): ask the parent."
    assert plain_note(note) == note


@pytest.mark.parametrize(("raw", "plain"), [
    ("the deadline is 19 day(s) after", "the deadline is 19 days after"),
    ("the deadline is 1 day(s) after", "the deadline is 1 day after"),
])
def test_plurals_are_spelled_out(raw: str, plain: str) -> None:
    assert plain_note(raw) == plain


def test_a_note_that_reads_the_same_once_plain_is_given_once() -> None:
    notes = plain_notes(["Check the term dates (D9).", "Check the term dates.", " "])
    assert notes == ["Check the term dates."]
