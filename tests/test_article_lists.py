"""Filtered lists (an entity's articles, an event kind's, a language's, a source's): walking
the sort's index finds the same page as sorting all the articles the filters keep."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdb.models import Article, Entity, Event, EventEvidence, Mention, Source
from newsdb.services import articles
from newsdb.services.articles import ArticleFilters, list_articles

_T = TypeVar("_T")


def _add_articles(session: Session, entity: Entity, count: int) -> None:
    """Articles with repeated and missing dates, every third one mentioning ``entity``."""
    for n in range(count):
        article = Article(url=f"https://example.org/walk/{n}", title=f"Walk {n % 4}",
                          body=f"Body {n}", raw_text=f"Raw {n}", content_hash=f"walk-{n}",
                          word_count=2,
                          published_at=None if n % 7 == 0 else date(2023, 1 + n % 5, 1),
                          updated_at=datetime(2024, 1, 1 + n % 3, tzinfo=UTC))
        session.add(article)
        session.flush()
        if n % 3 == 0:
            session.add(Mention(article_id=article.id, entity_id=entity.id, char_start=0,
                                char_end=4, text=entity.name))
    session.flush()


def test_walked_pages_equal_sorted_pages(session: Session,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    mali = session.scalars(select(Entity).where(Entity.slug == "mali")).one()
    _add_articles(session, mali, 40)

    def page(sort: str, offset: int, limit: int, raw: bool) -> tuple[list[Any], int]:
        records, total = list_articles(session, ArticleFilters(entity=[mali.id], sort=sort),
                                       offset=offset, limit=limit, with_raw_text=raw)
        return [(r.id, r.raw_text) for r in records], total

    cases = [(sort, offset, limit, raw) for sort in sorted(articles._INDEXED_SORTS)
             for offset, limit in ((0, 1), (0, 5), (3, 4), (10, 20), (16, 5), (40, 5))
             for raw in (False, True)]
    walks = articles._walks
    monkeypatch.setattr(articles, "_walks", lambda shape: False)  # sorts them all
    expected = {case: page(*case) for case in cases}
    monkeypatch.setattr(articles, "_walks", walks)
    assert expected[("-id", 0, 5, False)][1] == 3 + 14
    assert expected[("id", 3, 4, True)][0][0][1] == "Raw 0"

    outcomes: list[Any] = []
    walked_page = articles._walked_page

    def spy(*args: Any) -> Any:
        outcomes.append(walked_page(*args))
        return outcomes[-1]

    monkeypatch.setattr(articles, "_walked_page", spy)
    monkeypatch.setattr(articles, "WALK_MARGIN", 1)
    monkeypatch.setattr(articles, "WALK_SLACK", 0)
    for case in cases:
        assert page(*case) == expected[case], case
    # Some pages came from a walk, some walks ended short and sorted all instead.
    assert any(o for o in outcomes) and None in outcomes


def test_any_walk_that_fills_a_page_finds_the_true_page(session: Session) -> None:
    """Whatever the walk's length, a page it fills is the page sorting them all finds."""
    rng = random.Random(7)
    mali = session.scalars(select(Entity).where(Entity.slug == "mali")).one()
    for n in range(120):
        article = _tied_article(session, rng, f"fuzz-{n}")
        for _ in range(rng.choice((0, 0, 1, 1, 2))):  # some mention it twice
            session.add(Mention(article_id=article.id, entity_id=mali.id, char_start=0,
                                char_end=4, text="Mali"))
    session.flush()
    assert _filled_walks(session, 1, False, {"entity_0": mali.id}) > 100


def _tied_article(session: Session, rng: random.Random, key: str) -> Article:
    """An article whose dates tie with many others' (a quarter have no publication date)."""
    article = Article(url=f"https://example.org/{key}", title="t", body="b", raw_text="b",
                      content_hash=key, word_count=1,
                      published_at=(None if rng.random() < 0.25
                                    else date(2023, 1, 1 + rng.randrange(4))),
                      updated_at=datetime(2024, 1, 1, rng.randrange(3), tzinfo=UTC))
    session.add(article)
    session.flush()
    return article


def _filled_walks(session: Session, entities: int, event_kind: bool,
                  values: dict[str, Any], language: bool = False,
                  source: str | None = None) -> int:
    """Walk every indexed sort's lists of this shape for many pages and walk lengths; assert
    that each walk that fills its page finds the page sorting them all finds; return how many
    did."""
    filled = 0
    for sort in sorted(articles._INDEXED_SORTS):
        shape = articles._ListShape(entities, event_kind, language, source, False, False, False,
                                    sort, False)
        assert articles._walks(shape)
        page, _, _ = articles._list_statements(shape)
        for offset in range(0, 60, 7):
            for limit in (1, 5, 20):
                params = {"offset": offset, "limit": limit, **values}
                expected = [row[0] for row in session.execute(page, params)]
                for walk in range(0, 200, 13):
                    rows = session.execute(articles._walk_statement(shape), {
                        **params, "walk": walk, "page_end": offset + limit}).all()
                    if len(rows) == limit:
                        filled += 1
                        assert [row[0] for row in rows] == expected, (sort, offset, limit, walk)
    return filled


def _add_reported_events(session: Session, rng: random.Random, count: int) -> None:
    """Articles with random and missing dates, some reporting protests (one event or two),
    some only a meeting, some nothing."""
    for n in range(count):
        article = _tied_article(session, rng, f"kind-{n}")
        kinds = rng.choice(((), ("protest",), ("protest", "protest"), ("meeting",),
                            ("meeting", "protest")))
        for kind in kinds:
            event = Event(kind=kind, title=f"{kind} {n}")
            session.add(event)
            session.flush()
            session.add(EventEvidence(event_id=event.id, article_id=article.id, char_start=0,
                                      char_end=1, text="b"))
    session.flush()


def _sorted_then_walked(monkeypatch: pytest.MonkeyPatch, pages: Callable[[], _T]
                        ) -> tuple[_T, _T, list[Any]]:
    """Return what ``pages`` answers when every list sorts all its articles, then when lists
    walk with the shortest walks (so that some end short), and what each walk returned."""
    walks = articles._walks
    monkeypatch.setattr(articles, "_walks", lambda shape: False)
    expected = pages()
    monkeypatch.setattr(articles, "_walks", walks)
    monkeypatch.setattr(articles, "WALK_MARGIN", 1)
    monkeypatch.setattr(articles, "WALK_SLACK", 0)
    walked: list[Any] = []
    walked_page = articles._walked_page
    monkeypatch.setattr(articles, "_walked_page", lambda *a: walked.append(walked_page(*a))
                        or walked[-1])
    return expected, pages(), walked


def test_walked_pages_of_an_event_kind_equal_sorted_pages(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """The articles reporting an event kind: any walk that fills a page finds the page that
    sorting them all finds, and the list answers the same pages whichever plan it takes."""
    _add_reported_events(session, random.Random(5), 120)
    assert _filled_walks(session, 0, True, {"event_kind": "protest"}) > 100

    def pages() -> list[Any]:
        return [list_articles(session, ArticleFilters(event_kind="protest", sort=sort),
                              offset=offset, limit=limit)
                for sort in ("-published_at", "id", "updated_at")
                for offset, limit in ((0, 5), (9, 20), (70, 20))]

    expected_pages, got, walked = _sorted_then_walked(monkeypatch, pages)
    assert [[r.id for r in records] for records, _ in got] == [
        [r.id for r in records] for records, _ in expected_pages]
    assert [total for _, total in got] == [total for _, total in expected_pages]
    assert expected_pages[0][1] > 40 and any(w for w in walked)
    reporting = set(session.scalars(select(EventEvidence.article_id).join(Event).where(
        Event.kind == "protest")))
    assert {total for _, total in got} == {len(reporting)}
    assert {r.id for records, _ in pages() for r in records} <= reporting


def test_a_list_by_a_merged_or_unknown_entity(session: Session, client: Any) -> None:
    # The commonest list (one entity by id) learns whether the entity is live from its count
    # row, not from a lookup of its own: a merged id still lists its survivor's articles.
    from newsdb.services.curation import merge_entities

    survivor = Entity(kind="organization", name="Survivor Org", slug="survivor-org")
    twin = Entity(kind="organization", name="Twin Org", slug="twin-org")
    session.add_all([survivor, twin])
    session.flush()
    _add_articles(session, twin, 30)
    for article in session.scalars(select(Article).where(Article.url.like("%/walk/%"))):
        article.language = "en" if article.id % 2 else "fr"
    merge_entities(session, survivor.id, [twin.id])
    session.flush()

    def listed(ref: Any, extra: str = "") -> tuple[list[int], str]:
        response = client.get(f"/api/v1/articles?entity={ref}&page_size=3&sort=-id{extra}")
        assert response.status_code == 200, response.json
        return [a["id"] for a in response.json], response.headers["X-Pagination"]

    expected = listed(survivor.id)
    assert len(expected[0]) == 3 and '"total": 10' in expected[1]
    assert listed(twin.id) == listed("twin-org") == expected
    # With another filter, the count is not the entity's: the id is resolved first.
    in_english = listed(survivor.id, "&language=en")
    assert in_english[0] and listed(twin.id, "&language=en") == in_english
    # With a text query too, the list is not the one-entity walk: the id is resolved first.
    searched = client.get(f"/api/v1/articles?entity={twin.id}&q=body&sort=-id").json
    assert len(searched) == 10
    assert list_articles(session, ArticleFilters(entity=[twin.id], sort="-id"), offset=0,
                         limit=3)[0][0].id == expected[0][0]
    for unknown in (survivor.id + 1000, 2**31, 10**30, "no-such-entity"):
        for extra in ("", "&q=body", "&language=en"):
            response = client.get(f"/api/v1/articles?entity={unknown}{extra}")
            assert response.status_code == 422, (unknown, extra)
            assert "No entity" in str(response.json["errors"]), (unknown, extra)


def test_walked_pages_by_language_and_source_equal_sorted_pages(
        session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """A list by language, by source (its id or its name), by either with an entity or an
    event kind, or by two entities: any walk that fills a page finds the page sorting them all
    finds, and the list answers the same pages and totals whichever plan it takes."""
    rng = random.Random(11)
    mali = session.scalars(select(Entity).where(Entity.slug == "mali")).one()
    niger = session.scalars(select(Entity).where(Entity.slug == "niger")).one()
    wire = Source(name="Walk Wire", kind="publisher")
    session.add(wire)
    session.flush()
    _add_reported_events(session, rng, 150)
    for article in session.scalars(select(Article).where(Article.url.like("%/kind-%"))):
        article.language = rng.choice(("en", "en", "de", "fr", None))
        article.source_id = wire.id if rng.random() < 0.6 else None
        for entity, start in ((mali, 0), (niger, 5)):
            if rng.random() < 0.6:
                session.add(Mention(article_id=article.id, entity_id=entity.id,
                                    char_start=start, char_end=start + 4, text=entity.name))
    session.flush()
    shapes: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({"language": True}, {"language": "en"}),
        ({"source": "id"}, {"source": wire.id}),
        ({"source": "name"}, {"source": "walk wire"}),
        ({"language": True, "source": "id"}, {"language": "de", "source": wire.id}),
    ]
    for shape, values in shapes:
        assert _filled_walks(session, 0, False, values, **shape) > 30, shape
    assert _filled_walks(session, 1, False, {"entity_0": mali.id, "language": "en"},
                         language=True) > 30
    assert _filled_walks(session, 0, True, {"event_kind": "protest", "source": wire.id},
                         source="id") > 30
    assert _filled_walks(session, 2, False, {"entity_0": mali.id, "entity_1": niger.id}) > 30

    filters = [ArticleFilters(language="en"), ArticleFilters(source=str(wire.id)),
               ArticleFilters(source="Walk Wire", language="en"),
               ArticleFilters(entity=[mali.id], language="en"),
               ArticleFilters(entity=[mali.id, niger.id]),
               ArticleFilters(event_kind="protest", source="walk wire")]

    def pages() -> list[tuple[list[int], int]]:
        found = []
        for base in filters:
            for sort in ("-published_at", "id", "updated_at"):
                for offset, limit in ((0, 5), (9, 20), (70, 20)):
                    records, total = list_articles(session, replace(base, sort=sort),
                                                   offset=offset, limit=limit)
                    found.append(([r.id for r in records], total))
        return found

    expected, got, walked = _sorted_then_walked(monkeypatch, pages)
    assert got == expected
    assert any(w for w in walked) and None in walked
    english = set(session.scalars(select(Article.id).where(Article.language == "en")))
    assert expected[0][1] == len(english) and set(expected[0][0]) <= english
