"""The JSON record of a triage."""

from __future__ import annotations

import json
from datetime import date

from classify.output import triage_record
from classify.types import Category, NextStep, Triage


def test_record_has_the_contract_fields_with_iso_dates() -> None:
    triage = Triage(
        categories=(Category.APPEAL,), scores={Category.APPEAL: 0.91234567},
        next_step=NextStep.APPEAL,
        decision_date=date(2026, 3, 10), deadline=date(2026, 5, 11), safeguarding=False,
        confidence=0.876543, model_version="send_triage-test", certificate_date=None,
        evidence={"appeal": ("They refused to assess.",)}, facts={"decision_type": "x"},
        notes=("check",),
    )
    record = triage_record(triage)
    assert list(record)[:6] == [
        "categories", "next_step", "decision_date", "deadline", "safeguarding", "confidence"
    ]
    assert record["decision_date"] == "2026-03-10"
    assert record["deadline"] == "2026-05-11"
    assert record["certificate_date"] is None
    assert record["confidence"] == 0.8765
    assert record["evidence"] == {"appeal": ["They refused to assess."]}
    json.dumps(record)  # serialisable as it is
