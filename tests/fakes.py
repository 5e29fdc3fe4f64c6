"""Test doubles for ports (never for the database, broker or SMTP)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from classify.types import Category, EmailText, NextStep, Triage


@dataclass
class FixedClassifier:
    """A Classifier that returns the same triage for every text and counts its calls."""

    result: Triage = field(default_factory=lambda: Triage(
        categories=(Category.APPEAL,), scores={Category.APPEAL: 0.95}, next_step=NextStep.APPEAL,
        decision_date=date(2026, 3, 10), deadline=date(2026, 5, 11), safeguarding=False,
        confidence=0.95, model_version="fixed-test",
        facts={"child_name": "Sam", "council": "Eastmere Council",
               "decision_type": "refuse_assessment"},
    ))
    model_version: str = "fixed-test"
    calls: int = 0

    def triage(self, text: EmailText) -> Triage:
        self.calls += 1
        return self.result

    def triage_many(self, texts: Sequence[EmailText]) -> list[Triage]:
        return [self.triage(t) for t in texts]


@dataclass
class BrokenClassifier:
    """A Classifier whose model fails on every call, as a corrupt model file would."""

    model_version: str = "broken-test"

    def triage(self, text: EmailText) -> Triage:
        raise RuntimeError("model weights are corrupt (test)")

    def triage_many(self, texts: Sequence[EmailText]) -> list[Triage]:
        raise RuntimeError("model weights are corrupt (test)")
