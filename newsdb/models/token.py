"""API tokens, stored only as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from newsdb.models.base import Base, IdMixin, utcnow

SCOPES = ("read", "write", "admin", "sql")


class ApiToken(IdMixin, Base):
    """A bearer token; only its SHA-256 hash is kept."""

    __tablename__ = "api_tokens"

    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
