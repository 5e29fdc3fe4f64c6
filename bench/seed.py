"""Seed a database with N realistic cases (default 100,000) for the web benchmark.

A year of helpline traffic built through the project's own models and migrations: parents with
names and addresses, one to three inbound messages per case (raw MIME and parsed text, 1–2 KB),
the classifier's triage of each, a draft per case (sent for replied cases, awaiting approval
for open ones), advisers' corrections and the audit events the pipeline records. Rows go in
with multi-row INSERTs in batches, so 100k cases take a minute or two, not hours.

    .venv/bin/python bench/seed.py URL [--cases 100000] [--now 2026-12-05T12:00:00+00:00]

Every adviser and manager can sign in as ``adviserN@advice-line.example`` /
``managerN@advice-line.example`` with the password ``PASSWORD``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import Connection, insert, text

from core.labels import Category, NextStep
from storage.db import make_engine
from storage.enums import CaseStatus, Direction, DraftStatus, EventAction, MessageStatus, Role
from storage.migrate import upgrade_database
from storage.models import Case, Correction, Draft, Event, Message, Triage, User
from storage.users import hash_password

PASSWORD: Final = "bench-password-2026"
ADVISERS: Final = 16
MANAGERS: Final = 4
INBOX: Final = "advice@advice-line.example"
MODEL: Final = "send-triage-2026.11"
BATCH: Final = 2000

FIRST: Final = (
    "Priya", "Sam", "Jo", "Alex", "Chris", "Hannah", "Mohammed", "Aisha", "Tom", "Grace", "Oliver",
    "Amelia", "Jack", "Isla", "Harry", "Ava", "Noah", "Mia", "Leo", "Emily", "Fatima", "Yusuf",
    "Zara", "Daniel", "Sophie", "Ruth", "Kwame", "Ama", "Wojciech", "Agnieszka", "Liam", "Chloe",
    "Ewan", "Megan", "Rhys", "Siobhan", "Declan", "Niamh", "Tariq", "Bilal", "Precious", "Chidi",
    "Ngozi", "Kemi", "Lucy", "Rebecca", "David", "Sarah", "James", "Claire", "Gemma", "Laura",
    "Paul", "Mark", "Helen", "Rachel", "Simon", "Karen", "Joanne",
)
SURNAMES: Final = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Wright", "Robinson", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "Khan", "Ahmed", "Hussain", "Begum", "Ali", "Okafor", "Mensah",
    "Nowak", "Kowalski", "Murphy", "Kelly", "O'Brien", "Campbell", "Stewart", "Macdonald",
    "Hughes", "Edwards", "Lewis", "Morgan", "Price", "Griffiths", "Bloggs", "Fletcher", "Chapman",
    "Marshall", "Harrison", "Lawrence", "Baker", "Turner", "Parker", "Collins", "Bennett",
    "Cooper", "Richardson", "Cox", "Ward", "Howard", "Russell", "Shah",
)
DOMAINS: Final = ("example.org", "example.net", "example.com", "mail.example", "parents.example")
CHILDREN: Final = ("son", "daughter", "child", "grandson", "foster son", "stepdaughter")
KIDS: Final = (
    "Sam", "Ella", "Josh", "Maya", "Ben", "Lily", "Adam", "Zoe", "Max", "Ruby", "Kai", "Evie",
    "Theo", "Aria", "Finn", "Nia",
)
COUNCILS: Final = (
    "Barsetshire County Council", "Midsomer Council", "Wessex Borough Council",
    "Loamshire County Council", "Borsetshire Council", "Royston Vasey Council",
    "Sunnydale City Council", "Ambridge District Council",
)
SCHOOLS: Final = (
    "St Mary's Primary", "Oakfield Academy", "Riverside Junior School", "Hillcrest High",
    "Greenbank Primary", "Kingsmead School", "Meadowview Academy", "Parkside Infants",
)
CONDITIONS: Final = ("autism", "ADHD", "dyslexia", "speech and language needs", "anxiety",
                     "cerebral palsy", "a hearing impairment", "Down syndrome", "PDA")

OPENINGS: Final = (
    "Dear advice line,", "Hello,", "Hi there,", "To whom it may concern,", "Good morning,",
)
PARAGRAPHS: Final[dict[Category | None, tuple[str, ...]]] = {
    Category.APPEAL: (
        "{council} wrote on {when} to say they refuse to carry out an EHC needs assessment for "
        "my {child} {kid}. We want to appeal this decision to the tribunal.",
        "The final EHC plan for {kid} arrived on {when} and section I names {school}, which "
        "cannot meet {kid}'s needs. I would like to appeal against the plan.",
        "After the annual review {council} decided on {when} to cease {kid}'s EHC plan. We "
        "disagree and want to know how to challenge it.",
    ),
    Category.EXCLUSION: (
        "{school} excluded my {child} {kid} for five days on {when} after a meltdown in class. "
        "{kid} has {condition} and the school knew this.",
        "The head teacher at {school} has permanently excluded {kid} from {when}. The governors "
        "meet next week and I do not know what to say.",
        "{kid} keeps being sent home early from {school} and told not to come back after lunch. "
        "Nobody has written anything down.",
    ),
    Category.DISCRIMINATION: (
        "{school} will not let {kid} go on the residential trip because of {condition}. I think "
        "this is disability discrimination.",
        "{kid} was left out of sports day at {school} on {when} because staff said it was too "
        "difficult with {condition}.",
    ),
    Category.DELAY: (
        "We asked {council} for an EHC needs assessment months ago and we still have no "
        "decision. It has now been well past the twenty weeks.",
        "{council} has not replied to my emails about {kid}'s annual review since {when}. The "
        "case officer keeps changing.",
    ),
    None: (
        "I am not sure what support {kid} should be getting at {school}. Could you tell me what "
        "SEN support means and who to talk to?",
        "Can you explain the difference between SEN support and an EHC plan? {kid} has "
        "{condition} and is finding school hard.",
    ),
}
CLOSINGS: Final = (
    "He is struggling badly and we are at our wits' end.",
    "She has been out of school for three weeks now.",
    "Any advice would be really appreciated.",
    "I have attached the letter from the council.",
    "We had a meeting with the SENCo but nothing has changed.",
    "I can be reached on this email address any time.",
)
NEXT_STEP_FOR: Final = {
    Category.APPEAL: NextStep.APPEAL, Category.EXCLUSION: NextStep.CHALLENGE_EXCLUSION,
    Category.DISCRIMINATION: NextStep.DISCRIMINATION_CLAIM,
    Category.DELAY: NextStep.FORMAL_COMPLAINT, None: NextStep.GENERAL_ADVICE,
}
DEADLINE_DAYS: Final = {Category.APPEAL: 61, Category.EXCLUSION: 15,
                        Category.DISCRIMINATION: 183}


@dataclass
class Rows:
    """Rows waiting for their batch INSERT, one list per table, with the ids handed out."""

    tables: dict[type[Any], list[dict[str, Any]]] = field(default_factory=dict)
    next_id: dict[type[Any], int] = field(default_factory=dict)

    def add(self, model: type[Any], **values: Any) -> int:
        row_id = self.next_id.get(model, 1)
        self.next_id[model] = row_id + 1
        self.tables.setdefault(model, []).append({"id": row_id, **values})
        return row_id

    def pending(self) -> int:
        return sum(len(v) for v in self.tables.values())


class Seeder:
    """Builds the rows of one case at a time; ``flush`` writes them in dependency order."""

    def __init__(self, conn: Connection, now: datetime, cases: int, rng: random.Random) -> None:
        self.conn, self.now, self.cases, self.rng = conn, now, cases, rng
        self.rows = Rows()
        self.advisers: list[tuple[int, str]] = []

    def seed_users(self) -> None:
        password_hash = hash_password(PASSWORD)
        for role, count in ((Role.MANAGER, MANAGERS), (Role.ADVISER, ADVISERS)):
            for i in range(1, count + 1):
                email = f"{role.value}{i}@advice-line.example"
                user_id = self.rows.add(User, email=email, name=f"{role.value.title()} {i}",
                                        role=role, password_hash=password_hash, active=True,
                                        created_at=self.now - timedelta(days=400))
                self.advisers.append((user_id, email))
        self.flush()

    def _text(self, category: Category | None, parent: str, created: datetime) -> str:
        rng = self.rng
        slots = {"council": rng.choice(COUNCILS), "school": rng.choice(SCHOOLS),
                 "child": rng.choice(CHILDREN), "kid": rng.choice(KIDS),
                 "condition": rng.choice(CONDITIONS),
                 "when": (created - timedelta(days=rng.randint(1, 20))).strftime("%-d %B %Y")}
        paragraphs = [rng.choice(OPENINGS), rng.choice(PARAGRAPHS[category]).format(**slots)]
        paragraphs += [rng.choice(PARAGRAPHS[rng.choice(list(PARAGRAPHS))]).format(**slots)
                       for _ in range(rng.randint(1, 3))]
        paragraphs += [" ".join(rng.sample(CLOSINGS, 3)) for _ in range(rng.randint(1, 3))]
        paragraphs.append(f"Thanks,\n{parent.split(maxsplit=1)[0]}")
        return "\n\n".join(paragraphs)

    def _status(self, age_days: float) -> CaseStatus:
        roll = self.rng.random()
        if age_days < 3:
            return (CaseStatus.AWAITING_APPROVAL if roll < 0.6 else CaseStatus.NEEDS_TRIAGE
                    if roll < 0.7 else CaseStatus.NEW if roll < 0.75 else CaseStatus.REPLIED)
        if roll < 0.02:
            return CaseStatus.AWAITING_APPROVAL
        return CaseStatus.CLOSED if roll < 0.12 else CaseStatus.REPLIED

    def seed_case(self, index: int) -> None:
        rng, now = self.rng, self.now
        # More recent cases than old ones: the line is growing.
        age = timedelta(days=365 * (1 - rng.random() ** 0.7), seconds=rng.randint(0, 86399))
        created = now - age
        first, surname = rng.choice(FIRST), rng.choice(SURNAMES)
        parent = f"{first} {surname}"
        address = (f"{first.lower()}.{surname.lower().replace(chr(39), '')}{index % 997}"
                   f"@{rng.choice(DOMAINS)}")
        primary: Category | None = rng.choices(
            [Category.APPEAL, Category.EXCLUSION, Category.DISCRIMINATION, Category.DELAY, None],
            weights=[35, 25, 10, 20, 10])[0]
        categories = [] if primary is None else [primary]
        if primary is not None and rng.random() < 0.2:
            categories.append(rng.choice([c for c in Category if c != primary]))
        next_step = NEXT_STEP_FOR[primary]
        decision = (created - timedelta(days=rng.randint(1, 20))).date()
        days = DEADLINE_DAYS.get(primary) if primary is not None else None
        deadline: date | None = decision + timedelta(days=days) if days else None
        status = self._status(age.total_seconds() / 86400)
        assignee = rng.choice(self.advisers) if rng.random() < 0.7 else None
        first_response = (created + timedelta(minutes=rng.randint(30, 60 * 24 * 5))
                          if status == CaseStatus.REPLIED else None)
        closed = (created + timedelta(days=rng.randint(1, 10))
                  if status == CaseStatus.CLOSED else None)
        confidence = round(rng.uniform(0.35, 0.99), 3)
        subject = rng.choice(("EHC needs assessment refused", "Exclusion from school",
                              "Help please", "School trip", "Annual review delay",
                              "Question about SEN support", f"{rng.choice(KIDS)}'s EHC plan"))
        case_id = self.rows.add(
            Case, parent_address=address, parent_name=parent, subject=subject, status=status,
            categories=categories, next_step=next_step, triage_summary=", ".join(categories),
            decision_date=decision if days else None, deadline=deadline,
            safeguarding=rng.random() < 0.02, confidence=confidence,
            needs_triage=status == CaseStatus.NEEDS_TRIAGE or confidence < 0.5,
            overridden=False, assignee_id=assignee[0] if assignee else None, created_at=created,
            updated_at=max(t for t in (created, first_response, closed) if t is not None),
            first_response_at=first_response, closed_at=closed)
        last_message = self._seed_messages(case_id, created, parent, address, subject, primary,
                                           categories, next_step, deadline, confidence)
        self._seed_draft(case_id, last_message, created, address, subject, next_step, status,
                         assignee, first_response)
        if rng.random() < 0.08 and assignee is not None:
            self._seed_correction(case_id, created, categories, next_step, assignee)

    def _seed_messages(self, case_id: int, created: datetime, parent: str, address: str,
                       subject: str, primary: Category | None, categories: list[Category],
                       next_step: NextStep, deadline: date | None,
                       confidence: float) -> tuple[int, int, str]:
        rng = self.rng
        count = rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
        last: tuple[int, int, str] = (0, 0, "")
        for n in range(count):
            received = created + timedelta(hours=30 * n)
            body = self._text(primary, parent, received)
            header = f"<{case_id}.{n}.{rng.getrandbits(40):x}@{address.split('@')[1]}>"
            raw = (f"From: {parent} <{address}>\r\nTo: {INBOX}\r\nSubject: {subject}\r\n"
                   f"Message-ID: {header}\r\nDate: {received:%a, %d %b %Y %H:%M:%S +0000}\r\n"
                   "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                   f"{body.replace(chr(10), chr(13) + chr(10))}\r\n").encode()
            message_id = self.rows.add(
                Message, direction=Direction.INBOUND, raw=raw, size=len(raw),
                content_sha256=hashlib.sha256(raw).hexdigest(), message_id_header=header,
                message_id_generated=False, envelope_from=address, envelope_to=[INBOX],
                received_at=received, status=MessageStatus.PROCESSED, attempts=1,
                processed_at=received + timedelta(seconds=2), case_id=case_id,
                from_address=address, from_name=parent, sent_at=received - timedelta(minutes=2),
                subject=subject if n == 0 else f"Re: {subject}", references=[],
                automatic=False, new_text=body, full_text=body, attachments=[], flags=[])
            triage_id = self.rows.add(
                Triage, message_id=message_id, case_id=case_id, model_version=MODEL,
                scores={c.value: 0.9 for c in categories}, categories=categories,
                next_step=next_step, deadline=deadline, safeguarding=False,
                confidence=confidence, evidence={}, details={"facts": {}, "notes": []},
                created_at=received)
            self._event(EventAction.MESSAGE_RECEIVED, received, actor="smtp",
                        message_id=message_id)
            self._event(EventAction.CASE_OPENED if n == 0 else EventAction.CASE_MESSAGE_ADDED,
                        received, actor="worker", case_id=case_id, message_id=message_id)
            self._event(EventAction.TRIAGE_RECORDED, received, actor=f"model:{MODEL}",
                        case_id=case_id, message_id=message_id)
            last = (message_id, triage_id, header)
        return last

    def _seed_draft(self, case_id: int, last: tuple[int, int, str], created: datetime,
                    address: str, subject: str, next_step: NextStep, status: CaseStatus,
                    assignee: tuple[int, str] | None, replied: datetime | None) -> None:
        message_id, triage_id, header = last
        sent = status == CaseStatus.REPLIED
        draft_status = (DraftStatus.SENT if sent else DraftStatus.REJECTED
                        if status == CaseStatus.CLOSED else DraftStatus.DRAFT)
        approver = assignee or self.advisers[MANAGERS]
        draft_id = self.rows.add(
            Draft, case_id=case_id, message_id=message_id, triage_id=triage_id,
            status=draft_status, next_step=next_step, to_address=address,
            subject=f"Re: {subject} [ST-{case_id}]",
            body="Dear parent,\n\nThank you for writing to us. " * 8, version=1,
            drafted_by=f"model:{MODEL}", approved_by_id=approver[0] if sent else None,
            approved_at=replied, outgoing_message_id=f"<st.{case_id}@advice-line.example>"
            if sent else None, in_reply_to=header, references=[header],
            send_attempts=1 if sent else 0, sent_at=replied, adviser_notes=[],
            created_at=created, updated_at=replied or created)
        self._event(EventAction.DRAFT_CREATED, created, actor=f"model:{MODEL}", case_id=case_id,
                    draft_id=draft_id)
        if sent and replied is not None:
            for action in (EventAction.DRAFT_APPROVED, EventAction.DRAFT_SENDING,
                           EventAction.DRAFT_SENT):
                self._event(action, replied, actor=approver[1], case_id=case_id,
                            draft_id=draft_id)

    def _seed_correction(self, case_id: int, created: datetime, categories: list[Category],
                         next_step: NextStep, user: tuple[int, str]) -> None:
        old = [self.rng.choice(list(Category))]
        self.rows.add(Correction, case_id=case_id, user_id=user[0], old_categories=old,
                      new_categories=categories, old_next_step=NEXT_STEP_FOR[old[0]],
                      new_next_step=next_step, text="", created_at=created + timedelta(hours=1))
        case_row = self.rows.tables[Case][-1]
        case_row["overridden"] = True
        self._event(EventAction.CASE_RECLASSIFIED, created + timedelta(hours=1), actor=user[1],
                    case_id=case_id)

    def _event(self, action: EventAction, at: datetime, **ids: Any) -> None:
        self.rows.add(Event, action=action, detail={}, created_at=at,
                      **({"actor": "system", "case_id": None, "message_id": None,
                          "draft_id": None} | ids))

    def flush(self) -> None:
        for model in (User, Case, Message, Triage, Draft, Correction, Event):
            batch = self.rows.tables.get(model)
            if batch:
                self.conn.execute(insert(model), batch)
                batch.clear()


def reset_sequences(conn: Connection) -> None:
    """On PostgreSQL, move each id sequence past the ids the seed gave out itself."""
    if conn.dialect.name != "postgresql":
        return
    for table in ("users", "cases", "messages", "triages", "drafts", "corrections", "events"):
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                          f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def seed(url: str, cases: int, now: datetime, *, revision: str = "head",
         seed_value: int = 11) -> float:
    """Migrate ``url`` to ``revision`` and fill it with ``cases`` cases; returns the seconds."""
    started = time.perf_counter()
    upgrade_database(url, revision)
    engine = make_engine(url)
    with engine.begin() as conn:
        seeder = Seeder(conn, now, cases, random.Random(seed_value))
        seeder.seed_users()
        for i in range(cases):
            seeder.seed_case(i)
            if seeder.rows.pending() >= BATCH * 5:
                seeder.flush()
        seeder.flush()
        reset_sequences(conn)
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    engine.dispose()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="SQLAlchemy URL of an empty database")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--now", type=datetime.fromisoformat,
                        default=datetime.now(UTC).replace(microsecond=0),
                        help="the moment the newest cases arrive (ISO 8601 with offset)")
    parser.add_argument("--revision", default="head",
                        help="migrate to this revision first (an older one to measure old code)")
    args = parser.parse_args()
    took = seed(args.url, args.cases, args.now, revision=args.revision)
    print(f"seeded {args.cases} cases in {took:.1f} s")


if __name__ == "__main__":
    main()
