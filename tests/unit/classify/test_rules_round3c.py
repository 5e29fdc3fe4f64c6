"""Rule round 3c on the real train split (issue 9): texts that tell of no live problem (a
retrospective account, a campaign), complaint stages for transport refusals and harm already
done, school supervision failures, and "excluded" read as kept out of an activity. Made-up
sentences, one behaviour each."""

from __future__ import annotations

from classify.routing import detect_complaint_stage
from classify.rules import find_cues
from classify.scoring import THRESHOLD, combine_scores
from classify.stance import no_live_issue
from core.labels import ComplaintStage
from tests.unit.classify.cue_checks import cue_fires, outweighed

# --- no live issue (classify/stance.py) ------------------------------------------------------

def test_a_child_who_has_moved_on_since_is_a_retrospective_account() -> None:
    assert no_live_issue("The school never delivered his hours. My son is now 19 and at college.")


def test_a_childhood_anchor_is_a_retrospective_account() -> None:
    assert no_live_issue("When she was four the council refused to assess her and it took years.")


def test_looking_back_is_a_retrospective_account() -> None:
    assert no_live_issue("Looking back, the delays cost him his primary years.")


def test_a_petition_is_a_campaign() -> None:
    assert no_live_issue("Sign our petition: the government must fund SEN transport properly.")


def test_writing_as_a_parent_to_an_inquiry_is_testimony() -> None:
    assert no_live_issue("I am writing as the mother of a dyslexic boy to your inquiry into SEN.")


def test_a_request_makes_a_retrospective_account_live() -> None:
    assert not no_live_issue("My son is now 10 and they have cut his support. Any advice?")


def test_a_question_about_the_writers_own_case_makes_it_live() -> None:
    assert not no_live_issue("Looking back, it was always like this. What can we do now?")


def test_something_that_happened_this_week_makes_a_campaign_live() -> None:
    assert not no_live_issue("I wrote this blog because they excluded my son this week.")


def test_a_rhetorical_question_in_a_blog_is_not_a_request() -> None:
    assert no_live_issue("Looking back, I wonder. So what happens when inclusion stops working?")


def test_a_plain_present_problem_is_live() -> None:
    assert not no_live_issue("The council refused to assess my son and he is struggling.")


def test_no_live_issue_pulls_every_category_below_the_threshold() -> None:
    hits = find_cues("He was excluded three times when he was seven.")
    scores = combine_scores({"exclusion": 0.9}, hits, no_live=True)
    assert all(score < THRESHOLD for score in scores.values())


# --- complaint stages ------------------------------------------------------------------------

def test_a_transport_refusal_is_a_decision_past_raising_informally() -> None:
    hits = find_cues("Hampshire has refused to provide home to school transport for my son.")
    assert detect_complaint_stage(hits) == ComplaintStage.RAISED_INFORMALLY


def test_harm_already_done_suggests_a_remedy_is_wanted() -> None:
    hits = find_cues("The council delayed his plan and it has caused us a lot of distress.")
    assert detect_complaint_stage(hits) == ComplaintStage.RAISED_INFORMALLY


def test_harm_already_done_gives_way_to_not_having_raised_it() -> None:
    hits = find_cues("It has caused us a lot of stress but I haven't contacted anyone yet.")
    assert detect_complaint_stage(hits) == ComplaintStage.NONE


# --- delay: supervision ----------------------------------------------------------------------

def test_a_child_who_got_out_under_a_fence_at_school_is_a_supervision_failure() -> None:
    assert cue_fires("At lunch she climbed under the fence and nobody saw.", "supervision_failed")


def test_staff_not_noticing_the_child_had_gone_is_a_supervision_failure() -> None:
    assert cue_fires("The school didn't even know he was missing.", "supervision_failed")


def test_walking_to_school_is_not_a_supervision_failure() -> None:
    assert not cue_fires("He walked to school with his sister.", "supervision_failed")


# --- exclusion: kept out of an activity -------------------------------------------------------

def test_a_bare_excluded_gives_way_to_an_activity_exclusion() -> None:
    assert outweighed(
        "They excluded him and another boy from the nativity play. He was so upset to be "
        "excluded.", "exclusion")


def test_a_suspension_still_counts_beside_an_activity_exclusion() -> None:
    assert not outweighed(
        "He was suspended for two days and then banned from the residential trip.", "exclusion")
