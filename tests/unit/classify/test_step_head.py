"""The head's layers fitted with numpy on encoder vectors (no encoder needed here)."""

from __future__ import annotations

import numpy as np
import pytest

from classify.step_head import (
    STEP_LABELS,
    STEPS,
    Layer,
    fit_category_layer,
    fit_step_layer,
)
from core.labels import CATEGORIES, NextStep


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
    assert _best(fit_step_layer(vectors, steps), vectors) == steps


def test_fitting_twice_gives_the_same_layer() -> None:
    vectors, steps = _clusters()
    first, second = fit_step_layer(vectors, steps), fit_step_layer(vectors, steps)
    assert np.array_equal(first.weights, second.weights)


def test_a_heavier_row_outweighs_a_lighter_one_on_the_same_vector() -> None:
    vectors, _ = _clusters()
    same = np.stack([vectors[0], vectors[0]])
    layer = fit_step_layer(same, [NextStep.APPEAL, NextStep.FORMAL_COMPLAINT], [1.0, 3.0])
    assert _best(layer, same[:1]) == [NextStep.FORMAL_COMPLAINT]


def test_the_layer_survives_a_round_trip_through_json() -> None:
    vectors, steps = _clusters()
    layer = fit_step_layer(vectors, steps, trained_on={"rows": len(steps)})
    again = Layer.from_json(layer.to_json(), STEP_LABELS)
    assert _best(again, vectors) == steps
    assert again.trained_on == {"rows": len(steps)}


def test_step_probabilities_sum_to_one() -> None:
    vectors, steps = _clusters()
    assert np.allclose(fit_step_layer(vectors, steps).probabilities(vectors).sum(axis=1), 1.0)


def test_a_layer_for_other_steps_is_refused() -> None:
    vectors, steps = _clusters()
    data = fit_step_layer(vectors, steps).to_json().replace('"general_advice"', '"other"')
    with pytest.raises(ValueError, match="labels"):
        Layer.from_json(data, STEP_LABELS)


def _category_sets(steps: list[NextStep]) -> list[set[str]]:
    """Two categories on the first cluster, one on the next four, none on the rest."""
    groups: list[set[str]] = [{"appeal", "discrimination"}, *({str(c)} for c in CATEGORIES)]
    index = {step: i for i, step in enumerate(STEPS)}
    return [groups[index[step]] if index[step] < len(groups) else set() for step in steps]


def test_the_category_layer_finds_every_category_of_a_row_and_no_other() -> None:
    vectors, steps = _clusters()
    wanted = _category_sets(steps)
    probs = fit_category_layer(vectors, wanted).probabilities(vectors)
    found = [{c for c, p in zip(CATEGORIES, row, strict=True) if p >= 0.5} for row in probs]
    assert found == wanted


def test_the_category_layer_survives_a_round_trip_through_json() -> None:
    vectors, steps = _clusters()
    layer = fit_category_layer(vectors, _category_sets(steps))
    again = Layer.from_json(layer.to_json(), CATEGORIES)
    assert again.multilabel
    assert np.allclose(again.probabilities(vectors), layer.probabilities(vectors), atol=1e-5)


def test_a_step_layer_is_not_read_as_a_category_layer() -> None:
    vectors, steps = _clusters()
    with pytest.raises(ValueError, match="labels"):
        Layer.from_json(fit_step_layer(vectors, steps).to_json(), CATEGORIES)


def test_the_bagged_layer_is_not_one_plain_fit() -> None:
    vectors, steps = _clusters()
    bagged, plain = fit_step_layer(vectors, steps), fit_step_layer(vectors, steps, bags=1)
    assert not np.allclose(bagged.weights, plain.weights, rtol=0, atol=1e-4)


def test_a_row_of_its_own_is_learned_by_the_bagged_layer() -> None:
    # A bootstrap that resamples rows leaves a single row out of a third of its fits; the
    # layer must still give it its label (an adviser's one correction is such a row).
    vectors, steps = _clusters()
    lone = vectors[:1] + 2.0
    layer = fit_step_layer(np.concatenate([vectors, lone]), [*steps, NextStep.GENERAL_ADVICE])
    assert _best(layer, lone) == [NextStep.GENERAL_ADVICE]
