"""Article use cases: list with filters, get one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from newsdb.errors import NotFound
from newsdb.models import Article, Source
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
    sort: str = DEFAULT_ARTICLE_SORT


def article_query(session: Session, filters: ArticleFilters) -> Select[tuple[Article]]:
    """Build the SELECT of the articles that pass ``filters``."""
    query = select(Article)
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
    order = ARTICLE_SORTS.get(filters.sort, ARTICLE_SORTS[DEFAULT_ARTICLE_SORT])
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
