"""The training corpus: big and varied enough, regenerable, and free of evaluation text."""

from __future__ import annotations

import email
import email.policy
import json
from collections import Counter

from classify.train import load_corpus
from classify.types import CATEGORIES
from tests.conftest import EVAL_DIR
from training.generate import CORPUS_PATH, REAL_WEIGHT, generate_corpus, load_handwritten


def corpus_rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in CORPUS_PATH.read_text().splitlines() if line.strip()]


def test_the_corpus_has_at_least_600_examples_of_every_kind() -> None:
    rows = corpus_rows()
    assert len(rows) >= 600
    counts: Counter[str] = Counter()
    for row in rows:
        cats = row["cats"]
        assert isinstance(cats, dict)
        positive: list[str] = [c for c in CATEGORIES if cats[c]]
        counts.update(positive or ["none"])
    assert all(counts[name] >= 100 for name in (*CATEGORIES, "none")), counts


def test_the_committed_corpus_is_what_the_generator_writes() -> None:
    assert corpus_rows() == json.loads(json.dumps(generate_corpus(seed=0)))


def test_hand_written_emails_are_part_of_it() -> None:
    handwritten = load_handwritten()
    assert len(handwritten) >= 100
    texts = {row["text"] for row in corpus_rows()}
    assert all(email_.text in texts for email_ in handwritten)


def test_no_sentence_of_the_evaluation_set_is_in_the_corpus() -> None:
    corpus = "\n".join(str(row["text"]) for row in corpus_rows()).lower()
    for path in sorted(EVAL_DIR.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for part in message.walk():
            if part.get_content_type() != "text/plain":
                continue
            for raw_line in str(part.get_content()).splitlines():
                line = raw_line.strip().lower()
                if len(line) >= 45 and not line.startswith(">"):
                    assert line not in corpus, f"{path.name}: {line!r}"


def test_real_parents_rows_are_weighted_and_the_trainer_reads_the_weight() -> None:
    weights = {str(row["id"]): (str(row["source"]).startswith("real:"), row.get("weight", 1))
               for row in corpus_rows()}
    assert {weight for real, weight in weights.values() if real} == {REAL_WEIGHT}
    assert {weight for real, weight in weights.values() if not real} == {1}
    loaded = {row.id: row.weight for row in load_corpus(CORPUS_PATH)}
    assert loaded == {row_id: weight for row_id, (_, weight) in weights.items()}
