"""Rule round 3b on the real train split (issue 9): appeals told in parents' words (a disputed
draft, a plan or special school turned down, an appeal already under way), discrimination by
seclusion, restraint, medical care and admissions, and complaint stages. Made-up sentences, one
behaviour each."""

from __future__ import annotations

from classify.routing import detect_complaint_stage
from classify.rules import find_cues
from core.labels import ComplaintStage
from tests.unit.classify.cue_checks import cue_fires, fires, flagged, outweighed

# --- appeal ----------------------------------------------------------------------------------

def test_a_draft_plan_the_parent_disputes_is_an_appeal_cue() -> None:
    assert cue_fires("The draft EHCP is very vague about his speech therapy.", "draft_disputed")


def test_missing_support_in_a_draft_is_an_appeal_cue() -> None:
    assert cue_fires("There is no mention of a TA in the draft plan.", "draft_disputed")


def test_a_proposed_statement_that_specifies_nothing_is_an_appeal_cue() -> None:
    assert cue_fires("The proposed statement specifies nothing at all.", "draft_disputed")


def test_a_draft_the_parent_only_asks_about_is_not_disputed() -> None:
    assert not cue_fires("The draft plan came yesterday, what should I check?", "draft_disputed")


def test_a_plan_turned_down_in_everyday_words_is_an_appeal_cue() -> None:
    assert cue_fires("The council has turned down an EHCP for my son.", "refuse_plan_f")


def test_not_successful_in_getting_a_plan_is_an_appeal_cue() -> None:
    assert cue_fires("We were not successful in getting an EHCP.", "refuse_plan_f")


def test_a_special_school_denied_is_a_placement_appeal_cue() -> None:
    assert cue_fires("The panel denied a specialist placement for her.", "section_i_f")


def test_the_council_insisting_on_mainstream_is_a_placement_appeal_cue() -> None:
    assert cue_fires("The LA has decided he should stay in mainstream.", "section_i_f")


def test_an_appeal_under_way_outweighs_the_refusal_it_is_about() -> None:
    assert outweighed("They refused to assess. We are currently appealing.", "appeal")


def test_a_tribunal_hearing_booked_means_the_appeal_is_lodged() -> None:
    assert outweighed("The LA refused to assess her and our tribunal hearing is next week.",
                      "appeal")


def test_wanting_to_take_the_council_to_tribunal_is_still_live() -> None:
    assert not outweighed("They refused to assess her. I want to take them to tribunal.", "appeal")


def test_a_plan_not_issued_within_the_timescales_is_not_a_refusal() -> None:
    assert not fires("The council has not issued the plan within 20 weeks.", "appeal")


def test_not_doing_anything_is_not_a_refusal_to_assess() -> None:
    assert not fires("I knew the school wouldn't do anything about it.", "appeal")


def test_travel_support_refused_is_a_transport_decision() -> None:
    assert cue_fires("The council refused him travel support.", "transport_decision")


# --- discrimination --------------------------------------------------------------------------

def test_a_child_locked_in_a_room_is_a_discrimination_cue() -> None:
    assert cue_fires("Staff locked him in an empty room when he got upset.",
                     "seclusion_restraint")


def test_restraint_by_several_adults_is_a_discrimination_cue() -> None:
    assert cue_fires("She was restrained by three members of staff.", "seclusion_restraint")


def test_repeated_isolations_are_a_discrimination_cue() -> None:
    assert cue_fires("He has had four isolations this half term.", "seclusion_restraint")


def test_a_single_isolation_for_a_uniform_rule_is_not_a_discrimination_cue() -> None:
    assert not cue_fires("He was put in isolation for wrong shoes.", "seclusion_restraint")


def test_a_school_that_wants_the_parent_to_inject_is_a_discrimination_cue() -> None:
    assert cue_fires("The school want me to come in at lunch and inject her.",
                     "medical_care_refused")


def test_a_place_refused_over_sen_is_a_discrimination_cue() -> None:
    assert cue_fires("The nursery refused her a place because of her SEN.",
                     "place_refused_for_sen")


def test_a_wheelchair_the_school_will_not_accommodate_is_a_discrimination_cue() -> None:
    assert cue_fires("The college says it can't accommodate his wheelchair.",
                     "place_refused_for_sen")


# --- complaint stage and safeguarding ---------------------------------------------------------

def test_wanting_the_money_back_is_a_formal_complaint() -> None:
    assert detect_complaint_stage(find_cues("I paid for a taxi and I want the money back.")) \
        == ComplaintStage.RAISED_INFORMALLY


def test_problems_raised_with_the_council_count_as_raised() -> None:
    assert detect_complaint_stage(find_cues(
        "I raised the attendance problems with the council in April.")) \
        == ComplaintStage.RAISED_INFORMALLY


def test_a_child_who_punched_another_pupil_is_not_abused() -> None:
    assert not flagged("He punched another pupil in the line today.")


def test_a_child_who_was_punched_is_still_a_safeguarding_concern() -> None:
    assert flagged("He was punched in the playground today.")
