"""Rule round 3d on the real train split (issue 9): disability discrimination told as an
exclusion tied to the child's condition or missing support, a school going against medical
advice or applying a rule with no exception, and support left to the family. Made-up
sentences, one behaviour each."""

from __future__ import annotations

from classify.rules import find_cues, split_sentences


def cue_fires(text: str, name: str) -> bool:
    return any(
        hit.cue == name and not hit.negated for hit in find_cues(text, split_sentences(text))
    )


def discrimination_fires(text: str) -> bool:
    return any(
        hit.kind == "discrimination" and not hit.negated
        for hit in find_cues(text, split_sentences(text))
    )


# --- an exclusion while the child's 1:1 or TA is missing ------------------------------------

def test_an_exclusion_with_the_promised_1_1_still_missing_is_discrimination() -> None:
    assert cue_fires("Another exclusion for Ben this week, still no 1:1.",
                     "excluded_without_support")


def test_an_exclusion_because_the_school_cannot_afford_the_ta_is_discrimination() -> None:
    assert cue_fires("She was sent home for the term as the school can't afford her TA.",
                     "excluded_without_support")


def test_a_suspension_when_the_1_1_was_not_with_the_child_is_discrimination() -> None:
    assert cue_fires("He was suspended. His 1:1 was not with him at the time.",
                     "excluded_without_support")


def test_a_missing_1_1_with_no_exclusion_is_not_this_cue() -> None:
    assert not cue_fires("We are still waiting for a 1:1 after the annual review.",
                         "excluded_without_support")


# --- an exclusion or sanction the parent ties to the condition -------------------------------

def test_an_exclusion_for_behaviour_caused_by_the_childs_sen_is_discrimination() -> None:
    assert cue_fires("They excluded him on Friday. It was the behaviour caused by his SEN.",
                     "adverse_linked_to_need")


def test_a_sanction_for_behaviour_in_acute_anxiety_is_discrimination() -> None:
    assert cue_fires("She got a detention for throwing a pen at a point of acute anxiety.",
                     "adverse_linked_to_need")


def test_a_suspension_after_the_school_missed_the_triggers_is_discrimination() -> None:
    assert cue_fires("Staff ignored the triggers in his plan and then suspended him.",
                     "adverse_linked_to_need")


def test_an_exclusion_with_no_link_to_the_condition_is_not_this_cue() -> None:
    assert not cue_fires("He was excluded for two days for fighting in the playground.",
                         "adverse_linked_to_need")


def test_a_condition_with_no_sanction_is_not_this_cue() -> None:
    assert not cue_fires("Her behaviour is due to her anxiety and she is doing well at home.",
                         "adverse_linked_to_need")


def test_exclusion_after_one_day_of_melt_down_is_discrimination() -> None:
    assert cue_fires("His exclusion came after one day of melt down during the tests.",
                     "excluded_for_meltdown")


# --- medical or specialist advice overridden, a rule with no exception -------------------------

def test_pe_insisted_on_despite_a_gp_certificate_is_discrimination() -> None:
    assert cue_fires("The school insists she does PE despite her GP certificate.",
                     "against_professional_advice")


def test_made_to_handwrite_despite_a_specialist_note_is_discrimination() -> None:
    assert cue_fires("He is made to handwrite everything despite advice from the OT.",
                     "against_professional_advice")


def test_despite_a_report_with_no_school_act_is_not_this_cue() -> None:
    assert not cue_fires("Despite the report from the OT, the panel refused to assess.",
                         "against_professional_advice")


def test_not_their_policy_is_a_rule_applied_without_adjustment() -> None:
    assert cue_fires("I asked for a quiet lunch space but it's not their policy.",
                     "policy_no_adjustment")


def test_a_policy_that_allows_an_adjustment_is_not_this_cue() -> None:
    assert not cue_fires("Their policy allows movement breaks.", "policy_no_adjustment")


# --- support left to the family --------------------------------------------------------------

def test_a_trip_only_if_the_parents_send_a_helper_is_discrimination() -> None:
    assert cue_fires("The teacher said unless we send someone to help her she can't go.",
                     "support_left_to_family")


def test_a_club_the_school_will_not_fund_support_for_is_discrimination() -> None:
    assert cue_fires("The school will not fund TA support for after-school clubs.",
                     "support_left_to_family")


def test_unless_with_no_school_is_not_this_cue() -> None:
    assert not cue_fires("Unless we hear by Friday we will write again.", "support_left_to_family")


def test_every_new_cue_is_a_discrimination_cue() -> None:
    assert discrimination_fires("The school will not fund TA support for after-school clubs.")
