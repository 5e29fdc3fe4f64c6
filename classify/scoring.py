"""How textcat scores and rule cues combine into category scores, safeguarding and confidence."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import Final

from classify.rules import SAFEGUARDING_EXCLUSIONS, CueHit
from classify.types import CATEGORIES

# Log-odds added for the strongest cue, by the square of its weight: a strong cue (0.95) lifts
# a doubtful model score well over the line, a weak one (0.5) only tips a borderline one. A
# negated or near-miss cue stronger than any positive one pulls the score down.
CUE_LIFT: Final = 4.2
# With no cue at all for a category, the model alone must be fairly sure.
NO_CUE_DROP: Final = 0.3
# The bag-of-words model is over-confident on text unlike its training data; its log-odds are
# divided by this temperature and clipped, so a clear rule cue can still outweigh it.
MODEL_TEMPERATURE: Final = 2.5
MODEL_LOGIT_CLIP: Final = 3.0
CUE_DROP: Final = 3.0
# A note saying the problem is over ("all sorted", "we won") with no new question in it.
RESOLVED_DROP: Final = 4.0
# A cue this strong outside the settled sentences means the note also raises a new problem.
NEW_PROBLEM_WEIGHT: Final = 0.6
THRESHOLD: Final = 0.5
RULES_VERSION: Final = "3"


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def settled_sentences(
    hits: Sequence[CueHit], old_topic: Collection[int] = ()
) -> frozenset[int]:
    """Sentences about a past, settled matter rather than the one the parent writes about now:
    those with "that's been dealt with" or "thanks for your advice about", and ``old_topic``
    (the subject line of a reply, which names the thread's first topic)."""
    return frozenset(
        {hit.sentence for hit in hits if hit.kind in ("resolved", "thanks")} | set(old_topic)
    )


def cue_strengths(
    hits: Sequence[CueHit], settled: Collection[int] = frozenset()
) -> dict[str, tuple[float, float]]:
    """Per category: the strongest positive cue and the strongest negated or near-miss cue.

    A cue in a ``settled`` sentence counts against its category, not for it.
    """
    strengths = {category: [0.0, 0.0] for category in CATEGORIES}
    for hit in hits:
        if hit.kind in strengths:
            slot = 1 if hit.negated or hit.sentence in settled else 0
            strengths[hit.kind][slot] = max(strengths[hit.kind][slot], hit.weight)
        elif hit.kind.startswith("near_miss:") and not hit.negated:
            category = hit.kind.split(":", 1)[1]
            strengths[category][1] = max(strengths[category][1], hit.weight)
    return {category: (pos, neg) for category, (pos, neg) in strengths.items()}


def is_resolution_note(
    text: str, hits: Sequence[CueHit], settled: Collection[int] = frozenset()
) -> bool:
    """A follow-up saying the matter is settled ("all sorted now", "we won") that asks nothing
    and describes no other problem (no clear cue outside the settled sentences)."""
    if not any(hit.kind == "resolved" for hit in hits):
        return False
    if any(
        hit.kind in CATEGORIES and not hit.negated and hit.weight >= NEW_PROBLEM_WEIGHT
        and hit.sentence not in settled
        for hit in hits
    ):
        return False
    body = text.split("\n\n", 1)[1] if "\n\n" in text else text
    return "?" not in body


def combine_scores(
    model_scores: Mapping[str, float],
    hits: Sequence[CueHit],
    *,
    resolved: bool = False,
    settled: Collection[int] = frozenset(),
) -> dict[str, float]:
    """Final score per category: the model's, moved in log-odds by the rule cues.

    ``resolved`` (see ``is_resolution_note``) pulls every category down: the parent is telling
    us a problem is over, not asking about one.
    """
    combined: dict[str, float] = {}
    strengths = cue_strengths(hits, settled)
    for category in CATEGORIES:
        pos, neg = strengths[category]
        logit = _logit(float(model_scores.get(category, 0.0))) / MODEL_TEMPERATURE
        logit = max(-MODEL_LOGIT_CLIP, min(MODEL_LOGIT_CLIP, logit))
        if neg > pos:
            # The near-miss or negation outweighs the cue ("haven't refused yet").
            logit -= CUE_DROP * (neg - pos * 0.5)
        elif pos:
            logit += CUE_LIFT * pos * pos
        else:
            logit -= NO_CUE_DROP
        if resolved:
            logit -= RESOLVED_DROP
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

