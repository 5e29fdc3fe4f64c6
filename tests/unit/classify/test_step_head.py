"""The next-step layer fitted with numpy on encoder vectors (no encoder needed here)."""

from __future__ import annotations

import numpy as np
import pytest

from classify.step_head import STEPS, Layer, fit_layer
from core.labels import NextStep


def _clusters() -> tuple[np.ndarray, list[NextStep]]:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(len(STEPS), 384)).astype(np.float32)
    vectors = np.concatenate([centres + 0.1 * rng.normal(size=(8, 384)).astype(np.float32)
                              for centres in centres[:, None, :]])
    return vectors.astype(np.float32), [step for step in STEPS for _ in range(8)]


def _best(layer: Layer, vectors: np.ndarray) -> list[NextStep]:
    return [STEPS[i] for i in layer.probabilities(vectors).argmax(axis=1)]


def test_the_fitted_layer_gives_each_cluster_its_step() -> None:
    vectors, steps = _clusters()
    assert _best(fit_layer(vectors, steps), vectors) == steps


def test_fitting_twice_gives_the_same_layer() -> None:
    vectors, steps = _clusters()
    first, second = fit_layer(vectors, steps), fit_layer(vectors, steps)
    assert np.array_equal(first.weights, second.weights)


def test_a_heavier_row_outweighs_a_lighter_one_on_the_same_vector() -> None:
    vectors, _ = _clusters()
    same = np.stack([vectors[0], vectors[0]])
    layer = fit_layer(same, [NextStep.APPEAL, NextStep.FORMAL_COMPLAINT], [1.0, 3.0])
    assert _best(layer, same[:1]) == [NextStep.FORMAL_COMPLAINT]


def test_the_layer_survives_a_round_trip_through_json() -> None:
    vectors, steps = _clusters()
    layer = fit_layer(vectors, steps, trained_on={"rows": len(steps)})
    again = Layer.from_json(layer.to_json())
    assert _best(again, vectors) == steps
    assert again.trained_on == {"rows": len(steps)}


def test_probabilities_sum_to_one() -> None:
    vectors, steps = _clusters()
    assert np.allclose(fit_layer(vectors, steps).probabilities(vectors).sum(axis=1), 1.0)


def test_a_layer_for_other_steps_is_refused() -> None:
    vectors, steps = _clusters()
    data = fit_layer(vectors, steps).to_json().replace('"general_advice"', '"something_else"')
    with pytest.raises(ValueError, match="steps"):
        Layer.from_json(data)
