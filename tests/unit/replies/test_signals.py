"""Reading what a parent's words ask of the reply: age, plain words, thanks, a suspension's
length, help in the plan not given, their questions."""

from __future__ import annotations

import pytest

from replies.signals import find_age, find_provision_gap, find_suspension_days, read_signals


@pytest.mark.parametrize(("text", "age"), [
    ("My son Callum is 17 and at college.", 17),
    ("our 19-year-old daughter", 19),
    ("I'm 18 and doing A levels", 18),
    ("he is 16 and starting at sixth form", 16),
    ("he is 12 and autistic", None),
    ("it is 17 weeks since the request", None),
])
def test_the_young_persons_age_is_read_from_the_text(text: str, age: int | None) -> None:
    assert find_age(text) == age


def test_a_young_person_writing_about_their_own_plan_is_the_writer() -> None:
    assert read_signals("I'm 17 and the council want to stop my EHCP.").writer_is_young_person
    assert not read_signals("My son is 17 and has an EHCP.").writer_is_young_person


@pytest.mark.parametrize("text", [
    "they give me a letter but i cannot read it good",
    "My English is not perfect so please write simply.",
    "I am dyslexic myself so please keep it short",
])
def test_a_parent_who_struggles_with_reading_asks_for_plain_words(text: str) -> None:
    assert read_signals(text).plain_words


def test_a_childs_dyslexia_is_not_the_parent_asking_for_plain_words() -> None:
    assert not read_signals("She has SEN support for dyslexia and reads slowly.").plain_words


def test_good_news_without_a_question_is_thanks_only() -> None:
    assert read_signals("Good news!! The panel agreed to assess Harry. Thank you!").thanks_only


@pytest.mark.parametrize("text", [
    "Thank you for your help last time. Can I appeal the new decision?",
    "The council refused to assess my son.\nThanks,\nJo",
])
def test_a_question_or_a_thanks_sign_off_is_not_thanks_only(text: str) -> None:
    assert not read_signals(text).thanks_only


@pytest.mark.parametrize(("text", "days"), [
    ("school send my son home for 2 days they say suspension", 2),
    ("Yesterday he was suspended for 3 days for running out", 3),
    ("he was suspended for five days", 5),
    ("he was suspended last week", None),
])
def test_a_suspensions_length_is_read_as_the_parent_gave_it(text: str, days: int | None) -> None:
    assert find_suspension_days(text) == days


def test_help_in_the_plan_not_given_is_quoted_in_the_parents_words() -> None:
    text = ("Dear all,\n\nMy son Felix has an EHCP with Section F specifying 1 hour per week of "
            "speech therapy. His therapist left and since September he has had nothing. "
            "Who is responsible?")
    assert find_provision_gap(text) == (
        "My son Felix has an EHCP with Section F specifying 1 hour per week of speech therapy.",
        "His therapist left and since September he has had nothing.",
    )


def test_a_plan_that_was_refused_is_not_help_not_given() -> None:
    text = ("We were told he didn't need an EHCP because he is fine. CAMHS have put him on the "
            "waiting list.")
    assert find_provision_gap(text) == ()


def test_the_parents_questions_are_kept_in_their_words() -> None:
    assert read_signals("It's been five months. What do I do now? Thanks").questions == (
        "What do I do now?",)
