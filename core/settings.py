"""Typed settings read from ``SENDTRIAGE_*`` environment variables (see ``.env.example``)."""

from __future__ import annotations

import ipaddress
import os
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_core import PydanticUseDefault
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEV_SECRET = "dev-insecure-change-me"  # noqa: S105 - refused outside development below
MIN_SECRET_LENGTH = 32
# Values people paste from examples and tutorials; matched whole or as part of the secret.
_PLACEHOLDER_WORDS = ("changeme", "change-me", "change_me", "replaceme", "replace-me",
                      "replace_me", "your-secret", "your_secret", "yoursecret", "insecure",
                      "placeholder", "example", "secret-key", "secret_key", "secretkey")
_PLACEHOLDERS = frozenset({"secret", "password", "default", "development", "test", "testing",
                           "django-insecure", "sendtriage", "xxx", "todo"})

CommaList = Annotated[list[str], NoDecode]
# Who may connect to the SMTP listener when SENDTRIAGE_SMTP_ALLOWED_CLIENTS is unset: this host
# and the private networks the helpline's MTA (or Docker's bridge) delivers from.
DEFAULT_SMTP_CLIENTS = ("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12",
                        "192.168.0.0/16", "fc00::/7")


def secret_key_weakness(secret: str) -> str | None:
    """Why ``secret`` must not sign production sessions, or None; never quotes the secret."""
    folded = secret.strip().lower()
    if not folded:
        return "is empty"
    if folded in _PLACEHOLDERS or secret == DEV_SECRET or any(
            word in folded for word in _PLACEHOLDER_WORDS):
        return "is a known placeholder"
    if len(secret) < MIN_SECRET_LENGTH:
        return f"has {len(secret)} characters; at least {MIN_SECRET_LENGTH} are needed"
    if len(set(secret)) < 10:
        return "repeats a handful of characters; it does not look random"
    return None


def _split_addresses(value: object) -> object:
    if isinstance(value, str):
        return [part.strip().lower() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(part).strip().lower() for part in value if str(part).strip()]
    return value


class Settings(BaseSettings):
    """Every setting of the service; build one explicitly in tests and pass it in."""

    model_config = SettingsConfigDict(
        env_prefix="SENDTRIAGE_", env_file=None, extra="ignore", secrets_dir=None,
        # Errors would otherwise quote every value given, the secret and passwords included.
        hide_input_in_errors=True,
    )

    environment: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path("./var")
    database_url: str | None = None
    broker_url: str | None = None
    secret_key: SecretStr = SecretStr(DEV_SECRET)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    max_message_bytes: int = 10 * 1024 * 1024
    # SMTP limits, named after the Postfix settings they mirror (see .env.example).
    smtp_max_connections: int = Field(100, ge=1)  # default_process_limit
    smtp_max_connections_per_client: int = Field(20, ge=1)  # smtpd_client_connection_count_limit
    smtp_idle_timeout_seconds: float = Field(300, gt=0)  # smtpd_timeout
    smtp_max_recipients: int = Field(100, ge=1)  # smtpd_recipient_limit
    smtp_hard_error_limit: int = Field(20, ge=1)  # smtpd_hard_error_limit
    smtp_allowed_clients: CommaList = Field(  # mynetworks
        default_factory=lambda: list(DEFAULT_SMTP_CLIENTS))
    smtp_tls_cert_file: Path | None = None
    smtp_tls_key_file: Path | None = None
    smtp_require_tls: bool = False  # smtpd_tls_security_level = encrypt
    smtp_auth_username: str | None = None
    smtp_auth_password: SecretStr | None = None
    inbox_addresses: CommaList = Field(default_factory=lambda: ["advice@advice-line.example"])
    forwarder_addresses: CommaList = Field(default_factory=list)

    web_host: str = "127.0.0.1"
    web_port: int = 8000
    # None: on in production, off otherwise (plain http://127.0.0.1 in development); HSTS
    # follows the cookies unless set.
    web_secure_cookies: bool | None = None
    web_hsts: bool | None = None
    session_idle_minutes: int = Field(120, ge=1)
    session_max_hours: int = Field(12, ge=1)
    # Where failed sign-ins are counted, shared by every web process: unset, the database;
    # a redis:// URL, Redis.
    login_throttle_url: str | None = None
    # Proxies (addresses or CIDRs) whose X-Forwarded-For names the client: sign-in throttling
    # counts per client address, and behind a proxy every client would otherwise be the proxy.
    web_trusted_proxies: CommaList = Field(default_factory=list)

    relay_url: str | None = None
    reply_from: str = "SEND Advice Line <advice@advice-line.example>"
    # Who is emailed at once when a safeguarding case arrives (empty: nobody).
    safeguarding_alert_to: CommaList = Field(default_factory=list)
    # The web app's address as advisers reach it, for links in alerts (e.g. https://triage.example).
    web_public_url: str = ""
    message_id_domain: str = "sendtriage.advice-line.example"

    worker_concurrency: int = 2
    # "auto": workers take messages from the database on the embedded default (no broker
    # configured), from the broker otherwise (issue 11).
    pipeline_feed: Literal["auto", "broker", "database"] = "auto"
    max_attempts: int = 5
    stale_after_seconds: int = 300
    sweep_interval_seconds: int = 60
    low_confidence_threshold: float = 0.6
    # The manager's dashboard is computed at most this often and shared by every request in
    # the meantime (the page says "As of"); 0 computes it for every request (issue 11).
    dashboard_max_age_seconds: float = Field(30, ge=0)
    # The helpline's retention policy: personal content of a case closed longer than this is
    # deleted (``sendtriage purge``, daily beat job); 0 keeps everything forever.
    retention_days: int = Field(365, ge=0)
    model_path: Path | None = None

    log_level: str = "INFO"

    _split_inbox = field_validator("inbox_addresses", "forwarder_addresses",
                                   "web_trusted_proxies", "safeguarding_alert_to",
                                   mode="before")(
        classmethod(lambda cls, v: _split_addresses(v))
    )

    @field_validator("web_secure_cookies", "web_hsts", "login_throttle_url", "smtp_tls_cert_file",
                     "smtp_tls_key_file", "smtp_auth_username", "smtp_auth_password",
                     mode="before")
    @classmethod
    def _empty_means_default(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("retention_days", mode="before")
    @classmethod
    def _empty_means_policy_default(cls, value: object) -> object:
        # An empty line in an env file must not switch retention off (0) or fail to start.
        if isinstance(value, str) and not value.strip():
            raise PydanticUseDefault
        return value

    @field_validator("smtp_allowed_clients", mode="before")
    @classmethod
    def _read_networks(cls, value: object) -> object:
        parts = _split_addresses(value)
        if not isinstance(parts, list):
            return parts
        if not parts:
            return list(DEFAULT_SMTP_CLIENTS)
        for part in parts:
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                # The value is an address range, not personal data: safe to name.
                raise ValueError(f"{part!r} is not an address or CIDR network") from None
        return parts

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        weakness = secret_key_weakness(self.secret_key.get_secret_value())
        if self.environment == "production" and weakness:
            raise ValueError(
                f"SENDTRIAGE_SECRET_KEY {weakness}: production needs a long random secret, "
                'e.g. python3 -c "import secrets; print(secrets.token_urlsafe(48))"')
        if not self.inbox_addresses:
            raise ValueError("SENDTRIAGE_INBOX_ADDRESSES must name at least one address")
        self._refuse_half_configured_smtp()
        return self

    def _refuse_half_configured_smtp(self) -> None:
        if (self.smtp_tls_cert_file is None) != (self.smtp_tls_key_file is None):
            raise ValueError("SENDTRIAGE_SMTP_TLS_CERT_FILE and SENDTRIAGE_SMTP_TLS_KEY_FILE "
                             "go together: set both for STARTTLS, or neither")
        if self.smtp_require_tls and self.smtp_tls_cert_file is None:
            raise ValueError("SENDTRIAGE_SMTP_REQUIRE_TLS needs SENDTRIAGE_SMTP_TLS_CERT_FILE "
                             "and SENDTRIAGE_SMTP_TLS_KEY_FILE")
        if (self.smtp_auth_username is None) != (self.smtp_auth_password is None):
            raise ValueError("SENDTRIAGE_SMTP_AUTH_USERNAME and SENDTRIAGE_SMTP_AUTH_PASSWORD "
                             "go together: set both to require AUTH, or neither")
        if self.smtp_auth_username is not None and self.smtp_tls_cert_file is None:
            # aiosmtpd offers AUTH only after STARTTLS: a password never crosses in clear.
            raise ValueError("SMTP AUTH needs STARTTLS: set SENDTRIAGE_SMTP_TLS_CERT_FILE and "
                             "SENDTRIAGE_SMTP_TLS_KEY_FILE too")

    @property
    def smtp_client_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """SENDTRIAGE_SMTP_ALLOWED_CLIENTS as networks (a bare address is a /32 or /128)."""
        return tuple(ipaddress.ip_network(n, strict=False) for n in self.smtp_allowed_clients)

    @property
    def secure_cookies(self) -> bool:
        """Session cookies marked Secure: SENDTRIAGE_WEB_SECURE_COOKIES, else production."""
        if self.web_secure_cookies is not None:
            return self.web_secure_cookies
        return self.environment == "production"

    @property
    def hsts(self) -> bool:
        """Strict-Transport-Security on every answer: SENDTRIAGE_WEB_HSTS, else as cookies."""
        # Secure cookies say the site is served over HTTPS, which is what HSTS pins.
        return self.web_hsts if self.web_hsts is not None else self.secure_cookies

    @property
    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        """The database URL; the embedded default is SQLite under the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir / 'sendtriage.db'}"

    @property
    def resolved_broker_url(self) -> str:
        """The Celery broker URL; the embedded default is kombu's SQLAlchemy transport on SQLite."""
        if self.broker_url:
            return self.broker_url
        return f"sqla+sqlite:///{self.resolved_data_dir / 'broker.db'}"

    @property
    def feeds_from_database(self) -> bool:
        """Workers take ``received`` messages straight from the database (no broker task)."""
        if self.pipeline_feed == "auto":
            return not self.broker_url
        return self.pipeline_feed == "database"

    @property
    def resolved_forwarders(self) -> frozenset[str]:
        """Helpline forwarders; unset means anyone at the inboxes' own domains (``@domain``)."""
        if self.forwarder_addresses:
            return frozenset(self.forwarder_addresses)
        return frozenset("@" + a.rpartition("@")[2] for a in self.inbox_addresses if "@" in a)

    @property
    def own_addresses(self) -> frozenset[str]:
        """Addresses our replies come from or parents write to (lower case)."""
        sender = parseaddr(self.reply_from)[1]
        return frozenset(a.lower() for a in [sender, *self.inbox_addresses] if "@" in a)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment on first use."""
    return Settings()


def read_settings_for_review() -> Settings:
    """The environment's settings without the production refusals, so that a review can name
    every unsafe value at once (``sendtriage check --deploy``); never use them to serve."""
    environment = os.environ.get("SENDTRIAGE_ENVIRONMENT", "development")
    if environment not in ("development", "production", "test"):
        raise ValueError("SENDTRIAGE_ENVIRONMENT must be development, production or test")
    # An explicit argument wins over the environment: read as development, then relabel.
    return Settings(environment="development").model_copy(update={"environment": environment})


def describe_settings_error(exc: ValueError) -> str:
    """A settings error as lines an operator can act on, without echoing any value given."""
    if not isinstance(exc, ValidationError):
        return str(exc)
    lines = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error.get("loc", ()))
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        lines.append(f"SENDTRIAGE_{field.upper()}: {message}" if field else message)
    return "\n".join(lines)
