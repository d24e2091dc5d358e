"""Alembic environment: metadata from newsdb.models, URL from newsdb's settings."""

from __future__ import annotations

from typing import Any

from alembic import context

from newsdb.config import load_settings
from newsdb.db import make_engine
from newsdb.models import Base

config = context.config
target_metadata = Base.metadata

# Objects that migrations create by hand and the models do not describe: the FTS5 table and its
# shadow tables on SQLite, the full-text column and its index on PostgreSQL, reporting views.
UNMODELLED_PREFIXES = ("articles_fts", "ix_articles_search", "search_vector", "report_",
                       "sqlite_")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Leave hand-made objects out of autogenerate and `alembic check`."""
    return not (name and name.startswith(UNMODELLED_PREFIXES))


def _url() -> str:
    return config.attributes.get("database_url") or load_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      include_object=include_object, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


def _run(connection: Any) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      include_object=include_object, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
