"""Publishers and wire agencies."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from newsdb.models.base import Base, IdMixin, TimestampMixin

SOURCE_KINDS = ("publisher", "agency")


class Source(IdMixin, TimestampMixin, Base):
    """A publisher or a news agency."""

    __tablename__ = "sources"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="publisher")
    domain: Mapped[str | None] = mapped_column(String(255))
    country_code: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str | None] = mapped_column(String(8))
