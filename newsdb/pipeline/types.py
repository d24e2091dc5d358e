"""Dataclasses passed between the extraction stages (pure data, no database).

Those made by the dozen an article (these, and event_sentence's Party and Governor,
event_triggers' Trigger, event_roles' Roles, cues' CueName, gazetteer's GazetteerHit) write
their ``__init__`` out, every field in order: compiled with mypyc it is native, ten times
cheaper than the one ``dataclass()`` generates, which the interpreter runs (for a frozen class,
one ``object.__setattr__`` call a field). ``tests/test_types.py`` checks each against its
fields.
"""

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

    # Written out: compiled, a native __init__ (see newsdb/pipeline/types.py)
    def __init__(self, index: int, char_start: int, char_end: int, text: str) -> None:
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "char_start", char_start)
        object.__setattr__(self, "char_end", char_end)
        object.__setattr__(self, "text", text)


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

    # Written out: compiled, a native __init__ (see newsdb/pipeline/types.py)
    def __init__(self, char_start: int, char_end: int, text: str, key: str, name: str, kind: str,
                 method: str, sentence: int, confidence: float = 1.0, subtype: str | None = None,
                 country_code: str | None = None) -> None:
        object.__setattr__(self, "char_start", char_start)
        object.__setattr__(self, "char_end", char_end)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "sentence", sentence)
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "subtype", subtype)
        object.__setattr__(self, "country_code", country_code)


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

    # Written out: compiled, a native __init__ (see newsdb/pipeline/types.py)
    def __init__(self, kind: str, modality: str, title: str, sentence: int, char_start: int,
                 char_end: int, text: str, occurred_on: date | None, date_precision: str | None,
                 date_text: str | None, actors: tuple[str, ...] = (), targets: tuple[str, ...] = (),
                 others: tuple[str, ...] = (), location: str | None = None,
                 confidence: float = 0.7) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "modality", modality)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "sentence", sentence)
        object.__setattr__(self, "char_start", char_start)
        object.__setattr__(self, "char_end", char_end)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "occurred_on", occurred_on)
        object.__setattr__(self, "date_precision", date_precision)
        object.__setattr__(self, "date_text", date_text)
        object.__setattr__(self, "actors", actors)
        object.__setattr__(self, "targets", targets)
        object.__setattr__(self, "others", others)
        object.__setattr__(self, "location", location)
        object.__setattr__(self, "confidence", confidence)
