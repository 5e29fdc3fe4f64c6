"""How the textcat scores and the rule cues combine into category scores, safeguarding and confidence."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Final

from classify.rules import SAFEGUARDING_EXCLUSIONS, CueHit
from classify.types import CATEGORIES

# Log-odds added per unit of cue weight: a strong cue (0.95) lifts a 0.2 model score to ~0.8,
# a weak one (0.35) nudges a borderline score over the line. A negated or near-miss cue that is
# stronger than any positive one pulls the score down the same way.
CUE_LIFT: Final = 3.6
CUE_DROP: Final = 3.0
THRESHOLD: Final = 0.5
RULES_VERSION: Final = "1"


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def cue_strengths(hits: Sequence[CueHit]) -> dict[str, tuple[float, float]]:
    """Per category: the strongest positive cue and the strongest negated or near-miss cue."""
    strengths = {category: [0.0, 0.0] for category in CATEGORIES}
    for hit in hits:
        if hit.kind in strengths:
            slot = 1 if hit.negated else 0
            strengths[hit.kind][slot] = max(strengths[hit.kind][slot], hit.weight)
        elif hit.kind.startswith("near_miss:") and not hit.negated:
            category = hit.kind.split(":", 1)[1]
            strengths[category][1] = max(strengths[category][1], hit.weight)
    return {category: (pos, neg) for category, (pos, neg) in strengths.items()}


def combine_scores(
    model_scores: Mapping[str, float], hits: Sequence[CueHit]
) -> dict[str, float]:
    """Final score per category: the model's, moved in log-odds by the rule cues."""
    combined: dict[str, float] = {}
    strengths = cue_strengths(hits)
    for category in CATEGORIES:
        pos, neg = strengths[category]
        logit = _logit(float(model_scores.get(category, 0.0)))
        logit += CUE_LIFT * pos
        if neg > pos:
            logit -= CUE_DROP * (neg - pos * 0.5)
        combined[category] = _sigmoid(logit)
    return combined


def find_safeguarding(text: str, hits: Sequence[CueHit]) -> tuple[bool, tuple[CueHit, ...]]:
    """Whether a child may be at risk of harm, and the cues that say so.

    Recall first: every self-harm, suicide, abuse, missing-child or violence cue counts, even
    negated; only policy boilerplate ("no safeguarding concerns", "the safeguarding lead") is
    ignored.
    """
    found: list[CueHit] = []
    for hit in hits:
        if hit.kind != "safeguarding":
            continue
        window = text[max(0, hit.start - 30):hit.end + 30]
        if hit.subtype == "risk" and SAFEGUARDING_EXCLUSIONS.search(window):
            continue
        found.append(hit)
    return bool(found), tuple(found)


def overall_confidence(scores: Mapping[str, float]) -> float:
    """How sure the category decision is: the least decisive category sets it (0.5 to 1)."""
    if not scores:
        return 0.5
    return round(min(max(s, 1.0 - s) for s in scores.values()), 4)


NEGATED_SAFEGUARDING_RE: Final = re.compile(r"\b(?:no|never|not)\b", re.IGNORECASE)
