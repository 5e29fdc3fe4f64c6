"""Scoring agrees with the shared evaluation script on the same (made-up) labels."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from classify.evaluate import format_report, score_predictions
from tests.conftest import EVAL_DIR

SCORE_PY = EVAL_DIR / "score.py"

LABELS: list[dict[str, object]] = [
    {"id": "a", "categories": ["appeal"], "next_step": "appeal", "decision_date": "2026-03-10",
     "deadline": "2026-05-11", "safeguarding": False},
    {"id": "b", "categories": ["exclusion"], "next_step": "challenge_exclusion",
     "decision_date": "2026-03-03", "deadline": "2026-03-24", "safeguarding": True},
    {"id": "c", "categories": [], "next_step": "general_advice", "decision_date": None,
     "deadline": None, "safeguarding": False},
    {"id": "d", "categories": ["delay", "discrimination"], "next_step": "discrimination_claim",
     "decision_date": None, "deadline": None, "safeguarding": False},
]
PREDICTIONS: dict[str, dict[str, object]] = {
    "a": {"categories": ["appeal", "delay"], "next_step": "appeal",
          "decision_date": "2026-03-10", "deadline": "2026-05-11", "safeguarding": False},
    "b": {"categories": ["exclusion"], "next_step": "challenge_exclusion",
          "decision_date": "2026-03-03", "deadline": "2026-03-26", "safeguarding": False},
    "c": {"categories": [], "next_step": "general_advice", "decision_date": None,
          "deadline": "2026-01-01", "safeguarding": True},
}


def load_shared_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", SCORE_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_figures_match_the_shared_scorer() -> None:
    shared = load_shared_scorer().score(LABELS, PREDICTIONS)
    ours = score_predictions(LABELS, PREDICTIONS)
    assert ours.macro_f1 == pytest.approx(shared["macro_f1"])
    assert ours.next_step_accuracy == pytest.approx(shared["next_step_accuracy"])
    assert ours.decision_date_accuracy == pytest.approx(shared["decision_date_accuracy"])
    assert ours.deadline_accuracy == pytest.approx(shared["deadline_accuracy"])
    assert ours.deadline_n == shared["deadline_n"]
    assert ours.safeguarding_recall == pytest.approx(shared["safeguarding_recall"])
    assert ours.safeguarding_precision == pytest.approx(shared["safeguarding_precision"])
    assert list(ours.misses) == shared["misses"]
    for name, (p, r, f) in shared["per_category"].items():
        mine = ours.per_category[name]
        assert (mine.precision, mine.recall, mine.f1) == pytest.approx((p, r, f))


def test_exclusion_deadlines_are_accepted_within_three_days() -> None:
    report = score_predictions(LABELS[1:2], {"b": PREDICTIONS["b"]})
    assert report.deadline_accuracy == 1.0


def test_a_missing_prediction_counts_as_empty() -> None:
    report = score_predictions(LABELS, PREDICTIONS)
    assert report.missing_predictions == 1
    assert any(miss.startswith("d: ") for miss in report.misses)


def test_the_report_ends_with_a_one_line_summary() -> None:
    text = format_report(score_predictions(LABELS, PREDICTIONS))
    assert text.splitlines()[-1].startswith("cases=4 missing=1 macro_f1=")
    assert "miss c: " in text
