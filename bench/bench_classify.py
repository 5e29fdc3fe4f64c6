"""Classification speed, measured side by side in one run: the full triage against raw spaCy.

Every round times, on the same 1-2 KB emails and in this one process (one core):

- ``spacy``: raw ``nlp.pipe`` of the shipped model's spaCy parts (tokenizer, term patterns,
  textcat), without our cue and date component and the next-step head: the reference;
- ``step head``: the next-step head alone (the fine-tuned encoder, int8 ONNX, one email at a
  time, and its layer);
- ``pipeline``: ``nlp.pipe`` of the whole shipped pipeline (cues and dates included);
- ``triage``: ``Classifier.triage_many`` on the texts as raw text (the whole cleaning pass:
  HTML, quoted history, signatures), then routing, dates, deadlines, facts, evidence;
- ``triage parsed``: the same marked as parsed mail, as the worker and ``sendtriage classify``
  pass it (ingest already converted HTML and cut quoted history).

Rates are emails per CPU-second of this process (per core; other load on the machine changes
them less than wall time) and per wall-second; each is printed as min / median / max over the
rounds, with the triage-to-spacy ratio taken within each round. Then the start-up of
``sendtriage classify`` on one email (a fresh process each time, ``--startup-runs`` times)
against bare ``python -c pass`` and ``python -c "import spacy"`` as the floor under it.

    .venv/bin/python bench/bench_classify.py [--emails 1000] [--rounds 5] [--startup-runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from classify.pipeline import Classifier, load_classifier
from classify.train import CORPUS_PATH
from classify.types import EmailText

MIN_BYTES = 1000
MAX_BYTES = 2000
STARTUP_EMAIL = (Path(__file__).resolve().parents[1] / "tests" / "data" / "emails"
                 / "gmail_reply_on_wrote.eml")


def sample_emails(count: int) -> list[EmailText]:
    """``count`` emails of 1-2 KB built from the training corpus (whole emails, or two joined)."""
    rows = [json.loads(line) for line in CORPUS_PATH.read_text().splitlines() if line.strip()]
    bodies: list[tuple[str, str]] = []
    pending = ""
    for row in rows:
        text = str(row["text"])
        if len(text.encode()) > MAX_BYTES:
            continue
        body = f"{pending}\n\n{text}".strip() if pending else text
        if len(body.encode()) >= MIN_BYTES:
            bodies.append((body.encode()[:MAX_BYTES].decode(errors="ignore"),
                           str(row.get("subject", ""))))
            pending = ""
        else:
            pending = body
    if not bodies:
        raise SystemExit("no 1-2 KB texts could be built from the corpus")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return [
        EmailText(body, subject, start + timedelta(hours=index))
        for index, (body, subject) in enumerate(bodies[index % len(bodies)]
                                                 for index in range(count))
    ]


@dataclass(frozen=True)
class Timing:
    """One timed run: CPU seconds of this process and wall seconds."""

    cpu: float
    wall: float


def timed(run: Callable[[], object]) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return Timing(time.process_time() - cpu, time.perf_counter() - wall)


def spread(values: Sequence[float], unit: str = "", digits: int = 1) -> str:
    """min / median / max."""
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{low:9.{digits}f} {mid:9.{digits}f} {high:9.{digits}f} {unit}"


def print_side_by_side(series: Mapping[str, Sequence[float]], unit: str, base: str,
                       digits: int = 3) -> None:
    """A min / median / max line per series and, under each but ``base``, its ratio to
    ``base`` round by round (timed side by side, so the machine's drift cancels out)."""
    print(f"{'':22}{'min':>9} {'median':>9} {'max':>9}")
    against = "÷ " + base.split(",", maxsplit=1)[0]
    for label, values in series.items():
        print(f"{label:22}{spread(values, unit)}")
        if label != base:
            ratios = [value / first for value, first in zip(values, series[base], strict=True)]
            print(f"{against:>22}{spread(ratios, '(same round)', digits)}")


def throughput(classifier: Classifier, emails: list[EmailText], rounds: int) -> None:
    nlp = classifier.nlp
    texts = [f"{e.subject}\n\n{e.body}" for e in emails]
    sizes = sorted(len(e.body.encode()) for e in emails)
    ours = {"send_cues", "step_head"}
    spacy_only = [name for name in nlp.pipe_names if name not in ours]

    def raw_spacy() -> object:
        with nlp.select_pipes(enable=spacy_only):
            return list(nlp.pipe(texts, batch_size=64))

    def step_head() -> object:
        with nlp.select_pipes(enable=["step_head"]):
            return list(nlp.pipe(texts, batch_size=64))

    parsed = [replace(email, parsed=True) for email in emails]
    runs: dict[str, Callable[[], object]] = {
        "spacy": raw_spacy,
        **({"step head": step_head} if "step_head" in nlp.pipe_names else {}),
        "pipeline": lambda: list(nlp.pipe(texts, batch_size=64)),
        "triage": lambda: classifier.triage_many(emails),
        "triage parsed": lambda: classifier.triage_many(parsed),
    }
    for run in runs.values():  # warm up: lazy imports, caches, first-use set-up
        run()
    results: dict[str, list[Timing]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            results[name].append(timed(run))
    count = len(emails)
    print(f"model         {classifier.model_version} ({', '.join(nlp.pipe_names)})")
    print(f"emails        {count} per round, {sizes[0]}-{sizes[-1]} bytes "
          f"(median {sizes[len(sizes) // 2]}), {rounds} rounds, pid {os.getpid()}, one core")
    print(f"{'':22}{'min':>9} {'median':>9} {'max':>9}")
    for name, timings in results.items():
        print(f"{name:13} per core {spread([count / t.cpu for t in timings], 'emails/s')}")
        print(f"{'':13} wall     {spread([count / t.wall for t in timings], 'emails/s')}")
    ratios = [s.cpu / t.cpu for s, t in zip(results["spacy"], results["triage"], strict=True)]
    print(f"triage/spacy per core  {spread(ratios, '(same round)', 3)}")


def run_startup(command: Sequence[str], env: dict[str, str], cwd: Path) -> Timing:
    """Wall and CPU (user + system) seconds of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(cpu, wall)


def startup(runs: int) -> None:
    python = sys.executable
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import spacy": [python, "-c", "import spacy"],
        "sendtriage classify (1 email)": [python, "-m", "sendtriage", "classify",
                                          str(STARTUP_EMAIL)],
    }
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "SENDTRIAGE_DATA_DIR": scratch}
        results: dict[str, list[Timing]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                results[name].append(run_startup(command, env, Path(scratch)))
    print(f"start-up, {runs} fresh processes each{'':4}{'min':>9} {'median':>9} {'max':>9}")
    for name, timings in results.items():
        print(f"{name:30} wall {spread([t.wall for t in timings], 's', 3)}")
        print(f"{'':30} cpu  {spread([t.cpu for t in timings], 's', 3)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--startup-runs", type=int, default=5)
    args = parser.parse_args()
    if args.rounds < 3 or args.startup_runs < 3:
        parser.error("min/median/max need at least 3 rounds and 3 start-up runs")
    throughput(load_classifier(), sample_emails(args.emails), args.rounds)
    print()
    startup(args.startup_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
