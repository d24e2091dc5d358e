"""Events, who took part in them and the article spans that report them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from newsdb.models.base import Base, IdMixin, TimestampMixin, utcnow

EVENT_KINDS = (
    "statement", "visit", "meeting", "agreement", "decision", "demand", "withdrawal",
    "deployment", "coup", "attack", "sanction", "election", "ceremony", "aid", "protest",
)
MODALITIES = ("occurred", "planned", "cancelled", "postponed")
DATE_PRECISIONS = ("day", "week", "month", "year")
ROLES = ("actor", "target", "other")


class Event(IdMixin, TimestampMixin, Base):
    """Something that happened (or is planned): who did what, where and when."""

    __tablename__ = "events"
    # "which known events of this kind and place have a period near this date": the event
    # store's merge test, one range of an index per date window: the events that start within
    # the new one's period (or have no date) from the first, the stored weeks, months and years
    # that began before it from the second (migration 0010)
    __table_args__ = (
        Index("ix_events_kind_location_date", "kind", "location_id", "occurred_on",
              "date_precision"),
        Index("ix_events_kind_location_precision_date", "kind", "location_id",
              "date_precision", "occurred_on"),
    )

    kind: Mapped[str] = mapped_column(String(20), index=True)
    modality: Mapped[str] = mapped_column(String(20), default="occurred")
    title: Mapped[str] = mapped_column(String(500))
    occurred_on: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    confidence: Mapped[float] = mapped_column(Float, default=1.0)

    participants: Mapped[list[EventParticipant]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="EventParticipant.id",
    )
    evidence: Mapped[list[EventEvidence]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="EventEvidence.id",
    )


class EventParticipant(IdMixin, Base):
    """An entity taking part in an event, as actor, target or otherwise."""

    __tablename__ = "event_participants"
    __table_args__ = (
        UniqueConstraint("event_id", "entity_id", "role"),
        # "which events does this entity take part in, in this role": the event store's merge test
        Index("ix_event_participants_entity_role_event", "entity_id", "role", "event_id"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default="actor")

    event: Mapped[Event] = relationship(back_populates="participants")


class EventEvidence(IdMixin, Base):
    """The sentence of an article that reports an event."""

    __tablename__ = "event_evidence"
    # "which articles report this event" (and, through events by kind, "which articles report
    # events of this kind") from the index alone
    __table_args__ = (Index("ix_event_evidence_event_article", "event_id", "article_id"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    date_text: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="evidence")
