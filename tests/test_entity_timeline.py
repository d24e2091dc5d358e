"""An entity's timeline, paged in SQL: every page equals the same page of the whole timeline
built item by item, both ways, with repeated and missing dates and an entity in several parts
of one event."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdb.models import Article, Entity, Event, EventParticipant, Mention
from newsdb.services.graph import TimelineEntry, entity_timeline

ROLE_ORDER = ("actor", "target", "other")


def _a_date(rng: random.Random) -> date | None:
    return None if rng.random() < 0.2 else date(2023, 1 + rng.randrange(3), 1 + rng.randrange(3))


def _add_items(session: Session, entity: Entity, other: Entity, rng: random.Random) -> None:
    """Articles that mention ``entity`` (some twice, some not at all) and events it takes part
    in (in one role or several), happens in, both, or neither."""
    for n in range(60):
        published = _a_date(rng)
        article = Article(url=f"https://example.org/timeline/{n}", title=f"Article {n}",
                          body="b", raw_text="b", content_hash=f"timeline-{n}", word_count=1,
                          published_at=published)
        session.add(article)
        session.flush()
        for _ in range(rng.choice((0, 1, 1, 2))):
            session.add(Mention(article_id=article.id, entity_id=entity.id, char_start=0,
                                char_end=1, text="x"))
        session.add(Mention(article_id=article.id, entity_id=other.id, char_start=2,
                            char_end=3, text="y"))
        occurred = _a_date(rng)
        event = Event(kind="protest", title=f"Event {n}", occurred_on=occurred,
                      date_precision="day" if occurred else None,
                      location_id=entity.id if rng.random() < 0.3 else other.id)
        session.add(event)
        session.flush()
        roles = rng.sample(ROLE_ORDER, rng.choice((0, 0, 1, 1, 2, 3)))
        for role in roles:
            session.add(EventParticipant(event_id=event.id, entity_id=entity.id, role=role))
        session.add(EventParticipant(event_id=event.id, entity_id=other.id, role="actor"))
    session.flush()


def _whole_timeline(session: Session, entity_id: int, descending: bool) -> list[TimelineEntry]:
    """The timeline built item by item: the definition the SQL pages are held to."""
    entries: dict[tuple[str, int], TimelineEntry] = {}
    roles: dict[int, list[str]] = {}
    for event_id, role in session.execute(select(EventParticipant.event_id, EventParticipant.role)
                                          .where(EventParticipant.entity_id == entity_id)):
        roles.setdefault(event_id, []).append(role)
    for event in session.scalars(select(Event)):
        if event.id in roles or event.location_id == entity_id:
            role = min(roles[event.id], key=ROLE_ORDER.index) if event.id in roles else "location"
            entries[("event", event.id)] = TimelineEntry(
                event.occurred_on, event.date_precision, "event", event.id, event.title,
                event.kind, event.modality, role)
    mentioned = set(session.scalars(select(Mention.article_id)
                                    .where(Mention.entity_id == entity_id)))
    for article in session.scalars(select(Article).where(Article.id.in_(mentioned))):
        entries[("article", article.id)] = TimelineEntry(
            article.published_at, "day" if article.published_at else None, "article",
            article.id, article.title)
    dated = sorted((e for e in entries.values() if e.date is not None),
                   key=lambda e: (e.date, e.type, e.id), reverse=descending)
    undated = sorted((e for e in entries.values() if e.date is None), key=lambda e: (e.type, e.id))
    return dated + undated


def test_every_page_is_a_page_of_the_whole_timeline(session: Session) -> None:
    rng = random.Random(11)
    entity = Entity(name="Timeline Person", slug="timeline-person", kind="person")
    other = Entity(name="Other Person", slug="other-person", kind="person")
    session.add_all([entity, other])
    session.flush()
    _add_items(session, entity, other, rng)
    session.expire_all()  # the stored counts, as the triggers left them
    for descending in (False, True):
        whole = _whole_timeline(session, entity.id, descending)
        assert {e.type for e in whole} == {"event", "article"}
        assert {e.role for e in whole if e.type == "event"} >= {"actor", "target", "location"}
        assert any(e.date is None for e in whole) and whole[-1].date is None
        for offset, limit in ((0, 1), (0, 20), (7, 13), (30, 100), (len(whole) - 3, 10),
                              (len(whole), 5), (len(whole) + 10, 5)):
            page, total = entity_timeline(session, entity.id, descending=descending,
                                          offset=offset, limit=limit)
            assert page == whole[offset:offset + limit], (descending, offset, limit)
            assert total == len(whole)


def test_an_entity_with_nothing_has_an_empty_timeline(session: Session) -> None:
    lonely = Entity(name="Nobody Anywhere", slug="nobody-anywhere", kind="person")
    session.add(lonely)
    session.flush()
    assert entity_timeline(session, lonely.id) == ([], 0)
