"""Store event candidates: an event already known gains evidence instead of a duplicate.

An article's events are merged, created and written in one go: the candidates are matched
against the stored events (SQL, one range of an index per date window) and against the events
this article has already touched (in memory, since their new participants are not written yet);
the new events, their participants and their evidence are then inserted with one
``executemany`` each. Only a refinement of a known event goes through the ORM (an UPDATE that
bumps its version).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    BindParameter,
    ClauseElement,
    Table,
    bindparam,
    exists,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from newsdb.driver_sql import DriverStatement, in_list
from newsdb.models import Entity, Event, EventEvidence, EventParticipant, utcnow
from newsdb.pipeline.event_dates import period_end
from newsdb.pipeline.types import EventCandidate

# Tables for the merge test and the bulk inserts: Core, without the ORM's per-row work
_EVENTS = cast(Table, Event.__table__)
_PARTICIPANTS = cast(Table, EventParticipant.__table__)
_EVIDENCE = cast(Table, EventEvidence.__table__)
ROLE_FIELDS = (("actor", "actors"), ("target", "targets"), ("other", "others"))
# How far before a period a wider stored period may start and still overlap it: a stored week
# covers the 6 days after its start, a month its own month, a year its own year.
WIDER_PERIODS = ("week", "month", "year")
_INSERT_EVENT = DriverStatement.insert(
    _EVENTS, ("kind", "modality", "title", "occurred_on", "date_precision", "location_id",
              "confidence"), returning_id=True)
# What the ORM's UPDATE of a refined event would be (the version counts it as a change)
_REFINE_EVENT = DriverStatement(
    update(_EVENTS).where(_EVENTS.c.id == bindparam("id")).values(
        occurred_on=bindparam("occurred_on", type_=_EVENTS.c.occurred_on.type),
        date_precision=bindparam("precision", type_=_EVENTS.c.date_precision.type),
        confidence=bindparam("confidence", type_=_EVENTS.c.confidence.type),
        updated_at=bindparam("now", type_=_EVENTS.c.updated_at.type),
        version=_EVENTS.c.version + 1))
_STORED_PARTICIPANTS = DriverStatement(
    select(_PARTICIPANTS.c.event_id, _PARTICIPANTS.c.entity_id, _PARTICIPANTS.c.role)
    .where(_PARTICIPANTS.c.event_id.in_(in_list("events"))))
_INSERT_PARTICIPANTS = DriverStatement.insert(_PARTICIPANTS, ("event_id", "entity_id", "role"))
_INSERT_EVIDENCE = DriverStatement.insert(
    _EVIDENCE, ("event_id", "article_id", "char_start", "char_end", "text", "date_text"))


def dates_compatible(a: date | None, a_precision: str | None, b: date | None,
                     b_precision: str | None) -> bool:
    """Tell whether two dated periods can be the same event (an unknown date fits any)."""
    if a is None or b is None:
        return True
    a_end = period_end(a, a_precision)
    b_end = period_end(b, b_precision)
    return a <= b_end and b <= a_end


def _days_before(day: date, days: int) -> date:
    """``day`` less ``days`` days, or the calendar's first day (an article may claim year 1)."""
    return day - timedelta(days=days) if day > date.min + timedelta(days=days) else date.min


def _earliest_start(day: date, precision: str) -> date:
    """Return the earliest start of a stored period of ``precision`` that reaches ``day``."""
    if precision == "week":
        return _days_before(day, 6)
    if precision == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def find_known_event(session: Session, kind: str, actor_ids: set[int], location_id: int | None,
                     occurred_on: date | None, precision: str | None) -> Event | None:
    """Return a stored event of the same kind, a shared actor, the same location and a
    compatible date (the oldest, when several fit)."""
    session.flush()  # as a query through the session would
    found = _known_event(session, kind, actor_ids, location_id, occurred_on, precision)
    return session.get(Event, found.id) if found is not None else None


class _StoredEvent(NamedTuple):
    id: int
    occurred_on: date | None
    date_precision: str | None
    confidence: float


@lru_cache(maxsize=64)
def _merge_statement(dated: bool, located: bool, actor_count: int) -> DriverStatement:
    """The merge test of one shape, sent on the driver's cursor (~9 an article)."""
    return DriverStatement(_merge_query(dated, located, actor_count))


def _merge_query(dated: bool, located: bool, actor_count: int) -> ClauseElement:
    """The statement of the merge test, built once per shape (its parameters: ``kind``,
    ``location_id``, ``actor0``… and those of :func:`_merge_parameters`)."""
    events, participants = _EVENTS.c, _PARTICIPANTS.c
    columns = (events.id, events.occurred_on, events.date_precision, events.confidence)
    actors: list[BindParameter[int]] = [bindparam(f"actor{i}") for i in range(actor_count)]
    same_place = (events.location_id == bindparam("location_id") if located
                  else events.location_id.is_(None))
    if not dated:
        # Any date fits: the actor's events, in id order, until one of this kind and place.
        return (select(*columns)
                .select_from(_PARTICIPANTS.join(_EVENTS, events.id == participants.event_id))
                .where(participants.entity_id.in_(actors), participants.role == "actor",
                       events.kind == bindparam("kind"), same_place)
                .order_by(participants.event_id).limit(1))
    # The events of this kind and place whose period can overlap the candidate's, each window
    # a range of an index (an empty range where a window does not apply): those that start
    # within the candidate's period, of ix_events_kind_location_date; the stored weeks, months
    # and years that began before it, of ix_events_kind_location_precision_date (a year's
    # window in the first index held every event of the kind and place since January).
    # No ORDER BY: SQLite would rather walk an index in id order than sort the few rows found.
    shares_actor = exists().where(participants.event_id == events.id,
                                  participants.role == "actor", participants.entity_id.in_(actors))
    base = select(*columns).where(events.kind == bindparam("kind"), same_place, shares_actor)
    # Undated events of a kind and place pile up as the archive grows (hundreds at 10,000
    # articles): probing each for the actor cost ~1 µs an event; checking them against the
    # actor's own events, collected once, costs a fraction of that (benchmarks/analysis.md).
    actor_events = select(participants.event_id).where(participants.entity_id.in_(actors),
                                                       participants.role == "actor")
    undated = select(*columns).where(events.kind == bindparam("kind"), same_place,
                                     events.occurred_on.is_(None), events.id.in_(actor_events))
    windows = [undated,
               base.where(events.occurred_on.between(bindparam("day"), bindparam("end")))]
    windows += [base.where(events.date_precision == wider,
                           events.occurred_on.between(bindparam(f"{wider}_start"),
                                                      bindparam("day_before")))
                for wider in WIDER_PERIODS]
    return union_all(*windows)


def _merge_parameters(occurred_on: date, precision: str | None) -> dict[str, date]:
    parameters = {"day": occurred_on, "end": period_end(occurred_on, precision),
                  "day_before": _days_before(occurred_on, 1)}
    for wider in WIDER_PERIODS:
        parameters[f"{wider}_start"] = _earliest_start(occurred_on, wider)
    return parameters


def _known_event(session: Session, kind: str, actor_ids: Collection[int],
                 location_id: int | None, occurred_on: date | None,
                 precision: str | None) -> _StoredEvent | None:
    """Return the oldest stored event the candidate fits, if any."""
    if not actor_ids:
        return None
    parameters: dict[str, Any] = {"kind": kind, "location_id": location_id}
    parameters.update((f"actor{i}", actor) for i, actor in enumerate(sorted(actor_ids)))
    if occurred_on is not None:
        parameters.update(_merge_parameters(occurred_on, precision))
    statement = _merge_statement(occurred_on is not None, location_id is not None,
                                 len(actor_ids))
    rows = sorted(statement.rows(session, parameters), key=lambda row: row[0])
    for row in rows:
        if dates_compatible(row[1], row[2], occurred_on, precision):
            return _StoredEvent(*row)
    return None


@dataclass
class _Touched:
    """An event this article created or merged into, and the participants it adds to it."""

    order: int
    kind: str
    location_id: int | None
    occurred_on: date | None
    date_precision: str | None
    confidence: float
    id: int | None = None  # None: created by this article, not inserted yet
    actors: set[int] = field(default_factory=set)  # actors added, not yet written
    participants: set[tuple[int, str]] = field(default_factory=set)

    def rank(self) -> tuple[bool, int, int]:
        """Sort key of "the oldest event": by id; events not inserted yet come last."""
        return (self.id is None, self.id or 0, self.order)

    def fits(self, kind: str, actors: set[int], location_id: int | None,
             occurred_on: date | None, precision: str | None) -> bool:
        """Tell whether a candidate matches the event through an actor added in this article."""
        return (self.kind == kind and self.location_id == location_id
                and not self.actors.isdisjoint(actors)
                and dates_compatible(self.occurred_on, self.date_precision, occurred_on,
                                     precision))


@dataclass
class _ArticleEvents:
    """What one article adds: touched events, participants and evidence, in candidate order."""

    touched: list[_Touched] = field(default_factory=list)
    stored: dict[int, _Touched] = field(default_factory=dict)  # by id, events stored before
    new_rows: list[tuple[_Touched, dict[str, Any]]] = field(default_factory=list)  # to insert
    participants: list[tuple[_Touched, int, str]] = field(default_factory=list)
    evidence: list[tuple[_Touched, EventCandidate]] = field(default_factory=list)
    evidence_keys: set[tuple[int, int]] = field(default_factory=set)

    def create(self, candidate: EventCandidate, location_id: int | None) -> _Touched:
        occurred_on = candidate.occurred_on
        precision = candidate.date_precision if occurred_on else None
        entry = _Touched(len(self.touched), candidate.kind, location_id, occurred_on, precision,
                         candidate.confidence)
        self.touched.append(entry)
        self.new_rows.append((entry, {
            "kind": candidate.kind, "modality": candidate.modality,
            "title": candidate.title[:500], "occurred_on": occurred_on,
            "date_precision": precision, "location_id": location_id,
            "confidence": candidate.confidence}))
        return entry

    def merge(self, found: _StoredEvent, kind: str, location_id: int | None) -> _Touched:
        entry = self.stored.get(found.id)
        if entry is None:
            entry = _Touched(len(self.touched), kind, location_id, found.occurred_on,
                             found.date_precision, found.confidence, id=found.id)
            self.touched.append(entry)
            self.stored[found.id] = entry
        return entry

    def insert_new(self, session: Session) -> None:
        """Insert the events created since the last call, in the order they were created."""
        if not self.new_rows:
            return
        # One INSERT per row (SQLite's RETURNING order is not promised for more), on the
        # driver's cursor: ~11 an article, the writer's most frequent statement.
        for entry, values in self.new_rows:
            entry.id = _INSERT_EVENT.insert_one(session, values)
        self.new_rows.clear()


def store_events(session: Session, article_id: int, candidates: list[EventCandidate],
                 entities: Mapping[str, Entity], new_entities: Collection[int] = ()
                 ) -> list[int]:
    """Store the events of one article, merging each into a known event where one fits;
    return the ids of the events the article reports.

    The article's evidence must have been cleared (:func:`~newsdb.pipeline.extract.
    clear_extraction`) or never stored: it is not looked up again. ``new_entities``: ids of
    entities the article's linking created, which no stored event can have as an actor (an
    event whose actors are all new is not looked for among the stored ones: a fifth of them
    in an import of the benchmarks' corpus).
    """
    added = _ArticleEvents()
    for candidate in candidates:
        _store_candidate(session, added, candidate, entities, new_entities)
    added.insert_new(session)
    _write_participants(session, added)
    _write_evidence(session, article_id, added)
    return [entry.id for entry in added.touched if entry.id is not None]  # all of them


def _store_candidate(session: Session, added: _ArticleEvents, candidate: EventCandidate,
                     entities: Mapping[str, Entity], new_entities: Collection[int]) -> None:
    roles = {role: [entities[k].id for k in getattr(candidate, name) if k in entities]
             for role, name in ROLE_FIELDS}
    location = entities.get(candidate.location) if candidate.location else None
    location_id = location.id if location is not None else None
    actors = set(roles["actor"])
    args = (candidate.kind, actors, location_id, candidate.occurred_on, candidate.date_precision)
    entry = min((e for e in added.touched if e.fits(*args)), key=_Touched.rank, default=None)
    found = _known_event(session, *args) if not actors.issubset(new_entities) else None
    if found is not None and (entry is None or entry.rank() > (False, found.id, -1)):
        entry = added.merge(found, candidate.kind, location_id)
    if entry is None:
        entry = added.create(candidate, location_id)
    else:
        _refine(session, added, entry, candidate)
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


def _refine(session: Session, added: _ArticleEvents, entry: _Touched,
            candidate: EventCandidate) -> None:
    """A known event without a date takes the date a new report gives it."""
    dated = entry.occurred_on is None and candidate.occurred_on is not None
    confidence = max(entry.confidence, candidate.confidence)
    if not dated and confidence == entry.confidence:
        return
    # Each refinement is an UPDATE of its own, as the event's version counts them; an event
    # this article created is inserted as it was first stored, then updated.
    added.insert_new(session)
    if dated:
        entry.occurred_on = candidate.occurred_on
        entry.date_precision = candidate.date_precision
    entry.confidence = confidence
    _REFINE_EVENT.execute(session, {
        "id": entry.id, "occurred_on": entry.occurred_on, "precision": entry.date_precision,
        "confidence": confidence, "now": utcnow()})
    loaded = session.identity_map.get(identity_key(Event, entry.id))
    if loaded is not None:  # an ORM object of the event in this session: it reads the row again
        session.expire(loaded)


def _write_participants(session: Session, added: _ArticleEvents) -> None:
    """Insert the participants the article adds, except those already stored."""
    stored: set[tuple[int | None, int, str]] = set()
    if added.stored:
        stored = {(row[0], row[1], row[2]) for row in _STORED_PARTICIPANTS.rows_in(
            session, {"events": sorted(added.stored)})}
    rows = [{"event_id": entry.id, "entity_id": entity_id, "role": role}
            for entry, entity_id, role in added.participants
            if (entry.id, entity_id, role) not in stored]
    _INSERT_PARTICIPANTS.execute_many(session, rows)


def _write_evidence(session: Session, article_id: int, added: _ArticleEvents) -> None:
    """Insert the article's evidence (its evidence was cleared before, or never stored)."""
    rows = [{"event_id": entry.id, "article_id": article_id,
             "char_start": candidate.char_start, "char_end": candidate.char_end,
             "text": candidate.text, "date_text": candidate.date_text}
            for entry, candidate in added.evidence]
    _INSERT_EVIDENCE.execute_many(session, rows)
