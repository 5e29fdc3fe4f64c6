"""Routing in the seed's order, and the complaint stage the parent has reached."""

from __future__ import annotations

import pytest

from classify.routing import (
    choose_next_step,
    detect_complaint_stage,
    follow_learned_step,
    is_unsupported_route,
    stated_stage,
)
from classify.rules import find_cues, split_sentences
from core.labels import Category, ComplaintStage, NextStep


@pytest.mark.parametrize(
    ("categories", "expected"),
    [
        (tuple(Category), "appeal"),
        ((Category.EXCLUSION, Category.DISCRIMINATION, Category.DELAY), "challenge_exclusion"),
        ((Category.DISCRIMINATION, Category.DELAY), "discrimination_claim"),
        ((Category.APPEAL, Category.DELAY), "appeal"),
        ((), "general_advice"),
    ],
)
def test_right_of_appeal_then_exclusion_then_discrimination(
    categories: tuple[Category, ...], expected: str
) -> None:
    assert choose_next_step(categories, ComplaintStage.FORMAL_DONE) == expected


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (ComplaintStage.NONE, "raise_informally"),
        (ComplaintStage.RAISED_INFORMALLY, "formal_complaint"),
        (ComplaintStage.FORMAL_DONE, "escalate_ombudsman"),
    ],
)
def test_a_delay_goes_to_the_next_complaint_stage(stage: ComplaintStage, expected: str) -> None:
    assert choose_next_step((Category.DELAY,), stage) == expected


def stage_of(text: str) -> ComplaintStage:
    return detect_complaint_stage(find_cues(text))


def test_nothing_done_yet_is_stage_none() -> None:
    assert stage_of("I haven't said anything to the school yet.") == "none"


def test_asking_the_council_for_an_assessment_is_not_raising_a_complaint() -> None:
    assert stage_of("We asked the council for an EHC needs assessment in December.") == "none"


def test_emailing_the_senco_without_an_answer_is_raised_informally() -> None:
    assert stage_of("I've emailed the SENCo twice and had no reply.") == "raised_informally"


def test_speaking_to_the_head_with_nothing_changing_is_raised_informally() -> None:
    text = "I spoke to the head and she said she would look into it, but nothing has changed."
    assert stage_of(text) == "raised_informally"


def test_a_complaint_not_upheld_is_formal_done() -> None:
    text = "I made a formal complaint and the council's final response did not uphold it."
    assert stage_of(text) == "formal_done"


def test_asking_about_the_ombudsman_is_formal_done() -> None:
    assert stage_of("Can I go to the Ombudsman now?") == "formal_done"


def test_a_formal_complaint_still_waiting_is_the_formal_complaint_step() -> None:
    text = "Last week I put in a formal complaint to the council."
    assert choose_next_step((Category.DELAY,), stage_of(text)) == "formal_complaint"


@pytest.mark.parametrize(
    "text",
    [
        "The SALT hasn't happened since Christmas. I haven't chased it yet.",
        "I haven't told school yet, I wanted to know my rights first.",
        "Nothing has changed but I haven't raised it with anyone.",
        "No reply from the council to the school's request, and I haven't chased it with anyone.",
        "I don't want to fall out with them so I haven't said anything.",
    ],
)
def test_not_yet_raised_stays_at_raise_informally(text: str) -> None:
    assert choose_next_step((Category.DELAY,), stage_of(text)) == "raise_informally"


@pytest.mark.parametrize(
    "text",
    [
        "I've raised it with the SENCo and the head and nothing has changed.",
        "I emailed twice and got no reply.",
        "They keep fobbing me off.",
        "I have rung the inclusion team twice and nobody has called back.",
        "I asked my tutor about it three times.",
        "I've spoken to the EHC coordinator and her manager.",
        "I haven't complained formally but I have emailed the SENCo every week.",
    ],
)
def test_raised_with_the_professional_goes_to_a_formal_complaint(text: str) -> None:
    assert choose_next_step((Category.DELAY,), stage_of(text)) == "formal_complaint"


@pytest.mark.parametrize(
    "text",
    [
        "The stage 2 response came last week and just said sorry.",
        "Our complaint went to the governors' complaint panel. The panel didn't uphold it.",
        "We have exhausted the council's complaints procedure.",
        "We got the final response to our complaint and we're not happy.",
        "We received a response to our formal complaint and it found no fault.",
    ],
)
def test_a_finished_complaint_goes_to_the_ombudsman(text: str) -> None:
    assert choose_next_step((Category.DELAY,), stage_of(text)) == "escalate_ombudsman"


@pytest.mark.parametrize(
    "text",
    [
        "The provision in his plan has not been put in place. Who can I complain to about this?",
        "We want to complain about the council.",
        "My contact at the council isn't responding to me.",
        "I complained in July and nothing happened.",
    ],
)
def test_wanting_to_complain_or_contact_unanswered_goes_to_a_formal_complaint(text: str) -> None:
    assert choose_next_step((Category.DELAY,), stage_of(text)) == "formal_complaint"


@pytest.mark.parametrize(
    "text",
    [
        "I am complaining about the council. My complaint was not handled well.",
        "When I complained the council didn't follow its own complaints process.",
        "They upheld my complaint but didn't offer anything to put it right.",
    ],
)
def test_a_complaint_mishandled_goes_to_the_ombudsman(text: str) -> None:
    assert choose_next_step((Category.DELAY,), stage_of(text)) == "escalate_ombudsman"


def _probs(top: NextStep) -> dict[str, float]:
    return {step.value: (0.7 if step == top else 0.05) for step in NextStep}


@pytest.mark.parametrize("routed", list(NextStep))
def test_the_heads_most_likely_step_is_the_next_step(routed: NextStep) -> None:
    assert follow_learned_step(routed, _probs(NextStep.FORMAL_COMPLAINT)) == (
        NextStep.FORMAL_COMPLAINT)


def test_without_a_head_the_rules_step_stands() -> None:
    assert follow_learned_step(NextStep.RAISE_INFORMALLY, None) == NextStep.RAISE_INFORMALLY


def test_a_dated_route_without_its_category_is_unsupported() -> None:
    assert is_unsupported_route(NextStep.APPEAL, [Category.DELAY])


def test_a_dated_route_with_its_category_is_supported() -> None:
    assert not is_unsupported_route(NextStep.DISCRIMINATION_CLAIM, [Category.DISCRIMINATION])


def test_a_complaint_step_needs_no_category() -> None:
    assert not is_unsupported_route(NextStep.FORMAL_COMPLAINT, [])


def test_on_the_complaint_ladder_the_rung_follows_the_stage_the_parent_states() -> None:
    assert follow_learned_step(NextStep.RAISE_INFORMALLY, _probs(NextStep.FORMAL_COMPLAINT),
                               ComplaintStage.NONE) == NextStep.RAISE_INFORMALLY


def test_a_stated_stage_does_not_override_a_route_off_the_ladder() -> None:
    assert follow_learned_step(NextStep.RAISE_INFORMALLY, _probs(NextStep.APPEAL),
                               ComplaintStage.NONE) == NextStep.APPEAL


def test_saying_nothing_was_raised_yet_is_a_stated_stage() -> None:
    text = "I haven't raised it with the school yet."
    assert stated_stage(find_cues(text, split_sentences(text))) == ComplaintStage.NONE


def test_no_word_about_what_was_done_states_no_stage() -> None:
    text = "His speech therapy has not happened this term."
    assert stated_stage(find_cues(text, split_sentences(text))) is None


def test_a_stated_stage_lifts_the_heads_rung() -> None:
    assert follow_learned_step(NextStep.RAISE_INFORMALLY, _probs(NextStep.RAISE_INFORMALLY),
                               ComplaintStage.RAISED_INFORMALLY) == NextStep.FORMAL_COMPLAINT


def test_a_stated_stage_never_lowers_the_heads_rung() -> None:
    assert follow_learned_step(NextStep.FORMAL_COMPLAINT, _probs(NextStep.ESCALATE_OMBUDSMAN),
                               ComplaintStage.RAISED_INFORMALLY) == NextStep.ESCALATE_OMBUDSMAN
