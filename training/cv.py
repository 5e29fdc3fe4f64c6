"""Cross-validation on the real **train** split: honest model scores for error analysis.

    python -m training.cv [--folds 5] [--workdir DIR | --reuse DIR] [--dump FILE] [--why TEXT]

The real train split's threads (``training.real.thread_key``) are dealt into ``--folds`` folds
(deterministic: the largest threads first, each to the fold with the fewest rows, ties broken by
the thread's hash). For each fold, the fold's real rows are taken out of the training corpus
(``--corpus``, default ``training/corpus/corpus.jsonl``, which holds every real train row with
its ``weight``: they are matched by text); the other folds' rows stay exactly as they are
(same ids, weights and order). The bag-of-words textcat is trained on that as
``sendtriage train`` does (``classify.train.train_pipeline``, 12 epochs, seed 0) into
``WORKDIR/fold<i>``, and the whole classifier (model + rule layer) triages the held-out
fold's rows as ``python -m training.real score`` does. The out-of-fold predictions of every
row are scored together and printed with the same figures as ``training.real score``.

``--reuse DIR`` reads the fold models already in DIR (trained by an earlier run with the same
folds), so a rule-only change is re-measured in seconds; a fold model missing there is
trained. ``--dump FILE`` writes one JSON line per train row: id, thread, fold, the gold label
and the prediction (categories, scores, next step, decision date, safeguarding, cue hits).
``--why`` is recorded with the figures in ``WORKDIR/log.jsonl``. Dev and test are never read.
"""

from __future__ import annotations

import os

# Per-core behaviour and no oversubscription on a shared machine (before numpy is imported).
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Mapping, Sequence  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Final  # noqa: E402

from training import real  # noqa: E402

ROOT: Final = Path(__file__).resolve().parents[1]
CORPUS: Final = ROOT / "training" / "corpus" / "corpus.jsonl"
FOLDS: Final = 5
FOLDS_FILE: Final = "folds.json"


def _thread_hash(thread: str) -> str:
    return hashlib.sha256(thread.encode()).hexdigest()


def assign_folds(threads: Sequence[str], folds: int = FOLDS) -> dict[str, int]:
    """Fold of each thread (``threads`` holds one entry per row, so a thread's count is its
    size): the largest threads first, each to the fold with the fewest rows so far (ties: the
    lowest fold), threads of equal size in the order of their hash. Deterministic, whole threads
    only, folds as even as the threads allow."""
    if folds < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    sizes: dict[str, int] = {}
    for thread in threads:
        sizes[thread] = sizes.get(thread, 0) + 1
    load = [0] * folds
    fold_of: dict[str, int] = {}
    for thread in sorted(sizes, key=lambda t: (-sizes[t], _thread_hash(t))):
        target = min(range(folds), key=lambda i: (load[i], i))
        fold_of[thread] = target
        load[target] += sizes[thread]
    return fold_of


def _key(text: str) -> str:
    return " ".join(text.split())


def _is_real(data: Mapping[str, Any]) -> bool:
    return str(data.get("source", "")).startswith("real:")


def check_corpus(corpus: Path, rows: Sequence[real.RealRow]) -> None:
    """Every real row in ``corpus`` (source ``real:...``) must be one of ``rows`` (by text);
    train rows missing from the corpus are reported (they are never trained on)."""
    texts = {_key(r.text) for r in rows}
    found: set[str] = set()
    for line in corpus.read_text(encoding="utf-8").splitlines():
        data = json.loads(line) if line.strip() else {}
        if _is_real(data):
            key = _key(str(data["text"]))
            if key not in texts:
                raise SystemExit(f"corpus row {data.get('id')} is a real row that is not in the "
                                 "real train split: regenerate the corpus (training.generate)")
            found.add(key)
    missing = len(texts - found)
    if missing:
        print(f"note: {missing} real train rows are not in the corpus (never trained on)",
              file=sys.stderr)


def fold_corpus(corpus: Path, held_out: set[str]) -> str:
    """``corpus`` without its real rows whose text (``_key``) is in ``held_out``; every other
    line unchanged (id, weight) and in order."""
    lines = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            if not (_is_real(data) and _key(str(data["text"])) in held_out):
                lines.append(line)
    return "".join(line + "\n" for line in lines)


def train_folds(rows: Sequence[real.RealRow], fold_of_row: Mapping[str, int], folds: int,
                workdir: Path, corpus: Path, *, reuse: bool) -> list[Path]:
    """One model per fold in ``workdir/fold<i>`` (``reuse``: keep those already there)."""
    from classify.train import train_pipeline  # noqa: PLC0415 - loads spaCy

    check_corpus(corpus, rows)
    paths = []
    for fold in range(folds):
        output = workdir / f"fold{fold}"
        paths.append(output)
        if reuse and (output / "meta.json").exists():
            continue
        held = {_key(r.text) for r in rows if fold_of_row[r.id] == fold}
        fold_file = workdir / f"corpus_fold{fold}.jsonl"
        fold_file.write_text(fold_corpus(corpus, held), encoding="utf-8")
        say = lambda message, f=fold: print(f"[fold {f}] {message}", file=sys.stderr)  # noqa: E731
        train_pipeline(output, seed=0, corpus_path=fold_file, progress=say)
    return paths


def _hits(classifier: Any, row: real.RealRow) -> list[dict[str, Any]]:
    """The cue hits the rule layer found in ``row`` (as the classifier reads it)."""
    from classify.preprocess import prepare_text  # noqa: PLC0415

    prepared = prepare_text(row.email())
    doc = classifier.make_doc(prepared)
    with classifier.nlp.select_pipes(disable=["textcat_multilabel"]):
        doc = classifier.nlp(doc)
    return [{"kind": h.kind, "subtype": h.subtype, "cue": h.cue, "weight": h.weight,
             "negated": h.negated, "sentence": h.sentence,
             "text": prepared.text[h.start:h.end]} for h in doc._.cue_hits]


def predict(rows: Sequence[real.RealRow], fold_of_row: Mapping[str, int],
            models: Sequence[Path], *, with_hits: bool = False
            ) -> dict[str, dict[str, Any]]:
    """Out-of-fold prediction of every row (as ``training.real.score`` triages), by id."""
    from classify.output import triage_record  # noqa: PLC0415
    from classify.pipeline import load_classifier  # noqa: PLC0415

    predictions: dict[str, dict[str, Any]] = {}
    for fold, model in enumerate(models):
        chosen = [r for r in rows if fold_of_row[r.id] == fold]
        classifier = load_classifier(model)
        triages = classifier.triage_many([r.email() for r in chosen])
        for row, triage in zip(chosen, triages, strict=True):
            record = triage_record(triage)
            if with_hits:
                record["cue_hits"] = _hits(classifier, row)
            predictions[row.id] = record
    return predictions


def figures(rows: Sequence[real.RealRow], predictions: Mapping[str, Mapping[str, Any]]
            ) -> dict[str, Any]:
    """The figures ``training.real score`` prints, on the out-of-fold predictions."""
    found = real.score_records(rows, predictions)
    return {k: v for k, v in found.items() if k != "misses"}


def dump_lines(rows: Sequence[real.RealRow], fold_of_row: Mapping[str, int],
               predictions: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One JSON line per row: id, thread, fold, gold label, out-of-fold prediction."""
    keep = ("categories", "scores", "next_step", "decision_date", "deadline", "safeguarding",
            "confidence", "evidence", "cue_hits", "model_version")
    return [json.dumps({
        "id": r.id, "thread": r.thread, "fold": fold_of_row[r.id],
        "gold": real.with_deadline(r.label or {}),
        "predicted": {k: predictions[r.id][k] for k in keep if k in predictions[r.id]},
    }, ensure_ascii=False) for r in rows]


def run(folds: int = FOLDS, workdir: Path | None = None, *, corpus: Path = CORPUS,
        reuse: bool = False, with_hits: bool = False
        ) -> tuple[dict[str, Any], list[real.RealRow], dict[str, int], dict[str, dict[str, Any]]]:
    """Cross-validate; returns the figures, the rows, each row's fold and the predictions."""
    rows = real.labelled(real.load_rows(), "train")
    fold_of_thread = assign_folds([r.thread for r in rows], folds)
    fold_of_row = {r.id: fold_of_thread[r.thread] for r in rows}
    with tempfile.TemporaryDirectory(prefix="sendtriage-cv-") as scratch:
        where = workdir or Path(scratch)
        where.mkdir(parents=True, exist_ok=True)
        saved = where / FOLDS_FILE
        if reuse and saved.exists() and json.loads(saved.read_text()) != fold_of_row:
            raise SystemExit(f"{where} was trained with other folds: run without --reuse")
        saved.write_text(json.dumps(fold_of_row, indent=0), encoding="utf-8")
        models = train_folds(rows, fold_of_row, folds, where, corpus, reuse=reuse)
        predictions = predict(rows, fold_of_row, models, with_hits=with_hits)
    result = figures(rows, predictions)
    result["folds"] = folds
    result["fold_sizes"] = [sum(f == i for f in fold_of_row.values()) for i in range(folds)]
    return result, rows, fold_of_row, predictions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.cv", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--workdir", type=Path,
                        help="keep the fold models here (default: a temporary folder)")
    parser.add_argument("--reuse", type=Path, metavar="DIR",
                        help="reuse the fold models in DIR (rule-only changes in seconds)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--dump", type=Path, help="write each row's prediction here (JSONL)")
    parser.add_argument("--why", default="", help="why this run (kept in WORKDIR/log.jsonl)")
    args = parser.parse_args(argv)
    workdir = args.reuse or args.workdir
    result, rows, fold_of_row, predictions = run(
        args.folds, workdir, corpus=args.corpus, reuse=args.reuse is not None,
        with_hits=args.dump is not None)
    from classify.version import rules_version  # noqa: PLC0415

    result = {"rules": rules_version(), **result}
    print(json.dumps(result, indent=1))
    if args.dump:
        args.dump.write_text("".join(line + "\n" for line in
                                     dump_lines(rows, fold_of_row, predictions)),
                             encoding="utf-8")
    if workdir is not None:
        entry = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "why": args.why,
                 "corpus": str(args.corpus), **result}
        with (workdir / "log.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
