"""The labels the web offers for reclassifying are the classifier's own."""

from __future__ import annotations

from classify.types import CATEGORIES, NEXT_STEPS
from storage import queue
from web.render import LABELS


def test_storage_repeats_the_classifier_labels_exactly() -> None:
    assert queue.CATEGORIES == CATEGORIES
    assert queue.NEXT_STEPS == NEXT_STEPS


def test_every_label_has_a_readable_name() -> None:
    assert set(CATEGORIES) | set(NEXT_STEPS) <= set(LABELS)
