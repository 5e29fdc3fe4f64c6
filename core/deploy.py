"""The production checklist behind ``sendtriage check --deploy``: every unsafe setting, named.

Each finding names the variable and why it is unsafe, never its value (secrets, passwords).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import unquote, urlsplit

from core.settings import Settings, secret_key_weakness

MIN_PASSWORD_LENGTH = 12
# Passwords that images, tutorials and compose files ship with.
_DEFAULT_PASSWORDS = frozenset({
    "postgres", "password", "passw0rd", "secret", "changeme", "change-me", "admin", "root",
    "redis", "guest", "sendtriage", "example", "test", "default", "letmein", "123456",
})
_WILDCARDS = frozenset({"", "0.0.0.0", "::", "*", "[::]"})  # noqa: S104 - what we look for


def _password_weakness(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return "cannot be parsed"
    if parts.password is None:
        return None
    weakness = _weak_password(unquote(parts.password), unquote(parts.username or ""))
    return f"carries {weakness}" if weakness else None


def _weak_password(password: str, user: str) -> str | None:
    if password.lower() in _DEFAULT_PASSWORDS or password == user:
        return "a default password"
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password shorter than {MIN_PASSWORD_LENGTH} characters"
    return None


def _is_loopback(host: str | None) -> bool:
    if not host or host == "localhost":
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_problems(settings: Settings) -> list[str]:
    problems = []
    for name, url in (("SENDTRIAGE_DATABASE_URL", settings.database_url),
                      ("SENDTRIAGE_BROKER_URL", settings.broker_url),
                      ("SENDTRIAGE_RELAY_URL", settings.relay_url)):
        weakness = _password_weakness(url)
        if weakness:
            problems.append(f"{name} {weakness}: use a long random password.")
    relay = urlsplit(settings.relay_url) if settings.relay_url else None
    if relay and relay.scheme == "smtp" and relay.password and not _is_loopback(relay.hostname):
        problems.append("SENDTRIAGE_RELAY_URL sends its password unencrypted (smtp://) to "
                        "another host: use smtp+starttls:// or smtps://.")
    return problems


def unsafe_production_settings(settings: Settings) -> list[str]:
    """One line per setting that is unsafe for production; empty when none is.

    Pure: reads ``settings`` only (no network, no database), so a second call is the same.
    """
    problems = []
    if settings.environment != "production":
        problems.append(f"SENDTRIAGE_ENVIRONMENT is {settings.environment!r}: set it to "
                        "production (it turns on the refusals and defaults below).")
    weakness = secret_key_weakness(settings.secret_key.get_secret_value())
    if weakness:
        problems.append(f"SENDTRIAGE_SECRET_KEY {weakness}: use a long random secret, e.g. "
                        'python3 -c "import secrets; print(secrets.token_urlsafe(48))".')
    as_production = settings.model_copy(update={"environment": "production"})
    if not as_production.secure_cookies:
        problems.append("SENDTRIAGE_WEB_SECURE_COOKIES is false: session cookies would also "
                        "travel over plain HTTP; serve the web app over HTTPS and leave it unset.")
    if not as_production.hsts:
        problems.append("SENDTRIAGE_WEB_HSTS is off: browsers may be talked into plain HTTP; "
                        "leave it and SENDTRIAGE_WEB_SECURE_COOKIES unset behind HTTPS.")
    if settings.log_level.upper() in ("DEBUG", "NOTSET"):
        problems.append(f"SENDTRIAGE_LOG_LEVEL is {settings.log_level.upper()}: libraries log "
                        "requests, SQL and task details at that level; use INFO.")
    problems.extend(_url_problems(settings))
    problems.extend(_smtp_problems(settings))
    return problems


def _smtp_problems(settings: Settings) -> list[str]:
    problems = []
    public = [str(net) for net in settings.smtp_client_networks
              if not (net.is_private or net.is_loopback)]
    if public and settings.smtp_host.strip().lower() in _WILDCARDS:
        problems.append("SENDTRIAGE_SMTP_HOST listens on every interface and "
                        "SENDTRIAGE_SMTP_ALLOWED_CLIENTS admits public addresses: anyone who "
                        "reaches the port can put mail in the queue; allow only the helpline "
                        "MTA's address, and bind the listener to the address it delivers to.")
    if settings.smtp_auth_password is not None:
        weakness = _weak_password(settings.smtp_auth_password.get_secret_value(),
                                  settings.smtp_auth_username or "")
        if weakness:
            problems.append(f"SENDTRIAGE_SMTP_AUTH_PASSWORD is {weakness}: use a long random "
                            "password.")
    return problems
