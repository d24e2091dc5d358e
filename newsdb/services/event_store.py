"""Store event candidates: an event already known gains evidence instead of a duplicate.

An article's events are merged, created and written in one go: the candidates are matched
against the stored events (SQL) and against the events this article has already touched (in
memory, since their new participants are not written yet); the new events are inserted with one
flush, their participants and evidence with one ``executemany`` each.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import exists, insert, select, union_all
from sqlalchemy.orm import Session

from newsdb.models import Entity, Event, EventEvidence, EventParticipant
from newsdb.pipeline.types import EventCandidate

ROLE_FIELDS = (("actor", "actors"), ("target", "targets"), ("other", "others"))
# How far before a period a wider stored period may start and still overlap it: a stored week
# covers the 6 days after its start, a month its own month, a year its own year.
WIDER_PERIODS = ("week", "month", "year")


def period_end(start: date, precision: str | None) -> date:
    """Return the last day of the period that starts at ``start``."""
    if precision == "week":
        return start + timedelta(days=6)
    if precision == "month":
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    if precision == "year":
        return date(start.year, 12, 31)
    return start


def dates_compatible(a: date | None, a_precision: str | None, b: date | None,
                     b_precision: str | None) -> bool:
    """Tell whether two dated periods can be the same event (an unknown date fits any)."""
    if a is None or b is None:
        return True
    a_end = period_end(a, a_precision)
    b_end = period_end(b, b_precision)
    return a <= b_end and b <= a_end


def _earliest_start(day: date, precision: str) -> date:
    """Return the earliest start of a stored period of ``precision`` that reaches ``day``."""
    if precision == "week":
        return day - timedelta(days=6)
    if precision == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def find_known_event(session: Session, kind: str, actor_ids: set[int], location_id: int | None,
                     occurred_on: date | None, precision: str | None) -> Event | None:
    """Return a stored event of the same kind, a shared actor, the same location and a
    compatible date (the oldest, when several fit)."""
    event_id = _known_event_id(session, kind, actor_ids, location_id, occurred_on, precision)
    return session.get(Event, event_id) if event_id is not None else None


def _known_event_id(session: Session, kind: str, actor_ids: Collection[int],
                    location_id: int | None, occurred_on: date | None,
                    precision: str | None) -> int | None:
    if not actor_ids:
        return None
    same_place = (Event.location_id == location_id if location_id is not None
                  else Event.location_id.is_(None))
    if occurred_on is None:
        # Any date fits: the actor's events, in id order, until one of this kind and place.
        return session.scalar(
            select(EventParticipant.event_id)
            .join(Event, Event.id == EventParticipant.event_id)
            .where(EventParticipant.entity_id.in_(actor_ids), EventParticipant.role == "actor",
                   Event.kind == kind, same_place)
            .order_by(EventParticipant.event_id).limit(1))
    # The events of this kind and place whose period can overlap the candidate's, each window
    # a range of ix_events_kind_location_date. No ORDER BY: SQLite would rather walk an index
    # in id order than sort the few rows found.
    shares_actor = exists().where(EventParticipant.event_id == Event.id,
                                  EventParticipant.role == "actor",
                                  EventParticipant.entity_id.in_(actor_ids))
    base = (select(Event.id, Event.occurred_on, Event.date_precision)
            .where(Event.kind == kind, same_place, shares_actor))
    end = period_end(occurred_on, precision)
    day_before = occurred_on - timedelta(days=1)
    windows = [base.where(Event.occurred_on.is_(None)),
               base.where(Event.occurred_on.between(occurred_on, end))]
    for wider in WIDER_PERIODS:
        start = _earliest_start(occurred_on, wider)
        if start <= day_before:
            windows.append(base.where(Event.date_precision == wider,
                                      Event.occurred_on.between(start, day_before)))
    rows = sorted(session.execute(union_all(*windows)), key=lambda row: int(row[0]))
    for event_id, stored_on, stored_precision in rows:
        if dates_compatible(stored_on, stored_precision, occurred_on, precision):
            return int(event_id)
    return None


@dataclass
class _Touched:
    """An event this article created or merged into, and the participants it adds to it."""

    event: Event
    order: int
    created: bool
    actors: set[int] = field(default_factory=set)  # actors added, not yet written
    participants: set[tuple[int, str]] = field(default_factory=set)

    def rank(self) -> tuple[bool, int, int]:
        """Sort key of "the oldest event": by id; events not inserted yet come last."""
        return (self.event.id is None, self.event.id or 0, self.order)

    def fits(self, kind: str, actors: set[int], location_id: int | None,
             occurred_on: date | None, precision: str | None) -> bool:
        """Tell whether a candidate matches the event through an actor added in this article."""
        event = self.event
        return (event.kind == kind and event.location_id == location_id
                and not self.actors.isdisjoint(actors)
                and dates_compatible(event.occurred_on, event.date_precision, occurred_on,
                                     precision))


@dataclass
class _ArticleEvents:
    """What one article adds: touched events, participants and evidence, in candidate order."""

    touched: list[_Touched] = field(default_factory=list)
    by_event: dict[int, _Touched] = field(default_factory=dict)  # keyed by id(event)
    participants: list[tuple[_Touched, int, str]] = field(default_factory=list)
    evidence: list[tuple[_Touched, EventCandidate]] = field(default_factory=list)
    evidence_keys: set[tuple[int, int]] = field(default_factory=set)

    def touch(self, event: Event, *, created: bool) -> _Touched:
        entry = self.by_event.get(id(event))
        if entry is None:
            entry = _Touched(event, len(self.touched), created)
            self.touched.append(entry)
            self.by_event[id(event)] = entry
        return entry


def store_events(session: Session, article_id: int, candidates: list[EventCandidate],
                 entities: Mapping[str, Entity]) -> list[Event]:
    """Store the events of one article, merging each into a known event where one fits."""
    added = _ArticleEvents()
    with session.no_autoflush:  # new events wait for the one flush below
        for candidate in candidates:
            _store_candidate(session, added, candidate, entities)
    session.flush()
    _write_participants(session, added)
    _write_evidence(session, article_id, added)
    return [entry.event for entry in added.touched]


def _store_candidate(session: Session, added: _ArticleEvents, candidate: EventCandidate,
                     entities: Mapping[str, Entity]) -> None:
    roles = {role: [entities[k].id for k in getattr(candidate, name) if k in entities]
             for role, name in ROLE_FIELDS}
    location = entities.get(candidate.location) if candidate.location else None
    location_id = location.id if location is not None else None
    actors = set(roles["actor"])
    event = _match(session, added, candidate, actors, location_id)
    created = event is None
    if event is None:
        event = Event(kind=candidate.kind, modality=candidate.modality,
                      title=candidate.title[:500], occurred_on=candidate.occurred_on,
                      date_precision=candidate.date_precision if candidate.occurred_on
                      else None, location_id=location_id, confidence=candidate.confidence)
        session.add(event)
    else:
        _refine(session, event, candidate)
    entry = added.touch(event, created=created)
    for role, entity_ids in roles.items():
        for entity_id in dict.fromkeys(entity_ids):
            if (entity_id, role) not in entry.participants:
                entry.participants.add((entity_id, role))
                added.participants.append((entry, entity_id, role))
                if role == "actor":
                    entry.actors.add(entity_id)
    if (entry.order, candidate.char_start) not in added.evidence_keys:
        added.evidence_keys.add((entry.order, candidate.char_start))
        added.evidence.append((entry, candidate))


def _match(session: Session, added: _ArticleEvents, candidate: EventCandidate,
           actors: set[int], location_id: int | None) -> Event | None:
    """Return the oldest event the candidate fits: stored, or touched by this article."""
    args = (candidate.kind, actors, location_id, candidate.occurred_on, candidate.date_precision)
    best = min((e for e in added.touched if e.fits(*args)), key=_Touched.rank, default=None)
    stored_id = _known_event_id(session, *args)
    if stored_id is not None and (best is None or best.rank() > (False, stored_id, -1)):
        return session.get(Event, stored_id)
    return best.event if best is not None else None


def _refine(session: Session, event: Event, candidate: EventCandidate) -> None:
    """A known event without a date takes the date a new report gives it."""
    dated = event.occurred_on is None and candidate.occurred_on is not None
    confidence = max(event.confidence, candidate.confidence)
    if not dated and confidence == event.confidence:
        return
    # Each refinement is an UPDATE of its own, as the event's version counts them; an event
    # this article created is inserted as it was first stored, then updated.
    session.flush()
    if dated:
        event.occurred_on = candidate.occurred_on
        event.date_precision = candidate.date_precision
    event.confidence = confidence
    session.flush()


def _write_participants(session: Session, added: _ArticleEvents) -> None:
    """Insert the participants the article adds, except those already stored."""
    known_ids = [e.event.id for e in added.touched if not e.created]
    stored: set[tuple[int, int, str]] = set()
    if known_ids:
        stored = {(row[0], row[1], row[2]) for row in session.execute(
            select(EventParticipant.event_id, EventParticipant.entity_id, EventParticipant.role)
            .where(EventParticipant.event_id.in_(known_ids)))}
    rows = [{"event_id": entry.event.id, "entity_id": entity_id, "role": role}
            for entry, entity_id, role in added.participants
            if (entry.event.id, entity_id, role) not in stored]
    if rows:
        session.execute(insert(EventParticipant), rows)


def _write_evidence(session: Session, article_id: int, added: _ArticleEvents) -> None:
    """Insert the article's evidence, except spans already stored for the same event (an
    article extracted twice without clearing it first)."""
    if not added.evidence:
        return
    event_ids = {entry.event.id for entry, _ in added.evidence}
    stored = {(row[0], row[1]) for row in session.execute(
        select(EventEvidence.event_id, EventEvidence.char_start)
        .where(EventEvidence.article_id == article_id, EventEvidence.event_id.in_(event_ids)))}
    rows = [{"event_id": entry.event.id, "article_id": article_id,
             "char_start": candidate.char_start, "char_end": candidate.char_end,
             "text": candidate.text, "date_text": candidate.date_text}
            for entry, candidate in added.evidence
            if (entry.event.id, candidate.char_start) not in stored]
    if rows:
        session.execute(insert(EventEvidence), rows)
