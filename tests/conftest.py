"""Shared fixtures: a migrated, seeded database per session; a rolled-back transaction per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from newsdb.app import create_app
from newsdb.config import Settings
from newsdb.db import make_engine
from newsdb.paths import seeds_dir
from newsdb.schema import upgrade

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(seeds_dir().glob("*.txt"))
# Set to a PostgreSQL URL to run the suite there (its database is emptied first).
TEST_DATABASE_URL_ENV = "NEWSDB_TEST_DATABASE_URL"


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A freshly migrated database holding the seed articles."""
    url = os.environ.get(TEST_DATABASE_URL_ENV)
    if url:
        _reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    upgrade(url)
    from newsdb.pipeline.extract import extract_article
    from newsdb.pipeline.read import read_paths
    from newsdb.services.imports import run_import

    engine = make_engine(url)
    run_import(engine, read_paths(SEEDS), origin="cli", description="test seeds",
               after_store=extract_article)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture()
def session(connection: Connection) -> Iterator[Session]:
    """A session joined to the test's transaction: its commits are savepoints."""
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    yield session
    session.close()


@pytest.fixture()
def app(connection: Connection, database_url: str) -> Flask:
    settings = Settings(database_url=database_url)
    return create_app({"TESTING": True, "NEWSDB_SETTINGS": settings,
                       "NEWSDB_ENGINE": connection})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def fresh_url(tmp_path: Path) -> str:
    """The URL of an empty SQLite database file of the test's own."""
    return f"sqlite:///{tmp_path / 'fresh.sqlite3'}"


@pytest.fixture()
def fresh_engine(fresh_url: str) -> Iterator[Engine]:
    """An engine on a migrated, empty database of the test's own."""
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def runner(fresh_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """click's runner on the `newsdb` command, pointed at a fresh database."""
    monkeypatch.setenv("NEWSDB_DATABASE_URL", fresh_url)
    return CliRunner()
