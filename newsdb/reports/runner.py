"""Named reports: SQL files with parameters (``newsdb/reports/*.sql``), loaded and run.

A report file opens with a header of comments, then one SELECT with ``:name`` parameters::

    -- title: Mentions of an entity per month
    -- description: How often an entity is mentioned, month by month.
    -- param entity (entity, required): the entity, by id, slug, name or alias
    -- param limit (integer, default 10): how many rows
    SELECT … WHERE entity_id = :entity LIMIT :limit

A line that starts with ``--`` and two spaces continues the entry above it. Parameter types:
``integer``, ``text``, ``date`` (YYYY-MM-DD), ``entity`` (an id, slug, name or alias, resolved to
the surviving entity's id) and ``country`` (an ISO 3166 code or a country's name, resolved to
the alpha-2 code).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, Date, Integer, String, bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from newsdb.db import MAX_INTEGER
from newsdb.reports.errors import ReportParameterError, UnknownReport
from newsdb.reports.formats import json_row, json_value
from newsdb.reports.lookup import resolve_country, resolve_entity

PARAM_TYPES: dict[str, TypeEngine[Any]] = {
    "integer": Integer(), "text": String(), "date": Date(), "entity": Integer(),
    "country": String(),
}
_HEADER = re.compile(r"^--\s*(title|description):\s*(.*)$")
_PARAM = re.compile(
    r"^--\s*param\s+(\w+)\s+\((\w+),\s*(required|optional|default\s+[^)]+)\):\s*(.*)$")
_CONTINUATION = re.compile(r"^--\s{2,}(\S.*)$")
_BIND = re.compile(r"(?<![:\w]):(\w+)")
# Integers a report takes are ids and row counts: below one they mean nothing.
MIN_INTEGER = 1


@dataclass(frozen=True)
class ReportParam:
    """One parameter of a named report."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str

    def as_dict(self) -> dict[str, Any]:
        """Return the parameter as a JSON-ready record."""
        return {"name": self.name, "type": self.type, "required": self.required,
                "default": self.default, "description": self.description}


@dataclass(frozen=True)
class Report:
    """A named report: its SQL and what it needs."""

    name: str
    title: str
    description: str
    params: tuple[ReportParam, ...]
    sql: str

    def as_dict(self) -> dict[str, Any]:
        """Return the report's description (not its SQL) as a JSON-ready record."""
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [param.as_dict() for param in self.params]}


@dataclass(frozen=True)
class ReportResult:
    """The rows of a report run with the given parameters."""

    report: Report
    params: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a JSON-ready record, each row an object."""
        return {"report": self.report.name, "title": self.report.title,
                "params": {name: json_value(value) for name, value in self.params.items()},
                "columns": self.columns,
                "rows": [dict(zip(self.columns, row, strict=True)) for row in self.rows],
                "row_count": len(self.rows)}


def parse_report(name: str, source: str) -> Report:
    """Parse a report file's header and SQL; refuse a header that does not match the SQL."""
    fields: dict[str, str] = {"title": "", "description": ""}
    params: list[dict[str, Any]] = []
    last: dict[str, Any] | None = None
    last_field: str | None = None
    body_start = 0
    lines = source.splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("--"):
            body_start = index
            break
        if (match := _CONTINUATION.match(line)) and (last is not None or last_field):
            if last is not None:
                last["description"] += " " + match.group(1)
            elif last_field is not None:
                fields[last_field] += " " + match.group(1)
        elif match := _HEADER.match(line):
            last_field, last = match.group(1), None
            fields[last_field] = match.group(2).strip()
        elif match := _PARAM.match(line):
            spec = match.group(3)
            last_field, last = None, {
                "name": match.group(1), "type": match.group(2), "required": spec == "required",
                "default": spec.split(None, 1)[1] if spec.startswith("default") else None,
                "description": match.group(4).strip()}
            params.append(last)
    sql = "\n".join(lines[body_start:]).strip()
    report = Report(name, fields["title"], fields["description"],
                    tuple(ReportParam(**param) for param in params), sql)
    _check_report(report)
    return report


def _check_report(report: Report) -> None:
    if not report.title or not report.sql:
        raise ValueError(f"report {report.name!r} needs a title and a SELECT")
    for param in report.params:
        if param.type not in PARAM_TYPES:
            raise ValueError(f"report {report.name!r}: parameter {param.name!r} has unknown "
                             f"type {param.type!r}")
    declared = {param.name for param in report.params}
    used = set(_BIND.findall(_without_comments(report.sql)))
    if declared != used:
        raise ValueError(f"report {report.name!r} declares {sorted(declared)} but its SQL "
                         f"uses {sorted(used)}")


def _without_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


@cache
def _load_reports() -> dict[str, Report]:
    folder = resources.files("newsdb.reports")
    reports = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            name = entry.name[:-len(".sql")]
            reports[name] = parse_report(name, entry.read_text(encoding="utf-8"))
    return reports


def list_reports() -> list[Report]:
    """Return every named report, by name."""
    return list(_load_reports().values())


def get_report(name: str) -> Report:
    """Return the named report.

    :raises UnknownReport: no report has that name.
    """
    report = _load_reports().get(name)
    if report is None:
        known = ", ".join(_load_reports())
        raise UnknownReport(f"no report named {name!r}; the reports are: {known}")
    return report


def run_report(bind: Session | Connection, name: str, raw_params: Mapping[str, Any]
               ) -> ReportResult:
    """Run a named report with parameters given as text (CLI, query string) or values.

    :raises UnknownReport: no report has that name.
    :raises ReportParameterError: a parameter is missing, unknown or malformed.
    """
    report = get_report(name)
    values = bind_values(bind, report, raw_params)
    statement = text(report.sql).bindparams(
        *(bindparam(param.name, type_=PARAM_TYPES[param.type]) for param in report.params))
    result = bind.execute(statement, values)
    columns = list(result.keys())
    rows = [json_row(row) for row in result.all()]  # all(): one fetch, not one a row
    return ReportResult(report, values, columns, rows)


def bind_values(bind: Session | Connection, report: Report, raw: Mapping[str, Any]
                ) -> dict[str, Any]:
    """Check and convert a report's parameters; defaults fill what was not given."""
    known = {param.name: param for param in report.params}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        takes = ", ".join(known) or "no parameters"
        raise ReportParameterError(f"report {report.name!r} has no parameter "
                                   f"{', '.join(map(repr, unknown))}; it takes: {takes}")
    values: dict[str, Any] = {}
    for param in report.params:
        value = raw.get(param.name)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            value = param.default
        if value is None:
            if param.required:
                raise ReportParameterError(
                    f"report {report.name!r} needs the parameter {param.name!r}: "
                    f"{param.description}")
            values[param.name] = None
            continue
        values[param.name] = _convert(bind, report, param, value)
    return values


def _convert(bind: Session | Connection, report: Report, param: ReportParam, value: Any) -> Any:
    where = f"parameter {param.name!r} of report {report.name!r}"
    if param.type == "integer":
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ReportParameterError(f"{where} must be a whole number, not {value!r}") from None
        if number < MIN_INTEGER:
            raise ReportParameterError(f"{where} must be at least {MIN_INTEGER}, not {number}")
        if number > MAX_INTEGER:
            raise ReportParameterError(f"{where} must be at most {MAX_INTEGER}, not {number}")
        return number
    if param.type == "date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise ReportParameterError(
                f"{where} must be a date in the form YYYY-MM-DD, not {value!r}") from None
    if param.type == "entity":
        return resolve_entity(bind, str(value), where)
    if param.type == "country":
        return resolve_country(bind, str(value), where)
    return str(value).strip()
