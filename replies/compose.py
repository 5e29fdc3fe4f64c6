"""Composing a draft reply from ``ReplyFacts``: which sections, which questions, which notes.

The words live in the Jinja2 templates under ``replies/templates/`` (one per next step, sharing
``layout.txt.j2``); this module decides what goes in and refuses to render an empty placeholder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

from dateutil.relativedelta import relativedelta
from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError

from core.labels import (
    CATEGORIES,
    CATEGORY_STEPS,
    COMPLAINT_STEPS,
    Category,
    DecisionType,
    ExclusionType,
    NextStep,
    Respondent,
    complaint_step,
)
from core.mailconv import base_subject, case_tag
from replies.facts import ReplyFacts
from replies.notes import count, plain_notes
from replies.readability import measure_reading_age, reading_note

LAYOUT: Final = "layout.txt.j2"
# The plain-words version, for a parent who says reading or English is hard for them.
SIMPLE_LAYOUT: Final = "simple/layout.txt.j2"
# One template per next step, named after it.
STEP_TEMPLATES: Final = {step: f"{step.value}.txt.j2" for step in NextStep}
# The order the issues of a multi-issue email are answered in, after the chosen next step.
CATEGORY_ORDER: Final = CATEGORIES
SUBJECT_LIMIT: Final = 110
URGENT_DAYS: Final = 21
# Exclusion guidance in force from this date; its 15-school-day limits are unconfirmed (§2E ?).
EXCLUSION_GUIDANCE_2026: Final = date(2026, 7, 26)
# Evidence quoted in the ready-to-send email: enough to say what happened, not the whole story.
MAX_QUOTED_SENTENCES: Final = 2
MAX_QUOTED_CHARS: Final = 400



class EmptyPlaceholder(TemplateError):
    """A template printed a value that was None or empty: a template bug, never sent."""


@dataclass(frozen=True)
class DraftReply:
    """A composed reply: what the parent would receive, and what only the adviser sees."""

    subject: str
    body: str
    adviser_notes: tuple[str, ...]
    templates: tuple[str, ...]
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """One issue answered in the reply. Dates are known only for the chosen next step."""

    step: NextStep
    template: str
    number: int
    numbered: bool
    decision_date: date | None = None
    certificate_date: date | None = None
    deadline: date | None = None
    deadline_passed: bool = False
    comments_by: date | None = None

    def heading(self, title: str) -> str:
        """``title``, numbered when the reply covers more than one issue."""
        return f"{self.number}. {title}" if self.numbered else title


def compose_draft(facts: ReplyFacts) -> DraftReply:
    """Render the reply for ``facts``: one section per issue, the chosen next step first.

    Pure and deterministic (no clock: "today" is the date the parent wrote). Raises
    ``EmptyPlaceholder`` or another ``jinja2.TemplateError`` only on a template bug.
    """
    steps = section_steps(facts)
    today = facts.sent_at.date() if facts.sent_at else None
    acknowledgement = acknowledges_only(facts)
    covered = {facts.earlier.next_step} if facts.earlier is not None else set()
    shown_steps = [] if acknowledgement else [s for s in steps if s not in covered]
    numbers = {step: i + 1 for i, step in enumerate(shown_steps)}
    sections = [_section(facts, step, numbers.get(step, 0), len(shown_steps) > 1, today)
                for step in steps]
    shown = [s for s in sections if s.step in numbers]
    plain = facts.said.plain_words and not acknowledgement
    questions = [] if acknowledgement else _dedupe(
        _simple_question(q) if plain else q for s in sections for q in _questions(facts, s))
    step_notes = [ACKNOWLEDGEMENT_NOTE] if acknowledgement else [
        n for s in sections for n in _notes(facts, s, today)]
    if plain:
        step_notes.insert(0, PLAIN_NOTE)
    notes = plain_notes([*_general_notes(facts),
                         *_follow_up_notes(facts, shown, acknowledgement), *step_notes])
    context = {
        "f": facts,
        "sections": sections,
        "shown": shown,
        "acknowledgement": acknowledgement,
        "questions": questions,
        "has_step": lambda step: step in steps,
        **_names(facts),
        "quoted_problem": _quoted_problem(facts),
    }
    layout = SIMPLE_LAYOUT if plain else LAYOUT
    body = tidy(_environment().get_template(layout).render(context))
    hard_to_read = reading_note(body, plain)
    if hard_to_read is not None:
        notes.append(hard_to_read)
    return DraftReply(
        subject=reply_subject(facts.subject, facts.case_id),
        body=body,
        adviser_notes=tuple(notes),
        templates=(layout, *(_template(s, plain) for s in shown)),
        questions=tuple(questions),
    )


PLAIN_NOTE: Final = (
    "The parent says reading or English is hard for them: the draft is the short, plain-words "
    "version. Keep any changes short; offering a phone call may help.")
# Questions for the plain-words version, in shorter words; others are kept as they are.
SIMPLE_QUESTIONS: Final = {
    "the date printed on the council's decision letter, and on your mediation certificate if "
    "you have one": "the date on the council's letter",
    "what the council's letter decided (for example: refusing an assessment, refusing to issue "
    "a plan, or what the plan says)": "what the council's letter says",
    "the date it happened (or the most recent date, if it has happened more than once)":
        "the date it happened",
    "who your complaint is about: the school, the council, or a health service":
        "who your complaint is about (the school, the council or the NHS)",
    "a little more about what has happened so far, and the dates on any letters you have had":
        "what has happened, and the dates on any letters",
}
ACKNOWLEDGEMENT_NOTE: Final = (
    "Thanks or good news with no question: the draft is a short acknowledgement, not advice. "
    "Suggest closing the case once it is sent (or close it without a reply).")
# What our last reply was about, as the follow-up's opening sentence says it.
EARLIER_TOPICS: Final = {
    NextStep.APPEAL: "appealing to the SEND Tribunal",
    NextStep.CHALLENGE_EXCLUSION: "challenging the exclusion",
    NextStep.DISCRIMINATION_CLAIM: "a disability discrimination claim",
    NextStep.RAISE_INFORMALLY: "raising your concerns informally",
    NextStep.FORMAL_COMPLAINT: "making a formal complaint",
    NextStep.ESCALATE_OMBUDSMAN: "taking your complaint further",
}
DEFAULT_CLOSING: Final = ("Best wishes,", "The SEND Advice Line team")


def _simple_question(question: str) -> str:
    if question in SIMPLE_QUESTIONS:
        return SIMPLE_QUESTIONS[question]
    if question.startswith("whether ") and "suspended at any other time" in question:
        return "if there were other suspensions this term, and how many days"
    if question.startswith("how many school days in total"):
        return "how many days of suspension there have been this term"
    return question


def _template(section: Section, plain: bool) -> str:
    return f"simple/{section.template}" if plain else section.template


def acknowledges_only(facts: ReplyFacts) -> bool:
    """Thanks or good news with no question and no problem raised: nothing to advise on."""
    return (facts.said.thanks_only and not facts.categories
            and facts.next_step == NextStep.GENERAL_ADVICE)


def section_steps(facts: ReplyFacts) -> list[NextStep]:
    """The next steps the reply covers: the chosen one first, then one per other issue raised."""
    steps = [facts.next_step]
    for category in CATEGORY_ORDER:
        if category not in facts.categories:
            continue
        step = _step_for_category(category, facts)
        if step is not None and step not in steps:
            steps.append(step)
    if len(steps) > 1 and NextStep.GENERAL_ADVICE in steps:
        steps.remove(NextStep.GENERAL_ADVICE)
    return steps


def _step_for_category(category: Category, facts: ReplyFacts) -> NextStep | None:
    if category in CATEGORY_STEPS:
        return CATEGORY_STEPS[category]
    # A delay or mistake: the complaint ladder, unless the reply already climbs it.
    if facts.next_step in COMPLAINT_STEPS:
        return None
    return complaint_step(facts.complaint_stage)


def reply_subject(original: str, case_id: int) -> str:
    """``Re: <original> [ST-<case id>]``, without doubled prefixes or tokens, truncated."""
    base = base_subject(original) or "Your message to the SEND Advice Line"
    token = f" {case_tag(case_id)}"
    room = SUBJECT_LIMIT - len("Re: ") - len(token)
    if len(base) > room:
        base = base[: room - len(" [...]")].rstrip() + " [...]"
    return f"Re: {base}{token}"


def long_date(value: date) -> str:
    """A date as parents write it: ``11 May 2026``."""
    return f"{value.day} {value:%B %Y}"


def tidy(text: str) -> str:
    """Trailing spaces gone, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _refuse_empty(value: object) -> object:
    # StrictUndefined catches a missing name; this catches a name that is there but empty,
    # which would otherwise print "None" or leave a hole in a sentence sent to a parent.
    if value is None or (isinstance(value, str) and not value.strip()):
        raise EmptyPlaceholder("a template printed an empty value")
    return value


def _upfirst(value: str) -> str:
    return value[:1].upper() + value[1:]


def warm_up_drafting() -> None:
    """Compile every template and load the readability data now, so that the first draft a
    worker writes waits for neither (together ~0.7 s, most of it textstat's dictionary)."""
    env = _environment()
    for name in env.list_templates():
        env.get_template(name)
    measure_reading_age("The council said no. You can appeal.")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("replies", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 - plain-text email, never rendered as HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_refuse_empty,
    )
    env.filters["longdate"] = long_date
    env.filters["upfirst"] = _upfirst
    return env


def _names(facts: ReplyFacts) -> dict[str, object]:
    # The plain-words version says "your son" where the parent wrote "my son".
    word = facts.said.child_word if facts.said.plain_words else None
    child = facts.child_name or (f"your {word}" if word else "your child")
    earlier = facts.earlier
    greeting = f"Dear {facts.parent_name}," if facts.parent_name else "Hello,"
    return {
        "greeting": earlier.salutation if earlier and earlier.salutation else greeting,
        "closing": earlier.closing if earlier and earlier.closing else DEFAULT_CLOSING,
        "earlier_topic": EARLIER_TOPICS.get(earlier.next_step) if earlier and earlier.next_step
        else None,
        "your_appeal": "the appeal" if facts.appeals_for_themselves else "your appeal",
        "child": child,
        "childs": f"{child}'s",
        "named_child": facts.child_name is not None,
        "school": facts.school or "the school",
        "council": facts.council or "the council",
        "councils": f"{facts.council}'s" if facts.council else "the council's",
        "signoff": facts.parent_name or "[your name]",
        "suspension_length": _suspension_length(facts),
        "young_claimant": facts.young_person and not _adult(facts),
        "claims_for_themselves": facts.appeals_for_themselves and not _adult(facts),
    }


def _adult(facts: ReplyFacts) -> bool:
    return facts.said.age is not None and facts.said.age >= 18


def _suspension_length(facts: ReplyFacts) -> str | None:
    """How long the parent said the suspension is, when the draft is about a suspension."""
    days = facts.said.suspension_days
    if days is None or facts.exclusion_type != ExclusionType.SUSPENSION:
        return None
    return count(days, "day")


def _section(
    facts: ReplyFacts, step: NextStep, number: int, numbered: bool, today: date | None
) -> Section:
    if step != facts.next_step:
        return Section(step, STEP_TEMPLATES[step], number, numbered)
    deadline = facts.deadline
    comments_by = None
    if step == NextStep.APPEAL and facts.decision_type == DecisionType.DRAFT_PLAN:
        # 15 days beginning with the day the draft was served (D8): that day is day 1.
        deadline = None
        comments_by = facts.decision_date + timedelta(days=14) if facts.decision_date else None
    passed = deadline is not None and today is not None and deadline < today
    return Section(
        step, STEP_TEMPLATES[step], number, numbered,
        decision_date=facts.decision_date,
        certificate_date=facts.certificate_date,
        deadline=deadline,
        deadline_passed=passed,
        comments_by=comments_by,
    )


MIN_QUOTED_WORDS = 5


def _quoted_problem(facts: ReplyFacts) -> tuple[str, ...]:
    """The parent's own sentences describing a mistake or delay, for the email they can send."""
    subject = " ".join(base_subject(facts.subject).lower().split())
    for key in (Category.DELAY, *CATEGORY_ORDER, *facts.evidence.keys()):
        # The subject line is evidence too, but it is not a sentence a professional should read
        # as the parent's account; nor is a fragment of a few words.
        sentences = tuple(
            s for s in facts.evidence.get(key, ())
            if " ".join(s.lower().split()).rstrip(".!?") != subject.rstrip(".!?")
            and len(s.split()) >= MIN_QUOTED_WORDS
        )
        if sentences:
            picked: list[str] = []
            total = 0
            for raw in sentences:
                sentence = " ".join(raw.split())
                if total + len(sentence) > MAX_QUOTED_CHARS and picked:
                    break
                picked.append(sentence)
                total += len(sentence)
                if len(picked) == MAX_QUOTED_SENTENCES:
                    break
            return tuple(picked)
    return ()


def _questions(facts: ReplyFacts, section: Section) -> list[str]:
    """What to ask the parent for this section: what the draft could not fill in."""
    askers: dict[NextStep, Callable[[ReplyFacts, Section], list[str]]] = {
        NextStep.APPEAL: _appeal_questions,
        NextStep.CHALLENGE_EXCLUSION: _exclusion_questions,
        NextStep.DISCRIMINATION_CLAIM: _discrimination_questions,
        NextStep.FORMAL_COMPLAINT: _respondent_questions,
        NextStep.ESCALATE_OMBUDSMAN: _respondent_questions,
        NextStep.GENERAL_ADVICE: _general_questions,
    }
    ask = askers.get(section.step)
    return ask(facts, section) if ask is not None else []


def _appeal_questions(facts: ReplyFacts, section: Section) -> list[str]:
    if facts.decision_type == DecisionType.DRAFT_PLAN:
        return [] if section.comments_by else ["the date the draft plan was sent to you"]
    asks = []
    if facts.decision_type is None:
        asks.append("what the council's letter decided (for example: refusing an "
                    "assessment, refusing to issue a plan, or what the plan says)")
    if section.deadline is None:
        asks.append("the date printed on the council's decision letter, and on your "
                    "mediation certificate if you have one")
    return asks


def _exclusion_questions(facts: ReplyFacts, section: Section) -> list[str]:
    if facts.exclusion_type is None:
        return ["whether this was a suspension for a set number of days or a permanent "
                "exclusion, and the date on the school's letter"]
    if facts.exclusion_type == ExclusionType.SUSPENSION:
        child = facts.child_name or "your child"
        if _suspension_length(facts):
            # The parent gave this suspension's length; the rules turn on the term's total.
            return [f"whether {child} has been suspended at any other time this term, and for "
                    "how many days"]
        return [f"how many school days in total {child} has been suspended for this term"]
    if facts.exclusion_type == ExclusionType.PERMANENT and facts.governors_decision and (
        section.deadline is None
    ):
        return ["the date you were told in writing of the governors' decision"]
    return []


def _discrimination_questions(facts: ReplyFacts, section: Section) -> list[str]:
    if section.deadline is not None:
        return []
    return ["the date it happened (or the most recent date, if it has happened more than once)"]


def _respondent_questions(facts: ReplyFacts, section: Section) -> list[str]:
    if facts.respondent is not None:
        return []
    return ["who your complaint is about: the school, the council, or a health service"]


def _general_questions(facts: ReplyFacts, section: Section) -> list[str]:
    return ["a little more about what has happened so far, and the dates on any letters you "
            "have had"]


def _general_notes(facts: ReplyFacts) -> list[str]:
    notes = []
    if facts.safeguarding:
        notes.append("SAFEGUARDING: this email was flagged as a possible risk to a child. "
                     "Follow the safeguarding procedure before replying; the draft adds a "
                     "'call 999 if in danger' paragraph. Sending needs explicit confirmation.")
    if facts.reclassified:
        notes.append("Reclassified by an adviser: dates found for the original next step were "
                     "not reused. Check any date before sending.")
    if facts.needs_human:
        confidence = f" (confidence {facts.confidence:.2f})" if facts.confidence is not None else ""
        notes.append(f"The triage was unsure{confidence}: check the category and next step "
                     "before approving.")
    notes.extend(_relevant_triage_notes(facts))
    return notes


# A triage note that repeats one the composer always writes, or that concerns another kind of
# exclusion than the one the parent describes.
_SAFEGUARDING_NOTE: Final = "possible safeguarding concern"
_PERMANENT_ONLY: Final = ("permanent exclusion", "irp")
_LOW_CONFIDENCE_NOTE: Final = "low confidence"


def _relevant_triage_notes(facts: ReplyFacts) -> list[str]:
    """The classifier's notes, less those the draft's own notes repeat or that do not apply."""
    not_permanent = facts.exclusion_type not in {None, ExclusionType.PERMANENT}
    kept = []
    for note in facts.triage_notes:
        lowered = note.lower()
        if facts.safeguarding and lowered.startswith(_SAFEGUARDING_NOTE):
            continue
        if facts.needs_human and lowered.startswith(_LOW_CONFIDENCE_NOTE):
            continue
        if not_permanent and any(word in lowered for word in _PERMANENT_ONLY):
            continue
        kept.append(note)
    return kept


def _notes(facts: ReplyFacts, section: Section, today: date | None) -> list[str]:
    builders: dict[NextStep, Callable[[ReplyFacts, Section, date | None], list[str]]] = {
        NextStep.APPEAL: _appeal_notes,
        NextStep.CHALLENGE_EXCLUSION: _exclusion_notes,
        NextStep.DISCRIMINATION_CLAIM: _discrimination_notes,
        NextStep.RAISE_INFORMALLY: _informal_notes,
        NextStep.FORMAL_COMPLAINT: _complaint_notes,
        NextStep.ESCALATE_OMBUDSMAN: _ombudsman_notes,
        NextStep.GENERAL_ADVICE: _general_advice_notes,
    }
    notes = builders[section.step](facts, section, today)
    if section.deadline and today and not section.deadline_passed:
        days = (section.deadline - today).days
        if days <= URGENT_DAYS:
            notes.insert(0, f"URGENT: the deadline ({long_date(section.deadline)}) is "
                            f"{count(days, 'day')} after the parent wrote.")
    if section.deadline_passed and section.deadline:
        notes.insert(0, f"The deadline ({long_date(section.deadline)}) had passed when the "
                        "parent wrote; the draft explains late requests. Check.")
    return notes


def _follow_up_notes(
    facts: ReplyFacts, shown: list[Section], acknowledgement: bool
) -> list[str]:
    if facts.earlier is None:
        return []
    when = f" of {long_date(facts.earlier.sent_on)}" if facts.earlier.sent_on else ""
    only_changes = not shown and not acknowledgement
    notes = [f"Follow-up to our reply{when}: the draft keeps that reply's greeting and "
             "sign-off" + (" and gives only what changed (the advice already sent still "
                           "applies)." if only_changes else ".")]
    if facts.said.questions:
        asked = " ".join(f"“{q}”" for q in facts.said.questions)
        notes.append(f"The parent asks: {asked} Check the draft answers this.")
    return notes


def _already_noted(facts: ReplyFacts, *tags: str) -> bool:
    """True when the classifier's own notes already cover one of these rules."""
    return any(tag in note for note in facts.triage_notes for tag in tags)


def _appeal_notes(facts: ReplyFacts, section: Section, today: date | None) -> list[str]:
    if section.step != facts.next_step:
        return ["Appeal raised as a further issue: no letter date resolved, the draft asks the "
                "parent for it."]
    if facts.decision_type == DecisionType.DRAFT_PLAN:
        if section.comments_by:
            return [f"Draft plan: comments due {long_date(section.comments_by)} (15 days "
                    "counting the day of service). Check the date it was served."]
        return ["Draft plan: date of service unknown; the draft asks the parent for it."]
    notes = []
    if facts.decision_type is None:
        notes.append("Decision type not identified: check the form (SEND35 or SEND35a) and "
                     "whether a mediation certificate is needed (not for Section I only).")
    if section.deadline is None:
        notes.append("No decision-letter date resolved: the deadline was not computed and the "
                      "draft asks the parent for the date on the letter.")
        return notes
    if section.decision_date:
        plain = section.decision_date + relativedelta(months=2)
        if section.deadline == plain and not _already_noted(facts, "D6"):
            notes.append("Some services count two months one day earlier (not confirmed): "
                         f"the safe target is {long_date(plain - timedelta(days=1))}; the "
                         "draft tells the parent to send it a few days early.")
        elif section.deadline != plain and not _already_noted(facts, "D2", "D3", "D4"):
            notes.append(f"The deadline differs from letter date + 2 months ({long_date(plain)}) "
                         "because of the certificate or the roll-over rules: check.")
        if plain.day != section.decision_date.day and not _already_noted(facts, "D7"):
            notes.append("Month-end: two months later has no matching day; last day of the "
                          "month used (a convention, not confirmed: check).")
    return notes


def _exclusion_notes(facts: ReplyFacts, section: Section, today: date | None) -> list[str]:
    notes = []
    if facts.exclusion_type == ExclusionType.PERMANENT:
        notes.append("IRP requests go to the council (maintained school or PRU) or the academy "
                     "trust (academy): check the school type and the governors' letter.")
        if section.deadline and not _already_noted(facts, "school holiday", "term dates"):
            notes.append("The IRP deadline counts weekdays that are not bank holidays; check "
                         "the school's term dates (holidays do not count).")
    reference = section.decision_date or today
    formal = {ExclusionType.PERMANENT, ExclusionType.SUSPENSION}
    if facts.exclusion_type in formal and reference and reference >= EXCLUSION_GUIDANCE_2026:
        notes.append("2026 exclusion guidance applies: its 15-school-day limits are reported "
                     "unchanged but not confirmed: check.")
    return notes


def _discrimination_notes(facts: ReplyFacts, section: Section, today: date | None) -> list[str]:
    notes = []
    if section.deadline and not _already_noted(facts, "D10"):
        notes.append("Six-month limit computed as the day before the 6-month date (the usual "
                     "reading, not confirmed: check).")
    notes.append("No conciliation extension is known for school claims (not confirmed): the "
                 "draft does not mention one.")
    if facts.respondent not in {None, Respondent.SCHOOL}:
        notes.append("Respondent is not a school: county court route, not researched beyond "
                     "the 6-month limit. Consider referring for legal advice.")
    if section.step != facts.next_step:
        notes.append("Discrimination raised as a further issue: no date resolved, the draft "
                     "asks the parent for it.")
    return notes


def _informal_notes(facts: ReplyFacts, section: Section, today: date | None) -> list[str]:
    if facts.said.provision_gap:
        return ["Help in Section F not given: the draft says the council holds the section 42 "
                "duty and gives an email to the EHC coordinator quoting the parent's own "
                "sentences: check they describe the plan and the gap correctly."]
    notes = ["The ready-to-send email has parts in [square brackets] for the parent to fill in."]
    if _quoted_problem(facts):
        notes.append("The ready-to-send email quotes the parent's own sentences: check they "
                     "carry no blame and read well to the professional.")
    return notes


def _complaint_notes(facts: ReplyFacts, section: Section, today: date | None) -> list[str]:
    if facts.respondent == Respondent.SCHOOL:
        return ["School complaints: no statutory time limit found; the draft says act promptly "
                "(not confirmed: check)."]
    if facts.respondent == Respondent.COUNCIL:
        return ["LGSCO: going to the ombudsman after 12 weeks without a council reply comes "
                "from one SENDIASS only (not confirmed): the draft does not say it."]
    if facts.respondent is None:
        return ["Respondent unknown: the draft covers school, council and health routes and "
                "asks the parent."]
    return []


def _ombudsman_notes(facts: ReplyFacts, section: Section, today: date | None) -> list[str]:
    notes = []
    if facts.respondent in {None, Respondent.SCHOOL}:
        notes.append("School complaints to the DfE: check the current GOV.UK 'complain about a "
                     "school' route.")
    if facts.respondent in {None, Respondent.COUNCIL}:
        notes.append("LGSCO cannot look at what could have been appealed to the tribunal "
                     "(Milburn): check there is no appealable decision.")
    return notes


def _general_advice_notes(facts: ReplyFacts, section: Section, today: date | None) -> list[str]:
    return ["General enquiry: the draft gives an overview and signposting only. Answer the "
            "parent's specific question before approving."]


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
