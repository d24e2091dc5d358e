"""Ad hoc SQL, read-only and bounded (DESIGN.md §9): SELECT, WITH or EXPLAIN only, one
statement, a time limit and a row cap, never a read of ``api_tokens``.

The statement is checked here first, for a clear message; the database then enforces the rules
on its own: on SQLite a read-only connection with an authorizer (:mod:`guard_sqlite`), on
PostgreSQL a READ ONLY transaction under the ``newsdb_reader`` role (:mod:`guard_postgres`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from newsdb.config import Settings
from newsdb.db import MAX_INTEGER
from newsdb.reports.errors import SqlRefused
from newsdb.reports.formats import json_row
from newsdb.reports.sqltext import scan

ALLOWED_KEYWORDS = ("SELECT", "WITH", "EXPLAIN")
# Tables ad hoc SQL never reads: the API's credentials.
PROTECTED_TABLES = frozenset({"api_tokens"})
# A query's text is small; a megabyte of SQL is a mistake or an attack on the parser.
MAX_SQL_CHARS = 100_000
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")
_WRITES = {"INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "MERGE", "COPY"}
_DDL = {"CREATE", "DROP", "ALTER", "TRUNCATE", "REINDEX", "VACUUM", "ANALYZE", "GRANT",
        "REVOKE", "COMMENT", "CLUSTER", "REFRESH", "SECURITY", "IMPORT"}
_SETTINGS = {"PRAGMA", "SET", "RESET", "LOAD", "DISCARD"}
_TRANSACTIONS = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "START",
                 "ABORT", "PREPARE"}
ONLY_READS = "ad hoc SQL is read-only: SELECT, WITH or EXPLAIN only"


@dataclass(frozen=True)
class SqlLimits:
    """How long a query may run and how many rows it may return."""

    time_limit_ms: int
    max_rows: int

    @classmethod
    def from_settings(cls, settings: Settings) -> SqlLimits:
        """Take the limits from NEWSDB_SQL_TIME_LIMIT_MS and NEWSDB_SQL_MAX_ROWS."""
        return cls(settings.sql_time_limit_ms, settings.sql_max_rows)


@dataclass
class QueryResult:
    """The columns and rows of a query; ``truncated`` when the row cap cut it."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False
    elapsed_ms: int = 0
    limits: SqlLimits | None = None

    @classmethod
    def from_cursor_rows(cls, columns: list[str], rows: Sequence[Any], limits: SqlLimits,
                         elapsed_ms: int) -> QueryResult:
        """Build a result from at most ``max_rows + 1`` fetched rows (one more means cut)."""
        truncated = len(rows) > limits.max_rows
        return cls(columns, [json_row(row) for row in rows[:limits.max_rows]],
                   truncated, elapsed_ms, limits)

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a JSON-ready record."""
        record: dict[str, Any] = {"columns": self.columns, "rows": self.rows,
                                  "row_count": len(self.rows), "truncated": self.truncated,
                                  "elapsed_ms": self.elapsed_ms}
        if self.limits is not None:
            record["max_rows"] = self.limits.max_rows
            record["time_limit_ms"] = self.limits.time_limit_ms
        return record


def check_statement(sql: str, dialect: str) -> str:
    """Refuse anything but one SELECT, WITH or EXPLAIN statement; return it, stripped of a
    final semicolon.

    :raises SqlRefused: with a one-line reason.
    """
    if len(sql) > MAX_SQL_CHARS:
        raise SqlRefused(f"the query is {len(sql)} characters long; the limit is {MAX_SQL_CHARS}")
    scanned = scan(sql, dialect)
    if not scanned.statements:
        raise SqlRefused("the query is empty")
    if len(scanned.statements) > 1:
        raise SqlRefused(f"only one statement at a time: this query holds "
                         f"{len(scanned.statements)}")
    keyword = scanned.first_keyword
    if keyword not in ALLOWED_KEYWORDS:
        raise SqlRefused(refusal_for_keyword(keyword))
    return scanned.statements[0]


def refusal_for_keyword(keyword: str) -> str:
    """Say why a statement starting with ``keyword`` is refused."""
    if keyword in _WRITES:
        return f"{keyword} is refused: {ONLY_READS}"
    if keyword in _DDL:
        return f"{keyword} is refused: ad hoc SQL cannot change the schema ({ONLY_READS})"
    if keyword in ("ATTACH", "DETACH"):
        return f"{keyword} is refused: ad hoc SQL reads this database only"
    if keyword in _SETTINGS:
        return f"{keyword} is refused: ad hoc SQL cannot read or change database settings"
    if keyword in _TRANSACTIONS:
        return f"{keyword} is refused: ad hoc SQL runs in a transaction of its own"
    shown = keyword if keyword.isidentifier() else repr(keyword)
    return f"a statement starting with {shown} is refused: {ONLY_READS}"


def check_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check named parameters (``:name`` in the SQL): names are identifiers, values scalars."""
    checked: dict[str, Any] = {}
    for name, value in (params or {}).items():
        if not isinstance(name, str) or not _PARAM_NAME.match(name):
            raise SqlRefused(f"parameter name {name!r} is not an identifier such as 'entity_id'")
        if value is not None and not isinstance(value, str | int | float | bool):
            raise SqlRefused(f"parameter {name!r} must be a string, a number, true, false "
                             "or null")
        if isinstance(value, int) and not -MAX_INTEGER - 1 <= value <= MAX_INTEGER:
            raise SqlRefused(f"parameter {name!r} is out of range: an integer parameter is "
                             f"between {-MAX_INTEGER - 1} and {MAX_INTEGER}")
        checked[name] = value
    return checked


def sql_engine(engine: Engine, settings: Settings) -> Engine:
    """Return the engine ad hoc SQL runs on: NEWSDB_SQL_DATABASE_URL's when set (on PostgreSQL,
    a login role that can become nothing but newsdb_reader), else ``engine``."""
    if not settings.sql_database_url:
        return engine
    from newsdb.db import get_engine

    return get_engine(settings.sql_database_url)


def run_sql(engine: Engine, sql: str, params: Mapping[str, Any] | None = None, *,
            limits: SqlLimits) -> QueryResult:
    """Run one read-only statement under ``limits`` and return its (possibly cut) rows.

    :raises SqlRefused: the statement is not allowed.
    :raises SqlTimeout: it ran past the time limit.
    :raises SqlFailed: the database could not run it.
    """
    dialect = engine.dialect.name
    statement = check_statement(sql, dialect)
    values = check_params(params)
    if dialect == "sqlite":
        from newsdb.reports.guard_sqlite import run_sqlite

        return run_sqlite(engine, statement, values, limits)
    from newsdb.reports.guard_postgres import run_postgres

    return run_postgres(engine, statement, values, limits)
