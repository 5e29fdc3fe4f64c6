"""Scoring triage predictions against labelled cases, the same way ``shared/eval/score.py`` does."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from classify.types import CATEGORIES
from core.labels import NO_CATEGORY

# Exclusion deadlines are counted without the school's term dates, so a few days either way
# are accepted there (as the shared scorer does).
EXCLUSION_DEADLINE_TOLERANCE_DAYS: Final = 3


@dataclass(frozen=True)
class CategoryResult:
    """Precision, recall and F1 of one category (or "none")."""

    precision: float
    recall: float
    f1: float
    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass(frozen=True)
class EvalReport:
    """Every figure ``sendtriage eval`` prints, and why each case missed."""

    cases: int
    missing_predictions: int
    per_category: dict[str, CategoryResult]
    macro_f1: float
    next_step_accuracy: float
    decision_date_accuracy: float
    decision_date_n: int
    deadline_accuracy: float
    deadline_n: int
    safeguarding_recall: float
    safeguarding_precision: float
    misses: tuple[str, ...] = field(default_factory=tuple)


def _f1(tp: int, fp: int, fn: int) -> CategoryResult:
    precision = tp / (tp + fp) if tp + fp else 1.0 if not fn else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return CategoryResult(precision, recall, f1, tp, fp, fn)


def _as_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _same_day(a: object, b: object, tolerance: int = 0) -> bool:
    first, second = _as_str(a), _as_str(b)
    if first is None or second is None:
        return first is None and second is None
    try:
        return abs((date.fromisoformat(first) - date.fromisoformat(second)).days) <= tolerance
    except ValueError:
        return False


def _categories(value: object) -> set[str]:
    if not isinstance(value, list | tuple):
        return set()
    return {str(item) for item in value if item in CATEGORIES}


EMPTY_PREDICTION: Final[Mapping[str, object]] = {
    "categories": [], "next_step": None, "decision_date": None, "deadline": None,
    "safeguarding": False,
}


@dataclass
class _Tally:
    """Running counts while the cases are scored."""

    categories: dict[str, list[int]] = field(
        default_factory=lambda: {c: [0, 0, 0] for c in (*CATEGORIES, NO_CATEGORY)})
    step_ok: int = 0
    date_ok: int = 0
    date_n: int = 0
    deadline_ok: int = 0
    deadline_n: int = 0
    sg_tp: int = 0
    sg_fp: int = 0
    sg_fn: int = 0

    def categories_agree(self, label: Mapping[str, object],
                         prediction: Mapping[str, object]) -> str | None:
        gold = _categories(label.get("categories")) or {NO_CATEGORY}
        got = _categories(prediction.get("categories")) or {NO_CATEGORY}
        for category, slot in self.categories.items():
            slot[0] += category in gold and category in got
            slot[1] += category not in gold and category in got
            slot[2] += category in gold and category not in got
        return None if gold == got else f"categories {sorted(got)} != {sorted(gold)}"

    def step_agrees(self, label: Mapping[str, object],
                    prediction: Mapping[str, object]) -> str | None:
        if prediction.get("next_step") == label.get("next_step"):
            self.step_ok += 1
            return None
        return f"next_step {prediction.get('next_step')} != {label.get('next_step')}"

    def decision_date_agrees(self, label: Mapping[str, object],
                             prediction: Mapping[str, object]) -> str | None:
        if label.get("decision_date") is None:
            return None
        self.date_n += 1
        if _same_day(prediction.get("decision_date"), label.get("decision_date")):
            self.date_ok += 1
            return None
        return f"decision_date {prediction.get('decision_date')} != {label.get('decision_date')}"

    def deadline_agrees(self, label: Mapping[str, object],
                        prediction: Mapping[str, object]) -> str | None:
        if label.get("deadline") is None and prediction.get("deadline") is None:
            return None
        self.deadline_n += 1
        tolerance = (EXCLUSION_DEADLINE_TOLERANCE_DAYS
                     if label.get("next_step") == "challenge_exclusion" else 0)
        if _same_day(prediction.get("deadline"), label.get("deadline"), tolerance):
            self.deadline_ok += 1
            return None
        return f"deadline {prediction.get('deadline')} != {label.get('deadline')}"

    def safeguarding_agrees(self, label: Mapping[str, object],
                            prediction: Mapping[str, object]) -> str | None:
        sg_gold, sg_got = bool(label.get("safeguarding")), bool(prediction.get("safeguarding"))
        self.sg_tp += sg_gold and sg_got
        self.sg_fp += sg_got and not sg_gold
        self.sg_fn += sg_gold and not sg_got
        return None if sg_gold == sg_got else f"safeguarding {sg_got} != {sg_gold}"


def score_predictions(
    labels: Sequence[Mapping[str, object]],
    predictions: Mapping[str, Mapping[str, object]],
) -> EvalReport:
    """Score ``predictions`` (keyed by case id) against ``labels`` (each with an "id").

    Macro-F1 averages the four categories plus "none" (no category). Decision dates are scored
    where the label has one; deadlines where either side has one (exclusion deadlines within
    3 days). A missing prediction counts as an empty one.
    """
    tally = _Tally()
    checks = (tally.categories_agree, tally.step_agrees, tally.decision_date_agrees,
              tally.deadline_agrees, tally.safeguarding_agrees)
    misses: list[str] = []
    missing = 0
    for label in labels:
        case = str(label["id"])
        prediction = predictions.get(case)
        if prediction is None:
            missing += 1
            prediction = EMPTY_PREDICTION
        why = [reason for check in checks if (reason := check(label, prediction))]
        if why:
            misses.append(f"{case}: " + "; ".join(why))
    per_category = {category: _f1(*slot) for category, slot in tally.categories.items()}
    cases = len(labels)
    sg_found = tally.sg_tp + tally.sg_fn
    sg_flagged = tally.sg_tp + tally.sg_fp
    return EvalReport(
        cases=cases,
        missing_predictions=missing,
        per_category=per_category,
        macro_f1=sum(r.f1 for r in per_category.values()) / len(per_category),
        next_step_accuracy=tally.step_ok / cases if cases else 0.0,
        decision_date_accuracy=tally.date_ok / tally.date_n if tally.date_n else 1.0,
        decision_date_n=tally.date_n,
        deadline_accuracy=tally.deadline_ok / tally.deadline_n if tally.deadline_n else 1.0,
        deadline_n=tally.deadline_n,
        safeguarding_recall=tally.sg_tp / sg_found if sg_found else 1.0,
        safeguarding_precision=tally.sg_tp / sg_flagged if sg_flagged else 1.0,
        misses=tuple(misses),
    )


def format_report(report: EvalReport) -> str:
    """The report as text: per-category lines, the misses, then a one-line summary."""
    lines = [
        f"{name:15s} P={r.precision:.2f} R={r.recall:.2f} F1={r.f1:.2f}"
        for name, r in report.per_category.items()
    ]
    lines += [f"miss {miss}" for miss in report.misses]
    lines.append(
        f"cases={report.cases} missing={report.missing_predictions} "
        f"macro_f1={report.macro_f1:.3f} next_step={report.next_step_accuracy:.3f} "
        f"decision_date={report.decision_date_accuracy:.3f}/{report.decision_date_n} "
        f"deadline={report.deadline_accuracy:.3f}/{report.deadline_n} "
        f"safeguarding_recall={report.safeguarding_recall:.2f} "
        f"safeguarding_precision={report.safeguarding_precision:.2f}"
    )
    return "\n".join(lines)
