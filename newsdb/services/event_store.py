"""Store event candidates: an event already known gains evidence instead of a duplicate."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdb.models import Entity, Event, EventEvidence, EventParticipant
from newsdb.pipeline.types import EventCandidate

ROLE_FIELDS = (("actor", "actors"), ("target", "targets"), ("other", "others"))


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


def find_known_event(session: Session, kind: str, actor_ids: set[int], location_id: int | None,
                     occurred_on: date | None, precision: str | None) -> Event | None:
    """Return a stored event of the same kind, a shared actor, the same location and a
    compatible date."""
    if not actor_ids:
        return None
    query = (select(Event).join(EventParticipant, EventParticipant.event_id == Event.id)
             .where(Event.kind == kind, EventParticipant.role == "actor",
                    EventParticipant.entity_id.in_(actor_ids))
             .order_by(Event.id))
    query = query.where(Event.location_id == location_id if location_id is not None
                        else Event.location_id.is_(None))
    for event in session.scalars(query).unique():
        if dates_compatible(event.occurred_on, event.date_precision, occurred_on, precision):
            return event
    return None


def store_events(session: Session, article_id: int, candidates: list[EventCandidate],
                 entities: Mapping[str, Entity]) -> list[Event]:
    """Store the events of one article, merging each into a known event where one fits."""
    stored: list[Event] = []
    for candidate in candidates:
        roles = {role: [entities[k].id for k in getattr(candidate, name) if k in entities]
                 for role, name in ROLE_FIELDS}
        location = entities.get(candidate.location) if candidate.location else None
        location_id = location.id if location is not None else None
        event = find_known_event(session, candidate.kind, set(roles["actor"]), location_id,
                                 candidate.occurred_on, candidate.date_precision)
        if event is None:
            event = Event(kind=candidate.kind, modality=candidate.modality,
                          title=candidate.title[:500], occurred_on=candidate.occurred_on,
                          date_precision=candidate.date_precision if candidate.occurred_on
                          else None, location_id=location_id, confidence=candidate.confidence)
            session.add(event)
            session.flush()
        else:
            _refine(event, candidate)
        _add_participants(session, event, roles)
        _add_evidence(session, event, article_id, candidate)
        if event not in stored:
            stored.append(event)
    return stored


def _refine(event: Event, candidate: EventCandidate) -> None:
    """A known event without a date takes the date a new report gives it."""
    if event.occurred_on is None and candidate.occurred_on is not None:
        event.occurred_on = candidate.occurred_on
        event.date_precision = candidate.date_precision
    event.confidence = max(event.confidence, candidate.confidence)


def _add_participants(session: Session, event: Event, roles: Mapping[str, list[int]]) -> None:
    existing: set[tuple[int, str]] = {(row[0], row[1]) for row in session.execute(
        select(EventParticipant.entity_id, EventParticipant.role)
        .where(EventParticipant.event_id == event.id))}
    for role, entity_ids in roles.items():
        for entity_id in dict.fromkeys(entity_ids):
            if (entity_id, role) not in existing:
                session.add(EventParticipant(event_id=event.id, entity_id=entity_id, role=role))
                existing.add((entity_id, role))
    session.flush()


def _add_evidence(session: Session, event: Event, article_id: int,
                  candidate: EventCandidate) -> None:
    already = session.scalar(select(EventEvidence.id).where(
        EventEvidence.event_id == event.id, EventEvidence.article_id == article_id,
        EventEvidence.char_start == candidate.char_start))
    if already is None:
        session.add(EventEvidence(event_id=event.id, article_id=article_id,
                                  char_start=candidate.char_start, char_end=candidate.char_end,
                                  text=candidate.text, date_text=candidate.date_text))
        session.flush()
