"""Rendering drafts per next step from realistic facts: dates, bodies named, questions, notes."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from core.labels import (
    NEXT_STEPS,
    Category,
    ComplaintStage,
    DecisionType,
    ExclusionType,
    NextStep,
    Respondent,
)
from replies.compose import (
    STEP_TEMPLATES,
    EmptyPlaceholder,
    _environment,
    compose_draft,
    long_date,
    reply_subject,
    section_steps,
)
from replies.facts import ReplyFacts

WROTE = datetime(2026, 3, 12, 19, 0, tzinfo=UTC)
# A written-out date such as "11 May 2026": the drafts must only print dates they were given.
WRITTEN_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}\b"
)

SUBHEADINGS = frozenset({
    "The deadline", "What must happen first: mediation advice", "Mediation", "How to appeal",
    "Where the claim goes", "The time limit", "Who to complain to", "Time limits and records",
    "Where else to get help", "Where to get more help", "A disability discrimination claim",
    "Appealing to the SEND Tribunal", "Raising your concerns informally",
})

APPEAL = ReplyFacts(
    case_id=41, next_step=NextStep.APPEAL, categories=(Category.APPEAL,),
    subject="Council said no to assessing Leo", to_address="sarah@example.org",
    parent_name="Sarah", child_name="Leo", council="Northshire County Council",
    decision_type=DecisionType.REFUSE_ASSESSMENT, decision_date=date(2026, 3, 10),
    deadline=date(2026, 5, 11), sent_at=WROTE,
)
EXCLUSION = ReplyFacts(
    case_id=42, next_step=NextStep.CHALLENGE_EXCLUSION, categories=(Category.EXCLUSION,),
    subject="Aiden permanently excluded", to_address="dev@example.org", parent_name="Dev",
    child_name="Aiden", school="Hillcrest Academy", exclusion_type=ExclusionType.PERMANENT,
    governors_decision=True, decision_date=date(2026, 2, 2), deadline=date(2026, 2, 23),
    sent_at=datetime(2026, 2, 4, 8, 0, tzinfo=UTC),
)
DISCRIMINATION = ReplyFacts(
    case_id=43, next_step=NextStep.DISCRIMINATION_CLAIM, categories=(Category.DISCRIMINATION,),
    subject="Banned from the school trip", parent_name="Tracey", child_name="Josh",
    school="Ravensmoor High", respondent=Respondent.SCHOOL, decision_date=date(2026, 3, 10),
    deadline=date(2026, 9, 9), sent_at=WROTE,
)
INFORMAL = ReplyFacts(
    case_id=44, next_step=NextStep.RAISE_INFORMALLY, categories=(Category.DELAY,),
    subject="Still no speech therapy", parent_name="Kerry", child_name="Maya",
    school="St Anne's Primary", respondent=Respondent.SCHOOL, complaint_stage=ComplaintStage.NONE,
    evidence={"delay": (
        "At the review in May we were told Maya would get speech therapy every week.",
        "It is now November and she has not had a single session.",
    )},
    sent_at=datetime(2026, 11, 10, 9, 0, tzinfo=UTC),
)


def test_appeal_prints_the_deadline_as_a_date_and_names_the_tribunal() -> None:
    body = compose_draft(APPEAL).body
    assert "11 May 2026" in body
    assert "letter is dated 10 March 2026" in body
    assert "First-tier Tribunal (SEND)" in body
    assert "Dear Sarah," in body
    assert "Northshire County Council's decision not to carry out" in body
    assert "needs assessment for Leo" in body


def test_appeal_against_a_refused_assessment_uses_form_send35a() -> None:
    body = compose_draft(APPEAL).body
    assert "SEND35a" in body


def test_appeal_about_plan_contents_uses_form_send35_not_35a() -> None:
    body = compose_draft(replace(APPEAL, decision_type=DecisionType.PLAN_CONTENTS)).body
    assert "form SEND35." in body
    assert "SEND35a" not in body


def test_appeal_says_mediation_certificate_first_and_that_talks_do_not_stop_the_clock() -> None:
    body = compose_draft(APPEAL).body
    assert "What must happen first: mediation advice" in body
    assert "mediation certificate" in body
    assert "does not stop or pause the 2-month time limit" in body
    assert "it doesn't stop the clock" in body
    assert "It is free to appeal" in body


def test_school_only_appeal_says_no_mediation_certificate_is_needed() -> None:
    body = compose_draft(replace(APPEAL, decision_type=DecisionType.SECTION_I_ONLY)).body
    assert "you don't need a mediation certificate" in body
    assert "What must happen first: mediation advice" not in body
    assert "and your mediation certificate" not in body


def test_ceasing_decision_says_the_plan_stays_in_force_during_an_appeal() -> None:
    body = compose_draft(replace(APPEAL, decision_type=DecisionType.CEASE)).body
    assert "decision to stop (cease) Leo's" in body
    assert "stays in force" in body


def test_appeal_with_a_certificate_explains_the_later_date() -> None:
    facts = replace(APPEAL, certificate_date=date(2026, 4, 20), deadline=date(2026, 5, 20))
    body = compose_draft(facts).body
    assert "20 May 2026" in body
    assert "certificate dated 20 April 2026" in body


def test_appeal_without_a_date_asks_for_the_letter_date_and_invents_none() -> None:
    facts = replace(APPEAL, decision_date=None, deadline=None)
    reply = compose_draft(facts)
    assert WRITTEN_DATE.search(reply.body) is None
    assert any("date printed on the council's decision letter" in q for q in reply.questions)
    assert "the date printed on the council's decision letter" in reply.body
    assert any("No decision-letter date" in n for n in reply.adviser_notes)


def test_appeal_with_unknown_decision_type_offers_both_forms_and_tells_the_adviser() -> None:
    reply = compose_draft(replace(APPEAL, decision_type=None))
    assert "form SEND35, or form SEND35a if the council refused" in reply.body
    assert any("Decision type not identified" in n for n in reply.adviser_notes)


def test_a_passed_appeal_deadline_explains_late_appeals_instead_of_a_key_date() -> None:
    facts = replace(APPEAL, sent_at=datetime(2026, 6, 1, tzinfo=UTC))
    reply = compose_draft(facts)
    assert "has now passed" in reply.body
    assert "The most important date" not in reply.body
    assert any("had passed" in n for n in reply.adviser_notes)


def test_draft_plan_gives_the_15_day_comment_date_not_an_appeal_deadline() -> None:
    facts = replace(APPEAL, decision_type=DecisionType.DRAFT_PLAN, decision_date=date(2026, 3, 2),
                    deadline=None)
    body = compose_draft(facts).body
    assert "please send your comments by 16 March 2026" in body
    assert "can't be appealed yet" in body


def test_permanent_exclusion_upheld_by_governors_gives_the_irp_date_and_sen_expert() -> None:
    reply = compose_draft(EXCLUSION)
    body = reply.body
    assert "independent review panel (IRP)" in body
    assert "23 February 2026" in body
    assert "SEN expert" in body
    assert "academy trust" in body
    assert "a claim about an exclusion goes to the First-tier Tribunal (SEND), not to the " \
        "independent review panel" in body
    assert any("term dates" in n for n in reply.adviser_notes)


def test_permanent_exclusion_before_governors_meet_explains_their_15_school_days() -> None:
    body = compose_draft(replace(EXCLUSION, governors_decision=False, deadline=None)).body
    assert "within 15 school days of being told about the exclusion" in body
    assert "send your views in writing" in body
    assert WRITTEN_DATE.search(body) is None


def test_informal_exclusion_is_called_unlawful() -> None:
    facts = replace(EXCLUSION, exclusion_type=ExclusionType.INFORMAL, governors_decision=False,
                    decision_date=None, deadline=None)
    body = compose_draft(facts).body
    assert "unlawful, even if you agreed" in body
    assert "collect Aiden early" in body


def test_unknown_exclusion_type_asks_which_kind_it_was() -> None:
    facts = replace(EXCLUSION, exclusion_type=None, governors_decision=False, deadline=None)
    reply = compose_draft(facts)
    assert any("suspension for a set number of days or a permanent" in q
               for q in reply.questions)


def test_discrimination_claim_gives_the_six_month_date_and_the_tribunal() -> None:
    reply = compose_draft(DISCRIMINATION)
    assert "9 September 2026" in reply.body
    assert "10 March 2026" in reply.body
    assert "First-tier Tribunal (SEND), using form SEND4A" in reply.body
    assert "reasonable adjustments" in reply.body
    assert any("day before the 6-month date" in n for n in reply.adviser_notes)


def test_discrimination_claim_against_a_council_points_to_the_county_court() -> None:
    reply = compose_draft(replace(DISCRIMINATION, respondent=Respondent.COUNCIL))
    assert "county court" in reply.body
    assert "SEND4A" not in reply.body
    assert any("county court" in n for n in reply.adviser_notes)


def test_discrimination_claim_without_a_date_asks_for_it() -> None:
    reply = compose_draft(replace(DISCRIMINATION, decision_date=None, deadline=None))
    assert WRITTEN_DATE.search(reply.body) is None
    assert any("the date it happened" in q for q in reply.questions)


def test_raise_informally_gives_a_ready_email_to_the_senco_built_from_the_situation() -> None:
    body = compose_draft(INFORMAL).body
    assert "the SENCo at St Anne's Primary" in body
    email = body.split("---------- email you can copy ----------")[1].split(
        "---------- end of email ----------")[0]
    assert "Dear [name of the SENCo]," in email
    assert "I am writing about my child, Maya, who is at St Anne's Primary." in email
    assert "It is now November and she has not had a single session." in email
    assert "This is affecting Maya" in email
    assert "I would like the support to be put in place" in email
    assert "reply within 2 weeks" in email
    assert email.rstrip().endswith("Kerry")


def _ready_email(body: str) -> str:
    return body.split("---------- email you can copy ----------")[1].split(
        "---------- end of email ----------", maxsplit=1)[0]


def test_the_parents_own_email_speaks_of_my_child_when_no_name_is_known() -> None:
    facts = replace(INFORMAL, child_name=None, respondent=Respondent.HEALTH)
    email = _ready_email(compose_draft(facts).body)
    assert "your child" not in email
    assert "This is affecting my child" in email


def test_the_subject_line_is_not_quoted_as_the_parents_account() -> None:
    facts = replace(INFORMAL, subject="Speech therapy not delivered",
                    evidence={"delay": ("Speech therapy not delivered",)})
    email = _ready_email(compose_draft(facts).body)
    assert "Speech therapy not delivered" not in email
    assert "[Say briefly what the mistake or delay is" in email


def test_raise_informally_lists_the_seeds_points_for_a_good_email() -> None:
    body = compose_draft(INFORMAL).body
    for point in ("clearly and briefly", "avoids blaming anyone", "impact",
                  "what you would like to happen", "within a set time"):
        assert point in body


def test_raise_informally_with_the_council_addresses_the_ehc_coordinator() -> None:
    facts = replace(INFORMAL, respondent=Respondent.COUNCIL, council="Eastmere Council",
                    evidence={})
    body = compose_draft(facts).body
    assert "Education, Health and Care (EHC) coordinator at the council" in body
    assert "[name of the EHC coordinator]" in body
    assert "[Say briefly what the mistake or delay is" in body
    assert "within 20 weeks" in body


def test_formal_complaint_to_a_council_mentions_the_lgsco_and_keeping_records() -> None:
    facts = replace(INFORMAL, next_step=NextStep.FORMAL_COMPLAINT, respondent=Respondent.COUNCIL,
                    council="Eastmere Council", complaint_stage=ComplaintStage.RAISED_INFORMALLY)
    body = compose_draft(facts).body
    assert "Eastmere Council's complaints procedure" in body
    assert "Local Government and Social Care Ombudsman" in body
    assert "Keep a record of everything" in body
    assert "time limits" in body


def test_ombudsman_for_a_council_is_the_lgsco_within_12_months() -> None:
    facts = replace(INFORMAL, next_step=NextStep.ESCALATE_OMBUDSMAN, respondent=Respondent.COUNCIL,
                    council="Eastmere Council", complaint_stage=ComplaintStage.FORMAL_DONE)
    body = compose_draft(facts).body
    assert "Local Government and Social Care Ombudsman (LGSCO)" in body
    assert "within 12 months" in body


def test_ombudsman_for_a_school_is_the_department_for_education() -> None:
    facts = replace(INFORMAL, next_step=NextStep.ESCALATE_OMBUDSMAN,
                    complaint_stage=ComplaintStage.FORMAL_DONE)
    body = compose_draft(facts).body
    assert "Department for Education (DfE)" in body
    assert "Ombudsman (LGSCO) to look" not in body


def test_ombudsman_for_health_is_the_phso() -> None:
    facts = replace(INFORMAL, next_step=NextStep.ESCALATE_OMBUDSMAN, respondent=Respondent.HEALTH,
                    complaint_stage=ComplaintStage.FORMAL_DONE)
    body = compose_draft(facts).body
    assert "Parliamentary and Health Service Ombudsman (PHSO)" in body


def test_general_advice_signposts_sendiass_and_ipsea_and_asks_the_adviser_to_answer() -> None:
    reply = compose_draft(ReplyFacts(case_id=7, subject="A question", sent_at=WROTE))
    assert "SENDIASS" in reply.body
    assert "IPSEA" in reply.body
    assert "Hello," in reply.body
    assert any("Answer the parent's specific question" in n for n in reply.adviser_notes)


def test_a_multi_issue_email_gets_one_reply_covering_each_issue_next_step_first() -> None:
    facts = replace(EXCLUSION,
                    categories=(Category.DISCRIMINATION, Category.EXCLUSION, Category.DELAY))
    reply = compose_draft(facts)
    assert section_steps(facts) == ["challenge_exclusion", "discrimination_claim",
                                    "raise_informally"]
    body = reply.body
    first = body.index("1. Challenging the permanent exclusion")
    second = body.index("2. A disability discrimination claim")
    third = body.index("3. Raising your concerns informally")
    assert first < second < third
    assert "raises 3 separate issues" in body
    assert reply.templates == ("layout.txt.j2", "challenge_exclusion.txt.j2",
                               "discrimination_claim.txt.j2", "raise_informally.txt.j2")


def test_a_further_issue_gets_no_borrowed_date_and_asks_for_its_own() -> None:
    facts = replace(EXCLUSION, categories=(Category.EXCLUSION, Category.DISCRIMINATION))
    reply = compose_draft(facts)
    claim = reply.body.split("2. A disability discrimination claim")[1]
    assert "23 February 2026" not in claim
    assert any("the date it happened" in q for q in reply.questions)


def test_delay_on_a_complaint_step_does_not_repeat_the_complaint_ladder() -> None:
    facts = replace(INFORMAL, next_step=NextStep.FORMAL_COMPLAINT, categories=(Category.DELAY,))
    assert section_steps(facts) == ["formal_complaint"]


def test_safeguarding_adds_an_adviser_note_first_and_a_danger_line_for_the_parent() -> None:
    reply = compose_draft(replace(APPEAL, safeguarding=True))
    assert reply.adviser_notes[0].startswith("SAFEGUARDING")
    assert "please call 999" in reply.body


def test_classifier_notes_and_low_confidence_reach_the_adviser() -> None:
    facts = replace(APPEAL, needs_human=True, confidence=0.42,
                    triage_notes=("Some services count two months one day earlier (D6 ?)",))
    notes = compose_draft(facts).adviser_notes
    assert any("confidence 0.42" in n for n in notes)
    assert "Some services count two months one day earlier (not confirmed, check)" in notes
    assert sum("one day earlier" in n for n in notes) == 1


def test_unknown_names_fall_back_to_warm_generic_words() -> None:
    facts = ReplyFacts(case_id=9, next_step=NextStep.APPEAL, categories=(Category.APPEAL,),
                       decision_type=DecisionType.REFUSE_PLAN, sent_at=WROTE)
    body = compose_draft(facts).body
    assert body.startswith("Hello,\n")
    assert "the council's decision not to issue" in body
    assert "for your child after the assessment" in body


@pytest.mark.parametrize("step", NEXT_STEPS)
def test_every_step_renders_with_nothing_known(step: NextStep) -> None:
    reply = compose_draft(ReplyFacts(case_id=1, next_step=step))
    assert STEP_TEMPLATES[step] in reply.templates
    assert "None" not in reply.body
    assert WRITTEN_DATE.search(reply.body) is None


def test_no_combination_of_facts_leaves_an_empty_placeholder_or_a_double_space() -> None:
    rendered = 0
    for step, decision, exclusion, respondent, known in itertools.product(
        NEXT_STEPS, [None, *sorted(DecisionType)], [None, *sorted(ExclusionType)],
        [None, *Respondent], [False, True],
    ):
        if step != "appeal" and decision is not None:
            continue
        if step != "challenge_exclusion" and exclusion is not None:
            continue
        facts = replace(
            INFORMAL if known else ReplyFacts(case_id=1), next_step=step,
            categories=tuple(Category),
            decision_type=decision, exclusion_type=exclusion, respondent=respondent,
            governors_decision=known, decision_date=date(2026, 3, 10) if known else None,
            deadline=date(2026, 5, 11) if known else None, safeguarding=known,
        )
        body = compose_draft(facts).body
        assert "None" not in body
        assert "{" not in body
        lines = body.splitlines()
        assert all("  " not in line for line in lines)
        for i, line in enumerate(lines):
            if line.lstrip("0123456789. ") in SUBHEADINGS:
                assert lines[i - 1] == "", f"no blank line before {line!r}"
        rendered += 1
    assert rendered == 160


def test_a_template_printing_an_empty_value_is_refused() -> None:
    template = _environment().from_string("Dear {{ name }},")
    with pytest.raises(EmptyPlaceholder):
        template.render(name=None)
    with pytest.raises(EmptyPlaceholder):
        template.render(name="")


def test_a_template_naming_an_unknown_value_is_refused() -> None:
    with pytest.raises(Exception, match="undefined"):
        _environment().from_string("Dear {{ nobody }},").render()


def test_reply_subject_carries_re_and_the_case_token_once() -> None:
    assert reply_subject("EHCNA refused", 12) == "Re: EHCNA refused [ST-12]"
    assert reply_subject("RE: Fwd: EHCNA refused [ST-12]", 12) == "Re: EHCNA refused [ST-12]"
    assert reply_subject("", 3) == "Re: Your message to the SEND Advice Line [ST-3]"


def test_a_long_subject_is_truncated_but_keeps_its_token() -> None:
    subject = reply_subject("word " * 60, 123)
    assert len(subject) <= 110
    assert subject.endswith(" [...] [ST-123]")


def test_dates_are_written_the_way_parents_write_them() -> None:
    assert long_date(date(2026, 5, 1)) == "1 May 2026"
    assert long_date(date(2027, 1, 4)) == "4 January 2027"
