"""Alembic environment: runs migrations against the URL given in the config (or settings)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from core.settings import get_settings
from storage.db import make_engine
from storage.models import Base, UTCDateTime
from storage.search import is_search_index_object

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations must not import models: the UTC wrapper is a plain timestamptz in the database.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    # The search indexes of migration 0003 live outside the models (FTS5 tables, trigram
    # expression indexes): autogenerate must not offer to drop them.
    return not is_search_index_object(name)


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    return url or get_settings().resolved_database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, render_item=_render_item,
                      include_name=_include_name)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True, render_item=_render_item,
                      include_name=_include_name)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata,
                          render_as_batch=True, render_item=_render_item,
                      include_name=_include_name)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
