"""The labels the web offers for reclassifying all have a readable name."""

from __future__ import annotations

from core.labels import CATEGORIES, NEXT_STEPS
from web.render import LABELS


def test_every_label_has_a_readable_name() -> None:
    assert set(CATEGORIES) | set(NEXT_STEPS) <= set(LABELS)
