"""Drafts as the real pipeline writes them for the labelled emails and our fixtures, reviewed
as an experienced SEND adviser would: only claims send-routes.md supports, the right person
told of their right of appeal, the council's section 42 duty, plain notes, follow-ups in context.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import textstat

from classify.pipeline import load_classifier
from replies.readability import measure_reading_age, target_reading_age
from tests.conftest import EVAL_DIR
from tests.legal_claims import contradicted, unsupported

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"
FOLDERS = {"eval": EVAL_DIR, "emails": DATA / "emails", "drafts": DATA / "drafts"}
_DUMP = Path(__file__).resolve().parents[2] / "scripts" / "dump_drafts.py"

Record = dict[str, Any]


def _dump_folder() -> Callable[..., list[Record]]:
    spec = importlib.util.spec_from_file_location("dump_drafts", _DUMP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dump: Callable[..., list[Record]] = module.dump_folder
    return dump


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    dump, classifier = _dump_folder(), load_classifier()
    found: dict[str, Record] = {}
    for folder in FOLDERS.values():
        if folder.is_dir():
            found.update({r["file"]: r for r in dump(folder, classifier)})
    return found


def _draft(records: dict[str, Record], name: str) -> Record:
    drafts = records[name]["drafts"]
    assert len(drafts) == 1, name
    draft: Record = drafts[0]
    return draft


def _parents_words(record: Record) -> str:
    message = record["message"]
    evidence = [s for t in record["triages"] for ss in t["evidence"].values() for s in ss]
    return " ".join([message["full_text"] or "", *evidence])


def test_every_draft_states_only_law_that_send_routes_supports(
    records: dict[str, Record],
) -> None:
    assert any(name.startswith("eval/") for name in records), "no labelled emails found"
    problems = [
        (name, sentence)
        for name, record in records.items() for draft in record["drafts"]
        for sentence in unsupported(draft["body"], _parents_words(record))
    ]
    assert problems == []


def test_no_draft_says_what_send_routes_contradicts(records: dict[str, Record]) -> None:
    problems = [(name, found) for name, record in records.items()
                for draft in record["drafts"] for found in contradicted(draft["body"])]
    assert problems == []


def test_permanent_exclusion_with_discrimination_names_the_tribunal_not_the_panel(
    records: dict[str, Record],
) -> None:
    body = _draft(records, "drafts/permanent_exclusion_discrimination.eml")["body"]
    assert "You can ask for an independent review panel (IRP)" in body
    assert "The panel itself can't order the school to take Kai back." in body
    assert ("a disability discrimination claim about an exclusion goes to the First-tier "
            "Tribunal (SEND), not to the independent review panel") in body
    assert "the tribunal can order the school to take Kai back" in body
    assert "You can make the claim before or after the review panel." in body


def test_a_17_year_olds_right_of_appeal_is_their_own(records: dict[str, Record]) -> None:
    body = _draft(records, "eval/005.eml")["body"]
    assert "You have the right to appeal" not in body
    assert "Callum has the right to appeal" in body
    assert "the right to appeal is Callum's own, so the appeal is made in Callum's name" in body


def test_section_f_not_delivered_names_the_councils_section_42_duty_without_blanks(
    records: dict[str, Record],
) -> None:
    draft = _draft(records, "drafts/section_f_not_delivered.eml")
    body = draft["body"]
    assert "The council has the legal duty to secure the help set out in Section F" in body
    assert "section 42 of the Children and Families Act 2014" in body
    assert "an NHS waiting list" in body
    assert "[" not in body
    assert "1 hour per week of direct speech and language therapy" in body


def test_a_suspension_draft_has_no_permanent_exclusion_notes_nor_asks_its_length(
    records: dict[str, Record],
) -> None:
    draft = _draft(records, "eval/014.eml")
    assert not [n for n in draft["adviser_notes"] if re.search(r"permanent|IRP", n)]
    assert "You told us your son was sent home for 2 days." in draft["body"]
    assert "how many days of suspension there have been" not in draft["body"]
    assert "if there were other suspensions this term" in draft["body"]
    assert draft["body"].startswith("Dear Ahmed Yusuf,")


def test_a_parent_who_cannot_read_letters_well_gets_the_plain_version(
    records: dict[str, Record],
) -> None:
    body = _draft(records, "eval/014.eml")["body"]
    assert "short and simple" in body
    assert textstat.flesch_reading_ease(body) >= 80
    assert textstat.flesch_kincaid_grade(body) <= 5


def test_every_draft_meets_its_reading_age_target_or_tells_the_adviser(
    records: dict[str, Record],
) -> None:
    for name, record in records.items():
        for draft in record["drafts"]:
            plain = "short and simple" in draft["body"]
            too_hard = measure_reading_age(draft["body"]) > target_reading_age(plain)
            told = any("reading age" in n for n in draft["adviser_notes"])
            assert too_hard == told, name


def test_good_news_gets_a_short_acknowledgement_and_a_suggestion_to_close(
    records: dict[str, Record],
) -> None:
    draft = _draft(records, "eval/029.eml")
    assert "Your options" not in draft["body"]
    assert "good news" in draft["body"]
    assert len(draft["body"].split()) < 80
    assert any("Suggest closing the case" in n for n in draft["adviser_notes"])


def test_adviser_notes_carry_no_rule_references_and_no_repeats(
    records: dict[str, Record],
) -> None:
    for name, record in records.items():
        for draft in record["drafts"]:
            notes = draft["adviser_notes"]
            assert len(notes) == len(set(notes)), name
            for note in notes:
                assert not re.search(r"\(D\d|§|\(\?\)|\(s\)", note), (name, note)


def test_a_follow_up_keeps_our_greeting_and_sign_off_and_answers_the_new_question(
    records: dict[str, Record],
) -> None:
    draft = _draft(records, "drafts/followup_new_question.eml")
    body = draft["body"]
    assert body.startswith("Hi Priya,\n")
    assert body.rstrip().endswith("Best wishes,\nKate")
    assert "Thank you for getting in touch" not in body
    assert "Challenging the suspension" in body
    assert any("Can I challenge the suspension?" in n for n in draft["adviser_notes"])


def test_a_follow_up_with_thanks_is_acknowledged_in_the_advisers_words(
    records: dict[str, Record],
) -> None:
    body = _draft(records, "drafts/followup_thanks_resolved.eml")["body"]
    assert body.startswith("Dear Mr Okoro,\n")
    assert body.rstrip().endswith("Kind regards,\nSam Adeyemi\nSEND Advice Line")
    assert "Your options" not in body


def test_a_reply_quoting_someone_else_is_not_taken_for_a_follow_up(
    records: dict[str, Record],
) -> None:
    # 024 quotes the council's email, not ours: a first reply from us.
    body = _draft(records, "eval/024.eml")["body"]
    assert "Thank you for getting in touch" in body
