"""`newsdb report`, `newsdb sql` and `newsdb export` (DESIGN.md §7, §9)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from newsdb.cli import CliContext, reported_errors

FORMATS = ("table", "csv", "json")
# click.pass_obj rather than newsdb.cli.pass_cli (the same CliContext), and the commands
# exported under declared types at the end: newsdb.cli imports this module and adds them, and in
# that import cycle mypy cannot infer the types of decorated functions.


def _parse_params(_ctx: click.Context, _param: click.Parameter, values: Sequence[str]
                  ) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not in the form KEY=VALUE")
        if name.strip() in params:
            raise click.BadParameter(f"{name.strip()!r} is given twice")
        params[name.strip()] = value
    return params


def _emit(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str,
          record: dict[str, Any]) -> None:
    from newsdb.reports.formats import to_csv, to_table

    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(columns, rows, line_end="\n"), nl=False)
    else:
        click.echo(to_table(columns, rows))


@click.command("report")
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              callback=_parse_params, help="A report parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="Output format.")
@click.pass_obj
def report_command(state: CliContext, name: str | None, params: dict[str, str], fmt: str
                   ) -> None:
    """Run the named report NAME; without NAME, list the reports and their parameters."""
    from newsdb.db import session_scope
    from newsdb.reports import list_reports, run_report

    if name is None:
        if params:
            raise click.UsageError("--param needs a report NAME")
        _list_reports(list_reports(), fmt)
        return
    with reported_errors():
        engine = state.ready_engine()
        with session_scope(engine) as session:
            result = run_report(session, name, params)
    _emit(result.columns, result.rows, fmt, result.as_dict())


def _list_reports(reports: Sequence[Any], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
        return
    rows = [[r.name, r.title, ", ".join(
        f"{p.name}{'' if p.required else '?'}:{p.type}" for p in r.params)] for r in reports]
    _emit(["report", "title", "parameters (? = optional)"], rows, fmt, {})


@click.command("sql")
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              callback=_parse_params, help="A value for :KEY in the query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="Output format.")
@click.pass_obj
def sql_command(state: CliContext, query: str, params: dict[str, str], fmt: str) -> None:
    """Run a read-only SQL QUERY ('-' reads it from stdin): SELECT, WITH or EXPLAIN only,
    within NEWSDB_SQL_TIME_LIMIT_MS and NEWSDB_SQL_MAX_ROWS."""
    from newsdb.config import load_settings
    from newsdb.reports import SqlLimits, run_sql, sql_engine

    if query == "-":
        query = sys.stdin.read()
    with reported_errors():
        settings = load_settings()
        limits = SqlLimits.from_settings(settings)
        engine = sql_engine(state.ready_engine(), settings)
        result = run_sql(engine, query, params, limits=limits)
    _emit(result.columns, result.rows, fmt, result.as_dict())
    if result.truncated:
        click.echo(f"(cut at {limits.max_rows} rows: NEWSDB_SQL_MAX_ROWS)", err=True)


@click.command("export")
@click.option("--out", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: standard output).")
@click.pass_obj
def export_command(state: CliContext, out: Path | None) -> None:
    """Dump the database as NDJSON, one typed record a line; `newsdb import` restores it."""
    from newsdb.services.export import export_dump, export_to_file

    with reported_errors():
        engine = state.ready_engine()
        if out is None or str(out) == "-":
            summary = export_dump(engine, sys.stdout)
        else:
            summary = export_to_file(engine, out)
    where = "standard output" if out is None or str(out) == "-" else str(out)
    click.echo(f"Exported {summary.total} record(s) to {where}: {summary.describe()}.",
               err=True)


report: click.Command = report_command
sql: click.Command = sql_command
export: click.Command = export_command
