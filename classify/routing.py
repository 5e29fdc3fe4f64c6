"""Routing by the seed's Step 1 order, and the complaint stage the parent has reached."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Final

from classify.rules import CueHit
from core.labels import (
    CATEGORY_STEPS,
    COMPLAINT_STEPS,
    DATED_STEPS,
    STAGE_STEPS,
    Category,
    ComplaintStage,
    NextStep,
    complaint_step,
)

# The complaint steps from the first rung to the last.
COMPLAINT_LADDER: Final = tuple(STAGE_STEPS.values())
# The category that allows each step with a legal clock.
STEP_CATEGORIES: Final = {step: category for category, step in CATEGORY_STEPS.items()}


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


def stated_stage(hits: Iterable[CueHit]) -> ComplaintStage | None:
    """The complaint stage when the parent says what they have done (a stage cue fired, "I
    emailed the SENCo twice", "I haven't raised it yet"), else None."""
    found = [hit for hit in hits if hit.kind == "stage" and not hit.negated and hit.weight >= 0.5]
    return detect_complaint_stage(found) if found else None


def follow_learned_step(routed: NextStep, step_probs: Mapping[str, float] | None,
                        stage: ComplaintStage | None = None) -> NextStep:
    """The next step: the learned next-step head's most likely step (``classify.step_head``),
    or the rules' ``routed`` step when the pipeline has no head (``step_probs`` None).

    The head reads the whole message, fine-tuned on real parents' messages and on the team's
    cases labelled by this routing; it beat the routing on the real dev split, the team's eval
    set and blind2 (training/README.md, "Step head"). When it chooses the complaint ladder and
    the parent said how far they got (``stage``, from ``stated_stage``): "not raised yet" puts
    the rung at raising it informally; any other stated stage is what the parent has done *at
    least* (a cue for emailing the SENCo does not say the formal complaint was not made too),
    so it can lift the head's rung but never lower it. Dates and the deadline follow the step
    chosen; ``is_unsupported_route`` says when a person should check it.
    """
    if step_probs is None:
        return routed
    chosen = NextStep(max(step_probs, key=lambda step: step_probs[step]))
    if chosen not in COMPLAINT_STEPS or stage is None:
        return chosen
    stated = complaint_step(stage)
    if stage == ComplaintStage.NONE:
        return stated
    return max(chosen, stated, key=COMPLAINT_LADDER.index)


def is_unsupported_route(step: NextStep, categories: Collection[Category]) -> bool:
    """Whether ``step`` has a legal clock (appeal, exclusion, discrimination claim) but its
    category was not found: the head's reading alone, which a person should check before a
    draft sends a parent to a tribunal or a panel."""
    return step in DATED_STEPS and STEP_CATEGORIES[step] not in categories
