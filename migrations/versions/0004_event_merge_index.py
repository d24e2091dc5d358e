"""event merge index: events by kind, place and date

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:00:00

Plain CREATE INDEX on both dialects (no batch mode, so SQLite's FTS triggers are untouched).
events (kind, location_id, occurred_on, date_precision): the event store asks, for every dated
event an article reports, which known events of that kind and place have a period that can
overlap it; the index answers each date window as a range, without reading the table.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_events_kind_location_date", "events",
                    ["kind", "location_id", "occurred_on", "date_precision"])


def downgrade() -> None:
    op.drop_index("ix_events_kind_location_date", table_name="events")
