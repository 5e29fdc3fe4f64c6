"""The model comparison's pieces: its pretraining config and its logistic regression."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from spacy.util import load_config_from_str

from training.compare import TOK2VEC, ensemble_model, pretrain_config
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
