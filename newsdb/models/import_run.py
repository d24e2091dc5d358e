"""A record of one import: what it was given and what came of it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from newsdb.models.base import Base, IdMixin, utcnow

RUN_ORIGINS = ("cli", "api")
RUN_STATUSES = ("running", "completed", "completed_with_errors", "failed")


class ImportRun(IdMixin, Base):
    """One run of the importer (a CLI command or an API request)."""

    __tablename__ = "import_runs"

    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    origin: Mapped[str] = mapped_column(String(10))
    input: Mapped[str | None] = mapped_column(Text)
    created: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(30), default="running")
