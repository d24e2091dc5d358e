"""Entity mention counts kept by the database: triggers on ``mentions`` keep
``entities.mention_count`` (its mentions) and ``entities.article_count`` (the articles that
mention it) true on every write, whoever makes it — the importer, the API, a merge, a cascade,
or SQL typed by hand.

Counting at read time cost ~400 ms for a list of entities sorted by mentions at 100,000
articles (3 million mentions), and 5 ms for the two entities a search for "Bamako" names;
reading a column costs nothing. Run by migrations; kept here so that a later migration which
re-creates ``mentions`` (a batch migration on SQLite drops the table's triggers) can create
them again the same way, and recount.

On SQLite each row's AFTER trigger runs as the row is written, so "another mention of this
entity in this article" is asked of the rows written so far. PostgreSQL fires AFTER row
triggers once the whole statement is done, when a multi-row INSERT's other rows are already
visible to each of them; its BEFORE row triggers see the rows the statement wrote before the
current one, as SQLite's AFTER triggers do: hence BEFORE there.

PostgreSQL keeps every version of a row that a transaction writes until the transaction ends,
so the Nth update of one entity's counts in a transaction walks the N versions before it: a
merge that moves an entity's 27,000 mentions, or a restore, would take minutes. Such a
transaction turns counting off (:func:`counting_paused`, a setting local to the transaction that
the trigger reads) and counts the entities it touched once at the end.
SQLite updates a row in place: there the triggers count throughout.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from newsdb.models.ddl import run_for_dialect

# Read by the PostgreSQL trigger: 'off' (set for one transaction) skips counting.
COUNTING_SETTING = "newsdb.count_mentions"

# "Another mention of the entity in the article" (than row ``{row}``): the article count changes
# only for an entity's first mention in an article and for its last.
_OTHER = ("EXISTS (SELECT 1 FROM mentions WHERE entity_id = {row}.entity_id "
          "AND article_id = {row}.article_id AND id <> {row}.id)")
_ADD = ("UPDATE entities SET mention_count = mention_count + 1, "
        "article_count = article_count + {new_article} WHERE id = new.entity_id")
_REMOVE = ("UPDATE entities SET mention_count = mention_count - 1, "
           "article_count = article_count - {last_one} WHERE id = old.entity_id")

SQLITE_CREATE = [
    f"""CREATE TRIGGER mentions_count_ai AFTER INSERT ON mentions BEGIN
        {_ADD.format(new_article=f"(NOT {_OTHER.format(row='new')})")};
    END""",
    f"""CREATE TRIGGER mentions_count_ad AFTER DELETE ON mentions BEGIN
        {_REMOVE.format(last_one=f"(NOT {_OTHER.format(row='old')})")};
    END""",
    f"""CREATE TRIGGER mentions_count_au AFTER UPDATE OF entity_id, article_id ON mentions
    WHEN old.entity_id IS NOT new.entity_id OR old.article_id IS NOT new.article_id BEGIN
        {_REMOVE.format(last_one=f"(NOT {_OTHER.format(row='old')})")};
        {_ADD.format(new_article=f"(NOT {_OTHER.format(row='new')})")};
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS mentions_count_au",
    "DROP TRIGGER IF EXISTS mentions_count_ad",
    "DROP TRIGGER IF EXISTS mentions_count_ai",
]

POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION newsdb_count_mention() RETURNS trigger
        LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('{COUNTING_SETTING}', true) = 'off' THEN
            IF TG_OP = 'DELETE' THEN
                RETURN old;
            END IF;
            RETURN new;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            {_REMOVE.format(last_one=f"(NOT {_OTHER.format(row='old')})::int")};
        END IF;
        IF TG_OP <> 'DELETE' THEN
            {_ADD.format(new_article=f"(NOT {_OTHER.format(row='new')})::int")};
            RETURN new;
        END IF;
        RETURN old;
    END $$""",
    """CREATE TRIGGER mentions_count BEFORE INSERT OR DELETE OR UPDATE OF entity_id, article_id
        ON mentions FOR EACH ROW EXECUTE FUNCTION newsdb_count_mention()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS mentions_count ON mentions",
    "DROP FUNCTION IF EXISTS newsdb_count_mention()",
]

RECOUNT = """UPDATE entities SET
    mention_count = (SELECT count(*) FROM mentions WHERE entity_id = entities.id),
    article_count = (SELECT count(DISTINCT article_id) FROM mentions
                     WHERE entity_id = entities.id)"""
_RECOUNT_SOME = text(RECOUNT + " WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))


def create_count_triggers(connection: Connection) -> None:
    """Create the triggers that keep entity counts, for the connection's dialect."""
    run_for_dialect(connection, SQLITE_CREATE, POSTGRES_CREATE)


def drop_count_triggers(connection: Connection) -> None:
    """Drop the triggers that keep entity counts."""
    run_for_dialect(connection, SQLITE_DROP, POSTGRES_DROP)


def recount(connection: Connection, entity_ids: Collection[int] | None = None) -> None:
    """Count the mentions and articles of these entities (of every entity: None) again from
    ``mentions``."""
    if entity_ids is None:
        connection.exec_driver_sql(RECOUNT)
    elif entity_ids:
        connection.execute(_RECOUNT_SOME, {"ids": sorted(entity_ids)})


@contextmanager
def counting_paused(connection: Connection, recount_ids: Collection[int] | None
                    ) -> Iterator[None]:
    """On PostgreSQL, stop the triggers counting while the block writes mentions, then recount
    ``recount_ids`` (every entity: None) once and count on; on SQLite, just run the block (its
    triggers count throughout: see the module's text). The setting is local to the
    transaction: a rollback undoes it with the rest."""
    if connection.dialect.name != "postgresql":
        yield
        return
    connection.exec_driver_sql(f"SET LOCAL {COUNTING_SETTING} = 'off'")
    yield
    connection.exec_driver_sql(f"SET LOCAL {COUNTING_SETTING} = 'on'")
    recount(connection, recount_ids)
