"""The event list sorted by date: pages found from the dated and the undated events apart equal
the pages of the one sorted query, whatever the filters, ties and offsets."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from newsdb.models import Entity, Event, EventParticipant
from newsdb.services.events import MAX_APART, EventFilters, event_query, list_events


@pytest.fixture()
def events(session: Session) -> Entity:
    rng = random.Random(7)
    actor = Entity(kind="person", name="Sorted Actor", slug="sorted-actor")
    session.add(actor)
    session.flush()
    for n in range(150):
        kind = rng.choice(["visit", "protest", "statement"])
        undated = rng.random() < 0.65  # more undated than dated: pages reach deep into both
        day = None if undated else date(2024, 1, 1) + timedelta(days=rng.randrange(9))
        event = Event(kind=kind, modality=rng.choice(["occurred", "planned"]),
                      title=f"event {n}", occurred_on=day,
                      date_precision="day" if day else None, confidence=0.5)
        session.add(event)
        session.flush()
        if rng.random() < 0.5:
            session.add(EventParticipant(event_id=event.id, entity_id=actor.id, role="actor"))
    session.flush()
    return actor


@pytest.mark.parametrize("sort", ["-occurred_on", "occurred_on"])
@pytest.mark.parametrize(("kind", "modality", "with_actor"), [
    (None, None, False), (None, "planned", False), ("protest", None, False),
    (None, None, True), ("statement", "occurred", True)])
@pytest.mark.parametrize("max_apart", [MAX_APART, 40])  # deep pages sorted whole
def test_date_sorted_pages_equal_the_sorted_query(
        session: Session, events: Entity, monkeypatch: pytest.MonkeyPatch, sort: str,
        kind: str | None, modality: str | None, with_actor: bool, max_apart: int) -> None:
    monkeypatch.setattr("newsdb.services.events.MAX_APART", max_apart)
    filters = EventFilters(kind=kind, modality=modality, sort=sort,
                           entity=[str(events.id)] if with_actor else [])
    everything = [e.id for e in session.scalars(event_query(session, filters))]
    assert len(everything) > 5 and any(  # the pages cross from dated to undated events
        e.occurred_on is None for e in session.scalars(event_query(session, filters)))
    for limit in (1, 7, 20):
        for offset in range(0, len(everything) + 3, 7):
            page, total = list_events(session, filters, offset=offset, limit=limit)
            assert total == len(everything)
            assert [e.id for e in page] == everything[offset:offset + limit], (offset, limit)
