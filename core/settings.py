"""Typed settings read from ``SENDTRIAGE_*`` environment variables (see ``.env.example``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEV_SECRET = "dev-insecure-change-me"  # noqa: S105 - refused outside development below

CommaList = Annotated[list[str], NoDecode]


def _split_addresses(value: object) -> object:
    if isinstance(value, str):
        return [part.strip().lower() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(part).strip().lower() for part in value if str(part).strip()]
    return value


class Settings(BaseSettings):
    """Every setting of the service; build one explicitly in tests and pass it in."""

    model_config = SettingsConfigDict(
        env_prefix="SENDTRIAGE_", env_file=None, extra="ignore", secrets_dir=None
    )

    environment: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path("./var")
    database_url: str | None = None
    broker_url: str | None = None
    secret_key: SecretStr = SecretStr(DEV_SECRET)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    max_message_bytes: int = 10 * 1024 * 1024
    inbox_addresses: CommaList = Field(default_factory=lambda: ["advice@advice-line.example"])
    forwarder_addresses: CommaList = Field(default_factory=list)

    web_host: str = "127.0.0.1"
    web_port: int = 8000
    web_secure_cookies: bool = False

    relay_url: str | None = None
    reply_from: str = "SEND Advice Line <advice@advice-line.example>"
    message_id_domain: str = "sendtriage.advice-line.example"

    worker_concurrency: int = 2
    max_attempts: int = 5
    stale_after_seconds: int = 300
    sweep_interval_seconds: int = 60
    low_confidence_threshold: float = 0.6
    model_path: Path | None = None

    log_level: str = "INFO"

    _split_inbox = field_validator("inbox_addresses", "forwarder_addresses", mode="before")(
        classmethod(lambda cls, v: _split_addresses(v))
    )

    @model_validator(mode="after")
    def _refuse_dev_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key.get_secret_value() == DEV_SECRET:
            raise ValueError("SENDTRIAGE_SECRET_KEY must be set in production")
        if not self.inbox_addresses:
            raise ValueError("SENDTRIAGE_INBOX_ADDRESSES must name at least one address")
        return self

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
    def resolved_forwarders(self) -> frozenset[str]:
        """Helpline forwarders; unset means anyone at the inboxes' own domains (``@domain``)."""
        if self.forwarder_addresses:
            return frozenset(self.forwarder_addresses)
        return frozenset("@" + a.rpartition("@")[2] for a in self.inbox_addresses if "@" in a)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment on first use."""
    return Settings()
