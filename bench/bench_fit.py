"""What bagging the head's layers costs ``sendtriage train``, measured side by side in one run.

``classify.step_head.fit_layer`` fits the next-step softmax on vectors the shape of the
training corpus's (3,419 rows of 384 floats, 7 steps, row weights 1-3 as the corpus gives
them; random, since the weights do not change the cost) once plainly (``bags=1``) and once
bagged (``BAGS``, the shipped setting); every round times both in turn. Times are CPU-seconds
of this process (numpy may use more than one core), min / median / max over the rounds, and
the bagged fit's time as a ratio to the plain one's in the same round. The runtime is not
affected: the bagged layer is one averaged layer.

    .venv/bin/python bench/bench_fit.py [--rows 3419] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from bench_classify import print_side_by_side

from classify.step_head import BAGS, STEP_LABELS, fit_layer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3419)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    vectors = rng.normal(scale=0.1, size=(args.rows, 384)).astype(np.float32)
    targets = np.zeros((args.rows, len(STEP_LABELS)))
    targets[np.arange(args.rows), rng.integers(0, len(STEP_LABELS), args.rows)] = 1.0
    weights = rng.integers(1, 4, args.rows).astype(float).tolist()
    seconds: dict[int, list[float]] = {1: [], BAGS: []}
    for _ in range(args.rounds):
        for bags, times in seconds.items():
            cpu = time.process_time()
            fit_layer(vectors, STEP_LABELS, targets, weights, bags=bags)
            times.append(time.process_time() - cpu)
    print(f"rows          {args.rows} x 384, {len(STEP_LABELS)} steps, {args.rounds} rounds")
    print_side_by_side({f"{bags} bag{'s' if bags > 1 else ''}, one fit": times
                        for bags, times in seconds.items()}, "CPU s", "1 bag, one fit", 2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
