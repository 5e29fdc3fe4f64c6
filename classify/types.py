"""Values that go in and out of the classifier; no I/O, no database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from core.labels import CATEGORIES, NEXT_STEPS, Category, NextStep

__all__ = [
    "CATEGORIES", "NEXT_STEPS", "Category", "EmailText", "NextStep", "Triage", "TriageModel",
]


@dataclass(frozen=True)
class EmailText:
    """What the classifier reads: the parent's own words, the subject and when they wrote."""

    body: str
    subject: str = ""
    sent: datetime | None = None
    # What the parser cut off as the signature ("Thanks, Megan") and the sender's display name:
    # only used to find the name the parent signs with.
    signature: str = ""
    sender_name: str = ""
    # True for text the mail parser produced (``worker.reading.classifier_text``): its HTML is
    # converted and its quoted history gone, so that is not looked for again. Raw text (a
    # training example, a notebook) gets the whole cleaning pass.
    parsed: bool = False


class TriageModel(Protocol):
    """A loaded classifier (``classify.pipeline.load_classifier``), or a test double."""

    model_version: str

    def triage(self, text: EmailText) -> Triage: ...

    def triage_many(self, texts: Sequence[EmailText]) -> list[Triage]: ...


@dataclass(frozen=True)
class Triage:
    """The first-pass reading of one email, in the shape ``sendtriage classify`` prints."""

    categories: tuple[Category, ...]
    scores: Mapping[Category, float]
    next_step: NextStep
    decision_date: date | None
    deadline: date | None
    safeguarding: bool
    confidence: float
    model_version: str
    needs_human: bool = False
    certificate_date: date | None = None
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    facts: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
