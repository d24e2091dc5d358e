"""event merge index by precision: events by kind, place, date precision and date

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 21:40:00

Plain CREATE INDEX on both dialects (no batch mode, so SQLite's FTS triggers are untouched).
The event store's merge test asks, for a dated event, whether a stored week, month or year of
the same kind and place began before it and still covers it: for a year, any start since
January 1st. ix_events_kind_location_date (kind, location_id, occurred_on, ...) answered that
with a range of every event of the kind and place since January, whatever its precision (some
thousands at 10,000 articles, ~0.35 ms a test); events (kind, location_id, date_precision,
occurred_on) answers it with the few stored years themselves. The first index still answers
the undated events and the events that start within the new event's own period.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_events_kind_location_precision_date", "events",
                    ["kind", "location_id", "date_precision", "occurred_on"])


def downgrade() -> None:
    op.drop_index("ix_events_kind_location_precision_date", table_name="events")
