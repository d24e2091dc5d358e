"""Article use cases: list with filters, get one with what was found in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from newsdb.errors import NotFound
from newsdb.models import Article, Entity, Event, EventEvidence, Mention, QualityFlag, Source
from newsdb.services.entities import resolve_entity_ref
from newsdb.services.search import fulltext_article_ids

ARTICLE_SORTS = {
    "id": Article.id.asc(), "-id": Article.id.desc(),
    "published_at": Article.published_at.asc(), "-published_at": Article.published_at.desc(),
    "title": Article.title.asc(), "-title": Article.title.desc(),
    "updated_at": Article.updated_at.asc(), "-updated_at": Article.updated_at.desc(),
    "created_at": Article.created_at.asc(), "-created_at": Article.created_at.desc(),
}
DEFAULT_ARTICLE_SORT = "-published_at"


@dataclass(frozen=True)
class ArticleFilters:
    """Filters of the article list (all optional, combined with AND)."""

    q: str | None = None
    language: str | None = None
    source: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    updated_since: datetime | None = None
    entity: list[str | int] = field(default_factory=list)
    event_kind: str | None = None
    sort: str = DEFAULT_ARTICLE_SORT


@dataclass
class MentionedEntity:
    """An entity with how often one article mentions it; reads like the entity itself."""

    entity: Entity
    mentions: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.entity, name)


@dataclass
class ArticleDetail:
    """An article with the entities it mentions and the events it reports; reads like the
    article itself."""

    article: Article
    entities: list[MentionedEntity]
    events: list[Event]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.article, name)


def article_query(session: Session, filters: ArticleFilters) -> Select[Any]:
    """Build the SELECT of the articles that pass ``filters``."""
    query = select(Article)
    for ref in filters.entity:
        entity_id = resolve_entity_ref(session, ref)
        query = query.where(Article.id.in_(select(Mention.article_id)
                                           .where(Mention.entity_id == entity_id)))
    if filters.event_kind:
        query = query.where(Article.id.in_(
            select(EventEvidence.article_id).join(Event, Event.id == EventEvidence.event_id)
            .where(Event.kind == filters.event_kind)))
    if filters.q:
        query = query.where(Article.id.in_(fulltext_article_ids(session, filters.q)))
    if filters.language:
        query = query.where(Article.language == filters.language)
    if filters.source:
        source_ids = select(Source.id).where(
            func.lower(Source.name) == filters.source.lower())
        if filters.source.isdigit():
            source_ids = select(Source.id).where(Source.id == int(filters.source))
        query = query.where(Article.source_id.in_(source_ids))
    if filters.published_from:
        query = query.where(Article.published_at >= filters.published_from)
    if filters.published_to:
        query = query.where(Article.published_at <= filters.published_to)
    if filters.updated_since:
        query = query.where(Article.updated_at >= filters.updated_since)
    order: Any = ARTICLE_SORTS.get(filters.sort, ARTICLE_SORTS[DEFAULT_ARTICLE_SORT])
    return query.order_by(order, Article.id.desc())


def list_articles(session: Session, filters: ArticleFilters, *, offset: int, limit: int
                  ) -> tuple[list[Article], int]:
    """Return one page of articles and the total count."""
    query = article_query(session, filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = session.scalars(query.offset(offset).limit(limit)).unique().all()
    return list(page), int(total or 0)


def get_article(session: Session, article_id: int) -> Article:
    """Return the article with ``article_id``."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"Article {article_id} not found")
    return article


def article_entities(session: Session, article_id: int, *, offset: int = 0,
                     limit: int | None = None) -> tuple[list[MentionedEntity], int]:
    """Return the entities an article mentions with their mention counts, most mentioned
    first, and their total."""
    count = func.count(Mention.id).label("mentions")
    query = (select(Entity, count).join(Mention, Mention.entity_id == Entity.id)
             .where(Mention.article_id == article_id).group_by(Entity.id))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(count.desc(), Entity.name, Entity.id)
                           .offset(offset).limit(limit)).all()
    return [MentionedEntity(entity, int(n)) for entity, n in rows], int(total or 0)


def article_events(session: Session, article_id: int, *, offset: int = 0,
                   limit: int | None = None) -> tuple[list[Event], int]:
    """Return the events an article reports, in date order, and their total."""
    query = select(Event).where(Event.id.in_(
        select(EventEvidence.event_id).where(EventEvidence.article_id == article_id)))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Event.occurred_on.is_(None), Event.occurred_on,
                                          Event.id).offset(offset).limit(limit))
    return list(rows), int(total or 0)


def article_flags(session: Session, article_id: int, *, offset: int, limit: int
                  ) -> tuple[list[QualityFlag], int]:
    """Return one page of an article's quality flags and their total."""
    query = select(QualityFlag).where(QualityFlag.article_id == article_id)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(QualityFlag.id).offset(offset).limit(limit))
    return list(rows), int(total or 0)


def article_detail(session: Session, article: Article) -> ArticleDetail:
    """Return an article with every entity it mentions and every event it reports."""
    return ArticleDetail(article, article_entities(session, article.id)[0],
                         article_events(session, article.id)[0])
