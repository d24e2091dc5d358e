"""Link mention candidates to entity rows: find the entity the database knows, or create it.

The names the database knows are kept in memory (:class:`AliasCache`) and refreshed
incrementally: only aliases added since the last look are read, never the whole table per
article.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, bindparam, func, or_, select
from sqlalchemy.orm import Session

from newsdb.db import attach_inserted, transaction_memo
from newsdb.driver_sql import DriverStatement, in_list
from newsdb.kb import KnownEntity, load_knowledge_base
from newsdb.models import Entity, EntityAlias
from newsdb.models.base import utcnow
from newsdb.pipeline.drafts import NamesVersion
from newsdb.pipeline.folding import fold
from newsdb.pipeline.mentions import KnownName, name_prefixes, normalize_name
from newsdb.pipeline.types import MentionCandidate

# Merge chains are short; a longer one means a cycle someone made by hand.
MAX_MERGE_CHAIN = 50
MAX_SLUG_LENGTH = 300
# Core tables and statements: the cache's refresh and the bulk inserts, without the ORM's
# per-row work
_ALIASES = cast(Table, EntityAlias.__table__)
_ENTITIES = cast(Table, Entity.__table__)
_NEWEST_ALIAS = select(func.max(_ALIASES.c.id))
_ALIASES_SINCE = DriverStatement(  # once an article: on the driver's cursor
    select(_ALIASES.c.id, _ALIASES.c.normalized, _ENTITIES.c.id, _ENTITIES.c.kind,
           _ENTITIES.c.name, _ENTITIES.c.slug)
    .join_from(_ALIASES, _ENTITIES, _ENTITIES.c.id == _ALIASES.c.entity_id)
    .where(_ALIASES.c.id > bindparam("last_id")).order_by(_ALIASES.c.id))
_INSERT_ALIASES = DriverStatement.insert(_ALIASES, ("entity_id", "alias", "language",
                                                   "normalized"))
# Two INs rather than one of (entity, name) pairs, which SQLite answers with a scan
_STORED_ALIASES = DriverStatement(select(_ALIASES.c.entity_id, _ALIASES.c.normalized).where(
    _ALIASES.c.entity_id.in_(in_list("entity_ids")),
    _ALIASES.c.normalized.in_(in_list("names"))))
_TAKEN_SLUGS = DriverStatement(select(_ENTITIES.c.slug).where(
    _ENTITIES.c.slug.in_(in_list("slugs"))))
# A new entity's row, every column given (what the linker set on its object, and what every
# new row starts with), so that its ORM object holds them all, with nothing left to load (the
# ORM's flush of one cost ~0.4 ms, most of it the unit of work's)
_LINKER_COLUMNS = ("kind", "name", "slug", "description", "wikidata_id", "country_code",
                   "latitude", "longitude")
_NEW_ROW = {"merged_into_id": None, "mention_count": 0, "article_count": 0, "version": 1}
_INSERT_ENTITY = DriverStatement.insert(
    _ENTITIES, (*_LINKER_COLUMNS, *_NEW_ROW, "created_at", "updated_at"), returning_id=True)
_ENTITIES_BY_SLUG_OR_ID = select(Entity).where(or_(
    Entity.slug.in_(bindparam("slugs", expanding=True)),
    Entity.id.in_(bindparam("ids", expanding=True))))


def slugify(name: str) -> str:
    """Return a URL-safe slug of a name ("Sévaré" → "sevare")."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return (slug or "entity")[:MAX_SLUG_LENGTH]


def follow_merges(session: Session, entity: Entity | None) -> Entity | None:
    """Return the entity an entity was merged into, following the chain to its end."""
    for _ in range(MAX_MERGE_CHAIN):
        if entity is None or entity.merged_into_id is None:
            return entity
        entity = session.get(Entity, entity.merged_into_id)
    return entity


@dataclass
class AliasCache:
    """The database's aliases by normalized form, refreshed by alias id.

    Holds what committed transactions stored: a linker keeps the names its own transaction
    learns to itself (:class:`EntityLinker`), so a rollback leaves nothing behind here.
    """

    by_name: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    # The learned-name matcher's view of by_name (the first entity of each name), kept up to
    # date as names come in rather than rebuilt for every article.
    known: dict[str, KnownName] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)  # name_prefixes(known), grown with it
    # The names of ``known`` in the order they came (import workers are sent what is new), and
    # how many times the cache started over (a worker's names from before are void).
    log: list[str] = field(default_factory=list)
    epoch: int = 0
    last_id: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refresh(self, session: Session) -> None:
        """Read the aliases added since the last refresh (all of them after a reset).

        Whether rows vanished (a rollback, a restore) is asked once a transaction: within
        one, the articles of an import's batch, none do.
        """
        checked = transaction_memo(session, "alias_cache_checked")
        with self.lock:
            if checked.get(id(self)) != self.epoch:
                newest = session.execute(_NEWEST_ALIAS).scalar() or 0
                if newest < self.last_id:  # start over
                    self._clear()
                checked[id(self)] = self.epoch
            rows = _ALIASES_SINCE.rows(session, {"last_id": self.last_id})
            kb = load_knowledge_base()
            for alias_id, normalized, entity_id, kind, name, slug in rows:
                self.last_id = max(self.last_id, alias_id)
                if kb.get(slug) is not None:
                    continue  # the gazetteer already finds knowledge-base names, case-aware
                entries = self.by_name.setdefault(normalized, [])
                if all(e[0] != entity_id for e in entries):
                    entries.append((entity_id, kind, name))
                    if len(entries) == 1:
                        self.known[normalized] = KnownName(f"db:{entity_id}", name, kind)
                        self.prefixes.update(name_prefixes((normalized,)))
                        self.log.append(normalized)

    def reset(self) -> None:
        with self.lock:
            self._clear()

    def _clear(self) -> None:
        self.by_name.clear()
        self.known.clear()
        self.prefixes.clear()
        self.log.clear()
        self.epoch += 1
        self.last_id = 0

    def known_names(self) -> dict[str, KnownName]:
        """Names for the learned-name matcher (one entity per name: the first seen).

        The cache's own dict, changed by the next refresh: read it, do not keep or change it.
        """
        return self.known

    def known_prefixes(self) -> set[str]:
        """The leading words of the learned names (``name_prefixes(known_names())``): read
        them, do not keep or change them."""
        return self.prefixes

    def names_version(self) -> NamesVersion:
        """Which learned names the cache holds now (drafts remember it)."""
        return NamesVersion(self.epoch, len(self.log))

    def learned_since(self, size: int) -> list[str]:
        """The names learned after the first ``size`` (in this epoch)."""
        return self.log[size:]

    def lookup(self, normalized: str, kind: str | None = None) -> list[int]:
        """Return the ids of entities with this name, those of ``kind`` first."""
        entries = self.by_name.get(normalized, [])
        return [e[0] for e in sorted(entries, key=lambda e: e[1] != kind)]


_CACHES: dict[str, AliasCache] = {}
_CACHES_LOCK = threading.Lock()


def alias_cache_for(session: Session) -> AliasCache:
    """Return the process's alias cache of the session's database."""
    key = str(session.get_bind().engine.url)
    with _CACHES_LOCK:
        return _CACHES.setdefault(key, AliasCache())


class EntityLinker:
    """Resolve mention keys to entity rows within one transaction.

    The entities it creates are inserted by :meth:`flush`, with a Core INSERT each (not the
    session's flush: no query's autoflush inserts them): until then they have no id, and the
    linker knows them by object. The aliases it records are written by :meth:`write_aliases`,
    all at once. The names they teach count at once for this linker's own lookups, and reach
    the shared cache when its next refresh reads them back from the database (committed: a
    rollback leaves nothing behind).
    """

    def __init__(self, session: Session, cache: AliasCache, language: str | None) -> None:
        self.session = session
        self.cache = cache
        self.language = language
        self.kb = load_knowledge_base()
        self.resolved: dict[str, Entity] = {}
        # Names learned in this transaction: the entities (maybe not inserted yet) by name
        self.learned: dict[str, list[Entity]] = {}
        # Aliases to write, by (entity, normalized name): entities are compared as objects,
        # which the session's identity map makes one per row
        self._aliases: dict[tuple[Entity, str], tuple[Entity, str, str | None]] = {}
        self._by_slug: dict[str, Entity | None] = {}
        # The session's identity map holds entities weakly: these keep the preloaded ones
        # there for session.get to find, and the transaction's memo those an earlier article
        # of it loaded or created, by slug and by id (an import's batch names Mali fifty
        # times: one query).
        self._preloaded: list[Entity] = []
        self._memo: dict[str | int, Entity] = transaction_memo(session, "entities")
        self._created: list[Entity] = []  # entities this linker created: no alias stored yet
        # The ids of all it created (stored): entities no stored event has as a participant
        self.created_ids: set[int] = set()
        # Slugs given to the entities created in this transaction, and base slugs a query
        # found free (a new name's slug is then taken without a query of its own)
        self._claimed: set[str] = set()
        self._free: set[str] = set()

    def prefetch(self, keys: Iterable[str], names: Iterable[str] = ()) -> None:
        """Load the entities of many mention keys, and those known by ``names``, with one
        query."""
        keys = set(keys)
        slugs = {k for k in keys
                 if k not in self.resolved and k not in self._by_slug and self.kb.get(k)}
        ids = {int(k[3:]) for k in keys if k.startswith("db:") and k not in self.resolved
               and k[3:].isdigit()}
        names = set(names)
        for name in names:
            ids.update(entry for entry in self._lookup(normalize_name(name), None)
                       if isinstance(entry, int))
        self._check_free({slugify(name) for name in names})
        for slug in slugs & self._memo.keys():
            self._by_slug[slug] = self._memo[slug]
        slugs -= self._memo.keys()
        ids -= self._memo.keys()
        if not slugs and not ids:
            return
        self._by_slug.update(dict.fromkeys(slugs))
        # Into the session's identity map, where session.get finds those loaded by id
        loaded = list(self.session.scalars(_ENTITIES_BY_SLUG_OR_ID,
                                           {"slugs": list(slugs), "ids": list(ids)}))
        self._preloaded += loaded
        for entity in loaded:
            self._remember(entity)
            if entity.slug in slugs:
                self._by_slug[entity.slug] = entity

    def _remember(self, entity: Entity) -> None:
        self._memo[entity.slug] = self._memo[entity.id] = entity

    def resolve(self, key: str, *, name: str = "", kind: str = "other") -> Entity:
        """Return the entity a mention key stands for, creating it when it is new."""
        entity = self.resolved.get(key)
        if entity is None:
            if key.startswith("db:"):
                entity = follow_merges(self.session, self.session.get(Entity, int(key[3:])))
            known = self.kb.get(key)
            if entity is None and known is not None:
                entity = self._from_kb(known)
            if entity is None:
                entity = self._by_name(name, kind) or self._create(name, kind)
            self.resolved[key] = entity
        return entity

    def _from_kb(self, known: KnownEntity) -> Entity:
        if known.key in self._by_slug:
            entity = self._by_slug[known.key]
        else:
            entity = self.session.scalars(select(Entity).where(Entity.slug == known.key)).first()
        if entity is None and known.wikidata_id:
            entity = self.session.scalars(
                select(Entity).where(Entity.wikidata_id == known.wikidata_id)).first()
        entity = follow_merges(self.session, entity)
        if entity is not None:
            return entity
        taken = known.wikidata_id and self.session.scalar(
            select(Entity.id).where(Entity.wikidata_id == known.wikidata_id))
        entity = Entity(kind=known.kind, name=known.name, slug=self._free_slug(known.key),
                        description=known.description,
                        wikidata_id=None if taken else known.wikidata_id,
                        country_code=known.country_code, latitude=known.latitude,
                        longitude=known.longitude)
        self._added(entity)
        for alias in known.aliases:
            self.add_alias(entity, alias.text, alias.language)
        return entity

    def _by_name(self, name: str, kind: str) -> Entity | None:
        for entry in self._lookup(normalize_name(name), kind):
            found = self.session.get(Entity, entry) if isinstance(entry, int) else entry
            entity = follow_merges(self.session, found)
            if entity is not None and entity.kind == kind:
                return entity
        return None

    def _lookup(self, normalized: str, kind: str | None) -> list[int | Entity]:
        """The entities with this name, those of ``kind`` first: ids of those the database
        knows, and the entities learned in this transaction (inserted or not)."""
        entries: list[tuple[int | Entity, str]] = [
            (e[0], e[1]) for e in self.cache.by_name.get(normalized, [])]
        learned = self.learned.get(normalized)
        if learned:
            seen = {e[0] for e in entries}
            entries += [(entity if entity.id is None else entity.id, entity.kind)
                        for entity in learned if entity.id not in seen]
        return [e[0] for e in sorted(entries, key=lambda e: e[1] != kind)]

    def _create(self, name: str, kind: str) -> Entity:
        entity = Entity(kind=kind, name=name, slug=self._free_slug(slugify(name)))
        self._added(entity)
        self.add_alias(entity, name, self.language)
        return entity

    def _added(self, entity: Entity) -> None:
        """Take a new entity, to be inserted by :meth:`flush`."""
        self._by_slug[entity.slug] = entity  # a slug may be a knowledge-base key not seen yet
        self._claimed.add(entity.slug)
        self._created.append(entity)

    def _check_free(self, bases: set[str]) -> None:
        """Find which of these base slugs no stored entity has, with one query."""
        bases -= self._free | self._claimed
        if bases:
            with self.session.no_autoflush:  # the slugs of entities not inserted are claimed
                taken = {row[0] for row in _TAKEN_SLUGS.rows_in(self.session,
                                                                {"slugs": sorted(bases)})}
            self._free |= bases - taken

    def _free_slug(self, base: str) -> str:
        slug, number = base, 1
        while self._taken(slug):
            number += 1
            slug = f"{base[:MAX_SLUG_LENGTH - 6]}-{number}"
        return slug

    def _taken(self, slug: str) -> bool:
        if slug in self._claimed:
            return True
        if slug in self._free:
            return False
        with self.session.no_autoflush:
            return self.session.scalar(select(Entity.id).where(Entity.slug == slug)) is not None

    def flush(self) -> None:
        """Insert the entities created so far (they have ids from here on, and are persistent
        objects of the session)."""
        now = utcnow()
        for entity in self._created:
            if entity.id is None:
                values = {key: getattr(entity, key) for key in _LINKER_COLUMNS}
                values.update(_NEW_ROW, created_at=now, updated_at=now)
                entity.id = _INSERT_ENTITY.insert_one(self.session, values)
                for key, value in values.items():
                    setattr(entity, key, value)
                attach_inserted(self.session, entity)

    def add_alias(self, entity: Entity, text: str, language: str | None) -> None:
        """Record a name of an entity (written by :meth:`write_aliases` unless it already has
        that name)."""
        normalized = normalize_name(text)
        if not normalized:
            return
        self._aliases.setdefault((entity, normalized[:300]),
                                 (entity, text.strip()[:300], language))
        if self.kb.get(entity.slug) is None:
            learned = self.learned.setdefault(normalized, [])
            if all(e is not entity for e in learned) and (entity.id is None or all(
                    e[0] != entity.id for e in self.cache.by_name.get(normalized, []))):
                learned.append(entity)

    def write_aliases(self) -> None:
        """Insert the entities created and the aliases recorded so far that their entities do
        not have yet."""
        self.flush()
        for entity in self._created:
            self._remember(entity)
            self.created_ids.add(entity.id)
        pending, self._aliases = self._aliases, {}
        created = {id(entity) for entity in self._created}
        self._created = []  # their aliases are stored from here on
        if not pending:
            return
        known = [(entity.id, name) for entity, name in pending if id(entity) not in created]
        stored: set[tuple[int, str]] = set()
        if known:
            stored = {(row[0], row[1]) for row in _STORED_ALIASES.rows_in(self.session, {
                "entity_ids": sorted({key[0] for key in known}),
                "names": sorted({key[1] for key in known})})}
        rows = [{"entity_id": entity.id, "alias": alias, "language": language,
                 "normalized": name} for (_, name), (entity, alias, language) in pending.items()
                if (entity.id, name) not in stored]
        _INSERT_ALIASES.execute_many(self.session, rows)


def link_mentions(linker: EntityLinker, mentions: list[MentionCandidate]
                  ) -> Mapping[str, Entity]:
    """Resolve every mention's key; record the surface forms seen as aliases (for
    :meth:`EntityLinker.write_aliases`)."""
    linker.prefetch([m.key for m in mentions],
                    [m.name for m in mentions if not m.key.startswith("db:")
                     and linker.kb.get(m.key) is None])
    for mention in mentions:
        entity = linker.resolve(mention.key, name=mention.name, kind=mention.kind)
        if mention.method in {"pattern", "kb"} and not mention.key.startswith("db:"):
            linker.add_alias(entity, mention.text, linker.language)
    linker.flush()  # the entities created: one INSERT each, in one flush
    return linker.resolved
