"""Full-text search DDL, run by migrations: FTS5 on SQLite, a tsvector GIN index on PostgreSQL.

Kept here so that a later migration which re-creates ``articles`` (a batch migration on SQLite
drops the table's triggers) can re-create the index and its triggers the same way.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from newsdb.models.ddl import run_for_dialect

SQLITE_CREATE = [
    # content="articles" in double quotes: the only spelling Datasette recognizes.
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content="articles", content_rowid="id",
        tokenize="unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS articles_fts_ai",
    "DROP TRIGGER IF EXISTS articles_fts_ad",
    "DROP TRIGGER IF EXISTS articles_fts_au",
    "DROP TABLE IF EXISTS articles_fts",
]

# unaccent() is only STABLE; an index expression must be IMMUTABLE, hence the wrapper that pins
# the dictionary.
POSTGRES_DOCUMENT = (
    "to_tsvector('simple'::regconfig, newsdb_unaccent(coalesce(title, '') || ' ' || body))"
)
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """CREATE OR REPLACE FUNCTION newsdb_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    f"CREATE INDEX ix_articles_search ON articles USING gin ({POSTGRES_DOCUMENT})",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS ix_articles_search",
    "DROP FUNCTION IF EXISTS newsdb_unaccent(text)",
]

# Since migration 0006 the document is a stored generated column, indexed: a ranking reads each
# match's tsvector instead of parsing its title and body again (``ts_rank`` over the expression
# index recomputed ``to_tsvector`` for every row it ranked). PostgreSQL keeps it in step with
# every INSERT and UPDATE of the title or body.
POSTGRES_DOCUMENT_COLUMN = "search_vector"
POSTGRES_STORED_CREATE = [
    f"ALTER TABLE articles ADD COLUMN {POSTGRES_DOCUMENT_COLUMN} tsvector "
    f"GENERATED ALWAYS AS ({POSTGRES_DOCUMENT}) STORED",
    f"CREATE INDEX ix_articles_search_vector ON articles USING gin ({POSTGRES_DOCUMENT_COLUMN})",
    "DROP INDEX ix_articles_search",
]
POSTGRES_STORED_DROP = [
    f"CREATE INDEX ix_articles_search ON articles USING gin ({POSTGRES_DOCUMENT})",
    "DROP INDEX ix_articles_search_vector",
    f"ALTER TABLE articles DROP COLUMN {POSTGRES_DOCUMENT_COLUMN}",
]


def create_fulltext(connection: Connection) -> None:
    """Create the full-text index of articles for the connection's dialect."""
    run_for_dialect(connection, SQLITE_CREATE, POSTGRES_CREATE)


def drop_fulltext(connection: Connection) -> None:
    """Drop the full-text index of articles."""
    run_for_dialect(connection, SQLITE_DROP, POSTGRES_DROP)
