"""Schema migrations driven from code: upgrade, current revision and drift check."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_database(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision``; safe to call again (a no-op when current)."""
    command.upgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_drift(engine: Engine) -> list[object]:
    """Differences between the models and the migrated database (empty when they match)."""
    from alembic.autogenerate import compare_metadata  # noqa: PLC0415

    from storage.models import Base  # noqa: PLC0415
    from storage.search import is_search_index_object  # noqa: PLC0415

    def include_name(name: str | None, type_: str, parent_names: object) -> bool:
        return not is_search_index_object(name)

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name})
        return list(compare_metadata(context, Base.metadata))
