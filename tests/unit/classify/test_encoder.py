"""The shipped fine-tuned encoder reads what ``classify.wordpieces`` says it reads."""

from __future__ import annotations

import numpy as np

from classify.pipeline import MODEL_DIR
from classify.step_head import Encoder

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
