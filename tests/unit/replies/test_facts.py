"""Gathering reply facts from case, message and triage rows (in memory; no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from replies.facts import capitalise_name, facts_from_records
from storage.models import Case, Message, Triage


def _case(**values: object) -> Case:
    base: dict[str, object] = {"id": 5, "categories": [], "next_step": None, "overridden": False,
                               "safeguarding": False, "needs_triage": False, "subject": ""}
    base.update(values)
    return Case(**base)


def _message(**values: object) -> Message:
    base: dict[str, object] = {
        "id": 8, "from_address": "jo.parent@example.org", "from_name": "Jo Parent",
        "subject": "Council refused to assess", "message_id_header": "<a@example.org>",
        "sent_at": datetime(2026, 3, 12, 9, 0, tzinfo=UTC), "references": [],
    }
    base.update(values)
    return Message(**base)


def _triage(**values: object) -> Triage:
    base: dict[str, object] = {
        "id": 3, "model_version": "m1", "categories": ["appeal"], "next_step": "appeal",
        "decision_date": date(2026, 3, 10), "deadline": date(2026, 5, 11),
        "certificate_date": None, "safeguarding": False, "confidence": 0.9,
        "evidence": {"appeal": ["The council refused to assess Sam."]},
        "details": {"facts": {"parent_name": "Jo", "child_name": "Sam",
                              "council": "Eastmere Council",
                              "decision_type": "refuse_assessment"},
                    "notes": ["Some services count two months one day earlier (D6 ?)"],
                    "needs_human": False},
    }
    base.update(values)
    return Triage(**base)


def test_facts_come_from_the_triage_when_nobody_corrected_the_case() -> None:
    facts = facts_from_records(_case(next_step="appeal", categories=["appeal"]), _message(),
                               _triage())
    assert facts.next_step == "appeal"
    assert facts.deadline == date(2026, 5, 11)
    assert facts.decision_date == date(2026, 3, 10)
    assert facts.parent_name == "Jo"
    assert facts.child_name == "Sam"
    assert facts.council == "Eastmere Council"
    assert facts.decision_type == "refuse_assessment"
    assert facts.to_address == "jo.parent@example.org"
    assert facts.triage_notes == ("Some services count two months one day earlier (D6 ?)",)
    assert facts.evidence == {"appeal": ("The council refused to assess Sam.",)}


def test_an_advisers_reclassification_wins_and_drops_the_old_steps_dates() -> None:
    case = _case(next_step="discrimination_claim", categories=["discrimination"],
                 overridden=True)
    facts = facts_from_records(case, _message(), _triage())
    assert facts.next_step == "discrimination_claim"
    assert facts.categories == ("discrimination",)
    assert facts.deadline is None
    assert facts.decision_date is None
    assert facts.reclassified


def test_a_deadline_an_adviser_set_on_the_case_wins_over_the_triage() -> None:
    case = _case(next_step="appeal", categories=["appeal"], overridden=True,
                 deadline=date(2026, 5, 8))
    assert facts_from_records(case, _message(), _triage()).deadline == date(2026, 5, 8)


def test_safeguarding_from_the_triage_is_kept_unless_an_adviser_cleared_it() -> None:
    triage = _triage(safeguarding=True)
    assert facts_from_records(_case(next_step="appeal"), _message(), triage).safeguarding
    cleared = _case(next_step="appeal", overridden=True, safeguarding=False)
    assert not facts_from_records(cleared, _message(), triage).safeguarding


def test_a_sign_off_like_mum_is_not_used_as_a_name() -> None:
    triage = _triage(details={"facts": {"parent_name": "Mum"}})
    facts = facts_from_records(_case(next_step="appeal"), _message(from_name=None), triage)
    assert facts.parent_name is None


def test_the_senders_display_name_is_the_fallback_but_never_an_address() -> None:
    triage = _triage(details={})
    assert facts_from_records(_case(), _message(), triage).parent_name == "Jo Parent"
    bare = _message(from_name="jo.parent@example.org")
    assert facts_from_records(_case(), bare, triage).parent_name is None


def test_unknown_fact_values_are_dropped_rather_than_guessed() -> None:
    triage = _triage(details={"facts": {"decision_type": "something_else", "respondent": "",
                                        "exclusion_type": "PERMANENT"}})
    facts = facts_from_records(_case(next_step="appeal"), _message(), triage)
    assert facts.decision_type is None
    assert facts.respondent is None
    assert facts.exclusion_type == "permanent"


def test_no_triage_gives_general_advice_to_the_cases_parent() -> None:
    case = _case(parent_address="p@example.org")
    facts = facts_from_records(case, _message(from_address=None), None)
    assert facts.next_step == "general_advice"
    assert facts.to_address == "p@example.org"
    assert facts.deadline is None


def test_a_name_typed_in_lower_case_is_greeted_capitalised() -> None:
    message = _message(from_name="ahmed yusuf")
    facts = facts_from_records(_case(), message, _triage(details={"facts": {}}))
    assert facts.parent_name == "Ahmed Yusuf"


@pytest.mark.parametrize(("typed", "greeted"), [
    ("mary mcdonald", "Mary McDonald"),
    ("SEAN O'NEILL", "Sean O'Neill"),
    ("anne-marie smith-jones", "Anne-Marie Smith-Jones"),
    ("de Souza", "de Souza"),  # mixed case is the person's own spelling
    ("Jo MacLeod", "Jo MacLeod"),
    ("jj", "JJ"),
])
def test_names_are_capitalised_as_people_write_them(typed: str, greeted: str) -> None:
    assert capitalise_name(typed) == greeted
