"""Event use cases: list with filters, get, record by hand, correct, delete; their evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, union_all
from sqlalchemy.orm import Session, aliased, selectinload

from newsdb.errors import NotFound
from newsdb.models import Article, Entity, Event, EventEvidence, EventParticipant, utcnow
from newsdb.services.entities import InvalidReference, load_entities, resolve_entity_ref

DEFAULT_EVENT_SORT = "-occurred_on"
EVENT_SORTS: dict[str, Any] = {
    "occurred_on": (Event.occurred_on.is_(None), Event.occurred_on.asc()),
    "-occurred_on": (Event.occurred_on.is_(None), Event.occurred_on.desc()),
    "id": (Event.id.asc(),), "-id": (Event.id.desc(),),
    "updated_at": (Event.updated_at.asc(),), "-updated_at": (Event.updated_at.desc(),),
    "confidence": (Event.confidence.asc(),), "-confidence": (Event.confidence.desc(),),
}
# Sorts by date, undated events last, and how deep a page they find apart (_by_date_apart):
# a filter with an index of its own (kind, an entity, a place, an article, a time of change)
# finds fewer events than the date index walks to fill a page, and the deeper pages read as
# much apart as sorted whole (at 100,000 articles: the kind "protest" 11 vs 22 ms, one
# entity's events 13 vs 21, page 4,600 370 vs 430, kept sorted whole for that).
DATE_SORTS = frozenset({"occurred_on", "-occurred_on"})
MAX_APART = 10_000
EDITABLE_FIELDS = ("kind", "modality", "title", "occurred_on", "date_precision", "confidence")


@dataclass(frozen=True)
class EventFilters:
    """Filters of the event list (combined with AND; every named entity must take part)."""

    kind: str | None = None
    modality: str | None = None
    entity: list[str] = field(default_factory=list)
    location: str | None = None
    country: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    article: int | None = None
    updated_since: datetime | None = None
    sort: str = DEFAULT_EVENT_SORT


def _entity_conditions(session: Session, filters: EventFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for ref in filters.entity:
        entity_id = resolve_entity_ref(session, ref)
        conditions.append(Event.id.in_(select(EventParticipant.event_id)
                                       .where(EventParticipant.entity_id == entity_id)))
    if filters.location:
        conditions.append(Event.location_id == resolve_entity_ref(session, filters.location,
                                                                  "location"))
    if filters.country:
        place = aliased(Entity)
        conditions.append(Event.location_id.in_(
            select(place.id).where(place.country_code == filters.country.upper())))
    return conditions


def event_query(session: Session, filters: EventFilters) -> Select[Any]:
    """Build the SELECT of the events that pass ``filters``."""
    conditions = _entity_conditions(session, filters)
    if filters.kind:
        conditions.append(Event.kind == filters.kind)
    if filters.modality:
        conditions.append(Event.modality == filters.modality)
    if filters.date_from:
        conditions.append(Event.occurred_on >= filters.date_from)
    if filters.date_to:
        conditions.append(Event.occurred_on <= filters.date_to)
    if filters.article:
        conditions.append(Event.id.in_(select(EventEvidence.event_id)
                                       .where(EventEvidence.article_id == filters.article)))
    if filters.updated_since:
        conditions.append(Event.updated_at >= filters.updated_since)
    order = EVENT_SORTS.get(filters.sort, EVENT_SORTS[DEFAULT_EVENT_SORT])
    return select(Event).where(*conditions).order_by(*order, Event.id)


def _by_date_apart(query: Select[Any], sort: str, first: int) -> Select[Any]:
    """Return ``query`` (sorted by date, undated events last) restricted to the events that can
    be among its ``first``: the first ``first`` dated events and the first ``first`` undated
    ones, each found on its own. Sorted whole, "undated last" is a key no index holds, so every
    event was read and sorted (92,000 at 100,000 articles); apart, the dated ones come in the
    order of ``ix_events_occurred_on`` and the undated in id order, and a page reads a page."""
    _undated_last, by_date = EVENT_SORTS[sort]
    ids = query.with_only_columns(Event.id).order_by(None)
    dated = ids.where(Event.occurred_on.is_not(None)).order_by(by_date, Event.id).limit(first)
    undated = ids.where(Event.occurred_on.is_(None)).order_by(Event.id).limit(first)
    candidates = union_all(select(dated.subquery().c.id),
                           select(undated.subquery().c.id)).subquery()
    return query.where(Event.id.in_(select(candidates.c.id)))


def list_events(session: Session, filters: EventFilters, *, offset: int, limit: int
                ) -> tuple[list[Event], int]:
    """Return one page of events and the total count."""
    query = event_query(session, filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    sort = filters.sort if filters.sort in EVENT_SORTS else DEFAULT_EVENT_SORT
    if sort in DATE_SORTS and offset + limit <= MAX_APART and not any((
            filters.kind, filters.entity, filters.location, filters.country, filters.article,
            filters.updated_since)):
        query = _by_date_apart(query, sort, offset + limit)
    events = list(session.scalars(query.offset(offset).limit(limit).options(
        selectinload(Event.participants),
        selectinload(Event.evidence).load_only(EventEvidence.article_id))))
    load_entities(session, {e.location_id for e in events if e.location_id is not None}
                  | {p.entity_id for e in events for p in e.participants})
    return events, int(total or 0)


def get_event(session: Session, event_id: int) -> Event:
    """Return the event with ``event_id``."""
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"Event {event_id} not found")
    return event


def _live_entity_id(session: Session, entity_id: int, field_name: str) -> int:
    return resolve_entity_ref(session, entity_id, field_name, "json")


def _set_participants(session: Session, event: Event, participants: list[dict[str, Any]]
                      ) -> None:
    wanted = dict.fromkeys((_live_entity_id(session, p["entity_id"], "participants"),
                            p.get("role", "actor")) for p in participants)
    event.participants.clear()
    session.flush()
    for entity_id, role in wanted:
        event.participants.append(EventParticipant(entity_id=entity_id, role=role))


def _add_evidence(session: Session, event: Event, evidence: dict[str, Any]) -> None:
    article = session.get(Article, evidence["article_id"])
    if article is None:
        raise InvalidReference("evidence", f"No article {evidence['article_id']}", "json")
    start, end = evidence["char_start"], evidence["char_end"]
    if not 0 <= start < end <= len(article.body):
        raise InvalidReference("evidence", f"Span {start}-{end} is not inside article "
                                           f"{article.id}'s body ({len(article.body)} "
                                           "characters)", "json")
    event.evidence.append(EventEvidence(article_id=article.id, char_start=start, char_end=end,
                                        text=article.body[start:end],
                                        date_text=evidence.get("date_text")))


def create_event(session: Session, data: dict[str, Any]) -> Event:
    """Record an event by hand, with its participants and evidence spans."""
    participants = data.pop("participants", None) or []
    evidence = data.pop("evidence", None) or []
    location = data.pop("location_id", None)
    event = Event(**data)
    if location is not None:
        event.location_id = _live_entity_id(session, location, "location_id")
    session.add(event)
    _set_participants(session, event, participants)
    for span in evidence:
        _add_evidence(session, event, span)
    session.flush()
    return event


def update_event(session: Session, event: Event, changes: dict[str, Any]) -> Event:
    """Correct an event; ``participants``, when given, replace the current ones."""
    for name in EDITABLE_FIELDS:
        if name in changes:
            setattr(event, name, changes[name])
    if "location_id" in changes:
        location = changes["location_id"]
        event.location_id = (None if location is None
                             else _live_entity_id(session, location, "location_id"))
    if "participants" in changes:
        _set_participants(session, event, changes["participants"] or [])
    if changes:
        event.updated_at = utcnow()  # participants are rows of their own: bump the version too
    session.flush()
    return event


def delete_event(session: Session, event: Event) -> None:
    """Delete an event with its participants and evidence."""
    session.delete(event)
    session.flush()


def list_evidence(session: Session, event: Event, *, offset: int, limit: int
                  ) -> tuple[list[EventEvidence], int]:
    """Return one page of the spans of articles that report an event."""
    query = select(EventEvidence).where(EventEvidence.event_id == event.id)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(EventEvidence.id).offset(offset).limit(limit))
    return list(rows), int(total or 0)
