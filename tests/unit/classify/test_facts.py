"""Facts for the reply drafter: names, school, council, decision and exclusion types."""

from __future__ import annotations

import pytest

from classify.facts import (
    find_child_name,
    find_council,
    find_decision_type,
    find_exclusion_type,
    find_parent_name,
    find_respondent,
    find_school,
)
from classify.rules import find_cues
from core.labels import Category, Respondent


def test_parent_name_comes_from_the_sign_off() -> None:
    assert find_parent_name("Thanks,\nMegan", "") == "Megan"
    assert find_parent_name("Kind regards\nSarah Jones", "") == "Sarah Jones"
    assert find_parent_name("Thanks, Megan", "") == "Megan"


def test_parent_name_falls_back_to_the_last_line() -> None:
    assert find_parent_name("", "They refused to assess him.\n\nKerry") == "Kerry"


def test_child_name_comes_from_how_the_parent_introduces_them() -> None:
    assert find_child_name("My son Jake is 9 and autistic.", None) == "Jake"
    assert find_child_name("Amelia (7) has been excluded.", None) == "Amelia"
    assert find_child_name("Zac's school won't help.", None) == "Zac"


def test_the_parents_own_name_is_not_the_child() -> None:
    assert find_child_name("Megan's plan. My daughter Ruby is 6.", "Megan") == "Ruby"


def test_school_and_council_names_are_found() -> None:
    text = "Ruby goes to St Joseph's RC Primary School and Kent County Council refused."
    assert find_school(text) == "St Joseph's RC Primary School"
    assert find_council(text) == "Kent County Council"


def test_decision_type_names_the_kind_of_la_decision() -> None:
    assert find_decision_type(find_cues("They are ceasing to maintain his EHCP.")) == "cease"
    hits = find_cues("They have refused to carry out an EHC needs assessment.")
    assert find_decision_type(hits) == "refuse_assessment"


def test_exclusion_type_prefers_the_most_serious() -> None:
    text = "He was suspended twice and then permanently excluded."
    assert find_exclusion_type(find_cues(text), text) == "permanent"
    text = "They keep sending him home at lunchtime."
    assert find_exclusion_type(find_cues(text), text) == "informal"


def test_respondent_is_the_role_named_most_in_the_supporting_sentences() -> None:
    school, council, health = Respondent.SCHOOL, Respondent.COUNCIL, Respondent.HEALTH
    assert find_respondent({school: 3, council: 1}, [Category.DELAY]) == "school"
    assert find_respondent({health: 2, school: 1}, [Category.DELAY]) == "health"
    assert find_respondent({school: 2, council: 2}, [Category.APPEAL]) == "council"
    assert find_respondent({}, [Category.DISCRIMINATION]) == "school"
    assert find_respondent({}, [Category.DELAY]) is None


def test_the_parsers_signature_and_the_display_name_are_fallbacks() -> None:
    assert find_parent_name("", "What should I prepare?", "") is None
    assert find_parent_name("", "What should I prepare?", "Megan Price") == "Megan Price"


def test_a_school_name_wrapped_over_two_lines_is_one_line() -> None:
    assert find_school("He goes to Cranleigh Park\nAcademy and they excluded him.") == (
        "Cranleigh Park Academy"
    )


def test_a_school_name_does_not_run_across_a_blank_line() -> None:
    assert find_school("Thanks to Cranleigh Park\n\nAcademy trust news") is None


@pytest.mark.parametrize(("text", "name"), [
    ("My daughter Zoë (Year 9) has been on a reduced timetable", "Zoë"),
    ("my son is called Jake and he is in Year 4", "Jake"),
    ("Josh (Year 11, autism and ADHD, EHCP) was told", "Josh"),
    ("My son, Siân-Louise's twin, was sent home", "Siân-Louise"),
])
def test_the_childs_name_is_found_with_capitals_accents_and_year_groups(
    text: str, name: str,
) -> None:
    assert find_child_name(text, None) == name


def test_a_pronoun_before_a_year_group_is_not_a_name() -> None:
    assert find_child_name("He (Year 5) was sent home again", None) is None
