"""Run the Alembic migrations from Python (used by `newsdb db` and `newsdb up`)."""

from __future__ import annotations

import io

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from newsdb.db import make_engine
from newsdb.paths import migrations_dir


def alembic_config(database_url: str) -> Config:
    """Return an Alembic config for ``database_url`` that works from any working directory."""
    config = Config(stdout=io.StringIO())
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate the database up to ``revision``."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    """Migrate the database down to ``revision`` (``base`` empties it)."""
    command.downgrade(alembic_config(database_url), revision)


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None when it has never been migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """Return the newest revision the migrations define."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def is_up_to_date(database_url: str) -> bool:
    """Tell whether the database is at the newest revision."""
    engine = make_engine(database_url)
    try:
        return current_revision(engine) == head_revision()
    finally:
        engine.dispose()
