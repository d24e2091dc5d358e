"""Entity use cases: look up (following merges), list, create, correct, delete; aliases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, delete, func, or_, select
from sqlalchemy.orm import Session

from newsdb.db import MAX_ROW_ID
from newsdb.errors import Conflict, InputError, NotFound
from newsdb.models import Entity, EntityAlias, Mention, MentionSuppression
from newsdb.models.counts import counting_paused
from newsdb.pipeline.mentions import normalize_name
from newsdb.services.linking import alias_cache_for, follow_merges, slugify

DEFAULT_ENTITY_SORT = "-mentions"
EDITABLE_FIELDS = ("kind", "name", "slug", "description", "wikidata_id", "country_code",
                   "latitude", "longitude")


class EntityMerged(Conflict):
    """The entity asked for was merged into another one: its survivor."""

    def __init__(self, entity_id: int, survivor_id: int) -> None:
        super().__init__(f"Entity {entity_id} was merged into entity {survivor_id}")
        self.entity_id = entity_id
        self.survivor_id = survivor_id


class InvalidReference(InputError):
    """A field of the request names a record that does not exist."""

    def __init__(self, field: str, message: str, location: str = "query") -> None:
        super().__init__(message)
        self.field = field
        self.location = location


@dataclass
class EntitySummary:
    """An entity with how often it is mentioned; reads like the entity itself."""

    entity: Entity
    mention_count: int
    article_count: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.entity, name)


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity with how often it is mentioned, read from Core rows (see
    :data:`ENTITY_RECORD_COLUMNS`)."""

    id: int
    kind: str
    name: str
    slug: str
    description: str | None
    wikidata_id: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    created_at: datetime
    updated_at: datetime
    version: int
    mention_count: int
    article_count: int


_ENTITIES = Entity.__table__
# An EntityRecord's columns before its two counts, in its order.
ENTITY_RECORD_COLUMNS = (
    _ENTITIES.c.id, _ENTITIES.c.kind, _ENTITIES.c.name, _ENTITIES.c.slug,
    _ENTITIES.c.description, _ENTITIES.c.wikidata_id, _ENTITIES.c.country_code,
    _ENTITIES.c.latitude, _ENTITIES.c.longitude, _ENTITIES.c.created_at,
    _ENTITIES.c.updated_at, _ENTITIES.c.version,
)


ENTITY_SORTS: dict[str, Any] = {
    "name": Entity.name.asc(), "-name": Entity.name.desc(),
    "id": Entity.id.asc(), "-id": Entity.id.desc(),
    "mentions": Entity.mention_count.asc(), "-mentions": Entity.mention_count.desc(),
    "updated_at": Entity.updated_at.asc(), "-updated_at": Entity.updated_at.desc(),
}


@dataclass(frozen=True)
class EntityFilters:
    """Filters of the entity list (combined with AND)."""

    q: str | None = None
    kind: str | None = None
    country: str | None = None
    min_mentions: int | None = None
    updated_since: datetime | None = None
    sort: str = DEFAULT_ENTITY_SORT


def is_row_id(ref: str | int) -> bool:
    """Tell whether an entity reference is an id (ASCII digits), not a slug."""
    return isinstance(ref, int) or (ref.isascii() and ref.isdigit())


def row_id(ref: str | int) -> int | None:
    """The id an entity reference names: None for a slug, or a number no row can have."""
    return int(ref) if is_row_id(ref) and int(ref) <= MAX_ROW_ID else None


def find_entity(session: Session, ref: str | int) -> Entity | None:
    """Return the entity with this id or slug, merged or not."""
    if is_row_id(ref):
        entity_id = row_id(ref)
        return session.get(Entity, entity_id) if entity_id is not None else None
    return session.scalars(select(Entity).where(Entity.slug == ref)).first()


_LIVE_BY_ID = select(_ENTITIES.c.id, _ENTITIES.c.merged_into_id).where(
    _ENTITIES.c.id == bindparam("ref"))
_LIVE_BY_SLUG = select(_ENTITIES.c.id, _ENTITIES.c.merged_into_id).where(
    _ENTITIES.c.slug == bindparam("ref"))


def _unmerged_id(session: Session, ref: str | int) -> int | None:
    """Return the id of the entity with this id or slug when it exists and is not merged
    (one indexed lookup, no ORM instance); None otherwise."""
    by_id = is_row_id(ref)
    entity_id = row_id(ref)
    if by_id and entity_id is None:
        return None
    row = session.execute(_LIVE_BY_ID if by_id else _LIVE_BY_SLUG,
                          {"ref": entity_id if by_id else ref}).first()
    return int(row[0]) if row is not None and row[1] is None else None


def live_entity_id(session: Session, entity_id: int) -> int:
    """Return ``entity_id`` when it names a live entity; raise like :func:`get_entity`."""
    found = _unmerged_id(session, entity_id)
    return found if found is not None else get_entity(session, entity_id).id


def load_entities(session: Session, ids: set[int]) -> None:
    """Load these entities with one query and keep them in the session until it closes, so a
    page that shows them (one per mention, participant, place) finds them there."""
    if ids:
        loaded = session.scalars(select(Entity).where(Entity.id.in_(ids))).all()
        # The session holds objects weakly: keep these.
        session.info.setdefault("loaded_entities", []).extend(loaded)


def resolve_entity_ref(session: Session, ref: str | int, field: str = "entity",
                       location: str = "query") -> int:
    """Return the id of the live entity a filter names (a merged one stands for its survivor)."""
    found = _unmerged_id(session, ref)
    if found is not None:
        return found
    entity = follow_merges(session, find_entity(session, ref))
    if entity is None:
        raise InvalidReference(field, f"No entity {ref!r}", location)
    return entity.id


def get_entity(session: Session, entity_id: int) -> Entity:
    """Return a live entity; a merged one raises :class:`EntityMerged` naming its survivor."""
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise NotFound(f"Entity {entity_id} not found")
    if entity.merged_into_id is not None:
        survivor = follow_merges(session, entity)
        if survivor is None or survivor.merged_into_id is not None:
            raise NotFound(f"Entity {entity_id} not found")
        raise EntityMerged(entity_id, survivor.id)
    return entity


def entity_summary(session: Session, entity: Entity) -> EntitySummary:
    """Return an entity with its mention and article counts."""
    mentions, articles = session.execute(
        select(Entity.mention_count, Entity.article_count).where(Entity.id == entity.id)).one()
    return EntitySummary(entity, int(mentions), int(articles))


def matching_alias_ids(q: str) -> Select[Any] | None:
    """Return a SELECT of the ids of entities whose name or an alias contains ``q``
    (case- and accent-insensitively), or None when ``q`` has no letters or digits."""
    normalized = normalize_name(q)
    if not normalized:
        return None
    return select(EntityAlias.entity_id).where(
        EntityAlias.normalized.contains(normalized, autoescape=True))


def _entity_query(filters: EntityFilters) -> Select[Entity, int, int]:
    # The counts as columns of the row: an entity already in the session keeps the ones it
    # was loaded with (the triggers that keep them are not the ORM).
    query = select(Entity, Entity.mention_count, Entity.article_count).where(
        Entity.merged_into_id.is_(None))
    conditions: list[ColumnElement[bool]] = []
    if filters.q:
        aliases = matching_alias_ids(filters.q)
        by_name = func.lower(Entity.name).contains(filters.q.strip().lower(), autoescape=True)
        conditions.append(or_(Entity.id.in_(aliases), by_name) if aliases is not None
                          else by_name)
    if filters.kind:
        conditions.append(Entity.kind == filters.kind)
    if filters.country:
        conditions.append(Entity.country_code == filters.country.upper())
    if filters.min_mentions:
        conditions.append(Entity.mention_count >= filters.min_mentions)
    if filters.updated_since:
        conditions.append(Entity.updated_at >= filters.updated_since)
    order = ENTITY_SORTS.get(filters.sort, ENTITY_SORTS[DEFAULT_ENTITY_SORT])
    return query.where(*conditions).order_by(order, Entity.id)


def list_entities(session: Session, filters: EntityFilters, *, offset: int, limit: int
                  ) -> tuple[list[EntitySummary], int]:
    """Return one page of live entities with their counts, and the total."""
    query = _entity_query(filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.execute(query.offset(offset).limit(limit)).all()
    return [EntitySummary(e, int(m), int(a)) for e, m, a in rows], int(total or 0)


def _free_slug(session: Session, base: str, own_id: int | None = None) -> str:
    slug, number = base, 1
    while (taken := session.scalar(select(Entity.id).where(Entity.slug == slug))) is not None \
            and taken != own_id:
        number += 1
        slug = f"{base[:300]}-{number}"
    return slug


def _check_unique(session: Session, entity: Entity | None, changes: dict[str, Any]) -> None:
    own_id = entity.id if entity is not None else None
    for column in ("slug", "wikidata_id"):
        value = changes.get(column)
        if value is None:
            continue
        holder = session.scalar(select(Entity.id).where(getattr(Entity, column) == value))
        if holder is not None and holder != own_id:
            raise Conflict(f"Entity {holder} already has {column} {value!r}")


def _record_alias(session: Session, entity: Entity, text: str, language: str | None
                  ) -> EntityAlias | None:
    normalized = normalize_name(text)
    if not normalized:
        return None
    exists = session.scalars(select(EntityAlias).where(
        EntityAlias.entity_id == entity.id, EntityAlias.normalized == normalized)).first()
    if exists is not None:
        return None
    alias = EntityAlias(alias=text.strip()[:300], language=language, normalized=normalized[:300])
    entity.aliases.append(alias)  # through the collection, so a loaded entity sees it at once
    return alias


def create_entity(session: Session, data: dict[str, Any]) -> Entity:
    """Create an entity; its name (and any ``aliases`` given) become its aliases."""
    aliases = data.pop("aliases", None) or []
    if normalize_name(data["name"]) == "":
        raise InvalidReference("name", "A name needs at least one letter or digit", "json")
    _check_unique(session, None, data)
    data["slug"] = data.get("slug") or _free_slug(session, slugify(data["name"]))
    entity = Entity(**data)
    session.add(entity)
    session.flush()
    for text in [data["name"], *aliases]:
        _record_alias(session, entity, text, None)
    session.flush()
    return entity


def update_entity(session: Session, entity: Entity, changes: dict[str, Any]) -> Entity:
    """Correct an entity's fields; a new name is kept as an alias too."""
    if "name" in changes and not normalize_name(changes["name"] or ""):
        raise InvalidReference("name", "A name needs at least one letter or digit", "json")
    _check_unique(session, entity, changes)
    for field in EDITABLE_FIELDS:
        if field in changes:
            setattr(entity, field, changes[field])
    if "name" in changes:
        _record_alias(session, entity, changes["name"], None)
    session.flush()
    return entity


def _merged_into(session: Session, entity_id: int) -> list[Entity]:
    """Return every entity whose merge chain ends at ``entity_id``."""
    found: list[Entity] = []
    frontier = [entity_id]
    while frontier:
        rows = list(session.scalars(select(Entity).where(Entity.merged_into_id.in_(frontier))))
        found.extend(rows)
        frontier = [row.id for row in rows]
    return found


def suppress_mentions(session: Session, mentions: list[Mention]) -> None:
    """Remember removed mentions so that re-extraction does not bring them back."""
    for mention in mentions:
        known = session.scalar(select(MentionSuppression.id).where(
            MentionSuppression.article_id == mention.article_id,
            MentionSuppression.char_start == mention.char_start,
            MentionSuppression.char_end == mention.char_end))
        if known is None:
            session.add(MentionSuppression(article_id=mention.article_id,
                                           char_start=mention.char_start,
                                           char_end=mention.char_end, text=mention.text))


def delete_entity(session: Session, entity: Entity) -> None:
    """Delete an entity, the entities merged into it, and its mentions (remembered as removed
    so that re-extraction keeps them out); events it was the place of lose their location."""
    for merged in reversed(_merged_into(session, entity.id)):
        session.delete(merged)
    mentions = list(session.scalars(select(Mention).where(Mention.entity_id == entity.id)))
    suppress_mentions(session, mentions)
    # no update of the entity's counts per mention deleted: the entity goes too
    with counting_paused(session.connection(), ()):
        session.execute(delete(Mention).where(Mention.entity_id == entity.id))
    session.delete(entity)
    session.flush()
    alias_cache_for(session).reset()


def list_aliases(session: Session, entity: Entity, *, offset: int, limit: int
                 ) -> tuple[list[EntityAlias], int]:
    """Return one page of an entity's aliases and their total."""
    query = select(EntityAlias).where(EntityAlias.entity_id == entity.id)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(EntityAlias.id).offset(offset).limit(limit))
    return list(rows), int(total or 0)


def add_alias(session: Session, entity: Entity, text: str, language: str | None) -> EntityAlias:
    """Give an entity another name; a name it already has (once folded) is a conflict."""
    if not normalize_name(text):
        raise InvalidReference("alias", "An alias needs at least one letter or digit", "json")
    alias = _record_alias(session, entity, text, language)
    if alias is None:
        raise Conflict(f"Entity {entity.id} already has the alias {text.strip()!r}")
    session.flush()
    return alias


def delete_alias(session: Session, entity: Entity, alias_id: int) -> None:
    """Remove one of an entity's aliases."""
    alias = session.get(EntityAlias, alias_id) if alias_id <= MAX_ROW_ID else None
    if alias is None or alias.entity_id != entity.id:
        raise NotFound(f"Entity {entity.id} has no alias {alias_id}")
    session.delete(alias)
    session.flush()
    session.expire(entity, ["aliases"])
    alias_cache_for(session).reset()
