"""What a draft reply is built from: one value gathered from the case, the message and its triage.

The case's values win over the triage row's, because an adviser may have corrected them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Final, TypeVar

from core.labels import (
    Category,
    ComplaintStage,
    DecisionType,
    ExclusionType,
    NextStep,
    Respondent,
)
from storage.models import Case, Message, Triage

_Label = TypeVar("_Label", bound=StrEnum)

# Words people sign with that are not a name to greet them by ("Dear Mum" reads oddly).
_NOT_A_NAME: Final = frozenset({
    "mum", "mummy", "mom", "mother", "dad", "daddy", "father", "parent", "parents", "carer",
    "grandma", "grandad", "granddad", "nan", "nana", "grandparent", "thanks", "thank",
    "regards", "anonymous", "me", "us",
})
_NAME_SHAPE: Final = re.compile(r"^[^\W\d_][\w.'’\- ]{0,58}$")


@dataclass(frozen=True)
class ReplyFacts:
    """Everything the templates may say about one parent's situation; unknowns are None.

    ``decision_date``/``deadline``/``certificate_date`` belong to ``next_step`` only: other
    issues raised in the same email have no resolved dates, so the reply asks for them.
    """

    case_id: int
    next_step: NextStep = NextStep.GENERAL_ADVICE
    categories: tuple[Category, ...] = ()
    subject: str = ""
    to_address: str | None = None
    parent_name: str | None = None
    child_name: str | None = None
    school: str | None = None
    council: str | None = None
    decision_type: DecisionType | None = None
    exclusion_type: ExclusionType | None = None
    governors_decision: bool = False
    respondent: Respondent | None = None
    complaint_stage: ComplaintStage | None = None
    decision_date: date | None = None
    certificate_date: date | None = None
    deadline: date | None = None
    safeguarding: bool = False
    needs_human: bool = False
    reclassified: bool = False
    confidence: float | None = None
    sent_at: datetime | None = None
    model_version: str | None = None
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    triage_notes: tuple[str, ...] = ()


def facts_from_records(case: Case, message: Message, triage: Triage | None) -> ReplyFacts:
    """Gather the facts for a draft answering ``message`` on ``case``; pure, no queries.

    Case values (categories, next step, dates, safeguarding) win over the triage's. Triage dates
    are used only when the case still follows the triage's next step: a date found for an
    appeal says nothing about a discrimination claim the adviser switched the case to.
    """
    details: Mapping[str, object] = (triage.details or {}) if triage is not None else {}
    raw_facts = details.get("facts")
    facts: Mapping[str, object] = raw_facts if isinstance(raw_facts, Mapping) else {}

    next_step = (case.next_step or (triage.next_step if triage is not None else None)
                 or NextStep.GENERAL_ADVICE)
    same_step = triage is not None and triage.next_step == next_step

    if case.overridden or case.categories or triage is None:
        categories = tuple(case.categories or ())
    else:
        categories = tuple(triage.categories or ())

    decision_date = case.decision_date
    deadline = case.deadline
    certificate_date = None
    if triage is not None and same_step:
        decision_date = decision_date or triage.decision_date
        # The case keeps the nearest deadline across a thread; this message's own date is the
        # one to explain, unless an adviser set the case's by hand.
        deadline = deadline if case.overridden else (triage.deadline or deadline)
        certificate_date = triage.certificate_date

    safeguarding = bool(case.safeguarding)
    if triage is not None and not case.overridden:
        safeguarding = safeguarding or bool(triage.safeguarding)

    notes = details.get("notes")
    evidence: dict[str, tuple[str, ...]] = {}
    if triage is not None and isinstance(triage.evidence, Mapping):
        for category, sentences in triage.evidence.items():
            if isinstance(sentences, list | tuple):
                evidence[str(category)] = tuple(str(s) for s in sentences if str(s).strip())

    return ReplyFacts(
        case_id=case.id,
        next_step=next_step,
        categories=categories,
        subject=message.subject or case.subject or "",
        to_address=message.from_address or case.parent_address,
        parent_name=_greeting_name(_text(facts, "parent_name"))
        or _greeting_name(message.from_name)
        or _greeting_name(case.parent_name),
        child_name=_text(facts, "child_name"),
        school=_text(facts, "school"),
        council=_text(facts, "council"),
        decision_type=_choice(facts, "decision_type", DecisionType),
        exclusion_type=_choice(facts, "exclusion_type", ExclusionType),
        governors_decision=_text(facts, "governors_decision") in {"yes", "true", "upheld"},
        respondent=_choice(facts, "respondent", Respondent),
        complaint_stage=_choice(facts, "complaint_stage", ComplaintStage),
        decision_date=decision_date,
        certificate_date=certificate_date,
        deadline=deadline,
        safeguarding=safeguarding,
        needs_human=bool(details.get("needs_human")) or bool(case.needs_triage),
        reclassified=bool(case.overridden) and triage is not None and not same_step,
        confidence=triage.confidence if triage is not None else case.confidence,
        sent_at=message.sent_at,
        model_version=triage.model_version if triage is not None else None,
        evidence=evidence,
        triage_notes=tuple(str(n) for n in notes if str(n).strip())
        if isinstance(notes, list | tuple) else (),
    )


def _text(facts: Mapping[str, object], key: str) -> str | None:
    value = facts.get(key)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _choice(facts: Mapping[str, object], key: str, labels: type[_Label]) -> _Label | None:
    value = _text(facts, key)
    return labels(value.lower()) if value and value.lower() in set(labels) else None


def _greeting_name(value: str | None) -> str | None:
    """``value`` if it looks like a name to greet someone by, else None (never an address)."""
    if not value:
        return None
    value = " ".join(value.replace('"', " ").split()).strip(" ,.-")
    if not value or "@" in value or not _NAME_SHAPE.match(value):
        return None
    if value.lower() in _NOT_A_NAME or value.split()[0].lower() in _NOT_A_NAME:
        return None
    return value
