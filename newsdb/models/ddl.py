"""Hand-written DDL that migrations run, spelled once per dialect."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Connection


def run_for_dialect(connection: Connection, sqlite: Sequence[str],
                    postgresql: Sequence[str]) -> None:
    """Run the statements written for the connection's dialect, in order."""
    for statement in sqlite if connection.dialect.name == "sqlite" else postgresql:
        connection.exec_driver_sql(statement)
