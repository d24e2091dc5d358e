"""Export the database as NDJSON and restore such a dump into an empty database (§9).

A dump is a header record, then one record per row, ``{"type": "<table>", ...columns}``, table
by table in dependency order and by id within a table; dates and timestamps are ISO 8601.
``api_tokens`` and ``import_runs`` stay out: credentials and the history of this installation.
Exporting the restored database gives the same records again. Columns the database keeps
itself (an entity's mention and article counts, by triggers on ``mentions``) stay out too: the
restored mentions count themselves, and a dump that names them has them ignored.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Engine, Integer, Table, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import Date, DateTime, TypeDecorator

from newsdb.db import MAX_INTEGER, MAX_ROW_ID
from newsdb.errors import Conflict, InputError
from newsdb.models import (
    Article,
    ArticleAgency,
    Entity,
    EntityAlias,
    Event,
    EventEvidence,
    EventParticipant,
    Mention,
    MentionSuppression,
    QualityFlag,
    Source,
)
from newsdb.models.base import Base
from newsdb.models.counts import counting_paused

DUMP_TYPE = "newsdb-export"
DUMP_VERSION = 1
# Parents before children; a self-reference (merged_into_id, duplicate_of_id) is set in a
# second pass, once every row of the table exists.
EXPORTED_MODELS: tuple[type[Base], ...] = (
    Source, Article, ArticleAgency, QualityFlag, Entity, EntityAlias, Mention,
    MentionSuppression, Event, EventParticipant, EventEvidence,
)
# Columns kept by the database itself (newsdb/models/counts.py): neither exported nor restored.
DERIVED_COLUMNS = frozenset({("entities", "mention_count"), ("entities", "article_count")})
# Rows are read and written in batches of this many: memory stays flat on large databases.
BATCH_ROWS = 1000
# The first line of a file is read to recognize a dump; a header is far shorter.
HEADER_SNIFF_BYTES = 64 * 1024


class DumpError(InputError):
    """A dump that cannot be restored: malformed, of another version, or inconsistent."""


def exported_tables() -> list[Table]:
    """Return the exported tables, parents first."""
    return [model.__table__ for model in EXPORTED_MODELS]  # type: ignore[misc]


@dataclass
class TableCounts:
    """How many records of each table a dump holds."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, table: str, count: int = 1) -> None:
        """Count ``count`` more records of ``table``."""
        self.counts[table] = self.counts.get(table, 0) + count

    def describe(self) -> str:
        """Say what was counted, table by table ("3 articles, 12 mentions")."""
        parts = [f"{count} {table}" for table, count in self.counts.items() if count]
        return ", ".join(parts) or "no rows"


ExportSummary = TableCounts
RestoreSummary = TableCounts


# --- export --------------------------------------------------------------------------------------
def _json_cell(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def iter_records(connection: Connection) -> Iterator[dict[str, Any]]:
    """Yield the header, then every exported row as a typed record, in a stable order."""
    yield {"type": DUMP_TYPE, "version": DUMP_VERSION,
           "tables": [table.name for table in exported_tables()]}
    for table in exported_tables():
        columns = [c for c in table.columns if (table.name, c.name) not in DERIVED_COLUMNS]
        result = connection.execute(select(*columns).order_by(table.c.id),
                                    execution_options={"yield_per": BATCH_ROWS})
        for row in result:
            record: dict[str, Any] = {"type": table.name}
            record.update((key, _json_cell(value)) for key, value in row._mapping.items())
            yield record


def export_dump(engine: Engine, out: TextIO) -> ExportSummary:
    """Write the whole database as NDJSON to ``out``, from one consistent snapshot."""
    summary = ExportSummary()
    postgres = engine.dialect.name == "postgresql"
    bind = engine.execution_options(isolation_level="REPEATABLE READ") if postgres else engine
    # One transaction: on SQLite a read transaction is a snapshot too (WAL).
    with bind.connect() as connection, connection.begin():
        for record in iter_records(connection):
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            if record["type"] != DUMP_TYPE:
                summary.add(record["type"])
    return summary


def export_to_file(engine: Engine, path: Path) -> ExportSummary:
    """Export into ``path``, written beside it first so that a failure leaves no half dump.

    :raises InputError: ``path`` is the SQLite database being exported (or its journal).
    """
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if database and database != ":memory:":
        files = [Path(database + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
        if any(_same_file(path, file) for file in files):
            raise InputError(f"{path} is the database being exported: write the dump to "
                             "another file")
    if not path.parent.is_dir():
        raise InputError(f"cannot write {path}: no directory {path.parent}")
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            summary = export_dump(engine, out)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return summary


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same path once resolved, or one file linked twice."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


# --- restore -------------------------------------------------------------------------------------
def is_export_dump(path: Path | str) -> bool:
    """Tell whether ``path`` is a newsdb export (its first line is the dump's header)."""
    try:
        with Path(path).open("rb") as stream:
            first = stream.readline(HEADER_SNIFF_BYTES)
    except OSError:
        return False
    try:
        header = json.loads(first.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(header, dict) and header.get("type") == DUMP_TYPE


def restore_dump(engine: Engine, path: Path | str) -> RestoreSummary:
    """Restore a dump into an empty database, keeping every id; all or nothing.

    :raises Conflict: the database already holds data.
    :raises DumpError: the file is not a dump newsdb can restore (the database is unchanged).
    """
    from newsdb.db import writer

    path = Path(path)
    summary = RestoreSummary()
    try:
        with path.open("r", encoding="utf-8-sig") as stream, \
                writer(engine).begin() as connection:
            _refuse_non_empty(connection)
            records = _records(stream, path)
            _check_header(next(records, None), path)
            restorer = _Restorer(connection, path)
            with counting_paused(connection, None):  # every entity counted once, at the end
                for batch_table, rows in _batches(records):
                    restorer.insert(batch_table, rows)
                    summary.add(batch_table.name, len(rows))
                restorer.finish()
    except IntegrityError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else "integrity error"
        raise DumpError(f"{path}: its records do not fit together ({reason}); "
                        "nothing was restored") from None
    except UnicodeDecodeError:
        raise DumpError(f"{path} is not UTF-8 text; nothing was restored") from None
    return summary


def _refuse_non_empty(connection: Connection) -> None:
    for table in exported_tables():
        if connection.execute(select(func.count()).select_from(table)).scalar():
            raise Conflict(f"cannot restore into a database that holds data (table {table.name} "
                           "has rows); restore into a new, empty database")


def _records(stream: TextIO, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise DumpError(f"{path}:{number}: not a JSON record ({error})") from None
        if not isinstance(record, dict) or not isinstance(record.get("type"), str):
            raise DumpError(f"{path}:{number}: a record needs a \"type\"")
        yield number, record


def _check_header(first: tuple[int, dict[str, Any]] | None, path: Path) -> None:
    if first is None or first[1].get("type") != DUMP_TYPE:
        raise DumpError(f"{path} is not a newsdb export: its first record must be the "
                        f"{DUMP_TYPE!r} header")
    version = first[1].get("version")
    if version != DUMP_VERSION:
        raise DumpError(f"{path} is a version {version} export; this newsdb restores version "
                        f"{DUMP_VERSION}")


def _batches(records: Iterable[tuple[int, dict[str, Any]]]
             ) -> Iterator[tuple[Table, list[tuple[int, dict[str, Any]]]]]:
    tables = {table.name: table for table in exported_tables()}
    current: Table | None = None
    batch: list[tuple[int, dict[str, Any]]] = []
    for number, record in records:
        table = tables.get(record["type"])
        if table is None:
            raise DumpError(f"line {number}: unknown record type {record['type']!r}")
        if batch and (table is not current or len(batch) >= BATCH_ROWS):
            assert current is not None
            yield current, batch
            batch = []
        current = table
        batch.append((number, record))
    if batch and current is not None:
        yield current, batch


def _self_references(table: Table) -> list[str]:
    return [column.name for column in table.columns
            if any(fk.column.table is table for fk in column.foreign_keys)]


def _impl(column_type: Any) -> Any:
    return column_type.impl if isinstance(column_type, TypeDecorator) else column_type


def _parser(column_type: Any) -> Any:
    impl = _impl(column_type)
    if isinstance(impl, DateTime):
        return datetime.fromisoformat
    if isinstance(impl, Date):
        return date.fromisoformat
    return None


class _Restorer:
    """Insert a dump's rows table by table; self-references and sequences at the end."""

    def __init__(self, connection: Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self.deferred: list[tuple[Table, str, int, Any]] = []
        self.order = [table.name for table in exported_tables()]
        self.done: list[str] = []

    def insert(self, table: Table, batch: list[tuple[int, dict[str, Any]]]) -> None:
        """Insert one batch of ``table``'s records."""
        self._check_order(table, batch[0][0])
        columns = {column.name: column for column in table.columns}
        deferred = _self_references(table)
        rows = []
        for number, record in batch:
            row: dict[str, Any] = {}
            for key, value in record.items():
                if key == "type" or (table.name, key) in DERIVED_COLUMNS:
                    continue
                column = columns.get(key)
                if column is None:
                    raise DumpError(f"{self.path}:{number}: {table.name} has no column {key!r}")
                row[key] = self._value(column, value, number)
            if not isinstance(row.get("id"), int):
                raise DumpError(f"{self.path}:{number}: a {table.name} record needs an integer id")
            for key in deferred:
                if row.get(key) is not None:
                    self.deferred.append((table, key, row["id"], row[key]))
                row[key] = None
            rows.append(row)
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:  # executemany needs one column list per statement
            by_columns.setdefault(tuple(row), []).append(row)
        for same in by_columns.values():
            self.connection.execute(table.insert(), same)

    def _check_order(self, table: Table, number: int) -> None:
        if self.done and self.done[-1] == table.name:
            return
        position = self.order.index(table.name)
        if self.done and self.order.index(self.done[-1]) > position:
            raise DumpError(f"{self.path}:{number}: {table.name} records come after "
                            f"{self.done[-1]} records; a dump lists parents first")
        self.done.append(table.name)

    def _value(self, column: Any, value: Any, number: int) -> Any:
        where = f"{self.path}:{number}: {column.table.name}.{column.name}"
        if isinstance(value, list | dict):
            raise DumpError(f"{where} must be a single value, not {type(value).__name__}")
        if isinstance(value, int) and not isinstance(value, bool):
            # INTEGER columns are 32 bits on PostgreSQL: a dump restores on either database
            bound = MAX_ROW_ID if isinstance(_impl(column.type), Integer) else MAX_INTEGER
            if not -bound - 1 <= value <= bound:
                raise DumpError(f"{where} is out of range: {value}")
        parse = _parser(column.type)
        if value is None or parse is None:
            return value
        try:
            return parse(value)
        except (TypeError, ValueError):
            raise DumpError(f"{where} is not an ISO date or time: {value!r}") from None

    def finish(self) -> None:
        """Set the self-references, then move PostgreSQL's id sequences past the restored ids."""
        for table, key, row_id, target in self.deferred:
            values: dict[str, Any] = {key: target}
            if "updated_at" in table.c:  # as restored, not stamped now by onupdate
                values["updated_at"] = table.c.updated_at
            self.connection.execute(update(table).where(table.c.id == row_id).values(values))
        if self.connection.dialect.name == "postgresql":
            for table in exported_tables():
                self.connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}")
