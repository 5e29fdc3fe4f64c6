"""The domain's own trigger phrases (send-routes.md §1A, §2, §3, §4, §7) and their everyday
variations fire the right cue; negations and threats do not."""

from __future__ import annotations

import pytest

from classify.rules import find_cues
from classify.scoring import find_safeguarding
from tests.unit.classify.cue_checks import fires


def subtypes(text: str, kind: str) -> set[str]:
    return {hit.subtype for hit in find_cues(text) if hit.kind == kind and not hit.negated}


@pytest.mark.parametrize(
    "text",
    [
        "The school keep ringing me at work to come and get him at lunchtime.",
        "They phoned us to come in and collect her.",
        "The teacher texted me to come and pick him up.",
        "I was asked to collect him early again today.",
        "I've had to pick her up at lunch every day this week.",
        "They made me come and get him because he was upset.",
        "School are sending him home most afternoons.",
        "They sent her home after the fight.",
        "The head said it would be best if he stayed home for a couple of days.",
        "They told me to keep him at home to calm down.",
        "He had to stay home for two days to cool off.",
        "They call it a cooling off day.",
        "She said he can't come back until Thursday.",
    ],
)
def test_informal_exclusion_phrasings_are_exclusion_cues(text: str) -> None:
    assert fires(text, "exclusion")


@pytest.mark.parametrize(
    "text",
    [
        "He is on a reduced timetable.",
        "She's been on a part-time timetable since October.",
        "He's on part time now.",
        "They have put her on a part time timetable.",
        "He's only allowed to do mornings now.",
        "She is only in from 9 till 11.",
        "He is only doing two hours a day.",
        "They put him on half days.",
    ],
)
def test_part_time_timetables_are_exclusion_cues(text: str) -> None:
    assert "reduced_timetable" in subtypes(text, "exclusion")


@pytest.mark.parametrize(
    "text",
    [
        "School are pushing a managed move to another academy.",
        "The head suggested we think about home educating her.",
        "They hinted that home schooling might suit him better.",
        "The SENCo told us to look for another school.",
        "They want him to do a trial at another school.",
        "They asked us to take him off roll.",
    ],
)
def test_off_rolling_and_managed_moves_are_exclusion_cues(text: str) -> None:
    assert "managed_move" in subtypes(text, "exclusion")


@pytest.mark.parametrize(
    "text",
    [
        "If he does it again he'll be excluded.",
        "They said if he hits anyone again they will send him home.",
        "The deputy said they would send my son home if he kicked off.",
        "He hasn't been excluded.",
        "I pick him up at 3pm every day.",
        "I'm taking him to the dentist, I'll come and get him from the appointment.",
    ],
)
def test_threats_negations_and_ordinary_pickups_are_not_exclusions(text: str) -> None:
    assert not fires(text, "exclusion")


@pytest.mark.parametrize(
    "text",
    [
        "The panel said there won't be an assessment.",
        "They decided against an EHC needs assessment.",
        "His needs can be met from what the school already has.",
        "They say her needs can be met within the school's own budget.",
        "The council say SEN support is enough.",
        "The wrong school is named in the plan.",
    ],
)
def test_unfamiliar_refusals_and_placement_disputes_are_appeal_cues(text: str) -> None:
    assert fires(text, "appeal")


def test_waiting_for_a_plan_after_an_assessment_is_not_a_refusal() -> None:
    text = "It is 34 weeks since the assessment and there is still no plan."
    assert "refuse_plan" not in subtypes(text, "appeal")
    assert fires(text, "delay")


@pytest.mark.parametrize(
    "text",
    [
        "College isn't delivering my EHCP.",
        "The school are not following his plan.",
        "My EHCP says I should have a mentor but I have had none of it.",
        "His plan says weekly OT but it has never happened.",
        "They keep failing to provide the support in her plan.",
    ],
)
def test_a_plan_not_delivered_is_a_delay_cue(text: str) -> None:
    assert fires(text, "delay")


def test_a_plan_not_delivered_counts_against_an_appeal() -> None:
    hits = find_cues("College isn't delivering my EHCP. Can I appeal?")
    assert any(hit.kind == "near_miss:appeal" for hit in hits)


@pytest.mark.parametrize(
    "text",
    [
        "They make my daughter eat lunch alone because of her wheelchair.",
        "He was left out of the trip because of his autism.",
        "She keeps getting punished for her tics.",
    ],
)
def test_unfair_treatment_because_of_disability_is_a_discrimination_cue(text: str) -> None:
    assert fires(text, "discrimination")


@pytest.mark.parametrize(
    "text",
    [
        "She said it would be easier if she just wasn't here.",
        "He told me everyone would be better off without him.",
        "She wishes she could just disappear.",
        "He says he wants to go to sleep and not wake up.",
        "I wish I wasn't here any more, he wrote.",
        "She said she wants to disappear.",
    ],
)
def test_passive_suicidal_wording_is_a_safeguarding_concern(text: str) -> None:
    flagged, _ = find_safeguarding(text, find_cues(text))
    assert flagged


def test_a_disappearing_problem_is_not_a_safeguarding_concern() -> None:
    text = "I hoped the problem would go away but the support just disappeared."
    flagged, _ = find_safeguarding(text, find_cues(text))
    assert not flagged


def test_a_governors_decision_letter_upholding_an_exclusion_is_an_exclusion_cue() -> None:
    text = "The governors' decision letter came today. They upheld it."
    assert "governors" in subtypes(text, "exclusion")


def test_a_governors_complaint_letter_is_not_an_exclusion_cue() -> None:
    assert not fires("The governors' letter about my complaint came today.", "exclusion")


@pytest.mark.parametrize(
    "text",
    [
        "Last night she said she'd jump if she has to go back.",
        "He told his friend he won't be around much longer.",
        "My stepdad hits me when he has been drinking.",
        "She came back with a red belt mark across her legs.",
        "They lock him in his bedroom all weekend.",
        "It is 10pm and he hasn't come home from college.",
        "A man in his thirties keeps messaging her and wants to meet.",
        "Someone online has been asking her for photos.",
        "She went hypo in class and nobody noticed until the ambulance came.",
        "He doesn't feel safe at home any more.",
        "School rang to say he never arrived this morning.",
    ],
)
def test_harm_described_in_plain_words_is_a_safeguarding_concern(text: str) -> None:
    assert find_safeguarding(text, find_cues(text))[0]


@pytest.mark.parametrize(
    "text",
    [
        "He jumped at the chance to join the club.",
        "She came home happy and told me about her day.",
        "The man from the council never rang back.",
        "The educational psychologist's report never arrived.",
    ],
)
def test_ordinary_wording_is_not_a_safeguarding_concern(text: str) -> None:
    assert not find_safeguarding(text, find_cues(text))[0]


@pytest.mark.parametrize(
    "text",
    [
        "She climbed under a fence and walked into the road.",
        "He jumped out of the classroom window.",
        "They sent him off-site on his own although he runs into roads.",
    ],
)
def test_a_child_put_in_physical_danger_is_safeguarding(text: str) -> None:
    assert find_safeguarding(text, find_cues(text))[0]


@pytest.mark.parametrize(
    "text",
    [
        "She had several suicide attempts a few years ago.",
        "Thankfully she has stopped self-harming.",
        "The council have dragged their feet on it.",
        "The exclusion report says he assaulted an adult.",
    ],
)
def test_harm_that_is_over_or_not_harm_is_not_safeguarding(text: str) -> None:
    assert not find_safeguarding(text, find_cues(text))[0]


def test_a_disclosure_of_past_abuse_is_still_safeguarding() -> None:
    text = "He told me his mum's boyfriend used to hit him with a belt."
    assert find_safeguarding(text, find_cues(text))[0]
