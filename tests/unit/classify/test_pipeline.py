"""The Classifier wrapper around a tiny untrained pipeline: rules, routing, dates, notes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.training import Example

from classify import components
from classify.pipeline import LONG_EMAIL_NOTE, Classifier, bound_text, load_classifier
from classify.train import CORPUS_PATH, build_pipeline, load_corpus
from classify.types import CATEGORIES, EmailText
from classify.version import rules_version
from core.errors import PermanentError

SENT = datetime(2026, 3, 12, 9, 40, tzinfo=UTC)


@pytest.fixture(scope="module")
def tiny_nlp() -> Language:
    """The real components with a textcat that has only been initialised (scores ~0.5)."""
    nlp = build_pipeline()
    doc = nlp.make_doc("hello")
    nlp.initialize(lambda: [Example.from_dict(doc, {"cats": dict.fromkeys(CATEGORIES, 0.0)})])
    ruler = nlp.get_pipe("send_terms")
    assert isinstance(ruler, SpanRuler)
    ruler.add_patterns(cast("list[dict[str, Any]]", list(components.SEND_TERM_PATTERNS)))
    return nlp


@pytest.fixture()
def classifier(tiny_nlp: Language) -> Classifier:
    return Classifier(tiny_nlp, model_version="tiny-test")


def test_a_dated_refusal_to_assess_routes_to_appeal_with_its_deadline(
    classifier: Classifier,
) -> None:
    triage = classifier.triage(EmailText(
        "The council have refused to carry out an EHC needs assessment. The letter is dated "
        "10 March 2026.\n\nThanks,\nMegan", "Refusal", SENT,
    ))
    assert triage.categories == ("appeal",)
    assert triage.next_step == "appeal"
    assert triage.decision_date == date(2026, 3, 10)
    assert triage.deadline == date(2026, 5, 11)
    assert triage.facts["decision_type"] == "refuse_assessment"
    assert triage.facts["parent_name"] == "Megan"
    assert triage.evidence["appeal"]
    assert triage.model_version == "tiny-test"


def test_triage_many_keeps_the_order_and_matches_triage(classifier: Classifier) -> None:
    texts = [
        EmailText("He has been permanently excluded.", "", SENT),
        EmailText("Can you explain what an EHCP is?", "", SENT),
        EmailText("They refused to assess him.", "", SENT),
    ]
    many = classifier.triage_many(texts)
    assert [t.next_step for t in many] == [classifier.triage(t).next_step for t in texts]
    assert many[0].next_step == "challenge_exclusion"


def test_a_delay_after_raising_it_goes_to_a_formal_complaint(classifier: Classifier) -> None:
    triage = classifier.triage(EmailText(
        "We are now at week 30 with no final plan. I emailed the caseworker twice and had no "
        "reply.", "", SENT,
    ))
    assert triage.categories == ("delay",)
    assert triage.next_step == "formal_complaint"
    assert triage.facts["complaint_stage"] == "raised_informally"
    assert triage.deadline is None


def test_safeguarding_is_flagged_and_put_first_in_the_notes(classifier: Classifier) -> None:
    triage = classifier.triage(EmailText("He told me he wants to kill himself.", "", SENT))
    assert triage.safeguarding
    assert triage.notes[0].startswith("Possible safeguarding concern")
    assert triage.evidence["safeguarding"] == ("He told me he wants to kill himself.",)


def test_a_draft_plan_has_no_appeal_deadline_yet(classifier: Classifier) -> None:
    triage = classifier.triage(EmailText(
        "We received the draft EHCP on 3 March 2026 and section F is vague.", "", SENT,
    ))
    assert triage.next_step == "appeal"
    assert triage.decision_date is None
    assert triage.deadline is None
    assert any("15 days" in note for note in triage.notes)


def test_a_settled_matter_is_general_advice(classifier: Classifier) -> None:
    triage = classifier.triage(EmailText(
        "Thank you so much. The suspension has been removed from his record, all sorted now.",
        "Re: exclusion", SENT,
    ))
    assert triage.categories == ()
    assert triage.next_step == "general_advice"


def test_uncertain_scores_mark_the_case_for_a_person(tiny_nlp: Language) -> None:
    strict = Classifier(tiny_nlp, model_version="t", needs_human_threshold=0.99)
    triage = strict.triage(EmailText("Hello, a question about school.", "", SENT))
    assert triage.needs_human
    assert "Low confidence" in triage.notes[0]


def test_an_empty_body_is_noted(classifier: Classifier) -> None:
    triage = classifier.triage(EmailText("", "", SENT))
    assert triage.next_step == "general_advice"
    assert any("no text" in note for note in triage.notes)


def test_a_thank_you_that_raises_a_new_problem_is_not_a_settled_note(
    classifier: Classifier,
) -> None:
    body = (
        "Thanks for your advice in the autumn about Sam's suspension - it's been dealt with, "
        "so that's done.\n\nNow his speech therapy has stopped and nobody replies to my emails."
    )
    triage = classifier.triage(EmailText(body, "Re: suspension", SENT))
    assert triage.categories == ("delay",)
    assert triage.next_step == "formal_complaint"


def test_a_reply_subject_names_the_old_topic_not_the_new_one(classifier: Classifier) -> None:
    body = "Thanks, all sorted now. The school have reinstated him."
    assert classifier.triage(EmailText(body, "Re: permanent exclusion", SENT)).categories == ()


def test_loading_from_a_folder_without_a_pipeline_is_a_permanent_error(tmp_path: Path) -> None:
    with pytest.raises(PermanentError, match="no trained triage pipeline"):
        load_classifier(tmp_path)


def test_the_model_version_names_the_pipeline_and_the_derived_rules_version(
    tiny_nlp: Language,
) -> None:
    version = Classifier(tiny_nlp).model_version
    assert version.startswith(f"{tiny_nlp.meta['name']}-{tiny_nlp.meta['version']}+rules.")
    assert version.endswith(f"+rules.{rules_version()}")


def test_a_doc_gives_back_exactly_the_text_it_was_made_from(tiny_nlp: Language) -> None:
    # The cue component reads the kept text instead of rebuilding doc.text from the tokens.
    for row in load_corpus(CORPUS_PATH)[:300]:
        assert tiny_nlp.make_doc(row.text).text == row.text


def test_an_email_with_an_8_mb_line_is_triaged_from_its_beginning_with_a_note(
    classifier: Classifier,
) -> None:
    # One line longer than spaCy's 1,000,000-character limit (issue 10, item 5): the same text
    # failed the same way on every retry, so it was quarantined and never triaged.
    body = ("The council have refused to carry out an EHC needs assessment. The letter is "
            "dated 10 March 2026.\n" + "x" * 8_000_000)
    triage = classifier.triage(EmailText(body, "Refusal", SENT))
    assert triage.categories == ("appeal",)
    assert triage.deadline == date(2026, 5, 11)
    assert LONG_EMAIL_NOTE in triage.notes


def test_an_email_within_the_reading_limit_is_read_whole_without_a_note(
    classifier: Classifier,
) -> None:
    text = EmailText("He has been permanently excluded.\n" + "word " * 15_000, "", SENT)
    assert bound_text(text) == (text, False)
    assert LONG_EMAIL_NOTE not in classifier.triage(text).notes
