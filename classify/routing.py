"""Routing by the seed's Step 1 order, and the complaint stage the parent has reached."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Final

from classify.rules import CueHit

# The seed's Step 1: a right of appeal first (a complaint will not change the decision), then an
# exclusion, then disability discrimination; only then the complaint steps.
ROUTE_ORDER: Final = (
    ("appeal", "appeal"),
    ("exclusion", "challenge_exclusion"),
    ("discrimination", "discrimination_claim"),
)
STAGE_TO_STEP: Final = {
    "none": "raise_informally",
    "raised_informally": "formal_complaint",
    "formal_done": "escalate_ombudsman",
}


def detect_complaint_stage(hits: Iterable[CueHit]) -> str:
    """What the parent already did about a mistake or delay: none, raised_informally, formal_done.

    A completed formal complaint (an outcome, a final response, or talk of the ombudsman) beats
    having raised it with the professional or their manager. Contact the parent describes
    ("I emailed the SENCo twice") beats their saying they have not raised it yet; signs that only
    suggest contact ("no reply", "they keep promising") do not: "I haven't chased it yet, there's
    been no reply to the school's request" is still at "none".
    """
    best = {
        "formal_done": 0.0, "formal_started": 0.0, "raised_informally": 0.0,
        "raised_generic": 0.0, "none": 0.0,
    }
    for hit in hits:
        if hit.kind == "stage" and not hit.negated:
            best[hit.subtype] = max(best.get(hit.subtype, 0.0), hit.weight)
    if best["formal_done"] >= 0.5:
        return "formal_done"
    if best["formal_started"] >= 0.5 or best["raised_informally"] >= 0.5:
        return "raised_informally"
    if best["raised_generic"] >= 0.5 and best["none"] < 0.5:
        return "raised_informally"
    return "none"


def choose_next_step(categories: Collection[str], complaint_stage: str = "none") -> str:
    """The one next step for the categories found, in the seed's order.

    ``complaint_stage`` only matters for a mistake or delay (category ``delay``); an email with
    none of the four categories gets ``general_advice``.
    """
    for category, step in ROUTE_ORDER:
        if category in categories:
            return step
    if "delay" in categories:
        return STAGE_TO_STEP.get(complaint_stage, "raise_informally")
    return "general_advice"
