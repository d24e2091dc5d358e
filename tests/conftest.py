"""Shared fixtures: a migrated, seeded database per session; a rolled-back transaction per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
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


def pytest_sessionstart(session: pytest.Session) -> None:
    """With NEWSDB_EXPECT_COMPILED=1 (tests/test_compiled.py), refuse to test pure Python."""
    if os.environ.get("NEWSDB_EXPECT_COMPILED") == "1":
        from newsdb import pipeline_compiled
        from newsdb.pipeline import cues

        if not pipeline_compiled():
            pytest.exit(f"expected the compiled build, imported {cues.__file__}", returncode=3)


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


# --- Databases and servers of a test's own (crash, concurrency, serving tests) -----------------
# These cross a process boundary, so they never share the session's rolled-back transaction:
# each gets an empty database of its own, on the backend the suite runs on.
SERVER_START_TIMEOUT_S = 120
SERVER_STOP_TIMEOUT_S = 30


def on_postgres() -> bool:
    """Tell whether the suite runs on PostgreSQL (NEWSDB_TEST_DATABASE_URL is set)."""
    return bool(os.environ.get(TEST_DATABASE_URL_ENV))


@pytest.fixture()
def backend_url(tmp_path: Path) -> Iterator[str]:
    """The URL of an empty, unmigrated database of the test's own: a SQLite file, or on
    PostgreSQL a database created on the suite's cluster and dropped afterwards."""
    server_url = os.environ.get(TEST_DATABASE_URL_ENV)
    if not server_url:
        yield f"sqlite:///{tmp_path / 'backend.sqlite3'}"
        return
    import uuid

    from sqlalchemy.engine import make_url

    name = f"newsdb_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def free_port() -> int:
    """Return a loopback TCP port that nothing listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """`newsdb serve` (gunicorn) in a subprocess on 127.0.0.1; stopped by its own pid."""

    def __init__(self, database_url: str, folder: Path, *, workers: int = 2,
                 env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "server.log"
        self.pid_path = folder / "gunicorn.pid"
        self.database_url = database_url
        self._env = {**os.environ, **(env or {}), "NEWSDB_DATABASE_URL": database_url}
        self._workers = workers
        self._process: object = None

    def start(self) -> LiveServer:
        import subprocess
        import sys
        import time
        import urllib.request

        log = self.log_path.open("ab")
        self._process = process = subprocess.Popen(
            [sys.executable, "-c", "from newsdb.cli import main; main()", "serve",
             "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self._workers),
             "--pid", str(self.pid_path)],
            cwd=self.log_path.parent, env=self._env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"newsdb serve did not answer: {self.log()[-3000:]}")
            time.sleep(0.3)

    def log(self) -> str:
        """Return what the server has logged so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """Stop gracefully (SIGTERM to the master's pid), then for good if it hangs."""
        import signal
        import subprocess

        process = self._process
        if not isinstance(process, subprocess.Popen) or process.poll() is not None:
            return
        # `newsdb serve` runs gunicorn's master in the process started here: the pid it
        # writes to --pid is this child's own, so that is the only process signalled.
        pid = process.pid
        os.kill(pid, signal.SIGTERM)
        try:
            process.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.kill(pid, signal.SIGKILL)
            process.wait(timeout=SERVER_STOP_TIMEOUT_S)


@pytest.fixture()
def live_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start `newsdb serve` on a migrated database: ``live_server(url, workers=2, env={})``.
    Every server started is stopped after the test, whatever happened."""
    started: list[LiveServer] = []

    def start(database_url: str, *, workers: int = 2,
              env: dict[str, str] | None = None) -> LiveServer:
        folder = tmp_path / f"server-{len(started)}"
        folder.mkdir()
        server = LiveServer(database_url, folder, workers=workers, env=env)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
