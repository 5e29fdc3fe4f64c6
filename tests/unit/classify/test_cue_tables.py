"""Every cue in the tables says why it exists, fires on its examples and not on its near-misses."""

from __future__ import annotations

import pytest

from classify.cues import ALL_CUES
from classify.cues.spec import Cue
from classify.rules import find_cues
from core.labels import CATEGORIES, DecisionType, ExclusionType

ROUTE_KINDS = {str(category) for category in CATEGORIES}
KINDS = ROUTE_KINDS | {f"near_miss:{kind}" for kind in ROUTE_KINDS} | {
    "safeguarding", "stage", "resolved", "thanks"}
# The subtypes the facts and the route logic read; others are free labels for evidence.
SUBTYPES = {
    "appeal": {"", *map(str, DecisionType)},
    "exclusion": {"", "governors", *map(str, ExclusionType)},
    "stage": {"formal_done", "formal_started", "raised_informally", "raised_generic", "none"},
}


def counts(cue: Cue, text: str) -> bool:
    return any(hit.cue == cue.name and not hit.negated for hit in find_cues(text))


@pytest.mark.parametrize("cue", ALL_CUES, ids=lambda cue: cue.name)
def test_each_cue_fires_on_its_examples(cue: Cue) -> None:
    assert cue.fires_on
    missed = [text for text in cue.fires_on if not counts(cue, text)]
    assert not missed


@pytest.mark.parametrize("cue", ALL_CUES, ids=lambda cue: cue.name)
def test_each_cue_stays_quiet_on_its_near_misses(cue: Cue) -> None:
    assert cue.not_on
    fired = [text for text in cue.not_on if counts(cue, text)]
    assert not fired


def test_each_cue_says_in_one_line_why_it_exists() -> None:
    vague = [cue.name for cue in ALL_CUES
             if not cue.purpose or "\n" in cue.purpose or len(cue.purpose) > 100]
    assert not vague


def test_cue_names_are_unique() -> None:
    names = [cue.name for cue in ALL_CUES]
    assert len(names) == len(set(names))


def test_kinds_and_subtypes_are_ones_the_scoring_routing_and_facts_read() -> None:
    unknown = [(cue.name, cue.kind, cue.subtype) for cue in ALL_CUES
               if cue.kind not in KINDS
               or cue.subtype not in SUBTYPES.get(cue.kind, {cue.subtype})]
    assert not unknown
