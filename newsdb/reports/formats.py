"""Rows as JSON values, CSV and a plain-text table, for `newsdb report`, `newsdb sql` and the
API."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

# A table on a terminal stays readable: longer cells are cut (CSV and JSON keep everything).
MAX_TABLE_CELL = 60


def _non_finite(negative: bool, nan: bool) -> str:
    return "NaN" if nan else "-Infinity" if negative else "Infinity"


# Values JSON carries as they are, by exact type (bool is an int's subclass: listed too).
_AS_IS = frozenset({int, str, bool, type(None)})


def json_row(row: Sequence[Any]) -> list[Any]:
    """Return a row's values as :func:`json_value` does, the common ones without its checks
    (a report may return 100,000 rows of a dozen values)."""
    return [value if type(value) in _AS_IS else json_value(value) for value in row]


def json_value(value: Any) -> Any:
    """Return ``value`` as JSON can carry it, the same on SQLite and PostgreSQL: dates as ISO
    strings, decimals as numbers, bytes as hex; numbers JSON has no literal for as the strings
    "NaN", "Infinity" and "-Infinity" (as PostgreSQL's ``to_json`` writes them)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _non_finite(value < 0, math.isnan(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        if not value.is_finite():
            return _non_finite(value.is_signed(), value.is_nan())
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, timedelta):
        return value.total_seconds()
    return str(value)


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
           line_end: str = "\r\n") -> str:
    """Return a header line and one CSV line per row (empty cells for nulls); lines end in
    CRLF as RFC 4180 has it, or in ``line_end``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(columns)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return out.getvalue()


def to_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Return rows as an aligned plain-text table; numbers right-aligned, long text cut."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in
              enumerate(columns)]
    numeric = [bool(rows) and all(isinstance(row[i], int | float) or row[i] is None
                                  for row in rows) for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(value.rjust(width) if right else value.ljust(width)
                         for value, width, right in zip(values, widths, numeric, strict=True)
                         ).rstrip()

    lines = [line(list(columns)), line(["-" * width for width in widths])]
    lines += [line(row) for row in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_TABLE_CELL else text[:MAX_TABLE_CELL - 1] + "…"
