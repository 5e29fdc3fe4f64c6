"""The shipped spaCy pipeline: it loads without training, scores above a floor on our own
labelled cases (not the shared evaluation set), and training reproduces it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from spacy.pipeline import TextCategorizer

from classify.evaluate import score_predictions
from classify.output import triage_record
from classify.pipeline import UNSUPPORTED_ROUTE_NOTE, Classifier, load_classifier
from classify.preprocess import prepare_text
from classify.step_head import BAGS, StepHead
from classify.train import CORPUS_PATH, train_pipeline
from classify.types import EmailText
from classify.wordpieces import MAX_TOKENS
from core.labels import CATEGORIES, NextStep

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "data" / "classify_cases.jsonl"
# How far a refitted head layer may sit from the shipped one (see the test that uses it).
LAYER_TOLERANCE = 2e-2


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return load_classifier()


def load_cases() -> list[dict[str, object]]:
    return [json.loads(line) for line in CASES.read_text().splitlines() if line.strip()]


def test_the_shipped_pipeline_loads_with_its_version(classifier: Classifier) -> None:
    assert classifier.model_version.startswith("send_triage-")
    assert classifier.nlp.pipe_names == [
        "send_terms", "send_cues", "textcat_multilabel", "step_head"
    ]


def test_the_shipped_pipeline_scores_above_the_floor_on_our_cases(
    classifier: Classifier,
) -> None:
    cases = load_cases()
    texts = [
        EmailText(str(c["body"]), str(c["subject"]), datetime.fromisoformat(str(c["sent"])))
        for c in cases
    ]
    triages = classifier.triage_many(texts)
    predictions = {str(c["id"]): triage_record(t) for c, t in zip(cases, triages, strict=True)}
    report = score_predictions(cases, predictions)
    assert report.macro_f1 >= 0.85, report.misses
    assert report.next_step_accuracy >= 0.85, report.misses
    assert report.deadline_accuracy >= 0.85, report.misses
    assert report.decision_date_accuracy >= 0.85, report.misses
    assert report.safeguarding_recall == 1.0, report.misses


def test_training_reproduces_the_shipped_pipeline(tmp_path: Path) -> None:
    messages: list[str] = []
    report = train_pipeline(tmp_path / "model", seed=0, progress=messages.append)
    assert report.train_examples + report.dev_examples >= 600
    # The corpus's own held-out 15% now holds 134 real parents' messages, which the bag of
    # words reads far worse than the team's (0.860 -> 0.845 as round 8 joined); a broken
    # training run scores well under 0.5. The categories the product gives come from the head.
    assert report.dev_macro_f1_with_rules >= 0.80
    assert any(message.startswith("epoch 1/") for message in messages)
    retrained = load_classifier(tmp_path / "model")
    assert retrained.model_version == load_classifier().model_version
    # Equal to float rounding, not byte for byte: another CPU's SIMD kernels sum in another
    # order (~4e-7 apart after training); another seed moves them by up to ~0.2.
    shipped = _textcat_params(load_classifier())
    ours = _textcat_params(retrained)
    assert [name for name, _ in ours] == [name for name, _ in shipped]
    for (name, theirs), (_, mine) in zip(shipped, ours, strict=True):
        assert mine.shape == theirs.shape, name
        assert np.allclose(mine, theirs, rtol=0, atol=1e-5), name
    # The encoder is carried over as it is; the layers on it are refitted from the corpus. On
    # another CPU the int8 encoder's vectors may differ in the last digits and OpenBLAS sums in
    # another order, which 2,000 single-precision steps carry into the next-step layer: up to
    # 2.6e-3 apart (mean 2e-4) between the machine that fitted the shipped layers and an AMD
    # EPYC one, one dev next step of 443 changed. One adviser's correction moves them by 0.2
    # to 0.3 (training/README.md, session 24): the tolerance sits between the two.
    shipped_head, our_head = _step_head(load_classifier()), _step_head(retrained)
    assert our_head.encoder is not None and shipped_head.encoder is not None
    assert our_head.encoder.digest == shipped_head.encoder.digest
    assert our_head.layer is not None and shipped_head.layer is not None
    assert np.allclose(our_head.layer.weights, shipped_head.layer.weights, rtol=0,
                       atol=LAYER_TOLERANCE)
    assert np.allclose(our_head.layer.bias, shipped_head.layer.bias, rtol=0,
                       atol=LAYER_TOLERANCE)
    assert our_head.category_layer is not None and shipped_head.category_layer is not None
    assert np.allclose(our_head.category_layer.weights, shipped_head.category_layer.weights,
                       rtol=0, atol=LAYER_TOLERANCE)


def test_the_shipped_head_records_the_window_its_encoder_reads(classifier: Classifier) -> None:
    # An encoder is only right with the window it was fine-tuned with: a change of the
    # constant fails here until the encoder is fine-tuned again and the model retrained.
    head = _step_head(classifier)
    assert head.layer is not None and head.encoder is not None
    assert head.layer.trained_on["encoder_window"] == head.encoder.window == MAX_TOKENS
    assert head.layer.trained_on["bags"] == BAGS


def _step_head(classifier: Classifier) -> StepHead:
    head = classifier.nlp.get_pipe("step_head")
    assert isinstance(head, StepHead)
    return head


def _textcat_params(classifier: Classifier) -> list[tuple[str, np.ndarray]]:
    textcat = classifier.nlp.get_pipe("textcat_multilabel")
    assert isinstance(textcat, TextCategorizer)
    model = textcat.model
    return [(f"{node.name}.{param}", np.asarray(node.get_param(param)))
            for node in model.walk() for param in node.param_names if node.has_param(param)]


def test_training_reads_the_corpus_it_is_pointed_at(tmp_path: Path) -> None:
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("".join(CORPUS_PATH.read_text().splitlines(keepends=True)[:40]))
    report = train_pipeline(tmp_path / "model", seed=0, corpus_path=corpus, epochs=1)
    assert report.train_examples + report.dev_examples == 40


def test_an_empty_email_in_a_batch_does_not_break_the_others(classifier: Classifier) -> None:
    texts = [EmailText(""), EmailText("The council refused to assess my son.", "Refused"),
             EmailText("   \n ")]
    triages = classifier.triage_many(texts)
    assert [t.next_step for t in triages][0::2] == ["general_advice", "general_advice"]
    assert triages[0].needs_human
    assert triages[1].categories == ("appeal",)


def test_the_step_head_gives_every_email_a_distribution_over_the_next_steps(
    classifier: Classifier,
) -> None:
    doc = classifier.nlp("The council refused to assess my son. The letter is dated 3 March.")
    assert set(doc._.step_probs) == {step.value for step in NextStep}
    assert sum(doc._.step_probs.values()) == pytest.approx(1.0)


def test_the_head_gives_every_email_a_probability_per_category(classifier: Classifier) -> None:
    doc = classifier.nlp("The council refused to assess my son. The letter is dated 3 March.")
    assert set(doc._.category_probs) == set(CATEGORIES)
    assert doc._.category_probs["appeal"] > 0.5 > doc._.category_probs["exclusion"]


def test_a_refusal_to_assess_goes_to_appeal_with_the_head(classifier: Classifier) -> None:
    triage = classifier.triage(EmailText(
        "The LA refused to carry out an EHC needs assessment. The letter is dated 3 March 2026.",
        "Refused", datetime(2026, 3, 5, 9, 0, tzinfo=UTC)))
    assert triage.next_step == NextStep.APPEAL
    assert str(triage.decision_date) == "2026-03-03"


def test_a_route_the_head_reads_without_its_category_goes_to_a_person(
    classifier: Classifier,
) -> None:
    prepared = prepare_text(EmailText("Thank you for your help last week, it was lovely."))
    doc = classifier.nlp(classifier.make_doc(prepared))
    doc._.step_probs = {step.value: float(step == NextStep.APPEAL) for step in NextStep}
    triage = classifier._read(prepared, doc)  # the reading, with the head's scores set
    assert triage.next_step == NextStep.APPEAL
    assert "appeal" not in triage.categories
    assert triage.needs_human
    assert triage.notes[0] == UNSUPPORTED_ROUTE_NOTE
