"""The request's session: opened on first use, committed after a successful write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from newsdb.db import session_scope, writer

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def get_engine() -> Engine:
    """Return the engine of the current app."""
    engine: Engine = current_app.extensions["newsdb_engine"]
    return engine


def get_session() -> Session:
    """Return the request's session (writes begin IMMEDIATE on SQLite)."""
    if "db_session" not in g:
        engine = get_engine()
        bind = writer(engine) if request.method in WRITE_METHODS else engine
        # create_savepoint: when the app is handed a connection already in a transaction
        # (the tests), the request's commit is a savepoint of it.
        g.db_session = Session(bind=bind, expire_on_commit=False,
                               join_transaction_mode="create_savepoint")
    session: Session = g.db_session
    return session


def _commit_on_success(response: Response) -> Response:
    session: Session | None = g.pop("db_session", None)
    if session is None:
        return response
    try:
        if response.status_code < 400 and request.method in WRITE_METHODS:
            session.commit()
    finally:
        session.close()  # rolls back whatever was not committed
    return response


def _close_on_teardown(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()


def init_app(app: Flask) -> None:
    """Bind the request's session life cycle to ``app``."""
    app.after_request(_commit_on_success)
    app.teardown_appcontext(_close_on_teardown)


@contextmanager
def separate_session(*, write: bool = False) -> Iterator[Session]:
    """Yield a short session of its own, committed on success (the token check uses it before
    the request's session begins, so a write here never waits on the request's own lock)."""
    engine = get_engine()
    with session_scope(engine, write=write and isinstance(engine, Engine)) as session:
        yield session
