"""Train the triage pipeline from the training project's corpus (``training/corpus/``)."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar, cast

import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler, TextCategorizer
from spacy.training import Example
from thinc.api import compounding, fix_random_seed

from classify import components, step_head
from classify.preprocess import prepare_text
from classify.routing import choose_next_step, detect_complaint_stage
from classify.rules import find_cues, split_sentences
from classify.scoring import THRESHOLD, combine_scores, is_resolution_note, settled_sentences
from classify.types import CATEGORIES, EmailText
from core.labels import Category, ComplaintStage, NextStep

# The corpus lives in the training project of a checkout (``training/``), not in the installed
# package: an installed copy trains from a corpus it is pointed at.
CORPUS_PATH: Final = Path(__file__).resolve().parents[1] / "training" / "corpus" / "corpus.jsonl"
# The fine-tuned encoder the next-step layer is refitted on (``classify.step_head``): the one
# shipped in the pipeline folder.
STEP_ENCODER_DIR: Final = Path(__file__).resolve().parent / "model" / "step_head"
PIPELINE_NAME: Final = "send_triage"
PIPELINE_VERSION: Final = "0.1.0"
EPOCHS: Final = 12
DEV_FRACTION: Final = 0.15
DROPOUT: Final = 0.2

TEXTCAT_MODEL: Final = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 65536,
}


@dataclass(frozen=True)
class CategoryScore:
    """Precision, recall and F1 of one category."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class TrainReport:
    """What training produced and how well it did on its own train and dev splits."""

    output_dir: Path
    model_version: str
    train_examples: int
    dev_examples: int
    epochs: int
    seconds: float
    train_macro_f1: float
    dev_macro_f1: float
    dev_macro_f1_with_rules: float
    dev_per_category: dict[str, CategoryScore] = field(default_factory=dict)
    losses: tuple[float, ...] = ()


@dataclass(frozen=True)
class CorpusRow:
    """One labelled training email."""

    id: str
    text: str
    cats: dict[str, float]
    # How many times the row is trained on per epoch (the corpus's ``weight``, default 1).
    weight: int = 1
    # The labelled next step (real parents' rows and advisers' corrections carry one).
    next_step: NextStep | None = None
    # The complaint stage a templated row was written at (``training.generate``), else "".
    stage: str = ""


def load_corpus(path: Path = CORPUS_PATH) -> list[CorpusRow]:
    """The labelled corpus, each text prepared exactly as the classifier prepares an email.

    Raises ``FileNotFoundError`` (naming the path) when there is no corpus there.
    """
    if not path.is_file():
        raise FileNotFoundError(
            f"no training corpus at {path}: train from a checkout (training/corpus/) or pass "
            "the corpus file"
        )
    rows: list[CorpusRow] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            data = json.loads(line)
            prepared = prepare_text(EmailText(str(data["text"]), str(data.get("subject", ""))))
            cats: dict[str, float] = {c: float(data["cats"].get(c, 0.0)) for c in CATEGORIES}
            step = data.get("next_step")
            rows.append(CorpusRow(str(data["id"]), prepared.text, cats,
                                  max(1, int(data.get("weight", 1))),
                                  NextStep(step) if step else None, str(data.get("stage") or "")))
    return rows


def build_pipeline(textcat_model: dict[str, Any] | None = None) -> Language:
    """A blank English pipeline with the rule components and an untrained textcat
    (``textcat_model``: its thinc architecture, default the bag-of-words ``TEXTCAT_MODEL``)."""
    nlp = spacy.blank("en")
    nlp.add_pipe(
        "span_ruler",
        name="send_terms",
        config={"spans_key": "send_terms", "phrase_matcher_attr": "LOWER", "validate": True},
    )
    nlp.add_pipe("send_cues")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": textcat_model or TEXTCAT_MODEL})
    assert isinstance(textcat, TextCategorizer)
    for category in CATEGORIES:
        textcat.add_label(category)
    return nlp


def split_corpus(rows: Sequence[CorpusRow], seed: int) -> tuple[list[CorpusRow], list[CorpusRow]]:
    """A fixed train/dev split for ``seed``."""
    shuffled = sorted(rows, key=lambda row: row.id)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - a reproducible split, not security
    cut = int(len(shuffled) * (1 - DEV_FRACTION))
    return shuffled[:cut], shuffled[cut:]


def _f1(tp: int, fp: int, fn: int) -> CategoryScore:
    precision = tp / (tp + fp) if tp + fp else 1.0 if not fn else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return CategoryScore(round(precision, 4), round(recall, 4), round(f1, 4))


def score_cats(
    gold: Iterable[dict[str, float]], predicted: Iterable[dict[str, float]]
) -> dict[str, CategoryScore]:
    """Per-category scores plus "none" (no category), as the shared eval script counts them."""
    counts = {c: [0, 0, 0] for c in (*CATEGORIES, "none")}
    for want, got in zip(gold, predicted, strict=True):
        want_set: set[str] = {c for c in CATEGORIES if want.get(c, 0.0) >= THRESHOLD} or {"none"}
        got_set: set[str] = {c for c in CATEGORIES if got.get(c, 0.0) >= THRESHOLD} or {"none"}
        for category, slot in counts.items():
            slot[0] += category in want_set and category in got_set
            slot[1] += category not in want_set and category in got_set
            slot[2] += category in want_set and category not in got_set
    return {category: _f1(*slot) for category, slot in counts.items()}


def macro_f1(scores: dict[str, CategoryScore]) -> float:
    """Mean F1 over the categories and "none"."""
    return round(sum(s.f1 for s in scores.values()) / len(scores), 4)


def _evaluate(
    nlp: Language, rows: Sequence[CorpusRow]
) -> tuple[float, float, dict[str, CategoryScore]]:
    docs = list(nlp.pipe(row.text for row in rows))
    gold = [row.cats for row in rows]
    model_only = score_cats(gold, [dict(doc.cats) for doc in docs])
    with_rules = score_cats(gold, [
        combine_scores(
            doc.cats, doc._.cue_hits,
            resolved=is_resolution_note(doc.text, doc._.cue_hits,
                                        settled_sentences(doc._.cue_hits)),
            settled=settled_sentences(doc._.cue_hits),
        )
        for doc in docs
    ])
    return macro_f1(model_only), macro_f1(with_rules), with_rules


_Item = TypeVar("_Item")


def _batches(items: Sequence[_Item], sizes: Iterator[float]) -> Iterator[list[_Item]]:
    """Consecutive batches whose sizes follow ``sizes`` (growing from 8 to 32)."""
    start = 0
    while start < len(items):
        size = max(1, int(next(sizes)))
        yield list(items[start:start + size])
        start += size


def _corpus_digest(paths: Sequence[Path]) -> str:
    """The corpus file's digest; with more files, the digest of them all (in order)."""
    if len(paths) == 1:
        return _file_digest(paths[0])
    combined = hashlib.sha256()
    for path in paths:
        combined.update(hashlib.sha256(path.read_bytes()).digest())
    return combined.hexdigest()[:10]


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def _trained_on(paths: Sequence[Path], rows: Sequence[Sequence[CorpusRow]]
                ) -> list[dict[str, object]]:
    """What each file contributed, recorded in the model's meta: name, digest, rows."""
    return [{"file": path.name, "sha256_prefix": _file_digest(path), "rows": len(file_rows)}
            for path, file_rows in zip(paths, rows, strict=True)]


# How many times an adviser's correction counts in the next-step layer (a real row counts
# ``REAL_WEIGHT`` = 3): a label given to this very message by the person who answers it, so that
# a retrained head reads the corrected case as corrected.
CORRECTION_WEIGHT: Final = 10
# A templated row's stage (``training.generate``) as the routing's complaint stage.
_TEMPLATE_STAGES: Final = {
    "none": ComplaintStage.NONE, "raised_informally": ComplaintStage.RAISED_INFORMALLY,
    "formal_started": ComplaintStage.RAISED_INFORMALLY, "formal_done": ComplaintStage.FORMAL_DONE,
}


def derive_next_step(row: CorpusRow) -> NextStep:
    """A row's next step: its label when it has one (real rows, corrections), else the step
    the routing gives its categories at the stage the template states or, for a hand-written
    delay, the stage the rules read in it."""
    if row.next_step is not None:
        return row.next_step
    categories = [Category(c) for c in CATEGORIES if row.cats[c] >= THRESHOLD]
    stage = _TEMPLATE_STAGES.get(row.stage) or detect_complaint_stage(
        find_cues(row.text, split_sentences(row.text)))
    return choose_next_step(categories, stage)


def _add_step_head(nlp: Language, rows: Sequence[CorpusRow], encoder_dir: Path | None,
                   say: Callable[[str], None], extra_ids: Collection[str] = ()
                   ) -> dict[str, object] | None:
    """Fit the head's layers on every row, each as often as its weight: the next step
    (``derive_next_step``) and the categories (the row's labels); add the head to ``nlp``.
    What it was fitted on, or None without an encoder."""
    if encoder_dir is None or not (encoder_dir / step_head.ENCODER_FILE).is_file():
        say("no fine-tuned encoder: the next step comes from the rules alone and the "
            "categories from the bag of words")
        return None
    encoder = step_head.load_encoder(encoder_dir)
    say(f"head layers: encoding {len(rows)} rows with the fine-tuned encoder "
        f"(about {len(rows) // 50 + 1} s)")
    vectors = encoder.encode(row.text for row in rows)
    about: dict[str, object] = {
        "encoder_sha256_prefix": encoder.digest, "encoder_window": encoder.window,
        "bags": step_head.BAGS, "rows": len(rows),
        "labelled_rows": sum(row.next_step is not None for row in rows)}
    weights = [float(max(row.weight, CORRECTION_WEIGHT) if row.id in extra_ids else row.weight)
               for row in rows]
    steps = [derive_next_step(row) for row in rows]
    categories = [sorted(c for c in CATEGORIES if row.cats[c] >= THRESHOLD) for row in rows]
    layer = step_head.fit_step_layer(vectors, steps, weights, trained_on=dict(about))
    category_layer = step_head.fit_category_layer(vectors, categories, weights,
                                                  trained_on=dict(about))
    # The version names the encoder and what the layers were fitted to, and how (not the
    # fitted floats, whose last digits may differ on another CPU): a refit is a new model.
    about["head_sha256_prefix"] = hashlib.sha256(json.dumps([
        encoder.digest, encoder.window, step_head.L2, step_head.FIT_STEPS, step_head.FIT_RATE,
        step_head.BAGS, step_head.BAG_SEED, [str(step) for step in steps], weights,
        categories]).encode()).hexdigest()[:10]
    component = nlp.add_pipe("send_step_head", name="step_head")
    assert isinstance(component, step_head.StepHead)
    component.set(encoder, layer, category_layer)
    return about


def train_pipeline(
    output_dir: Path,
    *,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    corpus_path: Path = CORPUS_PATH,
    extra_paths: Sequence[Path] = (),
    epochs: int = EPOCHS,
    textcat_model: dict[str, Any] | None = None,
    init_tok2vec: Path | None = None,
    step_encoder: Path | None = STEP_ENCODER_DIR,
) -> TrainReport:
    """Train the textcat on the project's corpus and save the whole pipeline to ``output_dir``.

    A corpus row with ``"weight": n`` is trained on n times per epoch (the real parents'
    messages, see ``training.generate.REAL_WEIGHT``). ``extra_paths`` are more labelled files
    in the corpus format (advisers' corrections from ``sendtriage corrections export``): their
    rows are all trained on, never held out for the split's dev part, and a row whose id is
    also in the corpus replaces the corpus row.
    Reproducible: the same files and ``seed`` give the same model, whose version carries their
    digest and whose meta lists each file. ``textcat_model`` replaces the bag-of-words
    architecture (see ``build_pipeline``); ``init_tok2vec`` is a ``spacy pretrain`` weights file
    for that architecture's ``tok2vec`` layer. The next-step layer on ``step_encoder``'s
    fine-tuned encoder is refitted on every row that carries a ``next_step`` (corrections
    included); with no encoder there (or ``None``) the next step comes from the rules alone.
    ``progress`` receives one line per step. Overwrites ``output_dir``. Raises
    ``FileNotFoundError`` (naming the path) for a missing file.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    fix_random_seed(seed)
    paths = [corpus_path, *extra_paths]
    per_file = [load_corpus(path) for path in paths]
    extra_rows = [row for rows in per_file[1:] for row in rows]
    replaced = {row.id for row in extra_rows}
    rows = [row for row in per_file[0] if row.id not in replaced]
    train_rows, dev_rows = split_corpus(rows, seed)
    train_rows += extra_rows
    say(f"corpus: {len(rows)} examples ({len(train_rows) - len(extra_rows)} train, "
        f"{len(dev_rows)} dev)" + (f", plus {len(extra_rows)} from {len(extra_paths)} more "
                                   "file(s), all trained on" if extra_paths else ""))
    nlp = build_pipeline(textcat_model)
    # A row of weight n is seen n times per epoch (the split above counts it once).
    examples = [Example.from_dict(nlp.make_doc(row.text), {"cats": row.cats})
                for row in train_rows for _ in range(row.weight)]
    optimizer = nlp.initialize(lambda: examples)
    if init_tok2vec is not None:
        textcat = nlp.get_pipe("textcat_multilabel")
        assert isinstance(textcat, TextCategorizer)
        textcat.model.get_ref("tok2vec").from_bytes(init_tok2vec.read_bytes())
    # The span ruler's initialize() clears its patterns, so they are added afterwards.
    ruler = nlp.get_pipe("send_terms")
    assert isinstance(ruler, SpanRuler)
    ruler.add_patterns(cast("list[dict[str, Any]]", list(components.SEND_TERM_PATTERNS)))
    rng = random.Random(seed)  # noqa: S311 - reproducible example order, not security
    losses_per_epoch: list[float] = []
    for epoch in range(1, epochs + 1):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        with nlp.select_pipes(enable=["textcat_multilabel"]):
            for batch in _batches(examples, iter(compounding(8.0, 32.0, 1.001))):
                nlp.update(batch, sgd=optimizer, drop=DROPOUT, losses=losses)
        loss = round(losses.get("textcat_multilabel", 0.0), 4)
        losses_per_epoch.append(loss)
        if epoch % 3 == 0 or epoch == epochs:
            dev_model, dev_rules, _ = _evaluate(nlp, dev_rows)
            say(f"epoch {epoch}/{epochs}: loss {loss:.3f}, dev macro-F1 {dev_model:.3f} "
                f"(model), {dev_rules:.3f} (with rules)")
        else:
            say(f"epoch {epoch}/{epochs}: loss {loss:.3f}")
    train_model, _, _ = _evaluate(nlp, train_rows)
    dev_model, dev_rules, dev_scores = _evaluate(nlp, dev_rows)
    digest = _corpus_digest(paths)
    head = _add_step_head(nlp, [*rows, *extra_rows], step_encoder, say,
                          extra_ids={row.id for row in extra_rows})
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["version"] = f"{PIPELINE_VERSION}-c{digest}-s{seed}" + (
        f"-h{str(head['head_sha256_prefix'])[:7]}" if head else "")
    nlp.meta["description"] = (
        "SEND triage: rule cues, dates, a BOW textcat and a fine-tuned head (next step, categories)"
        if head else "SEND triage: rule cues, dates and a BOW textcat, from spacy.blank")
    nlp.meta["sendtriage"] = {
        "seed": seed, "corpus_sha256_prefix": digest, "train_examples": len(train_rows),
        "weighted_train_examples": len(examples),
        "dev_examples": len(dev_rows), "dev_macro_f1": dev_model,
        "dev_macro_f1_with_rules": dev_rules, "trained_on": _trained_on(paths, per_file),
        "step_head": head,
    }
    if output_dir.exists():
        shutil.rmtree(output_dir)
    nlp.to_disk(output_dir)
    model_version = f"{PIPELINE_NAME}-{nlp.meta['version']}"
    say(f"saved {model_version} to {output_dir}: train macro-F1 {train_model:.3f}, "
        f"dev {dev_model:.3f} (model) / {dev_rules:.3f} (with rules)")
    return TrainReport(
        output_dir=output_dir, model_version=model_version, train_examples=len(train_rows),
        dev_examples=len(dev_rows), epochs=epochs,
        seconds=round(time.perf_counter() - started, 2), train_macro_f1=train_model,
        dev_macro_f1=dev_model, dev_macro_f1_with_rules=dev_rules,
        dev_per_category=dev_scores, losses=tuple(losses_per_epoch),
    )
