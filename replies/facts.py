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

from nameparser import HumanName

from core.labels import (
    Category,
    ComplaintStage,
    DecisionType,
    ExclusionType,
    NextStep,
    Respondent,
)
from replies.signals import Signals, read_signals
from replies.thread import EarlierReply
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
    said: Signals = field(default_factory=Signals)
    earlier: EarlierReply | None = None

    @property
    def young_person(self) -> bool:
        """Past compulsory school age by what the parent wrote (17 or older, Year 12 or above)."""
        return (self.said.age is not None and self.said.age >= 17) or self.said.post_16

    @property
    def appeals_for_themselves(self) -> bool:
        """The right of appeal or claim is the young person's and someone else wrote to us."""
        return self.young_person and not self.said.writer_is_young_person


def facts_from_records(
    case: Case, message: Message, triage: Triage | None, earlier: EarlierReply | None = None
) -> ReplyFacts:
    """Gather the facts for a draft answering ``message`` on ``case``; pure, no queries.

    ``earlier`` is our reply the message answers, when it is a follow-up.

    Case values (categories, next step, dates, safeguarding) win over the triage's. Triage dates
    are used only when the case still follows the triage's next step: a date found for an
    appeal says nothing about a discrimination claim the adviser switched the case to.
    """
    details: Mapping[str, object] = (triage.details or {}) if triage is not None else {}
    facts = _found_facts(details)
    next_step = (case.next_step or (triage.next_step if triage is not None else None)
                 or NextStep.GENERAL_ADVICE)
    followed = triage if triage is not None and triage.next_step == next_step else None
    decision_date, certificate_date, deadline = _step_dates(case, followed)
    return ReplyFacts(
        case_id=case.id,
        next_step=next_step,
        categories=_categories(case, triage),
        subject=message.subject or case.subject or "",
        to_address=message.from_address or case.parent_address,
        parent_name=_parent_name(facts, message, case),
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
        safeguarding=_safeguarding(case, triage),
        needs_human=bool(details.get("needs_human")) or bool(case.needs_triage),
        reclassified=bool(case.overridden) and triage is not None and followed is None,
        confidence=triage.confidence if triage is not None else case.confidence,
        sent_at=message.sent_at,
        model_version=triage.model_version if triage is not None else None,
        evidence=_evidence(triage),
        triage_notes=_strings(details.get("notes")),
        said=read_signals(message.new_text or "", message.subject or ""),
        earlier=earlier,
    )


def _found_facts(details: Mapping[str, object]) -> Mapping[str, object]:
    found = details.get("facts")
    return found if isinstance(found, Mapping) else {}


def _categories(case: Case, triage: Triage | None) -> tuple[Category, ...]:
    """The case's categories; the triage's while no adviser corrected an uncategorised case."""
    if case.overridden or case.categories or triage is None:
        return tuple(case.categories or ())
    return tuple(triage.categories or ())


def _step_dates(
    case: Case, followed: Triage | None
) -> tuple[date | None, date | None, date | None]:
    """(decision date, certificate date, deadline) for the next step the case follows.

    ``followed`` is the triage when the case still follows its next step, else None.
    """
    if followed is None:
        return case.decision_date, None, case.deadline
    # The case keeps the nearest deadline across a thread; this message's own date is the one
    # to explain, unless an adviser set the case's by hand.
    deadline = case.deadline if case.overridden else (followed.deadline or case.deadline)
    return case.decision_date or followed.decision_date, followed.certificate_date, deadline


def _safeguarding(case: Case, triage: Triage | None) -> bool:
    """Flagged on the case, or by the triage unless an adviser corrected the case."""
    from_triage = triage is not None and not case.overridden and bool(triage.safeguarding)
    return bool(case.safeguarding) or from_triage


def _parent_name(facts: Mapping[str, object], message: Message, case: Case) -> str | None:
    """The name the parent signs with, else their display name on the message or the case."""
    return (_greeting_name(_text(facts, "parent_name")) or _greeting_name(message.from_name)
            or _greeting_name(case.parent_name))


def _evidence(triage: Triage | None) -> dict[str, tuple[str, ...]]:
    """The triage's supporting sentences per category, blanks dropped."""
    evidence: dict[str, tuple[str, ...]] = {}
    if triage is not None and isinstance(triage.evidence, Mapping):
        for category, sentences in triage.evidence.items():
            if isinstance(sentences, list | tuple):
                evidence[str(category)] = tuple(str(s) for s in sentences if str(s).strip())
    return evidence


def _strings(value: object) -> tuple[str, ...]:
    """A stored list as strings, blanks dropped; () for anything else."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(n) for n in value if str(n).strip())


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
    return capitalise_name(value)


def capitalise_name(name: str) -> str:
    """``name`` as people write it: "ahmed yusuf" → "Ahmed Yusuf", "mcdonald" → "McDonald".

    A name already in mixed case is the person's own spelling ("de Souza", "MacLeod") and is
    kept; only an all-lower or all-upper name is recapitalised.
    """
    if not (name.islower() or name.isupper()):
        return name
    parsed = HumanName(name)
    parsed.capitalize(force=True)
    words = str(parsed).split()
    # The parser may reorder or drop parts of unusual names; then capitalise word by word.
    if [w.lower() for w in words] != name.lower().split():
        words = [_capitalise_word(word) for word in name.split()]
    return " ".join(_initials(word) for word in words)


def _capitalise_word(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def _initials(word: str) -> str:
    """"Jj" → "JJ": a short word without vowels is initials, not a name."""
    letters = word.replace(".", "")
    if len(letters) <= 3 and letters.isalpha() and not set(letters.lower()) & set("aeiouy"):
        return word.upper()
    return word
