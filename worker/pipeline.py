"""The pipeline for one inbound message: parse → thread → classify → route → deadline → draft.

The only place where ingest, classify, storage and replies meet. Each step is idempotent: a
second run on the same message is a no-op, so duplicate tasks and redeliveries are harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from classify.types import EmailText
from classify.types import Triage as TriageValue
from core.clock import Clock, SystemClock
from core.errors import PermanentError
from core.logging import message_id_var
from core.settings import Settings
from ingest.message import ParsedEmail
from ingest.parse import parse_email
from replies.drafting import create_draft, mark_bounced
from storage.db import transaction
from storage.enums import CaseStatus, MessageStatus
from storage.events import record_event
from storage.messages import claim_for_processing, quarantine, release_after_error
from storage.models import Case, Message, Triage
from storage.threads import find_case_by_references, find_case_by_token

log = logging.getLogger(__name__)


class Classifier(Protocol):
    model_version: str

    def triage(self, text: EmailText) -> TriageValue: ...

    def triage_many(self, texts: Sequence[EmailText]) -> list[TriageValue]: ...


class Outcome(StrEnum):
    PROCESSED = "processed"
    AUTOMATIC = "automatic"
    SKIPPED = "skipped"
    QUARANTINED = "quarantined"


@dataclass
class Pipeline:
    """What processing needs: a session factory, settings, a loaded classifier and a clock."""

    factory: sessionmaker[Session]
    settings: Settings
    classifier: Classifier
    clock: Clock = field(default_factory=SystemClock)

    def process_message(self, message_id: int) -> Outcome:
        """Process one stored message to a triaged case with a draft awaiting approval.

        Returns SKIPPED when another worker holds it or it is already done. On an unexpected
        error the message goes back to ``received`` with the error kept and the error is
        re-raised for the task to retry; after ``max_attempts`` it is quarantined instead.
        """
        token = message_id_var.set(str(message_id))
        try:
            return self._process(message_id)
        finally:
            message_id_var.reset(token)

    def _process(self, message_id: int) -> Outcome:
        now = self.clock.now()
        stale = timedelta(seconds=self.settings.stale_after_seconds)
        with transaction(self.factory) as session:
            if not claim_for_processing(session, message_id, now=now, stale_after=stale):
                return Outcome.SKIPPED
            row = session.get(Message, message_id)
            assert row is not None
            raw, attempts = row.raw, row.attempts
        try:
            return self._process_claimed(message_id, raw)
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"
            with transaction(self.factory) as session:
                if isinstance(exc, PermanentError) or attempts >= self.settings.max_attempts:
                    quarantine(session, message_id, reason, now=self.clock.now())
                    log.warning("message quarantined after %s attempt(s): %s", attempts,
                                type(exc).__name__)
                    return Outcome.QUARANTINED
                release_after_error(session, message_id, reason)
            raise

    def _process_claimed(self, message_id: int, raw: bytes) -> Outcome:
        parsed = parse_email(
            raw,
            self.settings.resolved_forwarders,
            own_domains=frozenset({self.settings.message_id_domain}),
        )
        if parsed.problem:
            with transaction(self.factory) as session:
                _store_parse(session, message_id, parsed)
                quarantine(session, message_id, f"unreadable email: {parsed.problem}",
                           now=self.clock.now())
            return Outcome.QUARANTINED
        triage: TriageValue | None = None
        if not parsed.automatic:
            triage = self.classifier.triage(email_text(parsed))
        with transaction(self.factory) as session:
            return self._record(session, message_id, parsed, triage)

    def _record(
        self, session: Session, message_id: int, parsed: ParsedEmail,
        triage: TriageValue | None,
    ) -> Outcome:
        now = self.clock.now()
        message = session.get(Message, message_id, with_for_update=True)
        assert message is not None
        if message.status != MessageStatus.PROCESSING:
            return Outcome.SKIPPED
        _store_parse(session, message_id, parsed)
        case = _find_case(session, parsed)
        if parsed.automatic or triage is None:
            return self._record_automatic(session, message, parsed, case, now)
        if case is None:
            case = Case(
                parent_address=parsed.from_address,
                parent_name=parsed.from_name,
                subject=parsed.subject[:998],
                created_at=message.received_at,
                status=CaseStatus.NEW,
            )
            session.add(case)
            session.flush()
            record_event(session, "case.opened", actor="worker", case_id=case.id,
                         message_id=message.id, at=now)
        else:
            if _subject_changed(case, parsed):
                message.flags = [*message.flags, "subject_changed"]
            record_event(session, "case.message_added", actor="worker", case_id=case.id,
                         message_id=message.id, at=now)
        message.case_id = case.id
        stored = _store_triage(session, message, case, triage, now)
        _apply_triage_to_case(case, triage, self.settings.low_confidence_threshold, now)
        create_draft(session, case=case, message=message, triage=stored, now=now)
        message.status = MessageStatus.PROCESSED
        message.processed_at = now
        message.last_error = None
        return Outcome.PROCESSED

    def _record_automatic(
        self, session: Session, message: Message, parsed: ParsedEmail, case: Case | None,
        now: datetime,
    ) -> Outcome:
        # Automatic mail is kept (on its case when it threads) but never drafted and never
        # reopens a case; a bounce of our own reply marks that reply as failed.
        if case is not None:
            message.case_id = case.id
        for mid in parsed.bounced_message_ids:
            draft = mark_bounced(session, mid, parsed.automatic_reason or "bounced")
            if draft is not None:
                message.case_id = draft.case_id
        message.status = MessageStatus.PROCESSED
        message.processed_at = now
        record_event(session, "message.automatic", actor="worker", case_id=message.case_id,
                     message_id=message.id, detail={"reason": parsed.automatic_reason}, at=now)
        return Outcome.AUTOMATIC


def email_text(parsed: ParsedEmail) -> EmailText:
    """What the classifier reads of a parsed email (the signature names the parent)."""
    return EmailText(body=parsed.new_text, subject=parsed.subject, sent=parsed.sent_at,
                     signature=parsed.signature, sender_name=parsed.from_name or "")


def _store_parse(session: Session, message_id: int, parsed: ParsedEmail) -> None:
    message = session.get(Message, message_id)
    assert message is not None
    message.from_address = parsed.from_address
    message.from_name = (parsed.from_name or "")[:200] or None
    message.via_address = parsed.via_address
    message.sent_at = parsed.sent_at
    message.subject = parsed.subject
    message.in_reply_to = parsed.in_reply_to
    message.references = list(parsed.references)
    message.automatic = parsed.automatic
    message.automatic_reason = (parsed.automatic_reason or "")[:200] or None
    message.new_text = parsed.new_text
    message.full_text = parsed.full_text
    message.html = parsed.html
    message.attachments = [asdict(a) for a in parsed.attachments]


def _find_case(session: Session, parsed: ParsedEmail) -> Case | None:
    refs: list[str] = []
    if parsed.in_reply_to:
        refs.append(parsed.in_reply_to)
    refs.extend(reversed(parsed.references))
    case = find_case_by_references(session, refs)
    if case is None and parsed.case_token is not None:
        case = find_case_by_token(session, parsed.case_token, parsed.from_address)
    return case


def _subject_changed(case: Case, parsed: ParsedEmail) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.lower().split())

    base = parsed.base_subject or parsed.subject
    return bool(base) and norm(base) not in norm(case.subject) and norm(case.subject) not in norm(
        base
    )


def _store_triage(
    session: Session, message: Message, case: Case, triage: TriageValue, now: datetime
) -> Triage:
    existing = session.scalar(
        select(Triage).where(Triage.message_id == message.id,
                             Triage.model_version == triage.model_version)
    )
    if existing is not None:
        return existing
    row = Triage(
        message_id=message.id,
        case_id=case.id,
        model_version=triage.model_version,
        scores=dict(triage.scores),
        categories=list(triage.categories),
        next_step=triage.next_step,
        decision_date=triage.decision_date,
        certificate_date=triage.certificate_date,
        deadline=triage.deadline,
        safeguarding=triage.safeguarding,
        confidence=triage.confidence,
        evidence={k: list(v) for k, v in triage.evidence.items()},
        details={"facts": dict(triage.facts), "notes": list(triage.notes),
                 "needs_human": triage.needs_human},
        created_at=now,
    )
    session.add(row)
    session.flush()
    record_event(session, "triage.recorded", actor=f"model:{triage.model_version}",
                 case_id=case.id, message_id=message.id,
                 detail={"categories": list(triage.categories), "next_step": triage.next_step,
                         "confidence": round(triage.confidence, 3)}, at=now)
    return row


def _apply_triage_to_case(case: Case, triage: TriageValue, threshold: float, now: datetime) -> None:
    # A later message in the thread refreshes the triage unless an adviser corrected it.
    # A follow-up with nothing new to act on ("thank you") keeps the case's route and deadline.
    if not case.overridden and (triage.categories or not case.categories):
        case.categories = list(triage.categories)
        case.next_step = triage.next_step
        case.decision_date = triage.decision_date or case.decision_date
    case.deadline = _nearest(case.deadline, triage.deadline)
    case.safeguarding = case.safeguarding or triage.safeguarding
    case.confidence = triage.confidence
    case.needs_triage = triage.needs_human or triage.confidence < threshold
    case.triage_summary = _summary(triage)
    case.status = CaseStatus.AWAITING_APPROVAL
    case.closed_at = None
    case.updated_at = now


def _nearest(current: date | None, new: date | None) -> date | None:
    if current is None or new is None:
        return new or current
    return min(current, new)


def _summary(triage: TriageValue) -> str:
    cats = ", ".join(triage.categories) or "no specific category"
    parts = [f"{cats} → {triage.next_step}"]
    if triage.deadline:
        parts.append(f"deadline {triage.deadline.isoformat()}")
    if triage.safeguarding:
        parts.append("SAFEGUARDING")
    return "; ".join(parts)
