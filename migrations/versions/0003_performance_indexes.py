"""performance indexes: event participants by entity and role, mentions by entity

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 08:00:00

Plain CREATE INDEX on both dialects (no batch mode, so SQLite's FTS triggers are untouched).
- event_participants (entity_id, role, event_id): the event store asks, for every event an
  article reports, which known events of an actor might be the same one;
- mentions (entity_id, article_id): "the articles that mention this entity" (the entity filter of
  /articles, co-mentions, the graph) read from the index alone.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_event_participants_entity_role_event", "event_participants",
                    ["entity_id", "role", "event_id"])
    op.create_index("ix_mentions_entity_article", "mentions", ["entity_id", "article_id"])


def downgrade() -> None:
    op.drop_index("ix_mentions_entity_article", table_name="mentions")
    op.drop_index("ix_event_participants_entity_role_event", table_name="event_participants")
