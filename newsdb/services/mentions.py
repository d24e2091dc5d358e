"""Mention use cases: list, add by hand (``method = manual``), remove (remembered as removed)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from newsdb.errors import Conflict, NotFound
from newsdb.models import Article, Mention, MentionSuppression, utcnow
from newsdb.pipeline.sentences import split_sentences
from newsdb.services.entities import (
    InvalidReference,
    load_entities,
    resolve_entity_ref,
    suppress_mentions,
)

# The width of mentions.text: a name longer than that is no name.
MAX_MENTION_LENGTH = 500


def list_mentions(session: Session, *, article: int | None = None, entity: str | None = None,
                  method: str | None = None, offset: int, limit: int
                  ) -> tuple[list[Mention], int]:
    """Return one page of mentions in body order, and the total."""
    conditions: list[ColumnElement[bool]] = []
    if article is not None:
        conditions.append(Mention.article_id == article)
    if entity is not None:
        conditions.append(Mention.entity_id == resolve_entity_ref(session, entity))
    if method is not None:
        conditions.append(Mention.method == method)
    query = select(Mention).where(*conditions)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = list(session.scalars(query.order_by(Mention.article_id, Mention.char_start, Mention.id)
                                .offset(offset).limit(limit)))
    load_entities(session, {mention.entity_id for mention in rows})
    return rows, int(total or 0)


def get_mention(session: Session, mention_id: int) -> Mention:
    """Return the mention with ``mention_id``."""
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise NotFound(f"Mention {mention_id} not found")
    return mention


def add_mention(session: Session, article_id: int, entity_id: int, char_start: int,
                char_end: int) -> Mention:
    """Record by hand that a span of an article's body names an entity."""
    article = session.get(Article, article_id)
    if article is None:
        raise InvalidReference("article_id", f"No article {article_id}", "json")
    entity = resolve_entity_ref(session, entity_id, "entity_id", "json")
    if not 0 <= char_start < char_end <= len(article.body):
        raise InvalidReference("char_end", f"Span {char_start}-{char_end} is not inside the "
                                           f"body ({len(article.body)} characters)", "json")
    if char_end - char_start > MAX_MENTION_LENGTH:
        raise InvalidReference("char_end", f"A mention spans at most {MAX_MENTION_LENGTH} "
                                           "characters", "json")
    same = session.scalar(select(Mention.id).where(
        Mention.article_id == article_id, Mention.entity_id == entity,
        Mention.char_start == char_start, Mention.char_end == char_end))
    if same is not None:
        raise Conflict(f"Mention {same} already records this span")
    sentence = next((s.index for s in split_sentences(article.body)
                     if s.char_start <= char_start < s.char_end), None)
    mention = Mention(article_id=article_id, entity_id=entity, char_start=char_start,
                      char_end=char_end, text=article.body[char_start:char_end],
                      sentence=sentence, confidence=1.0, method="manual")
    session.add(mention)
    # A curator's word overrides an earlier removal of the same span.
    session.execute(delete(MentionSuppression).where(
        MentionSuppression.article_id == article_id,
        MentionSuppression.char_start == char_start, MentionSuppression.char_end == char_end))
    article.updated_at = utcnow()
    session.flush()
    return mention


def delete_mention(session: Session, mention: Mention) -> None:
    """Remove a mention and remember the removal, so that re-extraction keeps it out."""
    suppress_mentions(session, [mention])
    article = session.get(Article, mention.article_id)
    if article is not None:
        article.updated_at = utcnow()
    session.delete(mention)
    session.flush()
