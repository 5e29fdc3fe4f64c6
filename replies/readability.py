"""How hard a draft is to read: its reading age, and a note for the adviser when it is too hard."""

from __future__ import annotations

from typing import Final

import textstat

# UK reading age is about the US school grade plus five years (grade 1 is age 6).
GRADE_TO_AGE: Final = 5.0
# Plain-English guidance for public letters aims at a reading age of about 12-14; a usual draft
# carries statute and deadlines, so 14 is the line above which the adviser is told.
TARGET_READING_AGE: Final = 14.0
# The plain-words version (a parent who says reading or English is hard) aims much lower.
PLAIN_TARGET_READING_AGE: Final = 10.0


def measure_reading_age(text: str) -> float:
    """The reading age ``text`` needs, from its Flesch-Kincaid grade (0 for no words)."""
    if not text.split():
        return 0.0
    return max(0.0, float(textstat.flesch_kincaid_grade(text)) + GRADE_TO_AGE)


def target_reading_age(plain: bool) -> float:
    """The highest reading age a draft of this kind should need."""
    return PLAIN_TARGET_READING_AGE if plain else TARGET_READING_AGE


def reading_note(body: str, plain: bool) -> str | None:
    """A note for the adviser when ``body`` reads harder than its target, else ``None``."""
    age = measure_reading_age(body)
    target = target_reading_age(plain)
    if age <= target:
        return None
    return (f"This draft needs a reading age of about {age:.0f}, above our target of "
            f"{target:.0f}: shorter sentences and everyday words would help.")
