"""Settings: read from SENDTRIAGE_* variables, typed, documented, safe defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.settings import Settings

REPO = Path(__file__).resolve().parents[3]


def test_every_setting_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^SENDTRIAGE_([A-Z_]+)=", (REPO / ".env.example").read_text(),
                                re.MULTILINE))
    fields = {name.upper() for name in Settings.model_fields}
    assert fields == documented


def test_inbox_addresses_are_read_as_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SENDTRIAGE_INBOX_ADDRESSES", "Advice@Example.org, triage@example.org")
    assert Settings().inbox_addresses == ["advice@example.org", "triage@example.org"]


def test_embedded_defaults_live_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'sendtriage.db'}"
    assert settings.resolved_broker_url == f"sqla+sqlite:///{tmp_path / 'broker.db'}"


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Settings(environment="production")


def test_an_empty_inbox_list_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDTRIAGE_INBOX_ADDRESSES", " , ")
    with pytest.raises(ValueError, match="INBOX_ADDRESSES"):
        Settings()


def test_creating_settings_connects_to_nothing(tmp_path: Path) -> None:
    Settings(data_dir=tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_without_configured_forwarders_the_inbox_domains_are_the_helpline() -> None:
    settings = Settings(inbox_addresses=["advice@advice-line.example"])
    assert settings.resolved_forwarders == frozenset({"@advice-line.example"})


def test_configured_forwarders_replace_the_domain_default() -> None:
    settings = Settings(forwarder_addresses=["enquiries@advice-line.example"])
    assert settings.resolved_forwarders == frozenset({"enquiries@advice-line.example"})
