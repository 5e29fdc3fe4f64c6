"""Safeguarding round 5 on the real train split (issue 9): restraint as its own cue, and a
child trying to get out of school. Made-up sentences, one behaviour each."""

from __future__ import annotations

from tests.unit.classify.cue_checks import cue_fires, flagged


def test_a_child_restrained_today_is_a_safeguarding_concern() -> None:
    assert flagged("He came home today with red marks from being restrained.")


def test_restraint_is_its_own_cue() -> None:
    assert cue_fires("The staff restrained him in the corridor.", "restraint")


def test_a_child_trying_to_escape_the_building_is_a_safeguarding_concern() -> None:
    assert flagged("He has now begun trying to escape the building at lunchtime.")


def test_trying_to_get_out_of_school_premises_is_an_escape_attempt() -> None:
    assert cue_fires("Staff stop him trying to get out of school premises.", "escape_attempt")


def test_trying_to_leave_a_school_for_another_is_not_an_escape_attempt() -> None:
    assert not cue_fires("She is trying to leave the school for a college.", "escape_attempt")
