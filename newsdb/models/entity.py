"""Entities (people, organizations, places), their aliases and their mentions in articles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from newsdb.models.base import Base, IdMixin, TimestampMixin, utcnow

ENTITY_KINDS = ("person", "organization", "location", "other")
MENTION_METHODS = ("kb", "pattern", "coref", "manual")


class Entity(IdMixin, TimestampMixin, Base):
    """One real-world person, organization or place, whatever the language it is named in."""

    __tablename__ = "entities"

    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    slug: Mapped[str] = mapped_column(String(320), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    wikidata_id: Mapped[str | None] = mapped_column(String(20), unique=True)
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    # Kept by the database's triggers on mentions (newsdb/models/counts.py), never written by
    # the ORM after the entity's INSERT: read them with a statement of their own (an entity
    # loaded before its mentions were written still holds the counts it was loaded with).
    mention_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0",
                                               index=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    aliases: Mapped[list[EntityAlias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", passive_deletes=True,
        order_by="EntityAlias.id",
    )


class EntityAlias(IdMixin, Base):
    """A name an entity goes by; ``normalized`` is its case- and accent-folded form."""

    __tablename__ = "entity_aliases"
    __table_args__ = (UniqueConstraint("entity_id", "normalized"),)

    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(8))
    normalized: Mapped[str] = mapped_column(String(300), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Mention(IdMixin, Base):
    """A span of an article's body that names an entity."""

    __tablename__ = "mentions"
    # Covering indexes of "the articles that mention this entity" (entity filter, co-mentions)
    # and of "the entities these articles name" (co-mentions, an article's entities); each
    # also serves the lookups by its first column alone (migration 0008).
    __table_args__ = (Index("ix_mentions_entity_article", "entity_id", "article_id"),
                      Index("ix_mentions_article_entity", "article_id", "entity_id"))

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    sentence: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    method: Mapped[str] = mapped_column(String(20), default="kb")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MentionSuppression(IdMixin, Base):
    """A mention a curator removed, remembered so that re-extraction does not bring it back."""

    __tablename__ = "mention_suppressions"
    __table_args__ = (UniqueConstraint("article_id", "char_start", "char_end"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
