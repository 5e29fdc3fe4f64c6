"""The rules version is derived from the rules' content, the same in every process."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys

import pytest

from classify import scoring
from classify.cues import appeal
from classify.version import digest, rules_content, rules_version

PRINT_VERSION = "from classify.version import rules_version; print(rules_version())"


def version_in_a_fresh_process(hash_seed: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PRINT_VERSION], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
    )
    return out.stdout.strip()


def test_the_version_is_ten_hex_digits_of_the_rules_content() -> None:
    assert re.fullmatch(r"[0-9a-f]{10}", rules_version())
    assert rules_version() == digest(rules_content())


def test_every_process_derives_the_same_version() -> None:
    assert version_in_a_fresh_process("1") == version_in_a_fresh_process("2") == rules_version()


def test_changing_a_cue_pattern_changes_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = rules_version()
    first, *rest = appeal.CUES
    monkeypatch.setattr(appeal, "CUES", (dataclasses.replace(first, pattern="x"), *rest))
    assert digest(rules_content()) != shipped


def test_changing_a_weight_changes_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = rules_version()
    monkeypatch.setattr(scoring, "CUE_LIFT", scoring.CUE_LIFT + 0.1)
    assert digest(rules_content()) != shipped


def test_a_cues_purpose_and_examples_do_not_change_the_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shipped = rules_version()
    first, *rest = appeal.CUES
    reworded = dataclasses.replace(first, purpose="Reworded.", fires_on=("x",), not_on=("y",))
    monkeypatch.setattr(appeal, "CUES", (reworded, *rest))
    assert digest(rules_content()) == shipped
