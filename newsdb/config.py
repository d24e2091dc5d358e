"""Settings from the environment (DESIGN.md §10)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_DATABASE_URL = "sqlite:///newsdb.sqlite3"
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
DEFAULT_SQL_TIME_LIMIT_MS = 1000
DEFAULT_SQL_MAX_ROWS = 1000


class ConfigError(ValueError):
    """A setting has a value newsdb cannot use."""


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _whole_number(name: str, value: str | None, minimum: int) -> int | None:
    """The setting as a whole number of at least ``minimum``, or None when unset."""
    if value is None or value.strip() == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ConfigError(f"{name} must be positive, not {number}" if minimum == 1
                          else f"{name} must be {minimum} or more, not {number}")
    return number


def _positive_int(name: str, value: str | None, default: int) -> int:
    number = _whole_number(name, value, 1)
    return default if number is None else number


def _count(name: str, value: str | None) -> int | None:
    """A whole number ≥ 0, or None when unset."""
    return _whole_number(name, value, 0)


@dataclass(frozen=True)
class Settings:
    """newsdb's settings; build with :func:`load_settings`."""

    database_url: str = DEFAULT_DATABASE_URL
    require_read_token: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    sql_time_limit_ms: int = DEFAULT_SQL_TIME_LIMIT_MS
    sql_max_rows: int = DEFAULT_SQL_MAX_ROWS
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    # Ad hoc SQL's own connection (a login role that can only become newsdb_reader); None: the
    # main database URL.
    sql_database_url: str | None = None
    # Processes that prepare articles ahead of an import's writer; None: one per CPU but one
    import_workers: int | None = None

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with some settings replaced."""
        return replace(self, **overrides)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from the environment (``NEWSDB_*`` variables)."""
    env = os.environ if environ is None else environ
    origins = tuple(o.strip() for o in env.get("NEWSDB_CORS_ORIGINS", "").split(",") if o.strip())
    return Settings(
        database_url=env.get("NEWSDB_DATABASE_URL") or DEFAULT_DATABASE_URL,
        require_read_token=_flag(env.get("NEWSDB_REQUIRE_READ_TOKEN")),
        max_body_bytes=_positive_int(
            "NEWSDB_MAX_BODY_BYTES", env.get("NEWSDB_MAX_BODY_BYTES"), DEFAULT_MAX_BODY_BYTES
        ),
        sql_time_limit_ms=_positive_int(
            "NEWSDB_SQL_TIME_LIMIT_MS", env.get("NEWSDB_SQL_TIME_LIMIT_MS"),
            DEFAULT_SQL_TIME_LIMIT_MS
        ),
        sql_max_rows=_positive_int(
            "NEWSDB_SQL_MAX_ROWS", env.get("NEWSDB_SQL_MAX_ROWS"), DEFAULT_SQL_MAX_ROWS
        ),
        cors_origins=origins,
        sql_database_url=env.get("NEWSDB_SQL_DATABASE_URL") or None,
        import_workers=_count("NEWSDB_IMPORT_WORKERS", env.get("NEWSDB_IMPORT_WORKERS")),
    )
