"""The JSON shape of a triage, as ``sendtriage classify`` prints it (DESIGN.md "Contracts")."""

from __future__ import annotations

from datetime import date

from classify.types import Triage


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def triage_record(triage: Triage) -> dict[str, object]:
    """The contract fields (categories, next_step, decision_date, deadline, safeguarding,
    confidence) followed by the extras (scores, evidence, needs_human, certificate_date, facts,
    notes, model_version). JSON-serialisable; the CLI adds file/from/sent/automatic.
    """
    return {
        "categories": list(triage.categories),
        "next_step": triage.next_step,
        "decision_date": _iso(triage.decision_date),
        "deadline": _iso(triage.deadline),
        "safeguarding": triage.safeguarding,
        "confidence": round(triage.confidence, 4),
        "scores": {name: round(score, 4) for name, score in triage.scores.items()},
        "evidence": {name: list(sentences) for name, sentences in triage.evidence.items()},
        "needs_human": triage.needs_human,
        "certificate_date": _iso(triage.certificate_date),
        "facts": dict(triage.facts),
        "notes": list(triage.notes),
        "model_version": triage.model_version,
    }
