"""Short articles of our own in English, German and French, through the whole pipeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from newsdb.models import Article, Entity, Event, EventEvidence, Mention
from newsdb.pipeline.extract import extract_article
from newsdb.pipeline.read import ArticleInput, read_paths
from newsdb.services.imports import run_import

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


@pytest.fixture()
def imported(fresh_engine: Engine) -> Engine:
    summary = run_import(fresh_engine, read_paths([ARTICLES]), origin="cli",
                         description="own articles", after_store=extract_article)
    assert [r.status for r in summary.results] == ["created"] * 3
    return fresh_engine


def _article(session: Session, language: str) -> Article:
    return session.scalars(select(Article).where(Article.language == language)).one()


def _entities(session: Session, article: Article) -> dict[str, str]:
    rows = session.execute(select(Entity.name, Entity.kind).join(Mention)
                           .where(Mention.article_id == article.id)).all()
    return {name: kind for name, kind in rows}


def _events(session: Session, article: Article) -> list[tuple[str, str, date | None, str | None]]:
    rows = session.execute(
        select(Event.kind, Event.modality, Event.occurred_on, Entity.name)
        .join(EventEvidence, EventEvidence.event_id == Event.id)
        .outerjoin(Entity, Entity.id == Event.location_id)
        .where(EventEvidence.article_id == article.id)).all()
    return [(kind, modality, day, place) for kind, modality, day, place in rows]


def test_french_article(imported: Engine) -> None:
    with Session(imported) as session:
        article = _article(session, "fr")
        assert article.published_at == date(2024, 3, 4)
        assert article.author == "Jean Dupont"
        entities = _entities(session, article)
        for name, kind in [("Sadio Camara", "person"), ("Niamey", "location"),
                           ("Abdourahamane Tchiani", "person"), ("Ouagadougou", "location"),
                           ("Ibrahim Traoré", "person"), ("Tillabéri", "location")]:
            assert entities.get(name) == kind, name
        aes = session.scalars(select(Mention.text).join(Entity).where(
            Mention.article_id == article.id, Entity.slug == "alliance-of-sahel-states")).all()
        assert set(aes) == {"Alliance des États du Sahel", "AES"}
        events = _events(session, article)
        assert ("visit", "occurred", date(2024, 3, 4), "Niamey") in events
        assert ("attack", "occurred", date(2024, 2, 26), "Tillabéri") in events
        assert any(kind == "visit" and modality == "planned" and place == "Ouagadougou"
                   for kind, modality, _, place in events)


def test_german_article(imported: Engine) -> None:
    with Session(imported) as session:
        article = _article(session, "de")
        assert article.published_at == date(2023, 12, 12)
        assert [a.source.name for a in article.agencies] == ["dpa"]
        entities = _entities(session, article)
        assert entities.get("Wunstorf") == "location"  # found through "In Wunstorf"
        assert entities.get("Wagner Group") == "organization"
        assert ("withdrawal", "occurred", date(2023, 12, 12), "Gao") in _events(session, article)


def test_english_article(imported: Engine) -> None:
    with Session(imported) as session:
        article = _article(session, "en")
        assert article.published_at == date(2024, 3, 8)  # "ABUJA, March 8, 2024"
        assert not article.body.startswith("ABUJA")
        entities = _entities(session, article)
        assert entities.get("Tessit") == "location"  # "the northern town of Tessit"
        assert entities.get("Amadou Diallo") == "person"  # "Commander Amadou Diallo"
        events = _events(session, article)
        assert ("protest", "occurred", date(2024, 3, 6), "Niamey") in events
        assert ("attack", "occurred", date(2024, 2, 26), "Tessit") in events
        assert any(kind == "meeting" and modality == "postponed" for kind, modality, _, _ in events)


def test_a_name_found_through_a_cue_is_known_in_the_next_article(imported: Engine) -> None:
    item = ArticleInput("Tessit remained calm on Friday, residents told reporters.", "next",
                        language="en")
    summary = run_import(imported, [item], origin="cli", description="next",
                         after_store=extract_article)
    with Session(imported) as session:
        mention = session.scalars(select(Mention).where(
            Mention.article_id == summary.results[0].article_id, Mention.text == "Tessit")).one()
        entity = session.get(Entity, mention.entity_id)
        assert entity is not None and entity.kind == "location"
        first = session.scalars(select(Mention).join(Article).where(
            Mention.text == "Tessit", Article.language == "en",
            Article.id != summary.results[0].article_id)).first()
        assert first is not None and first.entity_id == entity.id
