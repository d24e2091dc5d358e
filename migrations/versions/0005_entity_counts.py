"""entity counts: entities.mention_count and entities.article_count, kept by triggers

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 17:00:00

Plain ADD COLUMN and CREATE INDEX on both dialects (no batch mode: SQLite's FTS triggers stay
untouched). The counts are filled from ``mentions`` once here; from then on the triggers of
``newsdb/models/counts.py`` keep them on every insert, delete and update of a mention.
ix_entities_mention_count: lists of entities sorted by how often they are mentioned.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsdb.models.counts import create_count_triggers, drop_count_triggers, recount

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in ("mention_count", "article_count"):
        op.add_column("entities", sa.Column(column, sa.Integer(), server_default="0",
                                            nullable=False))
    recount(op.get_bind())
    create_count_triggers(op.get_bind())
    op.create_index("ix_entities_mention_count", "entities", ["mention_count"])


def downgrade() -> None:
    op.drop_index("ix_entities_mention_count", table_name="entities")
    drop_count_triggers(op.get_bind())
    for column in ("article_count", "mention_count"):
        op.drop_column("entities", column)
