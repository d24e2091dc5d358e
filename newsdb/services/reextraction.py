"""Re-extraction: bring articles up to the current extractor, keeping manual corrections."""

from __future__ import annotations

from sqlalchemy import Engine, or_, select

from newsdb.db import session_scope
from newsdb.errors import NotFound
from newsdb.models import Article
from newsdb.pipeline.extract import EXTRACTOR_VERSION, clear_extraction, extract_article


def articles_to_reextract(engine: Engine, article_ids: list[int], *, everything: bool
                          ) -> list[int]:
    """Return the ids to re-extract: the ones named, all, or those of an older extractor."""
    with session_scope(engine) as session:
        if article_ids:
            known = set(session.scalars(select(Article.id).where(Article.id.in_(article_ids))))
            missing = [i for i in article_ids if i not in known]
            if missing:
                raise NotFound(f"no article with id {', '.join(map(str, missing))}")
            return article_ids
        query = select(Article.id).order_by(Article.id)
        if not everything:
            query = query.where(or_(Article.extractor_version.is_(None),
                                    Article.extractor_version != EXTRACTOR_VERSION))
        return list(session.scalars(query))


def reextract_article(engine: Engine, article_id: int) -> None:
    """Replace an article's extracted mentions and events, in one transaction."""
    with session_scope(engine, write=True) as session:
        if session.get(Article, article_id) is None:
            raise NotFound(f"Article {article_id} not found")
        clear_extraction(session, article_id)
        extract_article(session, article_id)
