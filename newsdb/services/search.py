"""Full-text search over articles: FTS5 on SQLite, tsvector on PostgreSQL."""

from __future__ import annotations

import re

from sqlalchemy import Select, literal_column, select, text
from sqlalchemy.orm import Session

from newsdb.models import Article
from newsdb.models.fulltext import POSTGRES_DOCUMENT

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+\*?", re.UNICODE)


def search_terms(query: str) -> list[str]:
    """Split a user's query into phrases and words; anything else is punctuation to ignore."""
    terms: list[str] = []
    for phrase in _PHRASE.findall(query):
        words = [w.rstrip("*") for w in _WORD.findall(phrase)]
        if words:
            terms.append('"' + " ".join(words) + '"')
    for word in _WORD.findall(_PHRASE.sub(" ", query)):
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if word:
            terms.append(f'"{word}"*' if prefix else f'"{word}"')
    return terms


def fts5_query(query: str) -> str | None:
    """Turn plain user text into a safe FTS5 MATCH expression (AND of phrases and words)."""
    terms = search_terms(query)
    return " ".join(terms) if terms else None


def tsquery_text(query: str) -> str | None:
    """Turn plain user text into a safe PostgreSQL to_tsquery expression."""
    parts: list[str] = []
    for term in search_terms(query):
        prefix = term.endswith("*")
        words = term.rstrip("*").strip('"').split()
        quoted = [w.replace("'", "''") for w in words]
        joined = " <-> ".join(f"'{w}'" for w in quoted)
        parts.append(f"({joined}:*)" if prefix and len(quoted) == 1 else f"({joined})")
    return " & ".join(parts) if parts else None


def fulltext_article_ids(session: Session, query: str) -> Select[tuple[int]]:
    """Return a SELECT of the ids of articles matching ``query`` (none when it has no words)."""
    if session.get_bind().dialect.name == "sqlite":
        match = fts5_query(query)
        if match is None:
            return select(Article.id).where(literal_column("0") == 1)
        return select(literal_column("rowid")).select_from(text("articles_fts")).where(
            text("articles_fts MATCH :match").bindparams(match=match))
    ts = tsquery_text(query)
    if ts is None:
        return select(Article.id).where(literal_column("0") == 1)
    return select(Article.id).where(
        text(f"{POSTGRES_DOCUMENT} @@ to_tsquery('simple', newsdb_unaccent(:ts))").bindparams(ts=ts))
