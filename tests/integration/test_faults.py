"""The fault suite (bench/faults.py) at a small size: nothing acknowledged is lost or doubled
while workers, the listener, Redis and PostgreSQL are killed or stopped, nor when the embedded
`sendtriage serve` is killed mid-stream."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FAULTS = Path(__file__).resolve().parents[2] / "bench" / "faults.py"


@pytest.mark.timeout(1200)
def test_no_acknowledged_message_is_lost_or_duplicated_under_faults() -> None:
    run = subprocess.run(
        [sys.executable, str(FAULTS), "--messages", "40", "--rate", "4", "--outage", "5",
         "--json"], capture_output=True, text=True, timeout=1200, check=False)
    rows = json.loads(run.stdout.strip().splitlines()[-1])
    assert [row["set-up"] for row in rows] == ["PostgreSQL + Redis", "embedded (serve)"]
    for row in rows:
        assert row["acknowledged"] == 40, run.stderr[-3000:]
        assert (row["lost"], row["duplicates"]) == (0, 0), row
        assert row["processed"] == row["stored"] == 40, row
    assert run.returncode == 0
