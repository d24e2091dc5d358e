"""Extraction of a stored article: entities and mentions, then events (DESIGN.md §5.6–8)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple, cast

from sqlalchemy import Table, bindparam, delete, select, union_all
from sqlalchemy.orm import Session

from newsdb.driver_sql import DriverStatement
from newsdb.errors import NotFound
from newsdb.models import Article, Event, EventEvidence, Mention, MentionSuppression
from newsdb.pipeline.drafts import ExtractionDrafts, draft_extraction, drafts_current
from newsdb.pipeline.events import find_events
from newsdb.pipeline.types import MentionCandidate

# Bumped whenever extraction changes what it finds; `newsdb reextract` brings older articles up.
EXTRACTOR_VERSION = "2026.12.2"
# Core, on the driver's cursor: the mentions' bulk insert, and the spans curators removed or
# added (one query)
_MENTIONS = cast(Table, Mention.__table__)
_SUPPRESSIONS = cast(Table, MentionSuppression.__table__)
_CURATED = DriverStatement(union_all(
    select(_SUPPRESSIONS.c.char_start, _SUPPRESSIONS.c.char_end)
    .where(_SUPPRESSIONS.c.article_id == bindparam("article_id")),
    select(_MENTIONS.c.char_start, _MENTIONS.c.char_end)
    .where(_MENTIONS.c.article_id == bindparam("article_id"), _MENTIONS.c.method == "manual")))
_ARTICLES = cast(Table, Article.__table__)
_ARTICLE = DriverStatement(  # what extraction reads of the article, not the whole ORM row
    select(_ARTICLES.c.body, _ARTICLES.c.language, _ARTICLES.c.published_at,
           _ARTICLES.c.extractor_version).where(_ARTICLES.c.id == bindparam("id")))
_INSERT_MENTIONS = DriverStatement.insert(
    _MENTIONS, ("article_id", "entity_id", "char_start", "char_end", "text", "sentence",
                "confidence", "method"))


class _ArticleText(NamedTuple):
    """What extraction reads of a stored article."""

    body: str
    language: str | None
    published_at: date | None
    extractor_version: str | None


def extract_article(session: Session, article_id: int,
                    drafts: ExtractionDrafts | None = None) -> bool:
    """Find the entities and events of an article and store them (flush only).

    ``drafts``: the pure stages' result for this article's body, made ahead (by an import
    worker); used when no name learned since could change it, else extraction drafts again.
    Returns whether the drafts were used.
    """
    from newsdb.services.event_store import store_events
    from newsdb.services.linking import EntityLinker, alias_cache_for, link_mentions

    found = _ARTICLE.rows(session, {"id": article_id})
    if not found:
        raise NotFound(f"Article {article_id} not found")
    article = _ArticleText(*found[0])
    cache = alias_cache_for(session)
    cache.refresh(session)
    names = cache.names_version()
    used = drafts is not None and drafts_current(
        drafts, article.body, names, cache.learned_since(drafts.names.size))
    if drafts is None or not used:
        drafts = draft_extraction(article.body, article.language, article.published_at,
                                  cache.known_names(), cache.known_prefixes(), names)
    candidates = _without_curated(session, article_id, drafts.candidates)
    linker = EntityLinker(session, cache, article.language)
    entities = link_mentions(linker, candidates)
    _INSERT_MENTIONS.execute_many(session, [
        {"article_id": article_id, "entity_id": entities[mention.key].id,
         "char_start": mention.char_start, "char_end": mention.char_end,
         "text": mention.text, "sentence": mention.sentence,
         "confidence": mention.confidence, "method": mention.method}
        for mention in candidates])
    events = drafts.events
    if len(candidates) != len(drafts.candidates):  # a curator's changes: events see them too
        events = find_events(article.body, article.language, drafts.sentences, candidates,
                             drafts.demonyms, article.published_at)
    demonym_keys = [k for k in dict.fromkeys(
        k for e in events for k in (*e.actors, *e.targets, *e.others, e.location) if k)
        if k not in entities]
    linker.prefetch(demonym_keys)
    for key in demonym_keys:
        linker.resolve(key)  # a country named only by its demonym ("German troops")
    linker.write_aliases()
    store_events(session, article_id, events, linker.resolved, linker.created_ids)
    if article.extractor_version != EXTRACTOR_VERSION:  # else stored with the row (import)
        session.get_one(Article, article_id).extractor_version = EXTRACTOR_VERSION
    session.flush()
    return used


def _without_curated(session: Session, article_id: int, candidates: list[MentionCandidate]
                     ) -> list[MentionCandidate]:
    """Drop candidates a curator removed, or that overlap a mention a curator added."""
    blocked = _CURATED.rows(session, {"article_id": article_id})
    return [c for c in candidates
            if not any(c.char_start < end and start < c.char_end for start, end in blocked)]


def clear_extraction(session: Session, article_id: int) -> None:
    """Remove what extraction stored for an article, keeping manual mentions; events left
    without evidence go too."""
    session.execute(delete(Mention).where(Mention.article_id == article_id,
                                          Mention.method != "manual"))
    event_ids = set(session.scalars(select(EventEvidence.event_id)
                                    .where(EventEvidence.article_id == article_id)))
    session.execute(delete(EventEvidence).where(EventEvidence.article_id == article_id))
    delete_orphan_events(session, event_ids)
    session.flush()


def delete_orphan_events(session: Session, event_ids: set[int]) -> None:
    """Delete the events among ``event_ids`` that no evidence supports any more."""
    if not event_ids:
        return
    session.flush()  # evidence deleted through the session counts as gone
    supported = set(session.scalars(select(EventEvidence.event_id).distinct()
                                    .where(EventEvidence.event_id.in_(event_ids))))
    orphans = sorted(event_ids - supported)
    if orphans:
        for event in session.scalars(select(Event).where(Event.id.in_(orphans))):
            session.delete(event)
