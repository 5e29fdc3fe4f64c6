"""The cue layer finds exactly the hits recorded for every email of the training corpus.

``tests/data/cue_hits_golden.jsonl`` was written by the rules as they stood before the cue
layer was compiled into combined patterns; the compiled layer must give the same hits, in the
same order, with the same kind, subtype, weight and negation. When a cue is changed on purpose,
rewrite the file and commit it with the change (the diff shows which emails it moved):

    .venv/bin/python -m tests.unit.classify.test_cue_golden
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from classify.cues import ALL_CUES
from classify.rules import find_cues, split_sentences
from classify.train import CORPUS_PATH, CorpusRow, load_corpus

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "cue_hits_golden.jsonl"


@cache
def corpus() -> tuple[CorpusRow, ...]:
    return tuple(load_corpus(CORPUS_PATH))


def cue_table() -> dict[str, list[Any]]:
    return {cue.name: [cue.kind, cue.subtype, cue.weight, cue.negatable, cue.hypothetical]
            for cue in ALL_CUES}


def hits_of(text: str) -> list[list[Any]]:
    return [[hit.cue, hit.start, hit.end, hit.sentence, hit.negated]
            for hit in find_cues(text, split_sentences(text))]


@cache
def golden() -> tuple[dict[str, list[Any]], dict[str, list[list[Any]]]]:
    table_line, *row_lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    rows = dict(json.loads(line) for line in row_lines)
    return json.loads(table_line), rows


def test_every_cue_keeps_its_kind_subtype_weight_and_flags() -> None:
    assert cue_table() == golden()[0]


def test_the_golden_file_covers_the_whole_corpus() -> None:
    assert sorted(golden()[1]) == sorted(row.id for row in corpus())


@pytest.mark.parametrize("part", range(8))
def test_every_corpus_email_gets_its_recorded_hits(part: int) -> None:
    table, recorded = golden()
    rows = corpus()[part::8]
    for row in rows:
        found = hits_of(row.text)
        assert found == recorded[row.id], row.id
    # Each hit's kind, subtype and weight come from the cue that made it.
    for row in rows:
        for hit in find_cues(row.text, split_sentences(row.text)):
            assert [hit.kind, hit.subtype, hit.weight] == table[hit.cue][:3]


def write_golden() -> int:
    """Rewrite the golden file from the current rules; returns the number of hits."""
    lines = [json.dumps(cue_table(), separators=(",", ":"))]
    count = 0
    for row in corpus():
        hits = hits_of(row.text)
        count += len(hits)
        lines.append(json.dumps([row.id, hits], separators=(",", ":")))
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


if __name__ == "__main__":
    print(f"wrote {write_golden()} hits for {len(corpus())} emails to {GOLDEN}")
