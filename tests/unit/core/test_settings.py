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


STRONG_SECRET = "kQ3vX9-pL2mZ7rT4yW8bN1cF6hJ0sD5gA_eU"


@pytest.mark.parametrize("secret", ["", "a", "changeme", "secret", "x" * 31,
                                    "change-me-to-a-long-random-string-please"])
def test_production_refuses_a_short_or_placeholder_secret(secret: str) -> None:
    with pytest.raises(ValueError, match="SENDTRIAGE_SECRET_KEY"):
        Settings(environment="production", secret_key=secret)


def test_the_refusal_never_quotes_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDTRIAGE_SECRET_KEY", "Tr0ub4dor&3-short")
    with pytest.raises(ValueError, match="SENDTRIAGE_SECRET_KEY") as refused:
        Settings(environment="production")
    assert "Tr0ub4dor" not in str(refused.value)


def test_production_accepts_a_long_random_secret() -> None:
    Settings(environment="production", secret_key=STRONG_SECRET)


def test_the_env_example_would_not_start_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in re.findall(r"^(SENDTRIAGE_[A-Z_]+)=(.*)$",
                                 (REPO / ".env.example").read_text(), re.MULTILINE):
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SENDTRIAGE_ENVIRONMENT", "production")
    with pytest.raises(ValueError, match="SENDTRIAGE_SECRET_KEY"):
        Settings()


def test_production_defaults_to_secure_cookies_and_hsts() -> None:
    settings = Settings(environment="production", secret_key=STRONG_SECRET)
    assert settings.secure_cookies
    assert settings.hsts


def test_production_may_opt_out_of_secure_cookies_and_hsts() -> None:
    settings = Settings(environment="production", secret_key=STRONG_SECRET,
                        web_secure_cookies=False, web_hsts=False)
    assert not settings.secure_cookies
    assert not settings.hsts


def test_development_keeps_plain_http_cookies_and_no_hsts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDTRIAGE_WEB_SECURE_COOKIES", "")  # as .env.example ships it
    settings = Settings()
    assert not settings.secure_cookies
    assert not settings.hsts


def test_smtp_allow_list_defaults_to_this_host_and_private_networks() -> None:
    networks = [str(n) for n in Settings(smtp_allowed_clients="").smtp_client_networks]
    assert "127.0.0.0/8" in networks and "10.0.0.0/8" in networks
    assert "0.0.0.0/0" not in networks


def test_smtp_allow_list_refuses_what_is_not_a_network() -> None:
    with pytest.raises(ValueError, match="not an address or CIDR"):
        Settings(smtp_allowed_clients="10.0.0.0/8, mail.example.org")


def test_smtp_tls_certificate_without_its_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="go together"):
        Settings(smtp_tls_cert_file=tmp_path / "smtp.crt")


def test_smtp_auth_without_starttls_is_refused() -> None:
    with pytest.raises(ValueError, match="AUTH needs STARTTLS"):
        Settings(smtp_auth_username="mta", smtp_auth_password="a long relay password")


def test_retention_defaults_to_a_year_when_unset_or_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().retention_days == 365
    monkeypatch.setenv("SENDTRIAGE_RETENTION_DAYS", "")
    assert Settings().retention_days == 365


def test_retention_zero_is_kept_as_keep_forever_and_negative_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SENDTRIAGE_RETENTION_DAYS", "0")
    assert Settings().retention_days == 0
    monkeypatch.setenv("SENDTRIAGE_RETENTION_DAYS", "-1")
    with pytest.raises(ValueError, match="retention_days"):
        Settings()
