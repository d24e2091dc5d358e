"""The migration chain: upgrade, downgrade to base, upgrade again; models and migrations agree."""

from __future__ import annotations

from alembic import command
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from newsdb.db import make_engine
from newsdb.models import Base
from newsdb.schema import alembic_config, downgrade, head_revision, upgrade


def test_round_trip_and_alembic_check(fresh_url: str) -> None:
    upgrade(fresh_url)
    downgrade(fresh_url, "base")
    engine = make_engine(fresh_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(fresh_url)
    command.check(alembic_config(fresh_url))  # raises when models and migrations differ
    engine = make_engine(fresh_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == head_revision()
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "articles_fts" in tables

