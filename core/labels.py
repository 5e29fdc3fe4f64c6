"""The triage vocabulary every package shares, as string enums: a misspelt label is a type error.

The values are the strings stored in the database and printed by ``sendtriage classify``; a
member compares, hashes, formats and serialises to JSON exactly as its value does.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final


class Category(StrEnum):
    """The four kinds of problem the seed distinguishes."""

    APPEAL = "appeal"
    EXCLUSION = "exclusion"
    DISCRIMINATION = "discrimination"
    DELAY = "delay"


class NextStep(StrEnum):
    """The one next step a reply recommends (DESIGN.md "Contracts")."""

    APPEAL = "appeal"
    CHALLENGE_EXCLUSION = "challenge_exclusion"
    DISCRIMINATION_CLAIM = "discrimination_claim"
    RAISE_INFORMALLY = "raise_informally"
    FORMAL_COMPLAINT = "formal_complaint"
    ESCALATE_OMBUDSMAN = "escalate_ombudsman"
    GENERAL_ADVICE = "general_advice"


class ComplaintStage(StrEnum):
    """How far the parent already took a mistake or delay."""

    NONE = "none"
    RAISED_INFORMALLY = "raised_informally"
    FORMAL_DONE = "formal_done"


class DecisionType(StrEnum):
    """The kind of council decision an appeal is about."""

    REFUSE_ASSESSMENT = "refuse_assessment"
    REFUSE_PLAN = "refuse_plan"
    PLAN_CONTENTS = "plan_contents"
    SECTION_I_ONLY = "section_i_only"
    REFUSE_REASSESSMENT = "refuse_reassessment"
    REFUSE_AMEND = "refuse_amend"
    CEASE = "cease"
    DRAFT_PLAN = "draft_plan"


class ExclusionType(StrEnum):
    """The kind of exclusion (formal or not) a challenge is about."""

    PERMANENT = "permanent"
    SUSPENSION = "suspension"
    INFORMAL = "informal"
    REDUCED_TIMETABLE = "reduced_timetable"
    MANAGED_MOVE = "managed_move"


class Respondent(StrEnum):
    """Who a complaint or claim is against."""

    SCHOOL = "school"
    COUNCIL = "council"
    HEALTH = "health"


CATEGORIES: Final = tuple(Category)
NEXT_STEPS: Final = tuple(NextStep)
# Filters, charts and the evaluation report name an email with none of the four categories so.
NO_CATEGORY: Final = "none"

# The seed's Step 1, in its order: a right of appeal first (a complaint will not change the
# decision), then an exclusion, then disability discrimination; only then the complaint steps.
CATEGORY_STEPS: Final[Mapping[Category, NextStep]] = {
    Category.APPEAL: NextStep.APPEAL,
    Category.EXCLUSION: NextStep.CHALLENGE_EXCLUSION,
    Category.DISCRIMINATION: NextStep.DISCRIMINATION_CLAIM,
}
# A mistake or delay climbs the complaint ladder from where the parent already is.
STAGE_STEPS: Final[Mapping[ComplaintStage, NextStep]] = {
    ComplaintStage.NONE: NextStep.RAISE_INFORMALLY,
    ComplaintStage.RAISED_INFORMALLY: NextStep.FORMAL_COMPLAINT,
    ComplaintStage.FORMAL_DONE: NextStep.ESCALATE_OMBUDSMAN,
}
COMPLAINT_STEPS: Final = frozenset(STAGE_STEPS.values())
# The steps with a legal clock: a decision date starts it and a deadline ends it.
DATED_STEPS: Final = frozenset(CATEGORY_STEPS.values())


def complaint_step(stage: ComplaintStage | None) -> NextStep:
    """The complaint step for a mistake or delay at ``stage`` (not yet raised when unknown)."""
    return STAGE_STEPS.get(stage or ComplaintStage.NONE, NextStep.RAISE_INFORMALLY)
