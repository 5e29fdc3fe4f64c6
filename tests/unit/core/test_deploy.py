"""The production checklist: every unsafe setting is named, a safe configuration passes."""

from __future__ import annotations

from typing import Any

import pytest

from core.deploy import unsafe_production_settings
from core.settings import Settings

STRONG = "kQ3vX9-pL2mZ7rT4yW8bN1cF6hJ0sD5gA_eU"


def _settings(**values: Any) -> Settings:
    """Settings as configured, built outside production so that nothing is refused yet."""
    environment = values.pop("environment", "production")
    return Settings(environment="test", **values).model_copy(update={"environment": environment})


def _safe(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "secret_key": STRONG,
        "database_url": "postgresql+psycopg://sendtriage:Vb7-long-random-Pw-42x@db:5432/sendtriage",
        "broker_url": "redis://redis:6379/0",
        "relay_url": "smtp+starttls://helpline:Rt5-long-random-Pw-99q@mail.example:587",
    }
    values.update(overrides)
    return _settings(**values)


def _problems(settings: Settings) -> str:
    return "\n".join(unsafe_production_settings(settings))


def test_a_safe_production_configuration_has_no_problems() -> None:
    assert unsafe_production_settings(_safe()) == []


def test_the_embedded_default_database_is_not_a_problem() -> None:
    assert unsafe_production_settings(_safe(database_url=None, broker_url=None)) == []


@pytest.mark.parametrize("secret", ["", "a", "changeme", "x" * 31, "dev-insecure-change-me",
                                    "changeme-changeme-changeme-changeme", "a" * 40])
def test_a_weak_or_placeholder_secret_is_named(secret: str) -> None:
    assert "SENDTRIAGE_SECRET_KEY" in _problems(_safe(secret_key=secret))


def test_a_weak_secret_is_named_but_never_echoed() -> None:
    assert "Tr0ub4dor" not in _problems(_safe(secret_key="Tr0ub4dor&3-short"))


def test_not_running_in_production_mode_is_named() -> None:
    assert "SENDTRIAGE_ENVIRONMENT" in _problems(_safe(environment="development"))


def test_cookies_without_secure_and_no_hsts_are_named() -> None:
    problems = _problems(_safe(web_secure_cookies=False, web_hsts=False))
    assert "SENDTRIAGE_WEB_SECURE_COOKIES" in problems
    assert "SENDTRIAGE_WEB_HSTS" in problems


def test_debug_logging_is_named() -> None:
    assert "SENDTRIAGE_LOG_LEVEL" in _problems(_safe(log_level="debug"))


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://sendtriage:sendtriage@db:5432/sendtriage",
    "postgresql+psycopg://postgres:postgres@db/sendtriage",
    "postgresql+psycopg://sendtriage:password@db/sendtriage",
    "postgresql+psycopg://sendtriage:changeme@db/sendtriage",
    "postgresql+psycopg://sendtriage:short@db/sendtriage",
])
def test_a_default_or_weak_database_password_is_named(url: str) -> None:
    assert "SENDTRIAGE_DATABASE_URL" in _problems(_safe(database_url=url))


def test_a_weak_password_is_named_but_never_echoed() -> None:
    problems = _problems(_safe(database_url="postgresql+psycopg://app:Tr0ub4dor@db/sendtriage"))
    assert "SENDTRIAGE_DATABASE_URL" in problems
    assert "Tr0ub4dor" not in problems


def test_a_weak_broker_password_is_named() -> None:
    assert "SENDTRIAGE_BROKER_URL" in _problems(_safe(broker_url="redis://:redis@redis:6379/0"))


def test_relay_credentials_over_plain_smtp_are_named() -> None:
    problems = _problems(_safe(relay_url="smtp://helpline:Rt5-long-random-Pw-99q@mail.example:25"))
    assert "SENDTRIAGE_RELAY_URL" in problems


def test_smtp_on_all_interfaces_open_to_public_addresses_is_named() -> None:
    problems = _problems(_safe(smtp_host="0.0.0.0", smtp_allowed_clients="0.0.0.0/0"))
    assert "SENDTRIAGE_SMTP_ALLOWED_CLIENTS" in problems


def test_smtp_on_all_interfaces_limited_to_private_networks_is_not_a_problem() -> None:
    assert unsafe_production_settings(_safe(smtp_host="0.0.0.0")) == []


def test_every_problem_is_listed_not_only_the_first() -> None:
    problems = unsafe_production_settings(_settings(
        environment="development", secret_key="changeme", web_secure_cookies=False,
        web_hsts=False, log_level="DEBUG",
        database_url="postgresql+psycopg://postgres:postgres@db/sendtriage"))
    assert len(problems) == 6


def test_a_weak_smtp_auth_password_is_named(tmp_path: Any) -> None:
    cert, key = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    problems = _problems(_safe(smtp_tls_cert_file=cert, smtp_tls_key_file=key,
                               smtp_auth_username="mta", smtp_auth_password="mta"))
    assert "SENDTRIAGE_SMTP_AUTH_PASSWORD" in problems
