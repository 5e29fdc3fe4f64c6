"""The vocabulary is typed: ``mypy --strict`` refuses a misspelt next step."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

from tests.conftest import REPO_ROOT

CORRECT = '''
from core.labels import NextStep

step: NextStep = NextStep.APPEAL
chosen: NextStep = NextStep("appeal")
'''
MISSPELT_MEMBER = '''
from core.labels import NextStep

step: NextStep = NextStep.APEAL
'''
MISSPELT_VALUE = '''
from classify.types import Triage

triage = Triage(categories=(), scores={}, next_step="apeal", decision_date=None, deadline=None,
                safeguarding=False, confidence=1.0, model_version="test")
'''


def _mypy(tmp_path: Path, source: str) -> tuple[str, int]:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(source)
    stdout, _stderr, status = api.run([
        "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
        "--config-file", str(REPO_ROOT / "pyproject.toml"), str(snippet),
    ])
    return stdout, status


@pytest.fixture(autouse=True)
def _run_from_the_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)


def test_mypy_accepts_correctly_spelt_next_steps(tmp_path: Path) -> None:
    stdout, status = _mypy(tmp_path, CORRECT)
    assert status == 0, stdout


def test_mypy_refuses_a_misspelt_next_step_member(tmp_path: Path) -> None:
    stdout, status = _mypy(tmp_path, MISSPELT_MEMBER)
    assert status == 1
    assert 'has no attribute "APEAL"' in stdout


def test_mypy_refuses_a_misspelt_string_for_a_triage_next_step(tmp_path: Path) -> None:
    stdout, status = _mypy(tmp_path, MISSPELT_VALUE)
    assert status == 1
    assert 'Argument "next_step" to "Triage" has incompatible type "str"' in stdout
