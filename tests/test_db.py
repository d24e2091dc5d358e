"""The engine's transactions on SQLite: a read sees one snapshot, a write takes the lock first."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from newsdb.db import session_scope
from newsdb.models import Source
from tests.conftest import on_postgres

pytestmark = pytest.mark.skipif(on_postgres(), reason="SQLite's transaction hooks")


def _add_source(engine: Engine, name: str) -> None:
    with session_scope(engine, write=True) as writer:
        writer.execute(insert(Source), [{"name": name, "kind": "publisher"}])


def test_a_read_sees_one_snapshot(fresh_engine: Engine) -> None:
    # Its statements (a list's count, then its page) agree even when a writer commits between
    # them: the read's deferred BEGIN holds its snapshot until it ends.
    _add_source(fresh_engine, "First")
    count = select(func.count()).select_from(Source)
    with Session(bind=fresh_engine) as reader:
        assert reader.scalar(count) == 1
        _add_source(fresh_engine, "Second")
        assert reader.scalar(count) == 1
    with Session(bind=fresh_engine) as reader:
        assert reader.scalar(count) == 2


def test_a_write_takes_the_lock_when_it_begins(fresh_engine: Engine) -> None:
    with session_scope(fresh_engine, write=True) as writer:
        writer.connection()  # BEGIN IMMEDIATE, before any statement of its own
        raw = fresh_engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA busy_timeout = 0")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                raw.driver_connection.execute("BEGIN IMMEDIATE")
        finally:
            raw.close()


def test_an_import_maps_nothing_and_has_a_page_cache_of_its_own(
        runner: CliRunner, fresh_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``newsdb import``'s engine: no memory map (its memory stays flat), a 16 MiB page cache
    (the index pages its writes walk stay in the process), temporary files (its statement
    journals) in memory; a served engine keeps SQLite's cache and temporary files (its
    sorter's) and maps the file."""
    import newsdb.cli
    from newsdb.cli import cli
    from newsdb.db import IMPORT_CACHE_KIB, make_engine

    made: list[Engine] = []

    def recording(url: str, **options: Any) -> Engine:
        made.append(make_engine(url, **options))
        return made[-1]

    monkeypatch.setattr(newsdb.cli, "make_engine", recording)
    result = runner.invoke(cli, ["seed"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with made[-1].connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA cache_size").scalar() == -IMPORT_CACHE_KIB
        assert pragma("PRAGMA mmap_size").scalar() == 0
        assert pragma("PRAGMA temp_store").scalar() == 2  # MEMORY
    served = make_engine(fresh_url)
    with served.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
        assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() > 0
        assert connection.exec_driver_sql("PRAGMA temp_store").scalar() == 0  # the default
    served.dispose()
