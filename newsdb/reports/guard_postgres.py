"""Ad hoc SQL on PostgreSQL: a READ ONLY transaction with a statement timeout, under the
``newsdb_reader`` role, which may SELECT from the data tables and reporting views only.

The role matters: a superuser's READ ONLY transaction can still call ``pg_read_file``. And
because ``SET ROLE`` is checked against the session's user, a statement could switch back with
``set_config('role', …)``, or run such a call from a string through ``query_to_xml``; those
functions are refused by name before the query is sent.
"""

from __future__ import annotations

import re
import time
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from newsdb.reports.errors import SqlFailed, SqlRefused, SqlTimeout
from newsdb.reports.guard import ONLY_READS, PROTECTED_TABLES, QueryResult, SqlLimits

READER_ROLE = "newsdb_reader"
# Functions that change settings (the role among them) or run SQL given as a string.
_REFUSED_FUNCTIONS = re.compile(
    r"\b(set_config|query_to_xml\w*|cursor_to_xml\w*|ts_stat|ts_rewrite|dblink\w*)\b",
    re.IGNORECASE)
# U&"…" and U&'…' spell names with escapes, which would hide them from the check above.
_UNICODE_ESCAPES = re.compile(r"\bU&['\"]", re.IGNORECASE)
_READ_ONLY_MESSAGE = re.compile(r"cannot execute (.+) in a read-only transaction")
_TIMEOUT = "57014"
_READ_ONLY = "25006"
_PRIVILEGE = "42501"
_NOT_SUPPORTED = "0A000"
# What DECLARE … CURSOR says of a statement that is not a plain query (WITH … DELETE).
_NOT_A_CURSOR = {"42601", "0A000"}  # what a cursor says of WITH … DELETE


def check_functions(sql: str) -> None:
    """Refuse the functions that could leave the reader role or run SQL from a string."""
    match = _REFUSED_FUNCTIONS.search(sql)
    if match:
        raise SqlRefused(f"{match.group(1).lower()}() is refused: ad hoc SQL cannot change "
                         "settings or run SQL from a string")
    if _UNICODE_ESCAPES.search(sql):
        raise SqlRefused("Unicode-escaped names and strings (U&'…') are refused")


def run_postgres(engine: Engine, sql: str, params: dict[str, Any], limits: SqlLimits
                 ) -> QueryResult:
    """Run one checked statement read-only, as the reader role, within the limits."""
    check_functions(sql)
    explain = sql.lstrip().upper().startswith("EXPLAIN")  # no server-side cursor for EXPLAIN
    started = time.monotonic()
    with engine.connect() as connection:
        try:
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            connection.exec_driver_sql(
                f"SET LOCAL statement_timeout = {int(limits.time_limit_ms)}")
            _become_reader(connection)
            result = _execute(connection, sql, params, stream=not explain)
            columns = list(result.keys())
            rows = result.fetchmany(limits.max_rows + 1)
            result.close()
        except DBAPIError as error:
            raise _translate(error, limits) from None
        except SQLAlchemyError as error:  # a missing bind parameter, for one
            reason = str(getattr(error, "orig", None) or error).split(" (Background on")[0]
            raise SqlFailed(f"the query could not run: {reason} (a :name in the query is a "
                            "parameter; write \\: for a literal colon)") from None
        finally:
            # Drop the connection: whatever session state the query left (advisory locks,
            # prepared statements) goes with it.
            connection.invalidate()
    elapsed = round((time.monotonic() - started) * 1000)
    return QueryResult.from_cursor_rows(columns, rows, limits, elapsed)


def _execute(connection: Connection, sql: str, params: dict[str, Any], *, stream: bool
             ) -> CursorResult[Any]:
    """Execute through a server-side cursor, so that rows beyond the cap never leave the
    server. A cursor takes a plain query only: ``WITH … DELETE`` is an error there, so on one
    the statement is tried again plainly — and refused by the READ ONLY transaction."""
    if not stream:
        return connection.execute(text(sql), params)
    attempt = connection.begin_nested()
    try:
        return connection.execute(text(sql), params,
                                  execution_options={"stream_results": True})
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) not in _NOT_A_CURSOR:
            raise
        attempt.rollback()
    return connection.execute(text(sql), params)


def _become_reader(connection: Any) -> None:
    try:
        connection.exec_driver_sql(f"SET LOCAL ROLE {READER_ROLE}")
    except DBAPIError as error:
        raise SqlFailed(f"cannot switch to the {READER_ROLE} role ({_message(error)}); "
                        "run `newsdb db upgrade`, which creates it") from None


def _translate(error: DBAPIError, limits: SqlLimits) -> Exception:
    state = getattr(error.orig, "sqlstate", None)
    message = _message(error)
    if state == _TIMEOUT:
        return SqlTimeout(limits.time_limit_ms)
    if state == _READ_ONLY:
        match = _READ_ONLY_MESSAGE.match(message)
        what = match.group(1) if match else "writing"
        if what == "SELECT":  # a SELECT that writes: INSERT, UPDATE or DELETE inside WITH
            what = "writing inside WITH"
        return SqlRefused(f"{what} is refused: {ONLY_READS}")
    if state == _PRIVILEGE:
        for table in PROTECTED_TABLES:
            if table in message:
                return SqlRefused(f"the {table} table is not readable through ad hoc SQL "
                                  "(it holds the API's credentials)")
        return SqlRefused(f"{message}: ad hoc SQL may read the data tables and reporting "
                          "views only")
    return SqlFailed(f"PostgreSQL could not run the query: {message}")


def _message(error: DBAPIError) -> str:
    diag = getattr(error.orig, "diag", None)
    primary = getattr(diag, "message_primary", None)
    return primary or str(error.orig).strip().splitlines()[0]
