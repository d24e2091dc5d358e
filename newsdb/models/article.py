"""Articles, the agencies they credit and their quality flags."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from newsdb.models.base import Base, IdMixin, TimestampMixin, utcnow
from newsdb.models.source import Source

FLAG_FIELDS = ("body", "raw_text")


class Article(IdMixin, TimestampMixin, Base):
    """One news article: its clean body, the raw text it came from and its metadata."""

    __tablename__ = "articles"

    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    author: Mapped[str | None] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    raw_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    published_at: Mapped[date | None] = mapped_column(Date, index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    extractor_version: Mapped[str | None] = mapped_column(String(40))

    source: Mapped[Source | None] = relationship(lazy="joined")
    agencies: Mapped[list[ArticleAgency]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ArticleAgency.id",
    )
    quality_flags: Mapped[list[QualityFlag]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True,
        order_by="QualityFlag.id",
    )


class ArticleAgency(IdMixin, Base):
    """A wire agency credited by an article ("AFP, dpa, Reuters")."""

    __tablename__ = "article_agencies"
    __table_args__ = (UniqueConstraint("article_id", "source_id"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), index=True
    )

    article: Mapped[Article] = relationship(back_populates="agencies")
    source: Mapped[Source] = relationship(lazy="joined")


class QualityFlag(IdMixin, Base):
    """Something wrong with an article, pointing at the span of the field it concerns."""

    __tablename__ = "quality_flags"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40), index=True)
    message: Mapped[str] = mapped_column(String(1000))
    field: Mapped[str] = mapped_column(String(20), default="body")
    char_start: Mapped[int | None] = mapped_column(Integer)
    char_end: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="quality_flags")
