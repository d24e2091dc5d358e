"""The event store: which known event a report merges into, and what one article writes."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from newsdb.models import Article, Entity, Event, EventEvidence, EventParticipant
from newsdb.pipeline.extract import delete_orphan_events
from newsdb.pipeline.types import EventCandidate
from newsdb.services.event_store import dates_compatible, find_known_event, store_events
from tests.statements import statements_sent

_serial = itertools.count()


def _entity(session: Session, name: str, kind: str = "organization") -> Entity:
    entity = Entity(kind=kind, name=name, slug=f"test-{name.lower()}-{next(_serial)}")
    session.add(entity)
    session.flush()
    return entity


def _article(session: Session) -> Article:
    body = f"Test article {next(_serial)} about an event."
    article = Article(body=body, raw_text=body, content_hash=f"test-{next(_serial)}")
    session.add(article)
    session.flush()
    return article


def _event(session: Session, actor: Entity, occurred_on: date | None, precision: str | None,
           *, kind: str = "visit", location: Entity | None = None) -> Event:
    event = Event(kind=kind, title="stored", occurred_on=occurred_on, date_precision=precision,
                  location_id=location.id if location else None, confidence=0.7)
    session.add(event)
    session.flush()
    session.add(EventParticipant(event_id=event.id, entity_id=actor.id, role="actor"))
    session.flush()
    return event


def _candidate(occurred_on: date | None, precision: str | None, *, start: int = 0,
               actors: tuple[str, ...] = ("a",), location: str | None = None,
               confidence: float = 0.7) -> EventCandidate:
    return EventCandidate(kind="visit", modality="occurred", title="A visit", sentence=0,
                          char_start=start, char_end=start + 10, text="A visit.",
                          occurred_on=occurred_on, date_precision=precision, date_text=None,
                          actors=actors, location=location, confidence=confidence)


STORED = [(date(2023, 5, 1), "day"), (date(2023, 5, 8), "week"), (None, None),
          (date(2023, 5, 1), "month"), (date(2023, 1, 1), "year"), (date(2023, 5, 20), "day"),
          (date(2023, 4, 26), "week"), (date(2022, 12, 31), "day")]


@pytest.mark.parametrize("with_undated", [True, False])
@pytest.mark.parametrize("occurred_on,precision", [
    (date(2023, 5, 1), "day"), (date(2023, 5, 12), "day"), (date(2023, 5, 2), "day"),
    (date(2023, 5, 1), "week"), (date(2023, 4, 1), "month"), (date(2023, 1, 1), "year"),
    (date(2022, 12, 31), "day"), (date(2023, 6, 1), "month"), (None, None),
])
def test_the_oldest_event_with_an_overlapping_period_is_the_known_one(
        session: Session, occurred_on: date | None, precision: str | None,
        with_undated: bool) -> None:
    actor, other, place = (_entity(session, "Actor"), _entity(session, "Other"),
                           _entity(session, "Place", "location"))
    _event(session, other, date(2023, 5, 1), "day")  # no shared actor
    _event(session, actor, date(2023, 5, 1), "day", location=place)  # elsewhere
    _event(session, actor, date(2023, 5, 1), "day", kind="meeting")  # another kind
    stored = [_event(session, actor, day, each) for day, each in STORED
              if with_undated or day is not None]
    expected = next((e for e in stored if dates_compatible(e.occurred_on, e.date_precision,
                                                           occurred_on, precision)), None)
    found = find_known_event(session, "visit", {actor.id}, None, occurred_on, precision)
    assert found is expected


@pytest.mark.parametrize("located", [True, False])
def test_an_undated_event_is_known_only_through_an_actor_of_it(session: Session,
                                                               located: bool) -> None:
    actor, other = _entity(session, "Actor"), _entity(session, "Other")
    place = _entity(session, "Place", "location") if located else None
    elsewhere = _entity(session, "Elsewhere", "location")
    as_target = _event(session, other, None, None, location=place)  # the actor only a target
    session.add(EventParticipant(event_id=as_target.id, entity_id=actor.id, role="target"))
    _event(session, other, None, None, location=place)  # another actor's
    _event(session, actor, None, None, location=elsewhere if located else None,
           kind="meeting")  # another kind
    if located:
        _event(session, actor, None, None)  # no place
    else:
        _event(session, actor, None, None, location=elsewhere)  # a place
    session.flush()
    location_id = place.id if place else None
    assert find_known_event(session, "visit", {actor.id}, location_id, date(2023, 5, 1),
                            "day") is None
    known = _event(session, actor, None, None, location=place)
    _event(session, actor, None, None, location=place)  # a later one: the oldest is known
    stranger = _entity(session, "Stranger")  # an actor of nothing: one of several actors
    assert find_known_event(session, "visit", {stranger.id, actor.id}, location_id,
                            date(2023, 5, 1), "day") is known


def test_without_a_shared_actor_nothing_is_known(session: Session) -> None:
    actor = _entity(session, "Actor")
    _event(session, actor, date(2023, 5, 1), "day")
    assert find_known_event(session, "visit", set(), None, date(2023, 5, 1), "day") is None


def test_reports_of_one_article_merge_through_an_actor_it_adds(session: Session) -> None:
    a, b = _entity(session, "Alpha"), _entity(session, "Beta")
    article = _article(session)
    entities = {"a": a, "b": b}
    first = _candidate(date(2024, 3, 4), "day", start=0, actors=("a", "b"))
    second = _candidate(date(2024, 3, 4), "day", start=50, actors=("b",))
    ids = store_events(session, article.id, [first, second], entities)
    assert len(ids) == 1
    participants = session.execute(select(EventParticipant.entity_id, EventParticipant.role)
                                   .where(EventParticipant.event_id == ids[0])).all()
    assert sorted(participants) == sorted([(a.id, "actor"), (b.id, "actor")])
    evidence = session.scalars(select(EventEvidence.char_start)
                               .where(EventEvidence.event_id == ids[0])).all()
    assert sorted(evidence) == [0, 50]


def test_one_sentence_is_evidence_of_an_event_once(session: Session) -> None:
    a = _entity(session, "Alpha")
    article = _article(session)
    same = _candidate(date(2024, 3, 4), "day", start=7)
    [event_id] = store_events(session, article.id, [same, same], {"a": a})
    count = session.scalar(select(func.count()).select_from(EventEvidence)
                           .where(EventEvidence.event_id == event_id))
    assert count == 1


def test_a_known_event_gains_participants_and_evidence_once(session: Session) -> None:
    a, b = _entity(session, "Alpha"), _entity(session, "Beta")
    known = _event(session, a, date(2024, 3, 4), "day")
    article = _article(session)
    ids = store_events(session, article.id, [_candidate(date(2024, 3, 4), "day",
                                                        actors=("a", "b"))], {"a": a, "b": b})
    assert ids == [known.id]
    actors = session.scalars(select(EventParticipant.entity_id)
                             .where(EventParticipant.event_id == known.id)).all()
    assert sorted(actors) == sorted([a.id, b.id])


def test_each_refinement_is_an_update_the_version_counts(session: Session) -> None:
    a = _entity(session, "Alpha")
    undated = _event(session, a, None, None)
    assert undated.version == 1
    article = _article(session)
    reports = [_candidate(date(2024, 3, 4), "day", start=0),  # dates it
               _candidate(date(2024, 3, 4), "day", start=20, confidence=0.9),  # more certain
               _candidate(date(2024, 3, 4), "day", start=40, confidence=0.8)]  # changes nothing
    stamped = undated.updated_at
    assert store_events(session, article.id, reports, {"a": a}) == [undated.id]
    # the event's ORM object in the session reads the refined row (no refresh asked)
    assert (undated.occurred_on, undated.confidence, undated.version) == (
        date(2024, 3, 4), 0.9, 3)
    assert undated.updated_at > stamped


def test_an_event_created_and_refined_by_one_article_is_inserted_then_updated(
        session: Session) -> None:
    a = _entity(session, "Alpha")
    article = _article(session)
    [event_id] = store_events(session, article.id, [
        _candidate(None, None, start=0), _candidate(date(2024, 3, 4), "day", start=30)],
        {"a": a})
    event = session.get_one(Event, event_id)
    session.refresh(event)
    assert (event.occurred_on, event.version) == (date(2024, 3, 4), 2)


def test_events_left_without_evidence_are_deleted(session: Session) -> None:
    a = _entity(session, "Alpha")
    kept, orphan = _event(session, a, None, None), _event(session, a, date(2024, 1, 1), "day")
    article = _article(session)
    session.add(EventEvidence(event_id=kept.id, article_id=article.id, char_start=0,
                              char_end=5, text="Kept."))
    session.flush()
    delete_orphan_events(session, {kept.id, orphan.id})
    session.flush()
    remaining = set(session.scalars(select(Event.id).where(Event.id.in_([kept.id, orphan.id]))))
    assert remaining == {kept.id}


def test_many_new_events_of_one_article_get_their_own_rows(session: Session) -> None:
    """An article's new events are inserted together: each candidate's evidence and
    participants point at the event made from it."""
    from dataclasses import replace

    article = _article(session)
    actors = [_entity(session, f"Actor{i}") for i in range(30)]
    candidates = [replace(_candidate(date(2023, 1, 1 + i % 28), "day", start=i * 20,
                                     actors=(f"k{i}",)), title=f"Visit {i}")
                  for i in range(len(actors))]
    entities = {f"k{i}": actor for i, actor in enumerate(actors)}
    ids = store_events(session, article.id, candidates, entities)
    assert len(set(ids)) == len(candidates)
    for i, event_id in enumerate(ids):
        event = session.get_one(Event, event_id)
        assert event.title == f"Visit {i}"
        assert event.occurred_on == date(2023, 1, 1 + i % 28)
        assert session.scalars(select(EventParticipant.entity_id).where(
            EventParticipant.event_id == event_id)).all() == [actors[i].id]
        assert session.scalars(select(EventEvidence.char_start).where(
            EventEvidence.event_id == event_id)).all() == [i * 20]


def test_each_wider_window_of_the_merge_test_is_a_range_of_its_precision(
        session: Session) -> None:
    """A stored year that may cover a new event began any day since January: the merge test
    reads that window from (kind, location_id, date_precision, occurred_on), the stored years
    alone, not every event of the kind and place since January (migration 0010)."""
    from newsdb.services.event_store import WIDER_PERIODS, _merge_parameters, _merge_query

    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    query = _merge_query(True, True, 1)
    parameters = {"kind": "visit", "location_id": 1, "actor0": 1,
                  **_merge_parameters(date(2023, 8, 8), "day")}
    compiled = query.compile(session.get_bind())
    plan = [row[3] for row in session.connection().exec_driver_sql(
        f"EXPLAIN QUERY PLAN {compiled}",
        tuple(compiled.construct_params(parameters)[name] for name in compiled.positiontup))]
    by_precision = [line for line in plan
                    if "ix_events_kind_location_precision_date" in line
                    and "date_precision=?" in line]
    assert len(by_precision) == len(WIDER_PERIODS), plan


@pytest.mark.parametrize("day", [date.min, date(1, 1, 3), date(9999, 12, 28), date.max])
@pytest.mark.parametrize("precision", ["day", "week", "month", "year"])
def test_periods_at_the_ends_of_the_calendar_are_stored_and_merged(
        session: Session, day: date, precision: str) -> None:
    """An article may claim the year 1 or 9999 ("published 9999-12-31 … in December"): the
    merge test's windows stop at the calendar's ends instead of failing the article."""
    actor = _entity(session, "Actor")
    stored = _event(session, actor, day, precision)
    found = find_known_event(session, "visit", {actor.id}, None, day, precision)
    assert found is stored
    article = _article(session)
    ids = store_events(session, article.id, [_candidate(day, precision)], {"a": actor})
    assert ids == [stored.id]


def test_events_whose_actors_the_article_named_first_are_not_looked_for(
        fresh_engine: Engine) -> None:
    """A person the article's linking created can be no stored event's actor: the merge test
    is not asked; named again by the next article, the person's events are found and merged."""
    from newsdb.db import session_scope
    from newsdb.pipeline.extract import extract_article
    from newsdb.pipeline.read import ArticleInput
    from newsdb.services.imports import import_one

    report = ("BAMAKO, March 4, 2024 - Colonel Heiko Ponzac met Mali's transitional president "
              "in Bamako on Tuesday.{}")

    def merge_tests(sent: list[str]) -> int:
        return sum(1 for s in sent
                   if s.startswith("SELECT events.id") and "event_participants" in s)

    with statements_sent(fresh_engine) as sent, \
            session_scope(fresh_engine, write=True) as session:
        import_one(session, ArticleInput(report.format(""), "first", language="en"),
                   after_store=extract_article)
        assert merge_tests(sent) == 0
        import_one(session, ArticleInput(report.format(" Talks went on."), "again",
                                         language="en"), after_store=extract_article)
        assert merge_tests(sent) > 0
        evidence = session.execute(select(EventEvidence.event_id, EventEvidence.article_id)
                                   ).all()
        assert len(evidence) == 2 and len({event_id for event_id, _ in evidence}) == 1
