"""Facts the reply drafter needs: names, school, council, decision and exclusion type, stage."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final, TypeVar

from classify.cues.exclusion import GOVERNORS_UPHELD_RE
from classify.cues.vocabulary import EHCP_OR_VERSION
from classify.rules import CueHit
from core.labels import Category, ComplaintStage, DecisionType, ExclusionType, Respondent
from core.mailconv import SIGN_OFF_START

NOT_NAMES: Final = frozenset((
    "i", "he", "she", "they", "we", "you", "it", "the", "a", "an", "my", "our", "his", "her",
    "their", "this", "that", "school", "council", "la", "ehcp", "ehcna", "senco", "sendco", "mum",
    "dad", "mummy", "daddy", "mother", "father", "parent", "parents", "carer", "thanks", "thank",
    "regards", "kind", "best", "many", "sent", "from", "yours", "hi", "hello", "dear", "good",
    "morning", "afternoon", "evening", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "year", "reception", "nursery",
    "please", "sorry", "also", "and", "but", "so", "when", "if", "as", "after", "before", "since",
    "because", "however", "unfortunately", "apologies", "hope", "mr", "mrs", "ms", "miss", "dr",
    "sir", "madam", "team", "all", "everyone", "x", "xx", "xxx", "cheers", "best", "wishes",
    "warm", "love", "god", "send", "camhs", "nhs", "ta", "autism", "adhd", "asd", "sen",
    "tribunal", "panel", "head", "headteacher", "teacher", "governors", "ok", "okay", "yes", "no",
    "hiya", "hey", "there", "help", "urgent", "re", "fwd", "fw",
))

# A first name: a capital then lower-case letters, accents included ("Zoë", "Siân", "Chloé").
_NAME: Final = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:['’-][A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿ]+)?"
CHILD_RE: Final = re.compile(
    r"\b[Mm]y (?:(?:\d{1,2}|[a-z]+)[- ]year[- ]old |little |eldest |youngest |twin |autistic |"
    r"older |younger )?(?:son|daughter|child|boy|girl|grandson|granddaughter|nephew|niece|"
    r"foster (?:son|daughter|child)|stepson|stepdaughter|step-son|step-daughter|kid|lad)"
    rf"\s*,?\s*(?:is )?(?:called |named )?(?P<name>{_NAME})\b"
    rf"|\b(?P<name2>{_NAME})\s*\((?:(?:age |aged )?\d{{1,2}}(?:\s*(?:yrs?|years?(?: old)?))?"
    r"|(?:[Yy]ear|[Yy]r|Y) ?\d{1,2}|[Rr]eception)[^)]{0,40}\)"
    rf"|\b(?P<name3>{_NAME}) (?:is|was) (?:\d{{1,2}}|aged \d{{1,2}}|in year \d{{1,2}}|in reception|"
    r"autistic|diagnosed|now \d{1,2})\b"
    rf"|\b(?P<name4>{_NAME})'s (?:school|ehcp|ehc plan|plan|senco|teacher|class|needs|"
    r"diagnosis|annual review|head|exclusion|suspension)\b",
)
# Words of one name are separated by spaces or one line break (a wrapped line), never by a
# blank line: "Cranleigh Park\nAcademy" is one school, read back as "Cranleigh Park Academy".
_GAP: Final = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"
SCHOOL_RE: Final = re.compile(
    rf"\b(?P<school>(?:St\.? |Saint )?[A-Z][\w'.&-]*(?:{_GAP}(?:[A-Z][\w'.&-]*|of|and|the|de|"
    rf"C of E|CofE|RC)){{0,5}}{_GAP}(?:Primary|Secondary|Infants?|Junior|High|Grammar|Community|"
    rf"Academy|School|College|Free School|Special School|PRU|Pupil Referral Unit)"
    rf"(?:{_GAP}(?:School|Academy|College))?)\b"
)
COUNCIL_RE: Final = re.compile(
    r"\b(?P<council>(?:[A-Z][a-z]+(?:[ -](?:upon|on|and|of|[A-Z][a-z]+)){0,3})\s+"
    r"(?:County |City |Borough |District |Metropolitan Borough |Metropolitan )?Council)\b"
)
LEADING_STOPWORDS: Final = re.compile(
    r"^(?:(?:The|A|An|My|Our|His|Her|Their|At|To|From|With|Dear|Hi|Hello|Local|Academy|"
    r"Trust|Both|And|But|So|Then|When|Now|If|In|On|Of|For|By|Yesterday|Today|Last|This|"
    r"Sorry|Thanks|Thank|Because|After|Before|Since|Unfortunately|However|Also|Only|Even|"
    r"Just|We|I|He|She|They|It|Its|Is|Was|Were|Are)\s+)+"
)
SCHOOL_TAIL_RE: Final = re.compile(
    r"^.*\b(?:School|Academy|Primary|College|Nursery|High|Infants?|Junior)\s+(?:and\s+)?"
)
FINAL_PLAN_RE: Final = re.compile(
    rf"\b(?:final|finalised|finalized|amended|issued)\s+{EHCP_OR_VERSION}\b", re.IGNORECASE
)
NAME_LINE_RE: Final = re.compile(
    r"^(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?(?:[A-Z]\.?\s+){0,2}[A-Z][a-z'-]+"
    r"(?:\s+[A-Z][a-z'-]+){0,2})(?:\s*\(.*\))?\s*[.!x]*\s*$"
)
MY_NAME_RE: Final = re.compile(
    r"\b(?:my name is|i am|i'm)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b(?=[,.]|\s+(?:and|"
    r"mum|dad|the|I|from))"
)
_Label = TypeVar("_Label", DecisionType, ExclusionType)

EXCLUSION_PRIORITY: Final = (
    ExclusionType.PERMANENT, ExclusionType.SUSPENSION, ExclusionType.MANAGED_MOVE,
    ExclusionType.REDUCED_TIMETABLE, ExclusionType.INFORMAL,
)
DECISION_PRIORITY: Final = (
    DecisionType.CEASE, DecisionType.REFUSE_PLAN, DecisionType.REFUSE_REASSESSMENT,
    DecisionType.REFUSE_ASSESSMENT, DecisionType.REFUSE_AMEND, DecisionType.SECTION_I_ONLY,
    DecisionType.PLAN_CONTENTS, DecisionType.DRAFT_PLAN,
)


def _clean_name(name: str) -> str | None:
    name = LEADING_STOPWORDS.sub("", name.strip()).strip()
    if not name or name.split()[0].lower() in NOT_NAMES:
        return None
    return name


def find_parent_name(sign_off: str, body: str, sender_name: str = "") -> str | None:
    """The name the parent signs with ("Thanks, Megan" -> "Megan"), else their display name."""
    lines: list[str] = []
    if sign_off:
        first, *rest = sign_off.split("\n")
        remainder = SIGN_OFF_START.sub("", first).strip(" ,.-")
        lines = ([remainder] if remainder else []) + rest
    else:
        tail = [line.strip() for line in body.strip().split("\n") if line.strip()][-2:]
        lines = tail[::-1] if tail else []
    for line in lines:
        match = NAME_LINE_RE.match(line.strip())
        if match and (name := _clean_name(match.group("name"))):
            return name
    match = MY_NAME_RE.search(body)
    if match and (name := _clean_name(match.group("name"))):
        return name
    display = NAME_LINE_RE.match(sender_name.strip()) if sender_name else None
    return _clean_name(display.group("name")) if display else None


def find_child_name(text: str, parent_name: str | None) -> str | None:
    """The child's first name, from "my son Jake", "Jake (8)", "Jake is in Year 4" and the like."""
    parent_first = parent_name.split()[0] if parent_name else None
    for match in CHILD_RE.finditer(text):
        name = next(
            (g for g in (match.group("name"), match.group("name2"), match.group("name3"),
                         match.group("name4")) if g),
            None,
        )
        if name and name.lower() not in NOT_NAMES and name != parent_first:
            return name
    return None


def find_school(text: str) -> str | None:
    """A named school, academy or college."""
    for match in SCHOOL_RE.finditer(text):
        school = _clean_name(" ".join(match.group("school").split()))
        if school and len(school.split()) >= 2:
            return school
    return None


def find_council(text: str) -> str | None:
    """A named council ("Kent County Council")."""
    for match in COUNCIL_RE.finditer(text):
        # "Oak Primary School and Kent County Council": the council starts after the school.
        council = SCHOOL_TAIL_RE.split(" ".join(match.group("council").split()))[-1]
        council = _clean_name(council)
        if council and len(council.split()) >= 2:
            return council
    return None


def _strongest(hits: Sequence[CueHit], kind: str, priority: Sequence[_Label]) -> _Label | None:
    subtypes = {hit.subtype for hit in hits if hit.kind == kind and not hit.negated and hit.subtype}
    return next((subtype for subtype in priority if subtype in subtypes), None)


def find_decision_type(hits: Sequence[CueHit], text: str = "") -> DecisionType | None:
    """The kind of LA decision (refuse_assessment, cease, plan_contents, ...), if one is named.

    Complaints about the contents of a *draft* plan (no final or amended plan mentioned, no
    refusal or cease decision) are ``draft_plan``: there is nothing to appeal yet.
    """
    found = _strongest(hits, "appeal", DECISION_PRIORITY)
    subtypes = {hit.subtype for hit in hits if hit.kind == "appeal" and not hit.negated}
    if (
        DecisionType.DRAFT_PLAN in subtypes
        and found in (DecisionType.PLAN_CONTENTS, DecisionType.SECTION_I_ONLY,
                      DecisionType.DRAFT_PLAN)
        and not FINAL_PLAN_RE.search(text)
    ):
        return DecisionType.DRAFT_PLAN
    return found


def find_exclusion_type(hits: Sequence[CueHit], text: str) -> ExclusionType | None:
    """permanent, suspension, informal, reduced_timetable or managed_move."""
    found = _strongest(hits, "exclusion", EXCLUSION_PRIORITY)
    if found is None and GOVERNORS_UPHELD_RE.search(text):
        return ExclusionType.PERMANENT
    return found


def find_respondent(
    role_counts: Mapping[Respondent, int], categories: Sequence[Category]
) -> Respondent | None:
    """Who the complaint or claim is against: school, council or health.

    ``role_counts`` counts the school, council and health roles the ``send_terms`` patterns
    found in the sentences that support the categories (SENCo, caseworker, CAMHS, ...).
    """
    counts = {role: int(role_counts.get(role, 0))
              for role in (Respondent.HEALTH, Respondent.COUNCIL, Respondent.SCHOOL)}
    if Category.APPEAL in categories and counts[Respondent.COUNCIL] >= counts[Respondent.SCHOOL]:
        return Respondent.COUNCIL
    if not any(counts.values()):
        school_matters = {Category.EXCLUSION, Category.DISCRIMINATION} & set(categories)
        return Respondent.SCHOOL if school_matters else None
    return max(counts, key=lambda key: (counts[key], key == Respondent.SCHOOL))


def extract_facts(
    text: str,
    *,
    body: str,
    sign_off: str,
    sender_name: str = "",
    hits: Sequence[CueHit],
    categories: Sequence[Category],
    role_counts: Mapping[Respondent, int],
    complaint_stage: ComplaintStage,
) -> dict[str, str]:
    """The facts the reply drafter reads; keys are only present when found."""
    facts: dict[str, str] = {}
    found = _find_facts(text, body=body, sign_off=sign_off, sender_name=sender_name, hits=hits,
                        categories=categories, role_counts=role_counts,
                        complaint_stage=complaint_stage)
    # Every fact is one line with single spaces: drafts and the adviser's page print them inline.
    for key, value in found.items():
        facts[key] = " ".join(value.split())
    return facts


def _find_facts(
    text: str,
    *,
    body: str,
    sign_off: str,
    sender_name: str,
    hits: Sequence[CueHit],
    categories: Sequence[Category],
    role_counts: Mapping[Respondent, int],
    complaint_stage: ComplaintStage,
) -> dict[str, str]:
    parent = find_parent_name(sign_off, body, sender_name)
    named = {"parent_name": parent, "child_name": find_child_name(text, parent),
             "school": find_school(text), "council": find_council(text)}
    facts: dict[str, str] = {key: value for key, value in named.items() if value}
    decision = find_decision_type(hits, text)
    if decision and Category.APPEAL in categories:
        facts["decision_type"] = decision
    if Category.EXCLUSION in categories:
        exclusion = find_exclusion_type(hits, text)
        if exclusion:
            facts["exclusion_type"] = exclusion
        if GOVERNORS_UPHELD_RE.search(text):
            facts["governors_decision"] = "yes"
    respondent = find_respondent(role_counts, categories)
    if respondent and categories:
        facts["respondent"] = respondent
    if Category.DELAY in categories or complaint_stage != ComplaintStage.NONE:
        facts["complaint_stage"] = complaint_stage
    return facts
