"""The real-parents corpus: rows, adjudicated labels, deadlines, splits by source thread, scores.

Assets in ``training/assets/real/``: ``collected_*.jsonl`` (the messages, each with its public
``source`` URL), ``labels_<labeller>_*.jsonl`` (two independent labellings, see LABELLING.md),
``labels.jsonl`` (adjudicated) and ``scores.jsonl`` (every time a split was scored, appended:
the honest count of how often each split has been looked at).

    python -m training.real split                  # sizes by split, category and source type
    python -m training.real deadlines              # compute labels.jsonl's deadlines
    python -m training.real agreement              # A vs B before adjudication
    python -m training.real labellers --split dev  # each labeller scored like a model
    python -m training.real score --split dev      # score the shipped model, log it
                                                   # (test: refused once it has been scored)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from classify.deadlines import compute_deadline
from classify.types import EmailText
from core.labels import CATEGORIES, NextStep

REAL_DIR: Final = Path(__file__).resolve().parent / "assets" / "real"
SPLITS: Final = ("train", "dev", "test")
# Where a thread's hash falls in [0, 1) decides its split: a quarter of the threads for dev,
# a sixth for test, the rest for training.
DEV_UNTIL: Final = 0.25
TEST_UNTIL: Final = 0.42
_FIELDS: Final = ("categories", "next_step", "decision_date", "safeguarding")


@dataclass(frozen=True)
class RealRow:
    """One real message with its adjudicated label (``label`` None until adjudicated)."""

    id: str
    source: str
    source_type: str
    rewritten: bool
    sent: date | None
    subject: str
    text: str
    label: dict[str, Any] | None

    @property
    def thread(self) -> str:
        return thread_key(self.source)

    def email(self) -> EmailText:
        """The message as the classifier reads it (sent at noon on its day, when known)."""
        sent = datetime.combine(self.sent, time(12), UTC) if self.sent else None
        return EmailText(self.text, self.subject, sent)

    @property
    def split(self) -> str:
        return split_of(self.thread)


def thread_key(url: str) -> str:
    """The thread a source URL belongs to: host + the first numeric id in the path (a thread or
    post id), else host + path (the same key the shared held-out check uses)."""
    parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in parts.path.lower().split("/") if s]
    dated = re.search(r"/(19|20)\d\d/\d{1,2}/", parts.path + "/")
    for segment in [] if dated else segments:
        found = re.match(r"^(\d{3,})(?:-|$)", segment)
        if found:
            return f"{host}#{found.group(1)}"
    found = re.search(r"(?:^|[&/])(?:topic|t|p|id|thread|threadid)[=/](\d+)",
                      parts.query.lower())
    if found:
        return f"{host}#{found.group(1)}"
    return host + "/" + "/".join(segments)


def split_of(thread: str) -> str:
    """``train``, ``dev`` or ``test`` for a thread, fixed by its hash (never by its content)."""
    bucket = int(hashlib.sha256(thread.encode()).hexdigest()[:8], 16) / 0x1_0000_0000
    if bucket < DEV_UNTIL:
        return "dev"
    if bucket < TEST_UNTIL:
        return "test"
    return "train"


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def labeller_labels(labeller: str, folder: Path = REAL_DIR) -> list[dict[str, Any]]:
    """One labeller's labels before adjudication (``labels_<labeller>_*.jsonl``), file order."""
    return [lab for path in sorted(folder.glob(f"labels_{labeller}_*.jsonl"))
            for lab in _read_jsonl(path)]


def collected_rows(folder: Path = REAL_DIR) -> list[dict[str, Any]]:
    """Every collected message, in file then line order."""
    return [row for path in sorted(folder.glob("collected_*.jsonl")) for row in _read_jsonl(path)]


def load_rows(folder: Path = REAL_DIR) -> list[RealRow]:
    """Collected messages joined with ``labels.jsonl`` (when there is one)."""
    labels_path = folder / "labels.jsonl"
    found = _read_jsonl(labels_path) if labels_path.exists() else []
    labels = {str(lab["id"]): lab for lab in found}
    return [
        RealRow(
            id=str(row["id"]), source=str(row["source"]),
            source_type=str(row.get("source_type", "")), rewritten=bool(row.get("rewritten")),
            sent=date.fromisoformat(row["sent"]) if row.get("sent") else None,
            subject=str(row.get("subject") or ""), text=str(row["text"]),
            label=labels.get(str(row["id"])),
        )
        for row in collected_rows(folder)
    ]


def labelled(rows: Iterable[RealRow], split: str | None = None) -> list[RealRow]:
    """The adjudicated rows, of one split if given."""
    return [r for r in rows if r.label is not None and (split is None or r.split == split)]


def with_deadline(label: dict[str, Any]) -> dict[str, Any]:
    """``label`` with ``deadline`` computed from its next step and dates (send-routes.md)."""
    decision = label.get("decision_date")
    certificate = label.get("certificate_date")
    result = compute_deadline(
        NextStep(label["next_step"]),
        date.fromisoformat(decision) if decision else None,
        date.fromisoformat(certificate) if certificate else None,
        governors_decision=bool(label.get("governors_decision")),
    )
    return {**label, "deadline": result.deadline.isoformat() if result.deadline else None}


def training_rows(rows: Iterable[RealRow]) -> list[dict[str, Any]]:
    """The train split's labelled rows in the training corpus format."""
    return [
        {"id": f"real-{r.id}", "text": r.text, "subject": r.subject,
         "cats": {c: float(c in r.label["categories"]) for c in CATEGORIES},
         "safeguarding": bool(r.label["safeguarding"]), "next_step": r.label["next_step"],
         "source": r.source}
        for r in labelled(rows, "train") if r.label is not None
    ]


def agreement(first: Sequence[dict[str, Any]], second: Sequence[dict[str, Any]]
              ) -> dict[str, float]:
    """Per field, the share of messages two labellers labelled the same; and Cohen's kappa
    for the next step."""
    by_id = {str(lab["id"]): lab for lab in second}
    pairs = [(lab, by_id[str(lab["id"])]) for lab in first if str(lab["id"]) in by_id]
    if not pairs:
        return {"messages": 0.0}
    result: dict[str, float] = {"messages": float(len(pairs))}
    for field in _FIELDS:
        same = sum(_norm(a.get(field)) == _norm(b.get(field)) for a, b in pairs)
        result[field] = round(same / len(pairs), 3)
    result["next_step_kappa"] = round(_kappa([(a["next_step"], b["next_step"])
                                              for a, b in pairs]), 3)
    return result


def labeller_figures(rows: Sequence[RealRow], labels: Iterable[dict[str, Any]]
                     ) -> dict[str, Any]:
    """One labeller's own labels (before adjudication) scored against the adjudicated ones as
    ``score`` scores a model: the human reference for the model's figures. Rows the labeller
    did not label are left out (``cases`` says how many were scored)."""
    by_id = {str(lab["id"]): with_deadline(lab) for lab in labels}
    scored = [r for r in labelled(rows) if r.id in by_id]
    return score_records(scored, {r.id: by_id[r.id] for r in scored})


def _norm(value: object) -> object:
    return tuple(sorted(value)) if isinstance(value, list) else value


def _kappa(pairs: Sequence[tuple[str, str]]) -> float:
    observed = sum(a == b for a, b in pairs) / len(pairs)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / len(pairs) ** 2
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def score(rows: Sequence[RealRow], model: Path | None = None) -> dict[str, Any]:
    """The classifier's figures on ``rows`` (labelled), as ``sendtriage eval`` computes them."""
    from classify.output import triage_record  # noqa: PLC0415
    from classify.pipeline import MODEL_DIR, load_classifier  # noqa: PLC0415
    classifier = load_classifier(model or MODEL_DIR)
    triages = classifier.triage_many([r.email() for r in rows])
    predictions = {r.id: triage_record(t) for r, t in zip(rows, triages, strict=True)}
    return {"model_version": classifier.model_version, **score_records(rows, predictions)}


def score_records(rows: Sequence[RealRow], predictions: Mapping[str, Mapping[str, object]]
                  ) -> dict[str, Any]:
    """``score``'s figures for ``predictions`` (triage records by row id) of ``rows``."""
    from classify.evaluate import score_predictions  # noqa: PLC0415

    labels = [{"id": r.id, **with_deadline(r.label or {})} for r in rows]
    report = score_predictions(labels, predictions)
    return {
        "cases": report.cases, "macro_f1": round(report.macro_f1, 3),
        "next_step": round(report.next_step_accuracy, 3),
        "decision_date": round(report.decision_date_accuracy, 3),
        "decision_date_n": report.decision_date_n,
        "deadline": round(report.deadline_accuracy, 3), "deadline_n": report.deadline_n,
        "safeguarding_recall": round(report.safeguarding_recall, 3),
        "safeguarding_precision": round(report.safeguarding_precision, 3),
        "per_category": {k: round(v.f1, 3) for k, v in report.per_category.items()},
        "misses": list(report.misses),
    }


def log_score(split: str, why: str, figures: dict[str, Any]) -> None:
    """Append one scoring of ``split`` to ``scores.jsonl`` (how often each split was looked at)."""
    log = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "split": split,
           "why": why, **{k: v for k, v in figures.items() if k != "misses"}}
    with (REAL_DIR / "scores.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(log) + "\n")


def refuse_test_rescoring(splits: Iterable[str], *, allowed: bool = False,
                          log: Path | None = None) -> None:
    """Stop (``SystemExit``, saying when) before the test split is scored again: it is scored
    once, at the end, and after that it is a dev set. ``allowed`` is the caller saying they
    know (``--allow-rescore``)."""
    if "test" not in splits or allowed:
        return
    path = log or REAL_DIR / "scores.jsonl"
    logged = _read_jsonl(path) if path.exists() else []
    earlier = [entry for entry in logged if entry.get("split") == "test"]
    if earlier:
        raise SystemExit(
            f"the real test split has {len(earlier)} logged scoring(s), the last at "
            f"{earlier[-1]['at']} ({path.name}): it is a dev set now; pass --allow-rescore "
            "to score it again anyway (logged like every scoring)")


def _print_split(rows: Sequence[RealRow]) -> None:
    table: Counter[tuple[str, str]] = Counter()
    for row in rows:
        table[(row.split, "rows")] += 1
        table[(row.split, f"source:{row.source_type}")] += 1
        table[(row.split, "rewritten")] += row.rewritten
        if row.label is not None:
            table[(row.split, "labelled")] += 1
            for category in row.label["categories"] or ["none"]:
                table[(row.split, f"category:{category}")] += 1
            table[(row.split, "safeguarding")] += bool(row.label["safeguarding"])
            table[(row.split, "decision_date")] += bool(row.label.get("decision_date"))
    keys = sorted({key for _, key in table})
    print("\t".join(["", *SPLITS]))
    for key in keys:
        print("\t".join([key, *(str(table[(s, key)]) for s in SPLITS)]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.real", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("split", help="sizes by split, category and source type")
    commands.add_parser("deadlines", help="compute the deadline of every adjudicated label")
    agree = commands.add_parser("agreement", help="labeller A vs B before adjudication")
    agree.add_argument("--first", default="A")
    agree.add_argument("--second", default="B")
    humans = commands.add_parser(
        "labellers", help="each labeller's labels scored against the adjudicated ones")
    humans.add_argument("--split", choices=SPLITS, required=True)
    scoring = commands.add_parser("score", help="score a model on a split and log it")
    scoring.add_argument("--split", choices=SPLITS, required=True)
    scoring.add_argument("--model", type=Path)
    scoring.add_argument("--why", default="", help="why this split is scored now (logged)")
    scoring.add_argument("--allow-rescore", action="store_true",
                         help="score the test split although it was scored before")
    args = parser.parse_args(argv)
    rows = load_rows()
    if args.command == "split":
        _print_split(rows)
    elif args.command == "deadlines":
        path = REAL_DIR / "labels.jsonl"
        labels = [with_deadline(lab) for lab in _read_jsonl(path)]
        path.write_text("".join(json.dumps(lab, ensure_ascii=False) + "\n" for lab in labels),
                        encoding="utf-8")
        print(f"{len(labels)} deadlines computed", file=sys.stderr)
    elif args.command == "agreement":
        first, second = labeller_labels(args.first), labeller_labels(args.second)
        print(json.dumps(agreement(first, second), indent=1))
    elif args.command == "labellers":
        for who in ("A", "B"):
            figures = labeller_figures(labelled(rows, args.split), labeller_labels(who))
            print(json.dumps({"labeller": who, **{k: v for k, v in figures.items()
                                                  if k != "misses"}}))
    else:
        refuse_test_rescoring([args.split], allowed=args.allow_rescore)
        chosen = labelled(rows, args.split)
        figures = score(chosen, args.model)
        print(json.dumps({k: v for k, v in figures.items() if k != "misses"}, indent=1))
        for miss in figures["misses"]:
            print("miss", miss, file=sys.stderr)
        log_score(args.split, args.why, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
