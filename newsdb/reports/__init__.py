"""SQL reporting (DESIGN.md §9): named reports (``*.sql`` here) and the read-only SQL guard."""

from newsdb.reports.errors import (
    ReportParameterError,
    SqlFailed,
    SqlRefused,
    SqlTimeout,
    UnknownReport,
)
from newsdb.reports.guard import QueryResult, SqlLimits, run_sql, sql_engine
from newsdb.reports.runner import Report, ReportResult, get_report, list_reports, run_report

__all__ = [
    "QueryResult", "Report", "ReportParameterError", "ReportResult", "SqlFailed", "SqlLimits",
    "SqlRefused", "SqlTimeout", "UnknownReport", "get_report", "list_reports", "run_report",
    "run_sql", "sql_engine",
]
