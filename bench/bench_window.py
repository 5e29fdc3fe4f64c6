"""The encoder's cost by how much of a message it reads, measured side by side in one run.

The shipped encoder (int8 ONNX, one thread) encodes the same 1-2 KB emails as
``bench_classify`` builds, each clipped to a window of 128, 192 or 256 word pieces (the
beginning and the last 64, ``classify.wordpieces.clip_ids``); every round times each window
in turn. Rates are emails per CPU-second of this process (one core), min / median / max over
the rounds, and each window's rate as a ratio to the 256-piece window's in the same round.
Weights do not change the cost: this measures any encoder of this shape.

    .venv/bin/python bench/bench_window.py [--emails 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import time

from bench_classify import print_side_by_side, sample_emails

from classify.pipeline import MODEL_DIR
from classify.step_head import Encoder

WINDOWS = (256, 192, 128)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [f"{e.subject}\n\n{e.body}" for e in sample_emails(args.emails)]
    encoders = {window: Encoder(MODEL_DIR / "step_head", window) for window in WINDOWS}
    for encoder in encoders.values():  # warm up: first-call set-up of the session
        encoder.encode(texts[:5])
    rates: dict[int, list[float]] = {window: [] for window in WINDOWS}
    for _ in range(args.rounds):
        for window, encoder in encoders.items():
            cpu = time.process_time()
            encoder.encode(texts)
            rates[window].append(len(texts) / (time.process_time() - cpu))
    print(f"emails        {len(texts)} per round, {args.rounds} rounds, one core")
    print_side_by_side({f"{window} pieces, per core": rates[window] for window in WINDOWS},
                       "emails/s", "256 pieces, per core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
