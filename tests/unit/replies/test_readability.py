"""The reading-age check every draft gets: a note for the adviser only when it reads too hard."""

from __future__ import annotations

from replies.readability import (
    PLAIN_TARGET_READING_AGE,
    TARGET_READING_AGE,
    measure_reading_age,
    reading_note,
)

SIMPLE = "The council said no. You can appeal. We can help you. Write to us if you want to."
HARD = ("Notwithstanding the aforementioned statutory considerations, the local authority's "
        "determination regarding the appropriateness of undertaking an education, health and "
        "care needs assessment is appealable to the First-tier Tribunal (Special Educational "
        "Needs and Disability) within the prescribed administrative timeframe.")
MIDDLE = ("The council has decided not to carry out an assessment of your son's needs. You can "
          "ask the tribunal to look at that decision again, within two months of the letter.")


def test_a_simple_draft_reads_below_both_targets() -> None:
    assert measure_reading_age(SIMPLE) < PLAIN_TARGET_READING_AGE < TARGET_READING_AGE


def test_a_draft_above_the_target_gets_a_note_with_its_reading_age() -> None:
    note = reading_note(HARD, plain=False)
    assert note is not None
    assert f"{measure_reading_age(HARD):.0f}" in note
    assert "target of 14" in note


def test_a_draft_within_the_target_gets_no_note() -> None:
    assert reading_note(SIMPLE, plain=False) is None


def test_the_plain_version_is_held_to_the_lower_target() -> None:
    assert reading_note(MIDDLE, plain=False) is None
    assert reading_note(MIDDLE, plain=True) is not None


def test_an_empty_draft_needs_no_reading_age() -> None:
    assert measure_reading_age("  \n ") == 0.0
