"""Advisers' reclassifications as training rows, and retraining with them (issue 9, item 6)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from classify.evaluate import score_predictions
from classify.pipeline import load_classifier
from classify.train import CORPUS_PATH, train_pipeline
from classify.types import EmailText
from core.labels import CATEGORIES, Category, NextStep
from core.settings import Settings
from sendtriage.classify_cmd import classify_files
from sendtriage.corrections_cmd import training_rows, write_rows
from storage.corrections import corrected_messages
from tests.factories import NOW, CorrectionFactory, MessageFactory, TriageFactory, case_with_thread
from training.real import labelled, load_rows
from training.real import score as score_real

pytestmark = pytest.mark.integration

DEV_SETS = [Path(__file__).resolve().parents[1] / "data" / name for name in ("blind", "blind2")]
TRANSPORT = ("The council has withdrawn my son's taxi to his special school from September and "
             "says we have to drive him ourselves. Nobody asked us.")


def test_the_latest_correction_of_a_case_is_its_label(factory_session: Session) -> None:
    case = case_with_thread(body=TRANSPORT)
    CorrectionFactory(case_id=case.id, new_categories=[Category.DISCRIMINATION],
                      new_next_step=NextStep.DISCRIMINATION_CLAIM)
    CorrectionFactory(case_id=case.id, new_categories=[Category.DELAY],
                      new_next_step=NextStep.RAISE_INFORMALLY,
                      created_at=NOW + timedelta(minutes=5))
    [row] = list(corrected_messages(factory_session))
    assert (row.case_id, row.categories, row.next_step) == (
        case.id, (Category.DELAY,), NextStep.RAISE_INFORMALLY)


def test_the_exported_text_is_the_message_the_corrected_triage_read(
    factory_session: Session,
) -> None:
    case = case_with_thread(body="First message about an assessment.")
    later = MessageFactory(case=case, new_text=TRANSPORT)
    triage = TriageFactory(message=later)
    CorrectionFactory(case_id=case.id, triage_id=triage.id, new_categories=[Category.DELAY],
                      new_next_step=NextStep.RAISE_INFORMALLY)
    [row] = list(corrected_messages(factory_session))
    assert row.message_id == later.id


def test_corrections_before_since_are_left_out(factory_session: Session) -> None:
    case = case_with_thread(body=TRANSPORT)
    CorrectionFactory(case_id=case.id, new_categories=[Category.DELAY],
                      new_next_step=NextStep.RAISE_INFORMALLY, created_at=NOW)
    assert list(corrected_messages(factory_session, since=NOW + timedelta(days=1))) == []


def test_an_exported_row_has_the_training_corpus_shape(
    factory_session: Session, make_settings: Callable[..., Settings],
) -> None:
    case = case_with_thread(body=TRANSPORT, safeguarding=True)
    CorrectionFactory(case_id=case.id, new_categories=[Category.DELAY],
                      new_next_step=NextStep.RAISE_INFORMALLY)
    out = io.StringIO()
    count = write_rows(training_rows(corrected_messages(factory_session), make_settings()), out)
    row = json.loads(out.getvalue())
    assert count == 1
    assert TRANSPORT in row["text"]
    assert row["cats"] == {"appeal": 0.0, "exclusion": 0.0, "discrimination": 0.0,
                           "delay": 1.0}
    assert (row["next_step"], row["safeguarding"]) == ("raise_informally", True)
    assert row["source"] == f"correction:case/{case.id}"


def _corrections_file(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "corrections.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


@pytest.mark.slow
def test_training_with_corrections_records_them_in_the_model(tmp_path: Path) -> None:
    extra = _corrections_file(tmp_path, [{
        "id": "correction-1", "text": TRANSPORT, "subject": "Taxi",
        "cats": {"appeal": 0.0, "exclusion": 0.0, "discrimination": 0.0, "delay": 1.0}}])
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("".join(CORPUS_PATH.read_text().splitlines(keepends=True)[:60]))
    plain = train_pipeline(tmp_path / "plain", corpus_path=corpus, epochs=1)
    report = train_pipeline(tmp_path / "model", corpus_path=corpus, extra_paths=[extra],
                            epochs=1)
    meta = json.loads((tmp_path / "model" / "meta.json").read_text())
    assert [f["file"] for f in meta["sendtriage"]["trained_on"]] == ["small.jsonl",
                                                                   "corrections.jsonl"]
    assert report.model_version != plain.model_version
    assert report.train_examples == plain.train_examples + 1


# Emails the shipped classifier misreads, with the labels an adviser gave them (misread by
# the model: a misreading that a strong rule cue makes, "sending my son home", is not
# retrained away).
MISREAD: list[tuple[str, list[Category]]] = [
    ("The school uniform shop has run out of trousers in his size again.", []),
    ("The school canteen keeps running out of the vegetarian option for my son at lunch.", []),
]


def _categories(model: Path | None, texts: list[str]) -> list[list[Category]]:
    classifier = load_classifier(model) if model else load_classifier()
    return [sorted(t.categories) for t in classifier.triage_many([EmailText(t) for t in texts])]


def _dev_macro_f1(model: Path | None, settings: Settings) -> float:
    scores = []
    for folder in DEV_SETS:
        labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text().splitlines()
                  if line.strip()]
        records = {Path(str(r["file"])).stem: r for r in classify_files(
            sorted(folder.glob("*.eml")), settings, model)}
        scores.append(score_predictions(labels, records).macro_f1)
    return sum(scores) / len(scores)


@pytest.mark.slow
def test_after_retraining_on_corrections_the_corrected_cases_classify_as_corrected(
    tmp_path: Path, make_settings: Callable[..., Settings],
) -> None:
    texts = [text for text, _ in MISREAD]
    wanted = [sorted(labels) for _, labels in MISREAD]
    assert all(got != want for got, want in zip(_categories(None, texts), wanted, strict=True))
    steps_before = [t.next_step for t in load_classifier().triage_many(
        [EmailText(t) for t in texts])]
    assert NextStep.DISCRIMINATION_CLAIM in steps_before
    # An adviser corrects the same kind of email more than once; three rows each, with the
    # next step as `sendtriage corrections export` writes it.
    rows: list[dict[str, object]] = [{"id": f"correction-{n}-{copy}", "text": text, "subject": "",
             "cats": {c: float(c in labels) for c in CATEGORIES},
             "next_step": NextStep.GENERAL_ADVICE.value}
            for n, (text, labels) in enumerate(MISREAD) for copy in range(3)]
    train_pipeline(tmp_path / "model", extra_paths=[_corrections_file(tmp_path, rows)])
    assert _categories(tmp_path / "model", texts) == wanted
    retrained = load_classifier(tmp_path / "model").triage_many([EmailText(t) for t in texts])
    assert [t.next_step for t in retrained] == [NextStep.GENERAL_ADVICE] * len(texts)
    settings = make_settings()
    assert _dev_macro_f1(tmp_path / "model", settings) >= _dev_macro_f1(None, settings) - 0.01
    real_dev = labelled(load_rows(), "dev")
    assert (score_real(real_dev, tmp_path / "model")["macro_f1"]
            >= score_real(real_dev)["macro_f1"] - 0.01)
