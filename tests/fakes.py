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
    """A Classifier that fails on every call with ``error`` (by default a bug in reading the
    text: the same message fails the same way every time)."""

    model_version: str = "broken-test"
    error: Exception = field(
        default_factory=lambda: RuntimeError("model weights are corrupt (test)"))
    calls: int = 0

    def triage(self, text: EmailText) -> Triage:
        self.calls += 1
        raise self.error

    def triage_many(self, texts: Sequence[EmailText]) -> list[Triage]:
        return [self.triage(t) for t in texts]
