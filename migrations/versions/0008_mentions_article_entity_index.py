"""mentions by article with their entity: ix_mentions_article_entity replaces the two
single-column indexes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 14:10:00

Plain CREATE INDEX and DROP INDEX on both dialects (no batch mode, so SQLite's FTS triggers
are untouched). mentions (article_id, entity_id) answers "which entities do these articles
name" (co-mentions: an entity's related entities, the graph, an article's entities) from the
index alone; the index on article_id it replaces read each mention's row for its entity. The
index on entity_id goes too: ix_mentions_entity_article (entity_id, article_id) answers every
lookup it did, and each mention an import writes updates one index fewer.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_mentions_article_entity", "mentions", ["article_id", "entity_id"])
    op.drop_index("ix_mentions_article_id", table_name="mentions")
    op.drop_index("ix_mentions_entity_id", table_name="mentions")


def downgrade() -> None:
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])
    op.drop_index("ix_mentions_article_entity", table_name="mentions")
