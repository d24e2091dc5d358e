"""Core statements an import sends by the thousand, compiled once and sent on the driver's cursor.

A statement run through SQLAlchemy's ``Connection.execute`` costs 2–5 times what the driver's
cursor costs for it (the execution context, the cached-statement lookup, the result's
metadata): in an import with extraction, where the writer sends ~36 statements an article,
that machinery was over half the writer's time (``benchmarks/analysis.md``). A
:class:`DriverStatement` keeps what SQLAlchemy's compiler made of a statement, per dialect, and
sends it on the cursor of the session's own connection, so it is part of the session's
transaction (and of any savepoint) like any other statement.

What SQLAlchemy would still have done is done here: the types' bind and result processors
(SQLite's dates and UTC timestamps), the columns' Python-side defaults of an INSERT, the
connection's ``before_cursor_execute`` / ``after_cursor_execute`` events (tests count
statements with them; their execution context is None), the session's autoflush, and a
driver error raised as SQLAlchemy's ``DBAPIError``. A statement has one shape: an ``IN``
list is sent in chunks of a fixed length (:func:`in_list`, :meth:`DriverStatement.rows_in`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ClauseElement,
    Connection,
    Dialect,
    Insert,
    Table,
    bindparam,
    insert,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]
# The values of an IN list a statement takes at once (see DriverStatement.rows_in)
IN_CHUNK = 32


def in_list(name: str) -> list[BindParameter[Any]]:
    """The binds of an IN list that :meth:`DriverStatement.rows_in` fills, in chunks (a
    statement of one shape, compiled once, for lists of any length)."""
    return [bindparam(f"{name}_{i}") for i in range(IN_CHUNK)]


@dataclass(frozen=True)
class _Compiled:
    """A statement as one dialect's driver takes it."""

    sql: str
    names: tuple[str, ...]  # the parameters, in the order of a positional paramstyle
    positional: bool
    fixed: Mapping[str, Any]  # parameters whose value the statement carries ("actor")
    binds: Mapping[str, Processor]  # bind processors, by parameter name
    columns: tuple[Any, ...]  # a query's columns (their types' result processors: results)
    defaults: tuple[tuple[str, Any], ...]  # INSERT: (column, ColumnDefault) SQLAlchemy fills


def in_chunks(lists: Mapping[str, Sequence[Any]], parameters: Mapping[str, Any] | None = None
              ) -> Iterator[dict[str, Any]]:
    """The parameters of a statement whose IN lists are :func:`in_list` binds, for each
    combination of the lists' chunks (none when a list is empty)."""
    chunked = [[_chunk(name, values[start:start + IN_CHUNK])
                for start in range(0, len(values), IN_CHUNK)]
               for name, values in lists.items()]
    for combination in itertools.product(*chunked):
        given = dict(parameters or {})
        for chunk in combination:
            given.update(chunk)
        yield given


def _chunk(name: str, values: Sequence[Any]) -> dict[str, Any]:
    """The binds of one chunk, padded with NULLs (which match nothing)."""
    padded = [*values, *[None] * (IN_CHUNK - len(values))]
    return {f"{name}_{i}": value for i, value in enumerate(padded)}


class DriverStatement:
    """A Core statement sent on the driver's cursor of the session's connection."""

    def __init__(self, statement: ClauseElement, *,
                 insert_keys: Sequence[str] | None = None) -> None:
        """``insert_keys``: of an INSERT, the columns given; the others take their defaults."""
        self.statement = statement
        self.insert_keys = tuple(insert_keys) if insert_keys is not None else None
        # By (dialect, driver): the SQL, its paramstyle and the types' processors are theirs
        self._by_dialect: dict[tuple[str, str], _Compiled] = {}
        self._results: dict[tuple[str, str], tuple[Processor | None, ...]] = {}  # first run's

    @classmethod
    def insert(cls, table: Table, keys: Sequence[str], *, returning_id: bool = False
               ) -> DriverStatement:
        """An INSERT of ``keys`` into ``table`` (its other columns take their defaults);
        ``returning_id``: the new row's id comes back (see :meth:`insert_one`)."""
        statement = insert(table)
        if returning_id:
            statement = statement.returning(table.c.id)
        return cls(statement, insert_keys=keys)

    def _compiled(self, dialect: Dialect) -> _Compiled:
        key = (dialect.name, dialect.driver)
        compiled = self._by_dialect.get(key)
        if compiled is None:
            compiled = self._by_dialect[key] = self._compile(dialect)
        return compiled

    def _compile(self, dialect: Dialect) -> _Compiled:
        defaults: tuple[tuple[str, Any], ...] = ()
        keys = self.insert_keys
        if keys is not None:
            table = cast(Insert, self.statement).table
            defaults = tuple((column.key, column.default) for column in table.columns
                             if column.key not in keys and column.default is not None)
            keys = (*keys, *(key for key, _ in defaults))
        compiled = cast(SQLCompiler, self.statement.compile(dialect=dialect, column_keys=keys))
        names = tuple(compiled.positiontup or ())
        binds: dict[str, Processor] = {}
        fixed: dict[str, Any] = {}
        for name, bind in compiled.binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                binds[name] = processor
            if not bind.required:
                fixed[name] = bind.effective_value
        columns = getattr(self.statement, "selected_columns", None) or ()
        return _Compiled(compiled.string, names, bool(compiled.positional), fixed, binds,
                         tuple(columns), defaults)

    @staticmethod
    def _defaults(compiled: _Compiled) -> dict[str, Any]:
        """The values of an INSERT's defaulted columns, as the driver takes them: made once a
        call, for all its rows (as one ``utcnow()`` for a whole ``executemany``)."""
        values = {}
        for key, default in compiled.defaults:
            value = default.arg(None) if default.is_callable else default.arg
            processor = compiled.binds.get(key)
            values[key] = value if processor is None else processor(value)
        return values

    @staticmethod
    def _parameters(compiled: _Compiled, given: Mapping[str, Any],
                    defaults: Mapping[str, Any]) -> Any:
        values = {**compiled.fixed, **given} if compiled.fixed else dict(given)
        for name, processor in compiled.binds.items():
            if name in values:
                values[name] = processor(values[name])
        for key, value in defaults.items():
            values.setdefault(key, value)
        if compiled.positional:
            return tuple([values[name] for name in compiled.names])
        return values

    def _one(self, compiled: _Compiled, given: Mapping[str, Any]) -> Any:
        return self._parameters(compiled, given, self._defaults(compiled))

    def rows(self, session: Session, parameters: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Run a query; return its rows, each value as SQLAlchemy's types make it."""
        connection, compiled = self._prepared(session)
        with closing(self._send(connection, compiled, self._one(compiled, parameters))) as cursor:
            key = (connection.dialect.name, connection.dialect.driver)
            results = self._results.get(key)
            if results is None:  # a type's processor may depend on the driver's type code
                results = self._results[key] = tuple(
                    column.type.dialect_impl(connection.dialect).result_processor(
                        connection.dialect, described[1])
                    for column, described in zip(compiled.columns, cursor.description,
                                                 strict=True))
            rows = cursor.fetchall()
        if any(results):
            return [tuple(value if processor is None else processor(value)
                          for processor, value in zip(results, row, strict=True))
                    for row in rows]
        return rows

    def rows_in(self, session: Session, lists: Mapping[str, Sequence[Any]],
                parameters: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a query whose IN lists are :func:`in_list` binds: each list is sent in chunks
        of ``IN_CHUNK`` values (the last padded with NULLs, which match nothing), one
        statement for each combination of chunks; return all their rows."""
        rows: list[tuple[Any, ...]] = []
        for given in in_chunks(lists, parameters):
            rows += self.rows(session, given)
        return rows

    def execute(self, session: Session, parameters: Mapping[str, Any]) -> None:
        """Run a statement that returns nothing."""
        connection, compiled = self._prepared(session)
        self._send(connection, compiled, self._one(compiled, parameters)).close()

    def insert_one(self, session: Session, values: Mapping[str, Any]) -> int:
        """Insert one row; return its id (a statement made with ``returning_id``)."""
        connection, compiled = self._prepared(session)
        with closing(self._send(connection, compiled, self._one(compiled, values))) as cursor:
            row = cursor.fetchone()
        return int(row[0])

    def execute_many(self, session: Session, rows: Iterable[Mapping[str, Any]]) -> None:
        """Run a statement once for each parameter set (the driver's ``executemany``)."""
        connection, compiled = self._prepared(session)
        defaults = self._defaults(compiled)
        parameters = [self._parameters(compiled, row, defaults) for row in rows]
        if parameters:
            self._send(connection, compiled, parameters, many=True).close()

    def _prepared(self, session: Session) -> tuple[Connection, _Compiled]:
        if session.autoflush:  # as Session.execute does: the statement sees pending objects
            session.flush()
        connection = session.connection()
        return connection, self._compiled(connection.dialect)

    @staticmethod
    def _send(connection: Connection, compiled: _Compiled, parameters: Any, *,
              many: bool = False) -> Any:
        driver = connection.connection.driver_connection
        assert driver is not None  # the session's connection is open
        cursor = driver.cursor()
        events = connection.dispatch
        if events.before_cursor_execute:
            events.before_cursor_execute(connection, cursor, compiled.sql, parameters, None,
                                         many)
        try:
            if many:
                cursor.executemany(compiled.sql, parameters)
            else:
                cursor.execute(compiled.sql, parameters)
            if events.after_cursor_execute:
                events.after_cursor_execute(connection, cursor, compiled.sql, parameters, None,
                                            many)
        except BaseException as error:
            # Closed whatever ends the statement (Ctrl-C included): an INSERT ... RETURNING
            # left stepping would keep the connection's COMMIT from running ("SQL statements
            # in progress"), the import's record of its run among them
            cursor.close()
            if isinstance(error, connection.dialect.loaded_dbapi.Error):
                raise DBAPIError.instance(compiled.sql, parameters, error,
                                          connection.dialect.loaded_dbapi.Error,
                                          dialect=connection.dialect) from error
            raise
        return cursor
