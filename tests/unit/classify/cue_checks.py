"""Small questions the rule tests ask of the cue layer: does a cue fire, is a child flagged."""

from __future__ import annotations

from classify.rules import find_cues, split_sentences
from classify.scoring import cue_strengths, find_safeguarding


def fires(text: str, kind: str) -> bool:
    return any(hit.kind == kind and not hit.negated for hit in find_cues(text))


def cue_fires(text: str, name: str) -> bool:
    return any(hit.cue == name and not hit.negated for hit in find_cues(text))


def outweighed(text: str, category: str) -> bool:
    """The category's negative cues outweigh its positive ones (a near-miss wins)."""
    positive, negative = cue_strengths(find_cues(text))[category]
    return negative > positive


def flagged(text: str, subject: str = "") -> bool:
    full = f"{subject}\n\n{text}" if subject else text
    hits = find_cues(full, split_sentences(full))
    return find_safeguarding(full, hits, subject_end=len(subject))[0]
