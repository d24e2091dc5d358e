"""Source use cases: publishers and wire agencies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from newsdb.errors import Conflict, NotFound
from newsdb.models import Article, ArticleAgency, Source

DEFAULT_SOURCE_SORT = "name"
SOURCE_SORTS: dict[str, Any] = {
    "name": Source.name.asc(), "-name": Source.name.desc(),
    "id": Source.id.asc(), "-id": Source.id.desc(),
    "updated_at": Source.updated_at.asc(), "-updated_at": Source.updated_at.desc(),
}
EDITABLE_FIELDS = ("name", "kind", "domain", "country_code", "language")


@dataclass
class SourceSummary:
    """A source with its article count; reads like the source itself."""

    source: Source
    article_count: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.source, name)


def article_count_of(source_id: Any) -> Any:
    """A scalar expression counting the articles a source published or is credited on.

    Counts of index ranges (the articles it published, plus its credits, less its credits on
    articles it published itself: an article credits a source at most once, by
    ``uq_article_agencies_article_id_source_id``), not one ``OR`` of both, which no index
    answers: with it, every source of a list read the whole articles table (2.4 s for 13
    sources at 100,000 articles; 87 ms now).
    """
    published = select(func.count()).where(Article.source_id == source_id).scalar_subquery()
    credits = (select(func.count()).select_from(ArticleAgency)
               .where(ArticleAgency.source_id == source_id).scalar_subquery())
    credits_on_own = (select(func.count()).select_from(Article)
                      .join(ArticleAgency, and_(ArticleAgency.article_id == Article.id,
                                                ArticleAgency.source_id == source_id))
                      .where(Article.source_id == source_id).scalar_subquery())
    return published + credits - credits_on_own


def list_sources(session: Session, *, kind: str | None = None, q: str | None = None,
                 updated_since: datetime | None = None, sort: str = DEFAULT_SOURCE_SORT,
                 offset: int, limit: int) -> tuple[list[SourceSummary], int]:
    """Return one page of sources with their article counts, and the total."""
    conditions: list[ColumnElement[bool]] = []
    if kind:
        conditions.append(Source.kind == kind)
    if q:
        conditions.append(func.lower(Source.name).contains(q.strip().lower(), autoescape=True))
    if updated_since:
        conditions.append(Source.updated_at >= updated_since)
    query = select(Source, article_count_of(Source.id)).where(*conditions)
    total = session.scalar(select(func.count()).select_from(
        select(Source.id).where(*conditions).subquery()))
    order = SOURCE_SORTS.get(sort, SOURCE_SORTS[DEFAULT_SOURCE_SORT])
    rows = session.execute(query.order_by(order, Source.id).offset(offset).limit(limit)).all()
    return [SourceSummary(source, int(count)) for source, count in rows], int(total or 0)


def get_source(session: Session, source_id: int) -> Source:
    """Return the source with ``source_id``."""
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"Source {source_id} not found")
    return source


def source_summary(session: Session, source: Source) -> SourceSummary:
    """Return a source with the count of articles it published or is credited on."""
    return SourceSummary(source, int(session.scalar(select(article_count_of(source.id))) or 0))


def _check_name(session: Session, name: str | None, own_id: int | None) -> None:
    if name is None:
        return
    for source_id, existing in session.execute(select(Source.id, Source.name)):
        if existing.lower() == name.strip().lower() and source_id != own_id:
            raise Conflict(f"Source {source_id} is already called {existing!r}")


def create_source(session: Session, data: dict[str, Any]) -> Source:
    """Create a source; names are unique, case-insensitively."""
    data["name"] = data["name"].strip()
    _check_name(session, data["name"], None)
    source = Source(**data)
    session.add(source)
    session.flush()
    return source


def update_source(session: Session, source: Source, changes: dict[str, Any]) -> Source:
    """Correct a source's fields."""
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        _check_name(session, changes["name"], source.id)
    for name in EDITABLE_FIELDS:
        if name in changes:
            setattr(source, name, changes[name])
    session.flush()
    return source


def delete_source(session: Session, source: Source) -> None:
    """Delete a source; its articles stay, without a publisher (agency credits go)."""
    session.delete(source)
    session.flush()
