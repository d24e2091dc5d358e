"""Generate the Mermaid ER diagram of newsdb's tables from the models, into docs/reporting.md.

    python scripts/er_diagram.py            print the diagram
    python scripts/er_diagram.py --write    replace the diagram in docs/reporting.md
    python scripts/er_diagram.py --check    exit 1 when docs/reporting.md is out of date

The diagram sits between the markers ``<!-- er-diagram:start -->`` and ``<!-- er-diagram:end
-->``; a test runs the check, so a model change without a new diagram fails the suite.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, MetaData, String, Text
from sqlalchemy.sql.type_api import TypeEngine

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reporting.md"
START = "<!-- er-diagram:start -->"
END = "<!-- er-diagram:end -->"
# Checked in this order: Text before String (Text is a String), DateTime before Date.
TYPE_NAMES: tuple[tuple[type[TypeEngine[object]], str], ...] = (
    (Text, "text"), (String, "varchar"), (DateTime, "timestamp"), (Date, "date"),
    (Boolean, "boolean"), (Integer, "integer"), (Float, "float"), (JSON, "json"),
)


def _type_name(column: Column[object]) -> str:
    column_type = column.type
    impl = getattr(column_type, "impl", column_type)
    for sql_type, name in TYPE_NAMES:
        if isinstance(impl, sql_type):
            return name
    return type(impl).__name__.lower()


def _keys(column: Column[object]) -> str:
    keys = []
    if column.primary_key:
        keys.append("PK")
    if column.foreign_keys:
        keys.append("FK")
    if column.unique or any(
        len(constraint.columns) == 1 and column.name in constraint.columns
        for constraint in column.table.constraints
        if constraint.__class__.__name__ == "UniqueConstraint"
    ):
        keys.append("UK")
    return ", ".join(keys)


def render_mermaid(metadata: MetaData) -> str:
    """Return the ``erDiagram`` of every table in ``metadata``: columns, keys, relations."""
    tables = sorted(metadata.tables.values(), key=lambda table: table.name)
    lines = ["erDiagram"]
    for table in tables:
        lines.append(f"    {table.name} {{")
        columns = sorted(table.columns, key=lambda column: not column.primary_key)
        for column in columns:
            keys = _keys(column)
            null = "" if column.nullable is False or column.primary_key else ' "null"'
            lines.append(f"        {_type_name(column)} {column.name}"
                         f"{' ' + keys if keys else ''}{null}")
        lines.append("    }")
    for table in tables:
        for column in table.columns:
            for foreign_key in sorted(column.foreign_keys, key=lambda fk: fk.target_fullname):
                parent = foreign_key.column.table.name
                one = "|o" if column.nullable else "||"
                lines.append(f'    {parent} {one}--o{{ {table.name} : "{column.name}"')
    return "\n".join(lines) + "\n"


def current_diagram() -> str:
    """Return the diagram of newsdb's models."""
    sys.path.insert(0, str(ROOT))
    from newsdb.models import Base

    return render_mermaid(Base.metadata)


def replace_block(document: str, diagram: str) -> str:
    """Return ``document`` with the diagram between the markers replaced."""
    head, start, rest = document.partition(START)
    _old, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"{DOC}: the markers {START} and {END} are missing")
    return f"{head}{START}\n```mermaid\n{diagram}```\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="update docs/reporting.md")
    mode.add_argument("--check", action="store_true", help="fail when docs are out of date")
    args = parser.parse_args(argv)
    diagram = current_diagram()
    if not (args.write or args.check):
        sys.stdout.write(diagram)
        return 0
    document = DOC.read_text(encoding="utf-8")
    updated = replace_block(document, diagram)
    if args.check:
        if updated != document:
            print(f"{DOC} is out of date: run python scripts/er_diagram.py --write",
                  file=sys.stderr)
            return 1
        return 0
    DOC.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
