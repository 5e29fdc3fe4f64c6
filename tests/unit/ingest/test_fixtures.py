"""The fixture folder stays honest: one quirk per file, and every file asserted on by a test."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EMAILS_DIR

TEST_SOURCES = "\n".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))


def test_there_are_at_least_forty_quirk_fixtures() -> None:
    assert len(list(EMAILS_DIR.glob("*.eml"))) >= 40


def test_every_fixture_is_used_by_a_test() -> None:
    unused = [p.name for p in EMAILS_DIR.glob("*.eml") if f'"{p.name}"' not in TEST_SOURCES]
    assert unused == []
