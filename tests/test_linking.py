"""Linking mentions to entities: the names the database has learned, and what a rollback leaves."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from newsdb.db import session_scope
from newsdb.models import Entity, EntityAlias
from newsdb.pipeline.extract import extract_article
from newsdb.pipeline.mentions import KnownName, name_prefixes
from newsdb.pipeline.read import ArticleInput
from newsdb.services.imports import import_one
from newsdb.services.linking import AliasCache, EntityLinker, alias_cache_for
from tests.statements import statements_sent

PONZAC = ("Colonel Heiko Ponzac spoke to reporters in Gao on Tuesday. Ponzac said the army "
          "would stay.")


class Abandoned(Exception):
    """Raised to roll an import back."""


def _rebuilt(cache: AliasCache) -> dict[str, KnownName]:
    return {name: KnownName(f"db:{entries[0][0]}", entries[0][2], entries[0][1])
            for name, entries in cache.by_name.items() if entries}


def test_learned_names_are_the_first_entity_of_each_alias(session: Session) -> None:
    cache = AliasCache()
    cache.refresh(session)
    assert cache.known_names() == _rebuilt(cache)
    assert cache.known_prefixes() == name_prefixes(cache.known_names())
    assert cache.known_names()["heiko ponzac"].name == "Heiko Ponzac"


def test_a_name_learned_by_an_import_is_known_to_the_next(fresh_engine: Engine) -> None:
    with session_scope(fresh_engine, write=True) as session:
        import_one(session, ArticleInput(PONZAC, "ponzac", language="en"),
                   after_store=extract_article)
    with session_scope(fresh_engine) as session:
        cache = alias_cache_for(session)
        cache.refresh(session)
        known = cache.known_names()["heiko ponzac"]
        entity = session.get_one(Entity, int(known.key[3:]))
        assert (entity.name, known.kind) == ("Heiko Ponzac", "person")
        assert known == _rebuilt(cache)["heiko ponzac"]
        assert "heiko" in cache.known_prefixes()


def test_a_rolled_back_import_teaches_no_name(fresh_engine: Engine) -> None:
    with pytest.raises(Abandoned), session_scope(fresh_engine, write=True) as session:
        import_one(session, ArticleInput(PONZAC, "ponzac", language="en"),
                   after_store=extract_article)
        assert session.scalar(select(func.count()).select_from(EntityAlias).where(
            EntityAlias.normalized == "heiko ponzac")) == 1
        raise Abandoned
    with session_scope(fresh_engine) as session:
        cache = alias_cache_for(session)
        cache.refresh(session)
        assert "heiko ponzac" not in cache.known_names()
        assert cache.lookup("heiko ponzac") == []


def test_an_alias_is_written_once_per_entity(fresh_engine: Engine) -> None:
    twice = PONZAC + " Colonel Heiko Ponzac left Gao on Friday."
    with session_scope(fresh_engine, write=True) as session:
        import_one(session, ArticleInput(twice, "twice", language="en"),
                   after_store=extract_article)
        import_one(session, ArticleInput(PONZAC + " Again.", "again", language="en"),
                   after_store=extract_article)
        holders = session.scalars(select(EntityAlias.entity_id)
                                  .where(EntityAlias.normalized == "heiko ponzac")).all()
        assert len(holders) == 1


def test_a_knowledge_base_key_taken_as_a_slug_in_the_same_article_is_that_entity(
        fresh_engine: Engine) -> None:
    with session_scope(fresh_engine, write=True) as session:
        linker = EntityLinker(session, alias_cache_for(session), "en")
        linker.prefetch(["niger", "cue:niger"])
        person = linker.resolve("cue:niger", name="Niger", kind="person")
        assert person.slug == "niger"
        assert linker.resolve("niger") is person


def _entity_reads(sent: list[str]) -> int:
    return sum(1 for s in sent if s.startswith("SELECT entities.") and "FROM entities" in s)


def test_a_transaction_loads_an_entity_once_and_forgets_it_when_it_ends(
        fresh_engine: Engine) -> None:
    """An import's batch names Mali in article after article: its entity is read once per
    transaction, and read again after a commit or a rollback (which may have taken it back)."""
    with session_scope(fresh_engine, write=True) as session:
        import_one(session, ArticleInput(PONZAC + " Mali's army stayed too.", "mali",
                                         language="en"), after_store=extract_article)
    with statements_sent(fresh_engine) as sent, Session(fresh_engine) as session:
        cache = alias_cache_for(session)
        cache.refresh(session)
        ponzac = cache.known_names()["heiko ponzac"].key

        def linked(keys: list[str]) -> list[Entity]:
            linker = EntityLinker(session, cache, "en")
            linker.prefetch(keys)
            return [linker.resolve(key) for key in keys]

        first = linked(["mali", ponzac])
        assert [e.name for e in first] == ["Mali", "Heiko Ponzac"] and _entity_reads(sent) == 1
        assert linked(["mali", ponzac]) == first and _entity_reads(sent) == 1  # no query
        session.commit()
        assert linked(["mali", ponzac]) == first and _entity_reads(sent) == 2  # read again
        nested = session.begin_nested()
        nested.rollback()
        assert linked(["mali"]) == first[:1] and _entity_reads(sent) == 3


def test_the_names_cache_asks_once_a_transaction_whether_rows_vanished(
        fresh_engine: Engine) -> None:
    """Within one transaction (an import's batch) no alias vanishes: the newest alias's id is
    read by the first refresh only; the next transaction asks again, and a cache that read
    names since taken back starts over."""
    def newest_reads(sent: list[str]) -> int:
        return sum(1 for s in sent if s.startswith("SELECT max(entity_aliases.id)"))

    with statements_sent(fresh_engine) as sent:
        with session_scope(fresh_engine, write=True) as session:
            cache = alias_cache_for(session)  # the one extraction refreshes
            cache.refresh(session)
            import_one(session, ArticleInput(PONZAC, "ponzac", language="en"),
                       after_store=extract_article)
            cache.refresh(session)  # reads the names the transaction stored
            assert "heiko ponzac" in cache.known_names() and newest_reads(sent) == 1
            session.rollback()  # they vanish
        with session_scope(fresh_engine) as session:
            cache.refresh(session)
            assert newest_reads(sent) == 2 and "heiko ponzac" not in cache.known_names()


def test_a_created_entity_is_a_persistent_row_and_a_rollback_takes_it_back(
        fresh_engine: Engine) -> None:
    """New entities are written by a Core INSERT each, not the session's flush: the object is
    then what a flush would have left (persistent, every column loaded, nothing to write),
    and a savepoint's rollback takes it out of the session, as it would a flushed one (SQLite
    hands its id out again)."""
    with statements_sent(fresh_engine) as sent, Session(fresh_engine) as session:
        nested = session.begin_nested()
        linker = EntityLinker(session, alias_cache_for(session), "en")
        gone = linker.resolve("cue:gone", name="Heiko Gonzac", kind="person")
        assert gone.id is None and gone not in session
        linker.write_aliases()
        assert gone.id is not None and gone in session and gone not in session.dirty
        assert (gone.version, gone.mention_count, gone.merged_into_id) == (1, 0, None)
        before = len(sent)
        assert gone.created_at == gone.updated_at and gone.name == "Heiko Gonzac"
        assert session.get(Entity, gone.id) is gone and len(sent) == before  # nothing loaded
        nested.rollback()
        assert gone not in session
        assert session.scalar(select(func.count()).select_from(Entity)) == 0
        linker = EntityLinker(session, alias_cache_for(session), "en")
        kept = linker.resolve("cue:kept", name="Heiko Keptac", kind="person")
        linker.write_aliases()
        assert session.get(Entity, kept.id) is kept
        session.commit()
    with Session(fresh_engine) as session:
        stored = session.scalars(select(Entity)).all()
        assert [(e.name, e.slug, e.version) for e in stored] == [
            ("Heiko Keptac", "heiko-keptac", 1)]
        assert session.scalars(select(EntityAlias.alias)).all() == ["Heiko Keptac"]
