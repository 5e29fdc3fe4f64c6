"""The model comparison's pieces: its pretraining config and its logistic regression."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pytest
from spacy.util import load_config_from_str

from training.compare import TOK2VEC, ensemble_model, parse_splits, pretrain_config, table
from training.minilm import fit_logistic


def test_pretrain_config_pretrains_the_ensemble_textcats_tok2vec() -> None:
    config = load_config_from_str(pretrain_config(Path("raw.jsonl")), interpolate=False)
    model = config["components"]["textcat_multilabel"]["model"]
    assert model["@architectures"] == ensemble_model()["@architectures"]
    assert model["tok2vec"] == TOK2VEC
    assert config["pretraining"]["layer"] == "tok2vec"


def test_fit_logistic_separates_labels_a_feature_decides() -> None:
    rng = np.random.default_rng(0)
    features = rng.normal(size=(200, 5))
    targets = np.stack([features[:, 0] > 0, features[:, 3] < 0], axis=1).astype(float)
    weights, bias = fit_logistic(features, targets)
    predicted = (features @ weights + bias) > 0
    assert (predicted == targets.astype(bool)).mean() > 0.95


def test_splits_are_read_in_order_without_repeats() -> None:
    assert parse_splits("dev,test,dev") == ("dev", "test")


def test_an_unknown_split_is_refused_by_name() -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="train"):
        parse_splits("dev,train")


def test_the_table_has_a_column_per_real_split_scored() -> None:
    real = {"macro_f1": 0.5, "next_step": 0.4, "decision_date": 0.3, "decision_date_n": 12,
            "deadline": 0.2, "deadline_n": 13, "safeguarding_recall": 0.7,
            "safeguarding_precision": 0.4}
    team = {"macro_f1": 0.9, "next_step": 0.8, "decision_date": 1.0, "deadline": 1.0}
    results = {"bow": {"dev": real, "test": {**real, "next_step": 0.6}, "eval": team,
                       "blind": team, "blind2": team}}
    header, _, row = table(results, {"bow": 650.0}, ("dev", "test")).splitlines()
    assert "real dev" in header and "real test" in header
    assert "| 0.500 / 0.400 / 0.300 (12) / 0.200 (13) / 0.70, 0.40 |" in row
    assert "0.500 / 0.600 /" in row and row.endswith("| 650.0 |")
