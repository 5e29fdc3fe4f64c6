"""The beat schedule: what runs periodically, and how often."""

from __future__ import annotations

from collections.abc import Callable

from core.settings import Settings
from worker.app import PURGE, make_celery


def test_the_retention_purge_runs_once_a_day(make_settings: Callable[..., Settings]) -> None:
    schedule = make_celery(make_settings()).conf.beat_schedule
    assert schedule["purge"] == {"task": PURGE, "schedule": 24 * 60 * 60.0}
