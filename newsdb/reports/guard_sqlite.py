"""Ad hoc SQL on SQLite: a read-only connection of its own, an authorizer, a progress handler."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

from sqlalchemy import Engine

from newsdb.reports.errors import SqlFailed, SqlRefused, SqlTimeout
from newsdb.reports.guard import ONLY_READS, PROTECTED_TABLES, QueryResult, SqlLimits

# The progress handler runs every this many virtual-machine steps: often enough to stop within
# a millisecond or so of the limit, rarely enough to cost nothing measurable.
PROGRESS_STEPS = 5_000
# No value a query builds may exceed this (the default is a gigabyte: one zeroblob() would take it).
MAX_VALUE_BYTES = 32 * 1024 * 1024
# Pragmas SQLite's own modules issue while a query runs (FTS5 checks data_version): reads only.
INTERNAL_PRAGMAS = frozenset({"data_version"})
# Functions that load code or hand out pointers.
REFUSED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer"})
# Raw database pages would show every table, api_tokens included.
RAW_PAGE_TABLES = frozenset({"sqlite_dbpage"})
# SQLite reports an UPDATE of its schema table when a virtual table (FTS5, pragma functions) is
# first connected: internal, and on a read-only connection nothing can be written anyway.
SCHEMA_TABLES = frozenset({"sqlite_master", "sqlite_temp_master"})

_SCHEMA_CHANGES = {
    getattr(sqlite3, name) for name in dir(sqlite3)
    if name.startswith(("SQLITE_CREATE_", "SQLITE_DROP_"))
} | {sqlite3.SQLITE_ALTER_TABLE, sqlite3.SQLITE_REINDEX, sqlite3.SQLITE_ANALYZE}
_WRITES = {sqlite3.SQLITE_INSERT: "INSERT", sqlite3.SQLITE_UPDATE: "UPDATE",
           sqlite3.SQLITE_DELETE: "DELETE"}


class Authorizer:
    """SQLite's authorizer callback: allow reads, remember why anything else was denied."""

    def __init__(self) -> None:
        self.refusal: str | None = None

    def __call__(self, action: int, arg1: str | None, arg2: str | None, _db: str | None,
                 _source: str | None) -> int:
        reason = self._refusal(action, arg1, arg2)
        if reason is None:
            return sqlite3.SQLITE_OK
        self.refusal = self.refusal or reason
        return sqlite3.SQLITE_DENY

    @staticmethod
    def _refusal(action: int, arg1: str | None, arg2: str | None) -> str | None:
        if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_RECURSIVE):
            return None
        if action == sqlite3.SQLITE_READ:
            table = (arg1 or "").lower()
            if table in PROTECTED_TABLES:
                return (f"the {table} table is not readable through ad hoc SQL "
                        "(it holds the API's credentials)")
            if table in RAW_PAGE_TABLES:
                return f"{table} is refused: it exposes raw database pages"
            return None
        if action == sqlite3.SQLITE_FUNCTION:
            name = (arg2 or "").lower()
            if name in REFUSED_FUNCTIONS:
                return f"{name}() is refused: ad hoc SQL cannot load code or use pointers"
            return None
        if action == sqlite3.SQLITE_PRAGMA:
            if (arg1 or "").lower() in INTERNAL_PRAGMAS and arg2 is None:
                return None
            return (f"PRAGMA {arg1} is refused: ad hoc SQL cannot read or change database "
                    "settings")
        if action == sqlite3.SQLITE_UPDATE and (arg1 or "").lower() in SCHEMA_TABLES:
            return None
        if action in _WRITES:
            return f"{_WRITES[action]} on {arg1} is refused: {ONLY_READS}"
        if action in _SCHEMA_CHANGES:
            return f"changing the schema is refused ({ONLY_READS})"
        if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
            return "ATTACH and DETACH are refused: ad hoc SQL reads this database only"
        if action in (sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_SAVEPOINT):
            return "transaction control is refused: ad hoc SQL runs in a transaction of its own"
        return f"this operation is refused: {ONLY_READS}"


def database_path(engine: Engine) -> Path:
    """Return the file of a SQLite engine (ad hoc SQL opens it again, read-only)."""
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        raise SqlFailed("ad hoc SQL needs a database file; this SQLite database is in memory")
    return Path(name).resolve()


def read_only_connection(path: Path, limits: SqlLimits) -> sqlite3.Connection:
    """Open ``path`` read-only, with no room to attach databases or build huge values."""
    if not path.is_file():
        raise SqlFailed(f"the database file {path} does not exist")
    connection = sqlite3.connect(f"file:{pathname2url(str(path))}?mode=ro", uri=True,
                                 timeout=limits.time_limit_ms / 1000, isolation_level=None,
                                 check_same_thread=False)
    connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    return connection


def run_sqlite(engine: Engine, sql: str, params: dict[str, Any], limits: SqlLimits
               ) -> QueryResult:
    """Run one checked statement on a read-only connection, within the limits."""
    connection = read_only_connection(database_path(engine), limits)
    authorizer = Authorizer()
    connection.set_authorizer(authorizer)
    started = time.monotonic()
    deadline = started + limits.time_limit_ms / 1000
    stopped = False

    def past_deadline() -> int:
        nonlocal stopped
        stopped = time.monotonic() > deadline
        return int(stopped)

    connection.set_progress_handler(past_deadline, PROGRESS_STEPS)
    try:
        cursor = connection.execute(sql, params)
        rows = cursor.fetchmany(limits.max_rows + 1)
        columns = [column[0] for column in cursor.description or ()]
    except sqlite3.Error as error:
        if authorizer.refusal is not None:
            raise SqlRefused(authorizer.refusal) from None
        if stopped:
            raise SqlTimeout(limits.time_limit_ms) from None
        if "one statement at a time" in str(error):
            raise SqlRefused("only one statement at a time") from None
        raise SqlFailed(f"SQLite could not run the query: {error}") from None
    finally:
        connection.close()
    elapsed = round((time.monotonic() - started) * 1000)
    return QueryResult.from_cursor_rows(columns, rows, limits, elapsed)
