"""Model invariants: foreign keys, cascades, timestamps, versions."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdb.models import Article, Entity, Event, EventEvidence, Mention, QualityFlag, Source


def _article(session: Session, body: str = "Some body text.") -> Article:
    article = Article(body=body, raw_text=body, content_hash=str(hash(body)), word_count=3)
    session.add(article)
    session.flush()
    return article


def test_foreign_keys_are_enforced(session: Session) -> None:
    session.add(QualityFlag(article_id=999_999, code="x", message="x", field="body"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_timestamps_are_aware_utc_and_version_bumps(session: Session) -> None:
    source = Source(name="Example Post")
    session.add(source)
    session.flush()
    session.expire_all()
    stored = session.get(Source, source.id)
    assert stored is not None
    assert stored.created_at.tzinfo is not None
    assert stored.created_at.utcoffset() == UTC.utcoffset(None)
    assert stored.version == 1
    stored.domain = "example.org"
    session.flush()
    assert stored.version == 2


def test_deleting_an_article_removes_its_mentions_evidence_and_flags(session: Session) -> None:
    article = _article(session)
    entity = Entity(kind="location", name="Testland", slug="testland-x")
    event = Event(kind="visit", title="A visit")
    session.add_all([entity, event])
    session.flush()
    session.add_all([
        Mention(article_id=article.id, entity_id=entity.id, char_start=0, char_end=4,
                text="Some", method="manual"),
        EventEvidence(event_id=event.id, article_id=article.id, char_start=0, char_end=4,
                      text="Some"),
        QualityFlag(article_id=article.id, code="truncated", message="cut", field="body"),
    ])
    session.flush()
    session.delete(article)
    session.flush()
    session.expire_all()
    for model in (Mention, EventEvidence, QualityFlag):
        count = session.scalar(select(func.count()).select_from(model).where(
            model.article_id == article.id))
        assert count == 0


def test_slug_and_wikidata_id_are_unique(session: Session) -> None:
    session.add(Entity(kind="person", name="A", slug="same", wikidata_id="Q1"))
    session.add(Entity(kind="person", name="B", slug="same"))
    with pytest.raises(IntegrityError):
        session.flush()
