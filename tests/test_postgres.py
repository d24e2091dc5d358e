"""PostgreSQL as a full backend: the migrations up and down, the tsvector search index, writers
taking turns on the advisory lock, and ad hoc SQL on a login role of its own
(NEWSDB_SQL_DATABASE_URL). The rest of the suite runs here too (`.ci/run`); these are what only
PostgreSQL has."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from newsdb.config import Settings
from newsdb.db import POSTGRES_WRITE_LOCK, make_engine, session_scope
from newsdb.reports import SqlLimits, SqlRefused, run_sql, sql_engine
from newsdb.schema import alembic_config, downgrade, upgrade
from tests.conftest import on_postgres

pytestmark = pytest.mark.skipif(not on_postgres(),
                                reason="PostgreSQL only (NEWSDB_TEST_DATABASE_URL)")
LIMITS = SqlLimits(time_limit_ms=5000, max_rows=100)


@pytest.fixture()
def migrated(backend_url: str) -> Iterator[Engine]:
    upgrade(backend_url)
    engine = make_engine(backend_url)
    yield engine
    engine.dispose()


def test_migrations_go_down_and_up_again(backend_url: str) -> None:
    upgrade(backend_url)
    command.check(alembic_config(backend_url))  # the models and the migrated schema agree
    downgrade(backend_url, "base")
    engine = make_engine(backend_url)
    with engine.connect() as connection:
        tables = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        assert set(tables) <= {"alembic_version"}
    upgrade(backend_url)
    with engine.connect() as connection:
        index = connection.execute(text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_search_vector'")
        ).scalar()
        document = connection.execute(text(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'articles' AND column_name = 'search_vector'")).scalar()
        volatility = connection.execute(text(
            "SELECT provolatile FROM pg_proc WHERE proname = 'newsdb_unaccent'")).scalar()
    engine.dispose()
    assert index is not None and "gin" in index and "search_vector" in index
    assert document is not None and "newsdb_unaccent" in document
    assert volatility == "i"  # IMMUTABLE, or it could not be indexed


def test_search_is_accent_insensitive_and_uses_the_gin_index(migrated: Engine) -> None:
    from newsdb.models import Article
    from newsdb.services.search import fulltext_article_ids

    with session_scope(migrated, write=True) as session:
        session.add(Article(title="Attaque près de Sévaré", body="Des hommes armés ont attaqué "
                            "un poste près de Sévaré.", raw_text="x", content_hash="h1",
                            word_count=9, language="fr"))
        session.add(Article(title="Nothing here", body="Unrelated text.", raw_text="y",
                            content_hash="h2", word_count=2, language="en"))
    with session_scope(migrated) as session:
        for query in ("sevare", "SÉVARÉ", "sév*", '"poste près"'):
            ids = session.execute(fulltext_article_ids(session, query)).scalars().all()
            assert len(ids) == 1, query
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(session.execute(text(
            "EXPLAIN " + str(fulltext_article_ids(session, "sevare").compile(
                compile_kwargs={"literal_binds": True})))).scalars())
    assert "ix_articles_search_vector" in plan


def _advisory_holders(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid = 0 AND objid = :key"), {"key": POSTGRES_WRITE_LOCK}).scalar_one())


def test_write_transactions_take_turns_and_reads_do_not(migrated: Engine) -> None:
    with session_scope(migrated) as session:
        session.execute(text("SELECT count(*) FROM articles"))
        assert _advisory_holders(migrated) == 0
    with session_scope(migrated, write=True) as session:
        session.execute(text("SELECT count(*) FROM articles"))
        assert _advisory_holders(migrated) == 1
        # A second writer waits for the first (here: gives up after its lock timeout).
        with migrated.connect() as other:
            other.execute(text("SET lock_timeout = '200ms'"))
            with pytest.raises(DBAPIError):
                other.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                              {"key": POSTGRES_WRITE_LOCK})
    assert _advisory_holders(migrated) == 0  # released at commit


@pytest.fixture()
def analyst_url(migrated: Engine) -> Iterator[str]:
    """A login role that is granted newsdb_reader and nothing else."""
    role = f"newsdb_sql_{uuid.uuid4().hex[:8]}"
    with migrated.connect() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
        connection.execute(text(f"GRANT newsdb_reader TO {role}"))
        connection.commit()
    yield make_url(str(migrated.url)).set(username=role).render_as_string(hide_password=False)
    with migrated.connect() as connection:
        connection.execute(text(f"DROP ROLE {role}"))
        connection.commit()


def test_ad_hoc_sql_runs_on_its_own_login_role(migrated: Engine, analyst_url: str) -> None:
    settings = Settings(database_url=str(migrated.url), sql_database_url=analyst_url)
    engine = sql_engine(migrated, settings)
    assert engine.url.username == make_url(analyst_url).username
    result = run_sql(engine, "SELECT current_user AS who, session_user AS login, "
                             "current_setting('is_superuser') AS su, count(*) AS n "
                             "FROM articles", limits=LIMITS)
    who, login, superuser, _count = result.rows[0]
    assert who == "newsdb_reader" and login == make_url(analyst_url).username
    assert superuser == "off"
    with pytest.raises(SqlRefused):
        run_sql(engine, "SELECT * FROM api_tokens", limits=LIMITS)
    # Even a query that got past the guard's name checks could not leave the reader role:
    # the login role has nothing to go back to.
    with engine.connect() as connection:
        for escape in ("SET ROLE postgres", "SELECT set_config('role', 'postgres', false)",
                       "SELECT pg_read_file('PG_VERSION')"):
            with pytest.raises(DBAPIError):
                connection.execute(text(escape))
            connection.rollback()
    assert sql_engine(migrated, Settings(database_url=str(migrated.url))) is migrated
