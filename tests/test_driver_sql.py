"""Statements sent on the driver's cursor (newsdb/driver_sql.py): what SQLAlchemy would have
done for them is done, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import Table, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdb.driver_sql import IN_CHUNK, DriverStatement, in_list
from newsdb.models import Article, Entity, Event, Source
from tests.statements import statements_sent

_SOURCES = cast(Table, Source.__table__)
_EVENTS = cast(Table, Event.__table__)
_ENTITIES = cast(Table, Entity.__table__)
_serial = itertools.count()

_INSERT_SOURCE = DriverStatement.insert(_SOURCES, ("name", "domain"), returning_id=True)
_SOURCE_BY_NAME = DriverStatement(
    select(_SOURCES.c.id, _SOURCES.c.kind, _SOURCES.c.created_at, _SOURCES.c.version)
    .where(_SOURCES.c.name == bindparam("name")))


def _name() -> str:
    return f"driver-sql-test-{next(_serial)}"


def test_an_insert_fills_the_python_defaults_and_returns_the_id(session: Session) -> None:
    name = _name()
    before = datetime.now(UTC)
    source_id = _INSERT_SOURCE.insert_one(session, {"name": name, "domain": None})
    source = session.get_one(Source, source_id)
    # kind's default ("publisher"), created_at's (now, in UTC), version's server default
    assert (source.name, source.kind, source.version) == (name, "publisher", 1)
    assert before - timedelta(seconds=1) <= source.created_at <= datetime.now(UTC)


def test_values_read_are_those_the_orm_reads(session: Session) -> None:
    """Result processors: SQLite's dates and UTC timestamps come back as the ORM gives them."""
    name = _name()
    source_id = _INSERT_SOURCE.insert_one(session, {"name": name, "domain": "example.org"})
    [(found_id, kind, created_at, version)] = _SOURCE_BY_NAME.rows(session, {"name": name})
    source = session.get_one(Source, source_id)
    assert (found_id, kind, created_at, version) == (source.id, source.kind,
                                                      source.created_at, source.version)
    assert created_at.tzinfo is not None
    published = DriverStatement(select(cast(Table, Article.__table__).c.published_at)
                                .where(Article.id == bindparam("id")))
    article = session.scalars(select(Article).where(Article.published_at.is_not(None))).first()
    assert article is not None
    assert published.rows(session, {"id": article.id}) == [(article.published_at,)]
    assert isinstance(article.published_at, date)


def test_values_written_are_those_the_orm_writes(session: Session) -> None:
    """Bind processors: a date sent on the cursor reads back as the same date."""
    insert_event = DriverStatement.insert(
        _EVENTS, ("kind", "title", "occurred_on", "date_precision", "confidence"),
        returning_id=True)
    event_id = insert_event.insert_one(session, {
        "kind": "visit", "title": "driver sql", "occurred_on": date(2022, 2, 17),
        "date_precision": "day", "confidence": 0.5})
    event = session.get_one(Event, event_id)
    assert (event.occurred_on, event.date_precision, event.version) == (date(2022, 2, 17),
                                                                        "day", 1)


def test_statements_are_seen_by_the_connection_events(session: Session) -> None:
    with statements_sent(session.connection()) as sent:
        _SOURCE_BY_NAME.rows(session, {"name": _name()})
        _INSERT_SOURCE.insert_one(session, {"name": _name(), "domain": None})
    assert len(sent) == 2
    assert sent[0].lstrip().upper().startswith("SELECT")
    assert sent[1].lstrip().upper().startswith("INSERT")


def test_a_driver_error_is_sqlalchemys_and_a_savepoint_takes_the_statement_back(
        session: Session) -> None:
    name = _name()
    _INSERT_SOURCE.insert_one(session, {"name": name, "domain": None})
    savepoint = session.begin_nested()
    other = _name()
    _INSERT_SOURCE.insert_one(session, {"name": other, "domain": None})
    with pytest.raises(IntegrityError):  # the name is unique
        _INSERT_SOURCE.insert_one(session, {"name": name, "domain": None})
    savepoint.rollback()
    assert _SOURCE_BY_NAME.rows(session, {"name": other}) == []
    assert len(_SOURCE_BY_NAME.rows(session, {"name": name})) == 1


def test_pending_objects_are_flushed_first_unless_autoflush_is_off(session: Session) -> None:
    pending = Source(name=_name())
    session.add(pending)
    with session.no_autoflush:
        assert _SOURCE_BY_NAME.rows(session, {"name": pending.name}) == []
    assert [row[0] for row in _SOURCE_BY_NAME.rows(session, {"name": pending.name})] == [
        pending.id]


def test_execute_many_inserts_every_row_and_nothing_for_none(session: Session) -> None:
    insert_sources = DriverStatement.insert(_SOURCES, ("name", "kind"))
    names = [_name() for _ in range(3)]
    with statements_sent(session.connection()) as sent:
        insert_sources.execute_many(session, [])
    assert sent == []
    insert_sources.execute_many(session, [{"name": name, "kind": "agency"} for name in names])
    rows = [row for name in names for row in _SOURCE_BY_NAME.rows(session, {"name": name})]
    assert [row[1] for row in rows] == ["agency"] * 3
    assert len({row[2] for row in rows}) == 1  # one created_at: defaults made once a call


def test_in_lists_of_any_length_go_in_chunks(session: Session) -> None:
    by_id = DriverStatement(select(_ENTITIES.c.id).where(_ENTITIES.c.id.in_(in_list("ids"))))
    ids = sorted(session.scalars(select(Entity.id)))
    assert len(ids) > IN_CHUNK  # the seeds' entities: more than one chunk
    with statements_sent(session.connection()) as sent:
        found = by_id.rows_in(session, {"ids": [*ids, -1, -2]})
    assert sorted(row[0] for row in found) == ids
    assert len(sent) == -(-(len(ids) + 2) // IN_CHUNK)
    with statements_sent(session.connection()) as sent:
        assert by_id.rows_in(session, {"ids": []}) == []
    assert sent == []


def test_two_in_lists_take_every_combination_of_their_chunks(session: Session) -> None:
    both = DriverStatement(select(_ENTITIES.c.id).where(
        _ENTITIES.c.id.in_(in_list("ids")), _ENTITIES.c.slug.in_(in_list("slugs")),
        _ENTITIES.c.kind == bindparam("kind")))
    rows = session.execute(select(Entity.id, Entity.slug, Entity.kind)).all()
    kind = rows[0].kind
    wanted = sorted(row.id for row in rows if row.kind == kind)
    # ids in one order, slugs in the reverse: a row's id and slug fall in different chunks
    found = both.rows_in(session, {"ids": [row.id for row in rows],
                                   "slugs": [row.slug for row in reversed(rows)]},
                         {"kind": kind})
    assert sorted(row[0] for row in found) == wanted


def test_a_statement_interrupted_before_its_row_is_read_lets_the_transaction_commit(
        tmp_path: Path) -> None:
    """Ctrl-C between an INSERT ... RETURNING and the read of its id (raised here by the
    connection's event right after the statement ran) leaves no statement stepping: SQLite
    refuses a COMMIT while one is ("SQL statements in progress"), and an interrupted import
    commits the record of what it kept while the interruption unwinds."""
    from sqlalchemy import event

    from newsdb.db import make_engine
    from newsdb.schema import upgrade

    url = f"sqlite:///{tmp_path / 'interrupted.sqlite3'}"  # a real COMMIT, not a savepoint
    upgrade(url)
    engine = make_engine(url)

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    try:
        with Session(engine) as session:
            _INSERT_SOURCE.insert_one(session, {"name": "kept", "domain": None})
            event.listen(engine, "after_cursor_execute", interrupt)
            try:
                _INSERT_SOURCE.insert_one(session, {"name": "interrupted", "domain": None})
            except KeyboardInterrupt:  # its traceback, and what it holds, still alive here
                event.remove(engine, "after_cursor_execute", interrupt)
                session.commit()
        with Session(engine) as session:
            assert "kept" in [name for (name,) in session.execute(select(Source.name))]
    finally:
        engine.dispose()
