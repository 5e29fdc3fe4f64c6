"""Routing by the seed's Step 1 order, and the complaint stage the parent has reached."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from classify.rules import CueHit
from core.labels import CATEGORY_STEPS, Category, ComplaintStage, NextStep, complaint_step


def detect_complaint_stage(hits: Iterable[CueHit]) -> ComplaintStage:
    """What the parent already did about a mistake or delay: none, raised_informally, formal_done.

    A completed formal complaint (an outcome, a final response, or talk of the ombudsman) beats
    having raised it with the professional or their manager. Contact the parent describes
    ("I emailed the SENCo twice") beats their saying they have not raised it yet; signs that only
    suggest contact ("no reply", "they keep promising") do not: "I haven't chased it yet, there's
    been no reply to the school's request" is still at "none".
    """
    # The cues' own finer stages: started a formal complaint, or only suggested contact.
    best = {
        "formal_done": 0.0, "formal_started": 0.0, "raised_informally": 0.0,
        "raised_generic": 0.0, "none": 0.0,
    }
    for hit in hits:
        if hit.kind == "stage" and not hit.negated:
            best[hit.subtype] = max(best.get(hit.subtype, 0.0), hit.weight)
    if best["formal_done"] >= 0.5:
        return ComplaintStage.FORMAL_DONE
    if best["formal_started"] >= 0.5 or best["raised_informally"] >= 0.5:
        return ComplaintStage.RAISED_INFORMALLY
    if best["raised_generic"] >= 0.5 and best["none"] < 0.5:
        return ComplaintStage.RAISED_INFORMALLY
    return ComplaintStage.NONE


def choose_next_step(
    categories: Collection[Category], complaint_stage: ComplaintStage = ComplaintStage.NONE
) -> NextStep:
    """The one next step for the categories found, in the seed's order.

    ``complaint_stage`` only matters for a mistake or delay (category ``delay``); an email with
    none of the four categories gets ``general_advice``.
    """
    for category, step in CATEGORY_STEPS.items():
        if category in categories:
            return step
    if Category.DELAY in categories:
        return complaint_step(complaint_stage)
    return NextStep.GENERAL_ADVICE
