"""evidence by event with its article: ix_event_evidence_event_article replaces the event index

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 22:15:00

Plain CREATE INDEX and DROP INDEX on both dialects (no batch mode, so SQLite's FTS triggers
are untouched). event_evidence (event_id, article_id) answers "which articles report events of
this kind" (the article list's event_kind filter, the reports) from the index alone; the index
on event_id it replaces answered the same lookups and read each evidence row for its article.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_event_evidence_event_article", "event_evidence",
                    ["event_id", "article_id"])
    op.drop_index("ix_event_evidence_event_id", table_name="event_evidence")


def downgrade() -> None:
    op.create_index("ix_event_evidence_event_id", "event_evidence", ["event_id"])
    op.drop_index("ix_event_evidence_event_article", table_name="event_evidence")
