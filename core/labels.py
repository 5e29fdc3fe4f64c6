"""The triage vocabulary every package shares: the four categories and the seven next steps."""

from __future__ import annotations

from typing import Final

CATEGORIES: Final = ("appeal", "exclusion", "discrimination", "delay")
NEXT_STEPS: Final = (
    "appeal",
    "challenge_exclusion",
    "discrimination_claim",
    "raise_informally",
    "formal_complaint",
    "escalate_ombudsman",
    "general_advice",
)
