"""`newsdb evaluate`: precision, recall and F1 of extraction against a gold file (DESIGN.md §7)."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdb.db import make_engine
from newsdb.errors import InputError
from newsdb.models import Entity, Event, EventEvidence, EventParticipant, Mention
from newsdb.models.event import EVENT_KINDS
from newsdb.pipeline.extract import extract_article
from newsdb.pipeline.read import parse_iso_date, read_path
from newsdb.schema import upgrade
from newsdb.services.imports import run_import

SCORED_KINDS = ("person", "organization", "location")


@dataclass
class Score:
    """Counts behind precision and recall."""

    predicted: int = 0
    predicted_correct: int = 0
    gold: int = 0
    gold_found: int = 0

    @property
    def precision(self) -> float:
        return self.predicted_correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.predicted_correct += other.predicted_correct
        self.gold += other.gold
        self.gold_found += other.gold_found

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "predicted": self.predicted, "gold": self.gold}


@dataclass
class ArticleScore:
    file: str
    article_id: int | None
    entities: Score = field(default_factory=Score)
    events: Score = field(default_factory=Score)
    roles: Score = field(default_factory=Score)
    missed_entities: list[str] = field(default_factory=list)
    spurious_entities: list[str] = field(default_factory=list)
    missed_events: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    articles: list[ArticleScore]
    entities: Score
    events: Score
    roles: Score = field(default_factory=Score)

    def as_dict(self) -> dict[str, Any]:
        return {
            "entities": self.entities.as_dict(), "events": self.events.as_dict(),
            "roles": self.roles.as_dict(),
            "articles": [{"file": a.file, "article_id": a.article_id,
                          "entities": a.entities.as_dict(), "events": a.events.as_dict(),
                          "roles": a.roles.as_dict(),
                          "missed_entities": a.missed_entities,
                          "spurious_entities": a.spurious_entities,
                          "missed_events": a.missed_events} for a in self.articles],
        }


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Read and check a gold file."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read gold file {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise InputError(f"gold file {path} is not JSON: {error.msg} at line {error.lineno}"
                         ) from None
    if not isinstance(gold, list) or not gold:
        raise InputError("a gold file is a JSON list of objects, each with a 'file'")
    for number, item in enumerate(gold, start=1):
        _check_gold_item(item, f"gold item {number}")
    return gold


def _check_gold_item(item: Any, where: str) -> None:
    """Check one gold article's fields (others, such as its title, are free), each error named
    by the item and the field: a typo in a gold file must not score as a miss."""
    if not isinstance(item, dict) or not isinstance(item.get("file"), str) \
            or not item["file"].strip():
        raise InputError(f"{where}: an object with a 'file' (the article's path) is expected")
    where = f"{where} ({item['file']})"
    published = item.get("published")
    if published is not None and not (isinstance(published, str) and _is_gold_date(published)
                                      and len(published) == len("2023-12-15")):
        raise InputError(f"{where}: 'published' must be a date such as '2023-12-15', not "
                         f"{published!r}")
    for number, entity in enumerate(_gold_list(item, "entities", where), start=1):
        at = f"{where}, entity {number}"
        _check_choice(entity, "type", SCORED_KINDS, at)
        _check_strings(entity, "surface", at)
        if not isinstance(entity.get("name", ""), str):
            raise InputError(f"{at}: 'name' must be a string")
    for number, event in enumerate(_gold_list(item, "events", where), start=1):
        at = f"{where}, event {number}"
        _check_choice(event, "type", EVENT_KINDS, at)
        _check_strings(event, "participants", at)
        if event.get("location") is not None and not isinstance(event["location"], str):
            raise InputError(f"{at}: 'location' must be a name")
        if event.get("date") is not None and not _is_gold_date(event["date"]):
            raise InputError(f"{at}: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, not "
                             f"{event['date']!r}")


def _gold_list(item: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    entries = item.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError(f"{where}: '{key}' must be a list of objects")
    return entries


def _check_choice(entry: dict[str, Any], key: str, choices: tuple[str, ...], where: str) -> None:
    if entry.get(key) not in choices:
        raise InputError(f"{where}: '{key}' must be one of {', '.join(choices)}, not "
                         f"{entry.get(key)!r}")


def _check_strings(entry: dict[str, Any], key: str, where: str) -> None:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InputError(f"{where}: '{key}' must be a list of strings")


def _is_gold_date(value: Any) -> bool:
    """A day, a month or a year: "2023-12-15", "2023-12", "2023"."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10])  # a year or a month: its first day
    except ValueError:
        return False
    return True


def evaluate(gold_path: Path, base: Path | None = None) -> Evaluation:
    """Import the gold's files into a fresh temporary database and score extraction."""
    gold = load_gold(gold_path)
    base = base or gold_path.parent
    with tempfile.TemporaryDirectory(prefix="newsdb-evaluate-") as folder:
        url = f"sqlite:///{Path(folder) / 'evaluate.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        try:
            scores = [_score_item(engine, item, base) for item in gold]
        finally:
            engine.dispose()
    total_entities, total_events, total_roles = Score(), Score(), Score()
    for score in scores:
        total_entities.add(score.entities)
        total_events.add(score.events)
        total_roles.add(score.roles)
    return Evaluation(scores, total_entities, total_events, total_roles)


def _score_item(engine: Any, item: dict[str, Any], base: Path) -> ArticleScore:
    path = (base / item["file"]).resolve()
    published = parse_iso_date(item.get("published"))
    items = read_path(path, "auto", published_on=published)
    summary = run_import(engine, items, origin="cli", description=f"evaluate {path}",
                         after_store=extract_article)
    result = summary.results[0] if summary.results else None
    if result is None or result.article_id is None:
        raise InputError(f"{item['file']}: {result.reason if result else 'nothing imported'}")
    score = ArticleScore(item["file"], result.article_id)
    with Session(engine) as session:
        _score_entities(session, result.article_id, item.get("entities", []), score)
        _score_events(session, result.article_id, item.get("events", []), score)
        _score_roles(session, result.article_id, item.get("events", []),
                     item.get("entities", []), score)
    return score


def _score_entities(session: Session, article_id: int, gold: list[dict[str, Any]],
                    score: ArticleScore) -> None:
    rows = session.execute(select(Entity.id, Entity.kind, Entity.name, Mention.text)
                           .join(Mention, Mention.entity_id == Entity.id)
                           .where(Mention.article_id == article_id)).all()
    found: dict[int, tuple[str, str, set[str]]] = {}
    for entity_id, kind, name, text in rows:
        if kind in SCORED_KINDS:
            found.setdefault(entity_id, (kind, name, set()))[2].add(text.casefold())
    gold_surfaces = [(g.get("type"), {s.casefold() for s in g.get("surface", [])}, g)
                     for g in gold]
    score.entities.gold = len(gold)
    score.entities.predicted = len(found)
    for kind, name, texts in found.values():
        if any(kind == t and texts & s for t, s, _ in gold_surfaces):
            score.entities.predicted_correct += 1
        else:
            score.spurious_entities.append(f"{name} ({kind})")
    for gold_type, surfaces, entry in gold_surfaces:
        if any(kind == gold_type and texts & surfaces for kind, _, texts in found.values()):
            score.entities.gold_found += 1
        else:
            score.missed_entities.append(f"{entry.get('name')} ({gold_type})")


def date_agrees(gold: str | None, value: date | None) -> bool:
    """Tell whether an extracted date agrees with a gold date at the gold's precision."""
    if gold is None:
        return True
    if value is None:
        return False
    return value.isoformat()[: len(gold)] == gold


def _score_events(session: Session, article_id: int, gold: list[dict[str, Any]],
                  score: ArticleScore) -> None:
    events = session.scalars(select(Event).join(EventEvidence, EventEvidence.event_id == Event.id)
                             .where(EventEvidence.article_id == article_id)).unique().all()
    score.events.gold = len(gold)
    score.events.predicted = len(events)
    for event in events:
        if any(g.get("type") == event.kind and date_agrees(g.get("date"), event.occurred_on)
               for g in gold):
            score.events.predicted_correct += 1
    for entry in gold:
        if any(entry.get("type") == e.kind and date_agrees(entry.get("date"), e.occurred_on)
               for e in events):
            score.events.gold_found += 1
        else:
            score.missed_events.append(f"{entry.get('type')} {entry.get('date')}")


def _score_roles(session: Session, article_id: int, gold_events: list[dict[str, Any]],
                 gold_entities: list[dict[str, Any]], score: ArticleScore) -> None:
    """Who took part and where: pairs of an event and a participant or its location.

    A gold pair is found when an event that matches the gold event (same kind, agreeing date)
    names an entity known by one of the participant's gold surfaces (or its name); a predicted
    pair is correct when its entity is a participant or the location of a gold event its event
    matches. An entity is known by its name and by its mentions' texts in the article.
    """
    events = session.scalars(select(Event).join(EventEvidence, EventEvidence.event_id == Event.id)
                             .where(EventEvidence.article_id == article_id)).unique().all()
    named: dict[int, set[int]] = {event.id: set() for event in events}
    for event_id, entity_id in session.execute(
            select(EventParticipant.event_id, EventParticipant.entity_id)
            .where(EventParticipant.event_id.in_(list(named)))):
        named[event_id].add(entity_id)
    for event in events:
        if event.location_id is not None:
            named[event.id].add(event.location_id)
    known: dict[int, set[str]] = {}
    ids = {entity_id for entities in named.values() for entity_id in entities}
    for entity_id, name in session.execute(select(Entity.id, Entity.name)
                                           .where(Entity.id.in_(list(ids)))):
        known[entity_id] = {name.casefold()}
    for entity_id, text in session.execute(select(Mention.entity_id, Mention.text).where(
            Mention.article_id == article_id, Mention.entity_id.in_(list(ids)))):
        known[entity_id].add(text.casefold())
    surfaces = {entry.get("name", ""): {s.casefold() for s in entry.get("surface", [])}
                | {str(entry.get("name", "")).casefold()} for entry in gold_entities}

    def gold_names(entry: dict[str, Any]) -> list[str]:
        names = [*entry.get("participants", []), entry.get("location")]
        return list(dict.fromkeys(name for name in names if name))

    def names_entity(name: str, entity_id: int) -> bool:
        return bool(known.get(entity_id, set()) & surfaces.get(name, {name.casefold()}))

    def matches(entry: dict[str, Any], event: Event) -> bool:
        return entry.get("type") == event.kind and date_agrees(entry.get("date"),
                                                                event.occurred_on)

    for entry in gold_events:
        names = gold_names(entry)
        score.roles.gold += len(names)
        score.roles.gold_found += max(
            (sum(any(names_entity(name, entity) for entity in named[event.id])
                 for name in names) for event in events if matches(entry, event)), default=0)
    for event in events:
        fitting = [name for entry in gold_events if matches(entry, event)
                   for name in gold_names(entry)]
        score.roles.predicted += len(named[event.id])
        score.roles.predicted_correct += sum(
            any(names_entity(name, entity) for name in fitting) for entity in named[event.id])
