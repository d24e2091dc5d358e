"""Load the knowledge base: the JSON files in ``data/`` plus an optional user extension.

Each data file is a JSON list of entity objects::

    {
      "key": "mali",                      # unique slug
      "kind": "location",                 # person | organization | location | other
      "subtype": "country",
      "name": "Mali",                     # canonical English name (always an alias too)
      "wikidata_id": "Q912",              # or null
      "country_code": "ML",
      "latitude": null, "longitude": null,
      "description": "Country in Western Africa",
      "parent_key": null,
      "aliases": {"*": ["Mali"], "en": [...], "de": [...], "fr": [...]},
      "demonyms": {"en": ["Malian", "Malians"], "de": [...], "fr": [...]},
      "case_sensitive": ["..."]
    }

Alias groups are keyed by ISO 639-1 language, ``"*"`` for language-neutral forms; a plain list
counts as language-neutral. An alias or demonym is matched case-sensitively when it is listed in
``case_sensitive`` or looks like an acronym (no lower-case letter, at least two capitals: "UN",
"MINUSMA", "G5"). Only ``key`` is required in an extension entry whose key already exists: its
fields override, its aliases and demonyms are added. A straight apostrophe in an alias also yields
the typographic variant (and back), since both occur in news text.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")
EXTRA_ENV = "NEWSDB_KB_EXTRA"

KINDS = frozenset({"person", "organization", "location", "other"})
NEUTRAL = "*"
_WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")
_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
_APOSTROPHES = ("'", "\u2019")
_SCALAR_FIELDS = (
    "kind",
    "subtype",
    "name",
    "wikidata_id",
    "country_code",
    "latitude",
    "longitude",
    "description",
    "parent_key",
)


class KnowledgeBaseError(ValueError):
    """A data file of the knowledge base is malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class Alias:
    """One surface form of an entity, as written in text."""

    text: str
    language: str | None
    case_sensitive: bool


@dataclass(frozen=True, slots=True)
class KnownEntity:
    """A person, organization, place or other thing the knowledge base knows in advance."""

    key: str
    kind: str
    subtype: str | None
    name: str
    wikidata_id: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    description: str | None
    aliases: tuple[Alias, ...]
    demonyms: tuple[Alias, ...]
    parent_key: str | None = None


class KnowledgeBase:
    """The loaded entities with lookups by key, Wikidata id and country code."""

    def __init__(self, entities: Iterable[KnownEntity]) -> None:
        self.entities: tuple[KnownEntity, ...] = tuple(entities)
        self._by_key = {entity.key: entity for entity in self.entities}
        self._by_wikidata = {e.wikidata_id: e for e in self.entities if e.wikidata_id}
        self._countries = {
            e.country_code: e
            for e in self.entities
            if e.subtype == "country" and e.country_code is not None
        }

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[KnownEntity]:
        return iter(self.entities)

    def get(self, key: str) -> KnownEntity | None:
        """Return the entity with this key, if any."""
        return self._by_key.get(key)

    def by_wikidata(self, qid: str) -> KnownEntity | None:
        """Return the entity with this Wikidata id, if any."""
        return self._by_wikidata.get(qid)

    def country(self, alpha2: str) -> KnownEntity | None:
        """Return the country entity for an ISO 3166-1 alpha-2 code (any case)."""
        return self._countries.get(alpha2.upper())

    def capital_countries(self) -> dict[str, str]:
        """Map each capital's key to its country's: the shipped places describe a capital as
        "Capital of …"."""
        return {entity.key: country.key for entity in self.entities
                if entity.subtype == "city" and entity.country_code
                and (entity.description or "").startswith("Capital of")
                and (country := self.country(entity.country_code)) is not None}


def load_knowledge_base(extra_path: os.PathLike[str] | str | None = None) -> KnowledgeBase:
    """Load the shipped knowledge base, extended by ``$NEWSDB_KB_EXTRA`` and ``extra_path``.

    Without ``extra_path`` the result is cached (per value of the environment variable);
    with it, the files are read afresh.

    :raises KnowledgeBaseError: when a file is malformed or the merged data is inconsistent.
    """
    env_extra = os.environ.get(EXTRA_ENV) or None
    if extra_path is None:
        return _load_cached(env_extra)
    extras = [Path(p) for p in (env_extra, extra_path) if p]
    return _load(extras)


@lru_cache(maxsize=4)
def _load_cached(env_extra: str | None) -> KnowledgeBase:
    return _load([Path(env_extra)] if env_extra else [])


def _load(extra_paths: list[Path]) -> KnowledgeBase:
    records: dict[str, dict[str, Any]] = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        for record in _read_records(path):
            key = record["key"]
            if key in records:
                raise KnowledgeBaseError(f"{path.name}: duplicate key {key!r}")
            records[key] = record
    for path in extra_paths:
        for record in _read_records(path):
            key = record["key"]
            records[key] = _merge(records[key], record) if key in records else record
    entities = [_build_entity(record) for record in records.values()]
    _check_consistency(entities)
    return KnowledgeBase(entities)


def _read_records(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KnowledgeBaseError(f"cannot read knowledge base file {path}: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise KnowledgeBaseError(f"{path}: expected a JSON list of entity objects")
    for index, item in enumerate(data):
        if not isinstance(item.get("key"), str) or not _KEY_RE.match(item["key"]):
            raise KnowledgeBaseError(f"{path}: entry {index} has no valid 'key' slug")
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Overlay an extension entry on an existing one: fields override, names add up."""
    merged = dict(base)
    for field in _SCALAR_FIELDS:
        if field in extra:
            merged[field] = extra[field]
    for field in ("aliases", "demonyms"):
        groups = {lang: list(texts) for lang, texts in _alias_groups(base.get(field)).items()}
        for lang, texts in _alias_groups(extra.get(field)).items():
            groups.setdefault(lang, []).extend(texts)
        merged[field] = groups
    merged["case_sensitive"] = [*base.get("case_sensitive", []), *extra.get("case_sensitive", [])]
    return merged


def _alias_groups(value: object) -> dict[str, list[str]]:
    if value is None:
        return {}
    if isinstance(value, list):
        value = {NEUTRAL: value}
    if not isinstance(value, Mapping) or not all(
        isinstance(texts, list) and all(isinstance(t, str) for t in texts)
        for texts in value.values()
    ):
        raise KnowledgeBaseError(f"alias groups must map a language to a list of names: {value!r}")
    return {str(lang): list(texts) for lang, texts in value.items()}


def _build_entity(record: dict[str, Any]) -> KnownEntity:
    key = record["key"]
    try:
        kind = record["kind"]
        name = record["name"]
    except KeyError as exc:
        raise KnowledgeBaseError(f"entity {key!r} lacks the field {exc.args[0]!r}") from None
    if kind not in KINDS:
        raise KnowledgeBaseError(f"entity {key!r} has an unknown kind {kind!r}")
    if not isinstance(name, str) or not name.strip():
        raise KnowledgeBaseError(f"entity {key!r} has no name")
    wikidata_id = record.get("wikidata_id")
    if wikidata_id is not None and not _WIKIDATA_RE.match(str(wikidata_id)):
        raise KnowledgeBaseError(f"entity {key!r} has an invalid Wikidata id {wikidata_id!r}")
    country_code = record.get("country_code")
    if country_code is not None and not _COUNTRY_RE.match(str(country_code)):
        raise KnowledgeBaseError(f"entity {key!r} has an invalid country code {country_code!r}")
    latitude = _coordinate(key, record.get("latitude"), 90.0)
    longitude = _coordinate(key, record.get("longitude"), 180.0)
    if (latitude is None) != (longitude is None):
        raise KnowledgeBaseError(f"entity {key!r} has only one of latitude and longitude")
    case_sensitive = frozenset(record.get("case_sensitive", ()))
    alias_groups = _alias_groups(record.get("aliases"))
    if not any(name in texts for texts in alias_groups.values()):
        alias_groups["en"] = [name, *alias_groups.get("en", [])]
    return KnownEntity(
        key=key,
        kind=kind,
        subtype=record.get("subtype"),
        name=name,
        wikidata_id=wikidata_id,
        country_code=country_code,
        latitude=latitude,
        longitude=longitude,
        description=record.get("description"),
        aliases=_make_aliases(key, alias_groups, case_sensitive),
        demonyms=_make_aliases(key, _alias_groups(record.get("demonyms")), case_sensitive),
        parent_key=record.get("parent_key"),
    )


def _coordinate(key: str, value: object, limit: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > limit:
        raise KnowledgeBaseError(f"entity {key!r} has an invalid coordinate {value!r}")
    return float(value)


def _make_aliases(
    key: str, groups: Mapping[str, list[str]], case_sensitive: frozenset[str]
) -> tuple[Alias, ...]:
    """Turn alias groups into ``Alias`` objects; a text given in several languages is neutral."""
    languages: dict[str, set[str]] = {}
    for lang, texts in groups.items():
        if lang != NEUTRAL and not _LANGUAGE_RE.match(lang):
            raise KnowledgeBaseError(f"entity {key!r} has an invalid alias language {lang!r}")
        for text in texts:
            text = " ".join(text.split())
            if not text:
                raise KnowledgeBaseError(f"entity {key!r} has an empty alias")
            for variant in _typographic_variants(text):
                languages.setdefault(variant, set()).add(lang)
    aliases = []
    for text, langs in languages.items():
        language = next(iter(langs)) if len(langs) == 1 else NEUTRAL
        aliases.append(
            Alias(
                text=text,
                language=None if language == NEUTRAL else language,
                case_sensitive=text in case_sensitive or _looks_like_acronym(text),
            )
        )
    return tuple(aliases)


def _typographic_variants(text: str) -> tuple[str, ...]:
    straight, curly = _APOSTROPHES
    if straight in text:
        return (text, text.replace(straight, curly))
    if curly in text:
        return (text, text.replace(curly, straight))
    return (text,)


def _looks_like_acronym(text: str) -> bool:
    """Tell whether a name is written like an acronym ("UN", "ECOWAS", "G5", "U.S.")."""
    capitals = sum(1 for char in text if char.isupper())
    return capitals >= 2 and not any(char.islower() for char in text)


def _check_consistency(entities: list[KnownEntity]) -> None:
    keys = {entity.key for entity in entities}
    seen_qids: dict[str, str] = {}
    seen_countries: dict[str, str] = {}
    for entity in entities:
        if entity.parent_key is not None and entity.parent_key not in keys:
            raise KnowledgeBaseError(
                f"entity {entity.key!r} has an unknown parent_key {entity.parent_key!r}"
            )
        if entity.wikidata_id:
            other = seen_qids.setdefault(entity.wikidata_id, entity.key)
            if other != entity.key:
                raise KnowledgeBaseError(
                    f"Wikidata id {entity.wikidata_id} is on both {other!r} and {entity.key!r}"
                )
        if entity.subtype == "country":
            if entity.country_code is None:
                raise KnowledgeBaseError(f"country {entity.key!r} has no country_code")
            other = seen_countries.setdefault(entity.country_code, entity.key)
            if other != entity.key:
                raise KnowledgeBaseError(
                    f"country code {entity.country_code} is on both {other!r} and {entity.key!r}"
                )
