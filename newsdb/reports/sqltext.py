"""A small SQL lexer: enough to count statements and find the first keyword, quotes and comments
understood, so that the guard refuses with a clear message before the database is asked.

It is not the guard itself: the read-only connection, the authorizer (SQLite) and the reader
role (PostgreSQL) are. A lexing mistake can only make a message less precise, never let a write
through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9$]*")
_SQLITE_CLOSERS = {'"': '"', "`": "`", "[": "]"}


@dataclass(frozen=True)
class ScannedSql:
    """What the lexer found: the statements (comments kept) and the first word of each."""

    statements: tuple[str, ...]
    first_words: tuple[str, ...]

    @property
    def first_keyword(self) -> str:
        """The first word of the first statement, upper-cased ('' when there is none)."""
        return self.first_words[0].upper() if self.first_words else ""


def scan(sql: str, dialect: str) -> ScannedSql:
    """Split ``sql`` into statements at top-level semicolons (``dialect``: sqlite or postgresql).

    A statement holding only comments and whitespace is dropped, so ``SELECT 1; -- done`` is one.
    """
    postgres = dialect != "sqlite"
    statements: list[str] = []
    first_words: list[str] = []
    start = 0
    first: str | None = None
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif char == "/" and sql.startswith("/*", i):
            i = _skip_block_comment(sql, i, nested=postgres)
        elif char == "'":
            escaped = postgres and i > 0 and sql[i - 1] in "eE" and not _word_char(sql, i - 2)
            i = _skip_quoted(sql, i, "'", backslash=escaped)
        elif char == '"' or (not postgres and char in "`["):
            i = _skip_quoted(sql, i, _SQLITE_CLOSERS.get(char, '"'), backslash=False)
        elif char == "$" and postgres and not _word_char(sql, i - 1):
            i = _skip_dollar_quoted(sql, i)
        elif char == ";":
            if first is not None:
                statements.append(sql[start:i].strip())
                first_words.append(first)
            start, first = i + 1, None
            i += 1
        else:
            match = _WORD.match(sql, i) if char.isalpha() or char == "_" else None
            if match:
                if first is None and not (postgres and _is_string_prefix(sql, match)):
                    first = match.group()
                i = match.end()
            else:
                if first is None and not char.isspace():
                    first = char  # a statement that starts with a symbol: "(", "VALUES"…
                i += 1
    if first is not None:
        statements.append(sql[start:].strip())
        first_words.append(first)
    return ScannedSql(tuple(statements), tuple(first_words))


def _word_char(sql: str, index: int) -> bool:
    return index >= 0 and (sql[index].isalnum() or sql[index] in "_$")


def _is_string_prefix(sql: str, match: re.Match[str]) -> bool:
    """E'…' is a string, not a word followed by a string."""
    return match.group() in ("E", "e") and sql.startswith("'", match.end())


def _skip_block_comment(sql: str, i: int, *, nested: bool) -> int:
    depth, i = 1, i + 2
    while i < len(sql) and depth:
        if nested and sql.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif sql.startswith("*/", i):
            depth, i = depth - 1, i + 2
        else:
            i += 1
    return i


def _skip_quoted(sql: str, i: int, closer: str, *, backslash: bool) -> int:
    i += 1
    while i < len(sql):
        if backslash and sql[i] == "\\":
            i += 2
        elif sql[i] == closer:
            if sql.startswith(closer * 2, i) and closer != "]":
                i += 2  # a doubled quote stands for itself
            else:
                return i + 1
        else:
            i += 1
    return i


def _skip_dollar_quoted(sql: str, i: int) -> int:
    match = _DOLLAR_TAG.match(sql, i)
    if match is None:
        return i + 1  # $1, a positional parameter
    end = sql.find(match.group(), match.end())
    return len(sql) if end < 0 else end + len(match.group())
