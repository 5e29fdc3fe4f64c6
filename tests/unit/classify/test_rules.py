"""Rule cues: decisions, negation and hypotheticals, near-misses, safeguarding."""

from __future__ import annotations

from classify.cues.exclusion import GOVERNORS_UPHELD_RE
from classify.rules import CueHit, find_cues, split_sentences
from classify.scoring import (
    HEAD_LOGIT_CLIP,
    HEAD_TEMPERATURE,
    THRESHOLD,
    combine_scores,
    cue_strengths,
    find_safeguarding,
)


def positive(text: str, kind: str) -> list[CueHit]:
    return [hit for hit in find_cues(text) if hit.kind == kind and not hit.negated]


def test_a_refusal_to_assess_is_an_appeal_cue() -> None:
    hits = positive("The council have refused to carry out an EHC needs assessment.", "appeal")
    assert {hit.subtype for hit in hits} == {"refuse_assessment"}


def test_a_decision_not_to_issue_a_plan_is_a_refuse_plan_cue() -> None:
    hits = positive("After the assessment they decided not to issue an EHCP.", "appeal")
    assert "refuse_plan" in {hit.subtype for hit in hits}


def test_ceasing_the_plan_is_a_cease_cue() -> None:
    hits = positive("The LA are going to stop my EHCP because I'm 18.", "appeal")
    assert "cease" in {hit.subtype for hit in hits}


def test_not_refused_yet_is_a_near_miss_not_a_decision() -> None:
    text = "They haven't refused yet, they just haven't replied."
    strengths = cue_strengths(find_cues(text))
    pos, neg = strengths["appeal"]
    assert pos == 0.0
    assert neg > 0.5


def test_agreeing_to_assess_is_a_near_miss_for_appeal() -> None:
    hits = find_cues("Good news, the panel agreed to assess him.")
    assert any(hit.kind == "near_miss:appeal" for hit in hits)
    assert not positive("Good news, the panel agreed to assess him.", "appeal")


def test_if_they_refuse_is_hypothetical() -> None:
    hits = [h for h in find_cues("If they refuse to assess, can we appeal?") if h.kind == "appeal"]
    refusal = [hit for hit in hits if hit.subtype == "refuse_assessment"]
    assert refusal
    assert all(hit.negated for hit in refusal)


def test_excluded_from_a_trip_is_not_a_school_exclusion() -> None:
    text = "He was excluded from the school trip because of his autism."
    assert not [h for h in positive(text, "exclusion") if h.cue == "exclusion_word"]
    assert positive(text, "discrimination")


def test_being_sent_home_is_an_informal_exclusion() -> None:
    hits = positive("The school keep ringing me to come and collect him at lunchtime.", "exclusion")
    assert {hit.subtype for hit in hits} == {"informal"}


def test_a_part_time_timetable_is_an_exclusion_cue() -> None:
    hits = positive("He has been on a part-time timetable since October.", "exclusion")
    assert "reduced_timetable" in {hit.subtype for hit in hits}


def test_a_diagnosis_of_developmental_delay_is_not_a_delay() -> None:
    assert not positive("She has global developmental delay.", "delay")


def test_anxiety_as_a_reason_for_absence_is_not_discrimination() -> None:
    assert not positive("He has been out of school because of anxiety.", "discrimination")


def test_a_complaints_panel_not_upholding_is_not_a_governors_exclusion_decision() -> None:
    text = "The governors' complaints panel did not uphold our complaint."
    assert not [h for h in positive(text, "exclusion") if h.subtype == "governors"]


def test_no_reply_is_a_delay_cue() -> None:
    assert positive("I've emailed the caseworker three times and nobody replies.", "delay")


def test_self_harm_and_suicidal_talk_are_safeguarding() -> None:
    text = "Last night he told me he wants to kill himself and he has been cutting himself."
    flagged, hits = find_safeguarding(text, find_cues(text))
    assert flagged
    assert {hit.subtype for hit in hits} == {"suicidal", "self_harm"}


def test_a_missing_child_is_safeguarding() -> None:
    text = "He ran away from school and the police found him by the main road."
    assert find_safeguarding(text, find_cues(text))[0]


def test_missing_lessons_is_not_a_missing_child() -> None:
    text = "She is missing science and PE completely."
    assert not find_safeguarding(text, find_cues(text))[0]


def test_no_safeguarding_concerns_is_not_a_concern() -> None:
    text = "The social worker said there are no safeguarding concerns."
    assert not find_safeguarding(text, find_cues(text))[0]


def test_hits_know_their_sentence() -> None:
    text = "Hello. They have refused to assess him."
    hits = [hit for hit in find_cues(text, [0, 7]) if hit.kind == "appeal"]
    assert hits
    assert {hit.sentence for hit in hits} == {1}


def test_sentences_split_after_a_single_capital_letter() -> None:
    text = "The tribunal ordered changes to section F. It is now March and nothing has happened."
    starts = split_sentences(text)
    assert len(starts) == 2
    assert text[starts[1]:].startswith("It is now March")


def test_blank_lines_end_sentences_but_wrapped_lines_do_not() -> None:
    text = "Hi,\n\nmy son is 5 and the school\nkeep sending him home\n\nThanks"
    starts = split_sentences(text)
    assert [text[start:].split(maxsplit=1)[0] for start in starts] == ["Hi,", "my", "Thanks"]


def test_governors_deciding_not_to_reinstate_is_upholding() -> None:
    assert GOVERNORS_UPHELD_RE.search("the governors decided he should not be reinstated")
    assert not GOVERNORS_UPHELD_RE.search("the governors' complaints panel did not uphold it")


def test_a_parent_missing_their_own_deadline_is_not_an_la_delay() -> None:
    assert not positive("I'm worried we have missed the deadline for the appeal.", "delay")
    assert positive("The council missed the deadline for the final plan.", "delay")


def test_a_rhetorical_isnt_this_discrimination_is_not_a_negation() -> None:
    assert positive("They sent her to the library again. Isn't this discrimination?",
                    "discrimination")


def test_being_kept_out_of_the_school_play_is_a_discrimination_cue() -> None:
    text = "They said she couldn't be in the nativity play because of her Down syndrome."
    assert any(hit.cue == "kept_out_of" for hit in positive(text, "discrimination"))


def test_refusing_exam_access_arrangements_is_a_discrimination_cue() -> None:
    text = "The sixth form won't let me use a laptop in my exams."
    assert any(hit.cue == "aids_refused" for hit in positive(text, "discrimination"))


def test_refused_school_transport_is_a_complaint_route_delay_cue() -> None:
    text = "The council turned down my application for home to school transport."
    assert any(hit.cue == "transport" for hit in positive(text, "delay"))


def test_a_long_health_waiting_list_is_a_delay_cue() -> None:
    text = "She has been on the CAMHS waiting list for 22 months."
    assert any(hit.cue == "waiting_list_long" for hit in positive(text, "delay"))


def test_running_out_of_school_is_not_being_out_of_school() -> None:
    text = "My son ran out of school at lunch."
    assert not any(hit.cue == "out_of_school" for hit in find_cues(text))


def test_the_parent_forgetting_to_say_something_is_not_a_mistake() -> None:
    assert not any(hit.cue == "mistake" for hit in find_cues("Sorry, I forgot to say."))


def test_scratching_until_it_bleeds_is_safeguarding() -> None:
    text = "He has been scratching his arms until they bleed."
    assert find_safeguarding(text, find_cues(text))[0]


def test_better_off_not_existing_is_safeguarding() -> None:
    text = "Last week he said he'd be better off not existing."
    assert find_safeguarding(text, find_cues(text))[0]


def test_a_school_letters_safeguarding_footer_is_not_a_concern() -> None:
    text = ("If you have a safeguarding concern about any child please contact our Designated "
            "Safeguarding Lead.")
    assert not find_safeguarding(text, find_cues(text))[0]


def test_a_lone_weak_cue_does_not_flip_a_clear_model_negative() -> None:
    hits = find_cues("We might go to tribunal one day.")
    scores = combine_scores({"appeal": 0.08}, hits)
    assert scores["appeal"] < THRESHOLD


def test_a_weak_cue_tips_a_borderline_model_score() -> None:
    hits = find_cues("We might go to tribunal one day.")
    assert combine_scores({"appeal": 0.4}, hits)["appeal"] >= THRESHOLD


def test_a_saturated_model_negative_does_not_veto_a_clear_cue() -> None:
    hits = find_cues("The council have refused to carry out an EHC needs assessment.")
    assert combine_scores({"appeal": 0.0001}, hits)["appeal"] >= THRESHOLD


def test_a_fairly_confident_model_keeps_a_category_rather_than_none() -> None:
    scores = combine_scores({"exclusion": 0.6, "delay": 0.2}, [])
    assert scores["exclusion"] >= THRESHOLD
    assert scores["delay"] < THRESHOLD


def test_with_no_cue_and_a_doubtful_model_the_answer_is_none() -> None:
    scores = combine_scores({"exclusion": 0.4, "delay": 0.3}, [])
    assert all(score < THRESHOLD for score in scores.values())


def test_a_negated_category_is_not_kept_against_none() -> None:
    hits = find_cues("He has not been excluded.")
    assert combine_scores({"exclusion": 0.6}, hits)["exclusion"] < THRESHOLD


def test_the_heads_probability_weighs_more_than_the_same_bag_of_words_score() -> None:
    model = {"exclusion": 0.65, "delay": 0.9}
    head = combine_scores(model, [], temperature=HEAD_TEMPERATURE, clip=HEAD_LOGIT_CLIP)
    assert head["exclusion"] >= THRESHOLD
    assert combine_scores(model, [])["exclusion"] < THRESHOLD
