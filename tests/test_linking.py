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
