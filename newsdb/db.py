"""Engine and sessions: SQLite pragmas on every connection; write transactions begin IMMEDIATE
on SQLite and take one advisory lock on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, SessionTransaction, make_transient_to_detached, sessionmaker

from newsdb.config import ConfigError

# Long enough to ride out another process's import transaction, short enough that a stuck
# writer surfaces as an error rather than a hung request.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Reads go through a memory map of the file (at most this much; SQLite clamps it to its
# compile-time limit) instead of a read() into the page cache for every page. The page cache
# (2 MiB) cannot hold the indexes a read walks on every request (count(*) of 100,000 articles:
# 0.7 ms -> 0.03 ms mapped) and long rows spill to overflow pages (one entity's list, 40,000
# articles sorted by date: 90 -> 45 ms). Not a bigger cache_size: SQLite's sorter takes its
# memory budget from it, and aggregations over a million mentions got 2x slower.
SQLITE_MMAP_BYTES = 2**31
# The page cache of an import's connection, which maps nothing: with SQLite's default (2 MiB)
# the index pages its writes walk (entities, aliases, events, mentions, full-text segments) are
# read() again and again, 1.4 ms of system time an article at 10,000 articles; with 16 MiB,
# 0.9 ms. Bounded: its memory is flat once it is full (a 1,000-article archive fills it).
IMPORT_CACHE_KIB = 16 * 1024
WRITE_OPTION = "newsdb_write"
# Ids are INTEGER columns: 32 bits on PostgreSQL. A larger number names no row (and would be an
# error to send).
MAX_ROW_ID = 2**31 - 1
# The largest integer a statement may carry: SQLite's INTEGER, PostgreSQL's bigint (the least
# is -MAX_INTEGER - 1). A larger one is an OverflowError in the driver, not a database error.
MAX_INTEGER = 2**63 - 1


SUPPORTED_BACKENDS = ("sqlite", "postgresql")
_TRANSACTION_MEMOS = "newsdb_transaction_memos"
_INSERTED = "newsdb_core_inserted"  # objects attach_inserted made persistent


def check_database_url(url: str) -> None:
    """Raise ConfigError unless ``url`` is a SQLite or PostgreSQL URL SQLAlchemy can read (the
    message never repeats a password)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError("the database URL is not one such as sqlite:///newsdb.sqlite3 or "
                          "postgresql+psycopg://user@host/db") from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        hint = " (write postgresql://)" if backend == "postgres" else ""
        raise ConfigError(f"newsdb runs on SQLite or PostgreSQL, not {backend!r}{hint}: "
                          f"{parsed.render_as_string(hide_password=True)}")
    try:
        parsed.get_dialect().import_dbapi()
    except ImportError as error:
        raise ConfigError(f"the database driver {error.name!r} is not installed: newsdb's "
                          "drivers are sqlite3 and psycopg (postgresql+psycopg://…)") from None


def is_sqlite(url_or_engine: str | Engine | Connection) -> bool:
    """Tell whether a URL or engine points at SQLite."""
    if isinstance(url_or_engine, str):
        return url_or_engine.startswith("sqlite")
    return url_or_engine.dialect.name == "sqlite"


def _install_sqlite_hooks(engine: Engine, mmap_bytes: int, cache_kib: int | None,
                          temp_in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event, not the driver, decide how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA mmap_size = {int(mmap_bytes)}")
        if cache_kib is not None:
            cursor.execute(f"PRAGMA cache_size = {-int(cache_kib)}")
        if temp_in_memory:
            # What an import puts in temporary storage is the statement journal: a statement
            # that fires triggers (the full-text index, the counts) journals each page it
            # changes, and past 64 KiB the journal went to a file in /var/tmp, ~180 page
            # writes an article (0.45 ms of system time). It holds one statement's pages, and
            # an import's statements work an article at a time. Not for serving: the setting
            # holds sorts in memory too, and the API's sorts are as large as what they sort.
            cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Writers take the write lock up front so two writers never deadlock on lock upgrade;
        # readers stay deferred and never queue behind a writer.
        if connection.get_execution_options().get(WRITE_OPTION, False):
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # may wait, and fail as SQLAlchemy's
        else:
            # A deferred BEGIN takes no lock and cannot fail: the driver's own call, not
            # SQLAlchemy's statement machinery (~40 µs of every read request).
            driver = connection.connection.driver_connection
            assert driver is not None  # a pooled connection is open
            driver.execute("BEGIN")


# The advisory lock every PostgreSQL write transaction takes first ("news" in ASCII).
POSTGRES_WRITE_LOCK = 0x6E657773


def _install_postgres_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # One writer at a time, as on SQLite: the importer and the API check, then insert
        # (an entity, an alias, a source, an event that gains evidence), and under READ
        # COMMITTED two writers would both find nothing and both insert. Reads take no lock.
        if connection.get_execution_options().get(WRITE_OPTION, False):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_WRITE_LOCK})")


def make_engine(url: str, *, mmap_bytes: int = SQLITE_MMAP_BYTES, cache_kib: int | None = None,
                temp_in_memory: bool = False, **kwargs: Any) -> Engine:
    """Create an engine for ``url``; on SQLite, with WAL, foreign keys and a busy timeout.

    ``mmap_bytes``: how much of an SQLite file reads may map. An import passes 0: it writes
    more than it reads, and mapped pages count as its memory, growing with the archive.
    ``cache_kib``: SQLite's page cache (None: SQLite's default); an import passes
    ``IMPORT_CACHE_KIB``. Not for serving: SQLite's sorter takes its budget from it.
    ``temp_in_memory``: SQLite's temporary storage (an import's statement journals) in
    memory; an import passes True. Not for serving, whose temporary files are the sorter's.
    """
    if is_sqlite(url):
        kwargs.setdefault("connect_args", {})
        kwargs["connect_args"].setdefault("check_same_thread", False)
        engine = create_engine(url, **kwargs)
        _install_sqlite_hooks(engine, mmap_bytes, cache_kib, temp_in_memory)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "postgresql":
        _install_postgres_hooks(engine)
    return engine


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    """Return the process-wide engine for ``url``."""
    return make_engine(url)


def writer(engine: Engine) -> Engine:
    """Return a view of ``engine`` whose transactions begin IMMEDIATE on SQLite."""
    return engine.execution_options(**{WRITE_OPTION: True})


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory bound to ``engine``."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """Yield a session whose transaction commits on success and rolls back on error."""
    bind = writer(engine) if write else engine
    # create_savepoint: bound to a connection already in a transaction (the tests), the
    # session's commit is a savepoint of it; bound to an engine it changes nothing.
    session = Session(bind=bind, expire_on_commit=False, join_transaction_mode="create_savepoint")
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def transaction_memo(session: Session, name: str) -> dict[Any, Any]:
    """Return the dict called ``name`` that the session keeps until its transaction ends or
    rolls back (a savepoint's rollback too, which may take back rows a memo names).

    For what a writer looks up again and again within one transaction (the sources and
    entities an import's batch names) and nothing changes in the middle of it.
    """
    memos: dict[str, dict[Any, Any]] = session.info.setdefault(_TRANSACTION_MEMOS, {})
    return memos.setdefault(name, {})


def attach_inserted(session: Session, instance: object) -> None:
    """Make an ORM object whose row a Core INSERT just wrote (its primary key and every
    column set on it, as written) a persistent object of the session, as a flush would have
    left it: nothing to load, nothing to write. A rollback, a savepoint's included, takes it
    out of the session again, as it does the objects a flush inserted: their rows are gone,
    and SQLite may give their ids to the next rows."""
    make_transient_to_detached(instance)
    session.add(instance)
    session.info.setdefault(_INSERTED, []).append(instance)


@event.listens_for(Session, "after_soft_rollback")
def _forget_memos(session: Session, _transaction: object) -> None:
    """Any rollback, a savepoint's included: the memos go, and so do the objects
    :func:`attach_inserted` made persistent (those inserted before the savepoint too: they
    are loaded again when asked for)."""
    session.info.pop(_TRANSACTION_MEMOS, None)
    for instance in session.info.pop(_INSERTED, ()):
        if instance in session:
            session.expunge(instance)


@event.listens_for(Session, "after_transaction_end")
def _forget_memos_at_end(session: Session, transaction: SessionTransaction) -> None:
    """The end of the session's own transaction (a close rolls back without the event above);
    not that of a flush's inner transaction, which would undo the memos."""
    if transaction.parent is None:
        session.info.pop(_TRANSACTION_MEMOS, None)
        session.info.pop(_INSERTED, None)
