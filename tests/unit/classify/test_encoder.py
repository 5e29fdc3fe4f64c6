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
