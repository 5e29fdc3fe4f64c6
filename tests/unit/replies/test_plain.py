"""The plain-words version for a parent who says reading or English is hard for them: short
sentences and common words (measured with textstat), the same law, the parent's own words used."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import textstat

from core.labels import Category, ComplaintStage, DecisionType, ExclusionType, NextStep, Respondent
from replies.compose import compose_draft
from replies.facts import ReplyFacts
from replies.signals import Signals
from tests.legal_claims import unsupported

WROTE = datetime(2026, 3, 12, 19, 0, tzinfo=UTC)
PLAIN = Signals(plain_words=True)
# Flesch reading ease 80+ reads as easy (about a reading age of 9-11); our usual drafts score
# about 66 (median over the labelled emails).
EASY_READING = 80.0
GRADE_AT_MOST = 5.0

CASES = {
    "appeal": ReplyFacts(
        case_id=1, next_step=NextStep.APPEAL, categories=(Category.APPEAL,),
        parent_name="Bilal Hussain", child_name="Amina",
        decision_type=DecisionType.REFUSE_ASSESSMENT, decision_date=date(2026, 3, 10),
        deadline=date(2026, 5, 11), sent_at=WROTE),
    "suspension": ReplyFacts(
        case_id=2, next_step=NextStep.CHALLENGE_EXCLUSION, categories=(Category.EXCLUSION,),
        parent_name="Ahmed Yusuf", exclusion_type=ExclusionType.SUSPENSION, sent_at=WROTE,
        said=Signals(plain_words=True, suspension_days=2, child_word="son")),
    "permanent exclusion": ReplyFacts(
        case_id=3, next_step=NextStep.CHALLENGE_EXCLUSION,
        categories=(Category.EXCLUSION, Category.DISCRIMINATION), child_name="Tyler",
        exclusion_type=ExclusionType.PERMANENT, governors_decision=True,
        decision_date=date(2026, 4, 21), deadline=date(2026, 5, 13), sent_at=WROTE),
    "discrimination": ReplyFacts(
        case_id=4, next_step=NextStep.DISCRIMINATION_CLAIM, categories=(Category.DISCRIMINATION,),
        child_name="Josh", respondent=Respondent.SCHOOL, decision_date=date(2026, 3, 10),
        deadline=date(2026, 9, 9), sent_at=WROTE),
    "provision not given": ReplyFacts(
        case_id=5, next_step=NextStep.RAISE_INFORMALLY, categories=(Category.DELAY,),
        child_name="Felix", complaint_stage=ComplaintStage.NONE, sent_at=WROTE,
        said=Signals(plain_words=True, provision_gap=("Felix gets no speech therapy.",))),
    "complaint": ReplyFacts(
        case_id=6, next_step=NextStep.FORMAL_COMPLAINT, categories=(Category.DELAY,),
        respondent=Respondent.COUNCIL, sent_at=WROTE),
    "ombudsman": ReplyFacts(
        case_id=7, next_step=NextStep.ESCALATE_OMBUDSMAN, categories=(Category.DELAY,),
        sent_at=WROTE),
    "general": ReplyFacts(case_id=8, sent_at=WROTE),
}


def _plain(facts: ReplyFacts) -> ReplyFacts:
    said = facts.said if facts.said.plain_words else replace(facts.said, plain_words=True)
    return replace(facts, said=said)


@pytest.mark.parametrize("name", CASES)
def test_the_plain_version_reads_easily(name: str) -> None:
    body = compose_draft(_plain(CASES[name])).body
    assert textstat.flesch_reading_ease(body) >= EASY_READING, body
    assert textstat.flesch_kincaid_grade(body) <= GRADE_AT_MOST, body


@pytest.mark.parametrize("name", CASES)
def test_the_plain_version_is_easier_and_shorter_than_the_usual_draft(name: str) -> None:
    usual = compose_draft(replace(CASES[name], said=Signals())).body
    plain = compose_draft(_plain(CASES[name])).body
    assert textstat.flesch_reading_ease(plain) > textstat.flesch_reading_ease(usual)
    assert len(plain.split()) < len(usual.split())


@pytest.mark.parametrize("name", CASES)
def test_the_plain_version_states_only_supported_law(name: str) -> None:
    assert unsupported(compose_draft(_plain(CASES[name])).body) == []


def test_the_plain_version_keeps_the_key_date_and_the_form() -> None:
    body = compose_draft(_plain(CASES["appeal"])).body
    assert "Send the appeal by 11 May 2026." in body
    assert "form SEND35a" in body


def test_the_plain_version_says_your_son_and_does_not_ask_the_length_given() -> None:
    reply = compose_draft(CASES["suspension"])
    assert reply.body.startswith("Dear Ahmed Yusuf,")
    assert "You told us your son was sent home for 2 days." in reply.body
    assert not any("how many school days in total" in q for q in reply.questions)
    assert any("plain-words version" in n for n in reply.adviser_notes)
