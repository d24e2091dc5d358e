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

from sqlalchemy import Engine, text
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
_TIMEOUT = "57014"
_READ_ONLY = "25006"
_PRIVILEGE = "42501"


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
            result = connection.execution_options(stream_results=not explain).execute(
                text(sql), params)
            columns = list(result.keys())
            rows = result.fetchmany(limits.max_rows + 1)
            result.close()
        except DBAPIError as error:
            raise _translate(error, limits) from None
        except SQLAlchemyError as error:  # a missing bind parameter, for one
            raise SqlFailed(f"the query could not run: {error.args[0]}") from None
        finally:
            # Drop the connection: whatever session state the query left (advisory locks,
            # prepared statements) goes with it.
            connection.invalidate()
    elapsed = round((time.monotonic() - started) * 1000)
    return QueryResult.from_cursor_rows(columns, rows, limits, elapsed)


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
        return SqlRefused(f"{message}: {ONLY_READS}")
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
