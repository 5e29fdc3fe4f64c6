"""The shipped fine-tuned encoder reads what ``classify.wordpieces`` says it reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from classify.pipeline import MODEL_DIR
from classify.step_head import LAYER_FILE, Encoder, load_encoder
from classify.wordpieces import MAX_TOKENS

STORY = " ".join(
    f"On day {n} the school rang again and I collected him early from class." for n in range(40)
)


def test_the_encoder_reads_the_end_of_a_long_message() -> None:
    encoder = Encoder(MODEL_DIR / "step_head")
    vectors = encoder.encode([
        STORY + " Can I appeal the council's refusal to assess him?",
        STORY + " He has been crying every night and says he wants to die.",
    ])
    assert not np.allclose(vectors[0], vectors[1])


def test_the_encoder_skips_what_lies_past_the_beginning_of_its_window() -> None:
    # The sentences that differ start about 32 pieces in: inside the shipped window's
    # beginning (62 pieces), past that of an 80-piece window (14 pieces, then the last 64).
    opening = " ".join(STORY.split(". ")[:2]) + "."
    texts = [opening + " The council refused to assess him. " + STORY,
             opening + " He has been crying every night. " + STORY]
    narrow = Encoder(MODEL_DIR / "step_head", max_tokens=80).encode(texts)
    shipped = Encoder(MODEL_DIR / "step_head").encode(texts)
    assert np.allclose(narrow[0], narrow[1])
    assert not np.allclose(shipped[0], shipped[1])


def _shipped_head_with_window(folder: Path, window: int | None) -> Path:
    """A copy of the shipped head whose layers record ``window`` (None: no layers at all)."""
    shutil.copytree(MODEL_DIR / "step_head", folder)
    layer = folder / LAYER_FILE
    if window is None:
        layer.unlink()
    else:
        data = json.loads(layer.read_text(encoding="utf-8"))
        data["trained_on"]["encoder_window"] = window
        layer.write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_an_encoder_reads_the_window_recorded_with_its_layers(tmp_path: Path) -> None:
    assert load_encoder(_shipped_head_with_window(tmp_path / "head", 80)).window == 80


def test_an_encoder_without_layers_reads_the_default_window(tmp_path: Path) -> None:
    assert load_encoder(_shipped_head_with_window(tmp_path / "head", None)).window == MAX_TOKENS
