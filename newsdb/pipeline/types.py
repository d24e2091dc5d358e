"""Dataclasses passed between the extraction stages (pure data, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Sentence:
    """One sentence of a body: ``body[char_start:char_end] == text``."""

    index: int
    char_start: int
    char_end: int
    text: str


@dataclass(frozen=True)
class MentionCandidate:
    """A span of the body naming an entity, before it is linked to a database row.

    ``key`` identifies the entity within the article: the knowledge-base key ("germany") for
    known entities, else ``"new:" + folded name`` for a name found through cues.
    """

    char_start: int
    char_end: int
    text: str
    key: str
    name: str
    kind: str  # person | organization | location | other
    method: str  # kb | pattern | coref
    sentence: int
    confidence: float = 1.0
    subtype: str | None = None
    country_code: str | None = None


@dataclass(frozen=True)
class DemonymHit:
    """An adjective or demonym naming a country's people ("German troops", "russischen").

    Never a mention; events use it to infer who acted.
    """

    char_start: int
    char_end: int
    text: str
    country_key: str
    sentence: int


@dataclass(frozen=True)
class EventCandidate:
    """An event found in one sentence, with participants named by entity key."""

    kind: str
    modality: str  # occurred | planned | cancelled | postponed
    title: str
    sentence: int
    char_start: int
    char_end: int
    text: str
    occurred_on: date | None
    date_precision: str | None
    date_text: str | None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    location: str | None = None
    confidence: float = 0.7
