"""Curation of entities: merging duplicates into one survivor (DESIGN.md §8, Merged entities)."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from newsdb.errors import InputError, NotFound
from newsdb.models import Article, Entity, EntityAlias, Event, EventParticipant, Mention, utcnow
from newsdb.models.counts import counting_paused
from newsdb.services.entities import get_entity
from newsdb.services.linking import alias_cache_for, follow_merges

# One request folds at most this many entities: enough for any real clean-up, and a bound on
# how long the write lock is held.
MAX_MERGE_IDS = 100


def merge_entities(session: Session, survivor_id: int, ids: list[int]) -> Entity:
    """Fold the entities ``ids`` into ``survivor_id``.

    Mentions, aliases (deduplicated by their folded form), event participations (deduplicated)
    and event locations move to the survivor; the survivor keeps its Wikidata id, taking a
    merged one's only when it has none. An id already merged elsewhere stands for its own
    survivor; ids already folded into this survivor are no-ops.
    """
    survivor = get_entity(session, survivor_id)
    if len(set(ids)) > MAX_MERGE_IDS:
        raise InputError(f"merge at most {MAX_MERGE_IDS} entities at once")
    for entity_id in dict.fromkeys(ids):
        source = follow_merges(session, session.get(Entity, entity_id))
        if source is None:
            raise NotFound(f"Entity {entity_id} not found")
        if source.id == survivor.id:
            if entity_id == survivor.id:
                raise InputError(f"Entity {entity_id} cannot be merged into itself")
            continue
        _fold(session, source, survivor)
    survivor.updated_at = utcnow()  # the survivor's representation changed: bump its version
    session.flush()
    alias_cache_for(session).reset()
    return survivor


def _fold(session: Session, source: Entity, survivor: Entity) -> None:
    _touch_referrers(session, source)
    # one recount, not one update of each entity's counts per mention moved
    with counting_paused(session.connection(), {source.id, survivor.id}):
        session.execute(update(Mention).where(Mention.entity_id == source.id)
                        .values(entity_id=survivor.id))
    session.execute(update(Event).where(Event.location_id == source.id)
                    .values(location_id=survivor.id))
    _move_aliases(session, source, survivor)
    _move_participations(session, source, survivor)
    if survivor.wikidata_id is None and source.wikidata_id is not None:
        wikidata_id, source.wikidata_id = source.wikidata_id, None
        session.flush()  # free the unique value before the survivor takes it
        survivor.wikidata_id = wikidata_id
    # Chains collapse: whatever was merged into the source now points at the final survivor.
    session.execute(update(Entity).where(Entity.merged_into_id == source.id)
                    .values(merged_into_id=survivor.id))
    source.merged_into_id = survivor.id
    session.flush()


def _touch_referrers(session: Session, source: Entity) -> None:
    """Bump the articles and events whose representation the merge changes, so that their
    ETags, versions and ``updated_since`` see it."""
    article_ids = select(Mention.article_id).where(Mention.entity_id == source.id)
    event_ids = select(EventParticipant.event_id).where(EventParticipant.entity_id == source.id)
    now = utcnow()
    for article in session.scalars(select(Article).where(Article.id.in_(article_ids))):
        article.updated_at = now
    for event in session.scalars(select(Event).where(
            or_(Event.id.in_(event_ids), Event.location_id == source.id))):
        event.updated_at = now
    session.flush()


def _move_aliases(session: Session, source: Entity, survivor: Entity) -> None:
    known = set(session.scalars(select(EntityAlias.normalized)
                                .where(EntityAlias.entity_id == survivor.id)))
    for alias in list(session.scalars(select(EntityAlias)
                                      .where(EntityAlias.entity_id == source.id))):
        if alias.normalized in known:
            session.delete(alias)
        else:
            alias.entity_id = survivor.id
            known.add(alias.normalized)
    session.flush()
    session.expire(survivor, ["aliases"])
    session.expire(source, ["aliases"])


def _move_participations(session: Session, source: Entity, survivor: Entity) -> None:
    taken = {(event_id, role) for event_id, role in session.execute(
        select(EventParticipant.event_id, EventParticipant.role)
        .where(EventParticipant.entity_id == survivor.id))}
    for participation in list(session.scalars(
            select(EventParticipant).where(EventParticipant.entity_id == source.id))):
        key = (participation.event_id, participation.role)
        if key in taken:
            session.delete(participation)
        else:
            participation.entity_id = survivor.id
            taken.add(key)
    session.flush()
