"""What a cue is: a pattern, what it signals and how strongly, why it exists, and examples."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass


@dataclass(frozen=True)
class Cue:
    """One rule cue, as data.

    ``pattern`` is written in lower case and runs over the lower-cased text. ``weight`` is how
    sure the cue alone makes us of ``kind``. A hit is marked negated when a negation governs it
    in its clause (``negatable``), or, for the route categories, a condition or an intention
    ("if they refuse", "they want to exclude him": ``hypothetical``). ``purpose`` says in one
    line why the cue exists; the cue must count (a hit not negated) in every ``fires_on`` text
    and in none of the ``not_on`` texts (tests/unit/classify/test_cue_tables.py runs them).
    """

    name: str
    kind: str  # a category, "safeguarding", "stage", "near_miss:<category>", "resolved", "thanks"
    subtype: str
    weight: float
    pattern: str
    _: KW_ONLY
    purpose: str
    fires_on: tuple[str, ...]
    not_on: tuple[str, ...]
    negatable: bool = True
    hypothetical: bool = True
