"""The errors of SQL reporting: refused, failed or stopped queries, unknown reports."""

from __future__ import annotations

from newsdb.errors import InputError, NewsdbError, NotFound


class SqlRefused(NewsdbError):
    """Ad hoc SQL the guard will not run: a write, DDL, PRAGMA, ATTACH, several statements…"""


class SqlFailed(NewsdbError):
    """Ad hoc SQL the database could not run (a syntax error, an unknown column…)."""


class SqlTimeout(NewsdbError):
    """Ad hoc SQL stopped at the time limit."""

    def __init__(self, limit_ms: int) -> None:
        super().__init__(f"the query ran longer than its time limit of {limit_ms} ms "
                         "(NEWSDB_SQL_TIME_LIMIT_MS) and was stopped")
        self.limit_ms = limit_ms


class UnknownReport(NotFound):
    """No named report has that name."""


class ReportParameterError(InputError):
    """A report parameter is missing, unknown or not of its type."""
