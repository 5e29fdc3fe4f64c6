"""The pipeline for one inbound message, wiring only: claim → parse → triage → case → draft.

Each step is a transition of ``storage.messages``/``storage.cases`` or ``replies.drafting``
with its own contract. A second run on the same message is a no-op (duplicates are harmless).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from classify.types import Triage, TriageModel
from core.clock import Clock, SystemClock
from core.logging import logging_message
from core.settings import Settings
from ingest.attachments import AttachmentReading, read_attachments
from ingest.message import ParsedEmail
from ingest.parse import parse_email
from replies.alerts import send_safeguarding_alert
from replies.drafting import create_draft
from storage import attachments, cases, messages
from storage.db import transaction
from worker.failures import settle_failure
from worker.reading import classifier_text


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
    classifier: TriageModel
    clock: Clock = field(default_factory=SystemClock)

    def process_message(self, message_id: int) -> Outcome:
        """Process one stored message to a triaged case with a draft (SKIPPED when held or done);
        a failure raises ``RetryLater`` or quarantines it (``worker.failures.settle_failure``)."""
        with logging_message(message_id):
            with transaction(self.factory) as session:
                claim = messages.claim(session, message_id, now=self.clock.now(), stale_after=(
                    timedelta(seconds=self.settings.stale_after_seconds)))
            return Outcome.SKIPPED if claim is None else self.run(claim)

    def run(self, claim: messages.Claim) -> Outcome:
        """Process a message this worker has claimed (``process_message`` after the claim)."""
        try:
            parsed = parse_email(claim.raw, self.settings.resolved_forwarders,
                                 own_domains=frozenset({self.settings.message_id_domain}))
            read = not (parsed.problem or parsed.automatic)
            # Attachments are read before any transaction opens: it can take seconds.
            readings = read_attachments(claim.raw, parsed.attachments) if read else []
            triage = self.classifier.triage(classifier_text(parsed, readings)) if read else None
            with transaction(self.factory) as session:
                outcome, alert_case = self._record(session, claim.message_id, parsed, triage,
                                                   readings)
        except Exception as exc:
            retry = settle_failure(self.factory, claim, exc,
                                   max_attempts=self.settings.max_attempts, now=self.clock.now())
            if retry is None:
                return Outcome.QUARANTINED
            raise retry from exc
        if alert_case is not None:
            # After the commit, so the alert never announces a rolled-back case; a failure is
            # left to the sweeper and never fails the message.
            send_safeguarding_alert(self.factory, alert_case, self.settings, now=self.clock.now())
        return outcome

    def _record(self, session: Session, message_id: int, parsed: ParsedEmail,
                triage: Triage | None,
                readings: Sequence[AttachmentReading]) -> tuple[Outcome, int | None]:
        """The message's outcome, and the case owed a safeguarding alert now, if any."""
        now = self.clock.now()
        if parsed.problem:
            messages.set_aside_unreadable(session, message_id, parsed, parsed.problem, now=now)
            return Outcome.QUARANTINED, None
        if messages.lock_in_processing(session, message_id) is None:
            return Outcome.SKIPPED, None
        message = cases.record_parse(session, message_id, parsed)
        attachments.record_readings(session, message_id, readings, now=now)
        thread = cases.find_thread(session, parsed)
        if triage is None:
            messages.record_automatic(session, message, thread, reason=parsed.automatic_reason,
                                      bounced_message_ids=parsed.bounced_message_ids, now=now)
            return Outcome.AUTOMATIC, None
        case = cases.attach_message(session, message, parsed, thread, now=now)
        stored = cases.record_triage(session, message, case, triage, now=now)
        cases.apply_triage(case, triage, threshold=self.settings.low_confidence_threshold,
                           now=now)
        create_draft(session, case=case, message=message, triage=stored, now=now,
                     own_addresses=self.settings.own_addresses)
        messages.mark_processed(message, now=now)
        owed = case.safeguarding and case.safeguarding_alerted_at is None
        return Outcome.PROCESSED, case.id if owed else None

